/**
 * R-A12: before an assignment is saved, the licences it needs and the licences there are.
 *
 * - needed: the distinct holders (devices or users, by the licence type each install would
 *   take, R-A8) among the targeted subjects that hold no licence they could reuse (R-A7).
 *   A targeted user counts through their targeted devices when there are some.
 *   Available assignments count as well as required ones: any targeted user may ask. Subjects
 *   no licence type fits, and holders prohibited on every account of the space that holds the
 *   product (R-A5), are not counted: they will show `noLicense` whatever is bought.
 * - available: the FCFS seats of the space's usable accounts for the product (R-A4), plus the
 *   seats reserved for the targeted holders themselves. Distribution lists are not matched
 *   subject by subject, so this is an upper bound when some accounts list only some groups.
 * - exhaustion (R-X2): when the space's licences of the product run out if the assignment is
 *   saved, its `needed` holders added to the pending demand (domain/exhaustion.ts).
 */
import { canLicense } from './accountStatus.js';
import type { Exhaustion } from './exhaustion.js';
import { InsufficientLicensesError } from './errors.js';
import { findReusableLicense } from './allocation.js';
import { isProhibitedEverywhere, listFor, standingOf, type LicenseHolder } from './distribution.js';
import { holderFor, licenseTypesFor } from './licenseType.js';
import { installsOn } from './storeInstalls.js';
import { candidateAccounts, fcfsAvailable, reservationAvailable, type Candidate } from './pools.js';
import {
  subjectKey,
  type Account,
  type Distribution,
  type Intent,
  type License,
  type LicenseForecast,
  type LicenseType,
  type Pool,
  type Product,
  type Store,
  type Subject,
} from './types.js';

export interface ForecastInput {
  catalogAppId: string;
  product: Product;
  spaceId: string;
  /** The assignment being saved. */
  settings: { intent: Intent; licenseType?: LicenseType; deviceContext?: boolean };
  /** The subjects the assignment would target (targeting.ts `subjectsTargetedBy`). */
  subjects: readonly Subject[];
  /** Licences held by those subjects (and the devices' primary users). */
  licenses: readonly License[];
  accounts: readonly Account[];
  pools: readonly Pool[];
  distributions: readonly Distribution[];
}

/** R-A12 with R-X2: the forecast of an assignment and when the licences would run out. */
export interface AssignmentForecast extends LicenseForecast {
  /** null when the space holds no pool of the product. */
  exhaustion: Exhaustion | null;
}

/**
 * R-X2 in R-A12: the subjects an assignment adds to the pending demand — those it needs a
 * licence for, less those already waiting for one (counted in the demand already).
 */
export function addedDemand(forecast: LicenseForecast, alreadyWaiting: number): number {
  return Math.max(0, forecast.needed - alreadyWaiting);
}

/**
 * The holders that would need a new licence if the assignment were saved; `candidates` are the
 * space's accounts holding the product, usable or not.
 */
function holdersNeedingLicense(input: ForecastInput, candidates: Candidate[]): LicenseHolder[] {
  const accounts = candidates.map((c) => c.account);
  const { intent } = input.settings;
  if (intent === 'uninstall') return [];
  const settings = { ...input.settings, intent };
  const holders = new Map<string, LicenseHolder>();
  // Installs happen on devices: a user reached together with a device of theirs is counted
  // through that device (a device licence, or their own user licence — never both).
  const usersWithDevices = new Set(
    input.subjects.flatMap((s) => (s.type === 'device' && s.primaryUser ? [s.primaryUser.id] : [])),
  );
  for (const subject of input.subjects) {
    if (subject.type === 'user' && usersWithDevices.has(subject.id)) continue;
    // A device that cannot run the app is not offered it (storeInstalls.ts).
    if (subject.type === 'device' && !installsOn(input.product.store, subject.platform)) continue;
    const types = licenseTypesFor(input.product, subject, settings);
    const type = types[0];
    if (!type) continue;
    if (findReusableLicense(input.licenses, input.product.id, subject, types)) continue;
    const holder = holderFor(subject, type);
    if (!holder) continue;
    // R-A5: no licence can ever come to a holder every account prohibits.
    if (isProhibitedEverywhere(accounts, input.catalogAppId, input.distributions, holder)) continue;
    holders.set(subjectKey(holder), holder);
  }
  return [...holders.values()];
}

/** R-A12: {needed, available, shortfall} for an assignment about to be saved. */
export function forecastAssignment(input: ForecastInput): LicenseForecast {
  const all = candidateAccounts(input.spaceId, input.product, input.accounts, input.pools);
  const holders = holdersNeedingLicense(input, all);
  const needed = holders.length;
  const candidates = all.filter((c) => canLicense(c.account.status));
  if (candidates.some((c) => c.pool.unlimited)) return { needed, available: null, shortfall: 0 };

  let available = 0;
  const reservedLeft = new Map<string, number>();
  for (const c of candidates) {
    available += fcfsAvailable(c.pool);
    reservedLeft.set(c.account.id, Math.min(c.pool.reserved, reservationAvailable(c.pool)));
  }
  for (const holder of holders) {
    const reservedOn = candidates.find(
      (c) =>
        (reservedLeft.get(c.account.id) ?? 0) > 0 &&
        standingOf(
          c.account,
          listFor(c.account, input.catalogAppId, input.distributions),
          holder,
        ) === 'reserved',
    );
    if (!reservedOn) continue;
    reservedLeft.set(reservedOn.account.id, (reservedLeft.get(reservedOn.account.id) ?? 0) - 1);
    available += 1;
  }
  return { needed, available, shortfall: Math.max(0, needed - available) };
}

/** R-A12: Microsoft Store and ISV subscriptions refuse over-assignment; Apple allows it. */
export function blocksOverAssignment(store: Store): boolean {
  return store === 'microsoft' || store === 'isv';
}

/**
 * R-A12: throws InsufficientLicensesError when the store blocks over-assignment and the
 * forecast falls short; otherwise says whether a shortfall is to be reported with the saved
 * assignment (Apple).
 */
export function enforceForecast(
  store: Store,
  forecast: LicenseForecast,
): { shortfallReported: boolean } {
  if (forecast.shortfall <= 0) return { shortfallReported: false };
  if (blocksOverAssignment(store)) {
    // The refusal names the counts only (not an AssignmentForecast's exhaustion date).
    const { needed, available, shortfall } = forecast;
    throw new InsufficientLicensesError({ needed, available, shortfall });
  }
  return { shortfallReported: true };
}
