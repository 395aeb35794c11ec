/**
 * R-A1..R-A10: where the licence for one install comes from. `allocate()` is called when an app
 * is to be installed on a device, or granted to a user (R-A1) — never for an assignment alone —
 * and returns a decision; the caller applies it with a guarded update (R-A13).
 *
 * Order of the rules:
 * 1. the licence type (R-A8, licenseType.ts); none possible → `noCompatibleLicenseType`;
 * 2. a licence the subject already holds is reused (R-A7);
 * 3. a holder prohibited on every account that holds the app can never get a licence: refused at
 *    once as in step 7, whatever their enrolment (R-A5, R-A6) — no `awaitingEnrolment`, no
 *    invitation;
 * 4. an Apple user licence needs a user who has joined the programme (R-A10);
 * 5. a reservation on any account comes first (R-A4);
 * 6. then the accounts in priority order, each giving only to subjects on its list (R-A2, R-A3,
 *    R-A5, R-T9), FCFS seats being those not held for reservations (R-A4);
 * 7. nothing → `noLicense`, and for an available app the user is offered to buy it (R-A6).
 */
import { isListedFcfs, isProhibitedEverywhere, listFor, standingOf } from './distribution.js';
import { holderFor, licenseTypesFor } from './licenseType.js';
import { canLicense } from './accountStatus.js';
import { candidateAccounts, fcfsAvailable, reservationAvailable, type Candidate } from './pools.js';
import type {
  Account,
  Distribution,
  InstallSettings,
  License,
  LicenseDistribution,
  LicenseType,
  Pool,
  Product,
  Subject,
  SubjectRef,
} from './types.js';

export interface AllocationInput {
  catalogAppId: string;
  product: Product;
  /** The space whose accounts may give the licence: the subject's space (R-A2). */
  spaceId: string;
  /** The device the app installs on, or the user granted the app. */
  subject: Subject;
  /** From the assignment that targets the subject (targeting.ts). */
  settings: InstallSettings;
  accounts: readonly Account[];
  pools: readonly Pool[];
  distributions: readonly Distribution[];
  /** Licences held by the subject (and, for a device, by its primary user); others are ignored. */
  licenses: readonly License[];
}

/** Why one account gave, or did not give, the licence. */
export type AccountOutcome = 'granted' | 'unusable' | 'prohibited' | 'notListed' | 'exhausted';

export interface AccountCheck {
  accountId: string;
  outcome: AccountOutcome;
}

export interface ReuseDecision {
  outcome: 'reuse';
  license: License;
  licenseType: LicenseType;
  installState: 'pending';
  reason: 'existingLicense';
}

export interface AllocateDecision {
  outcome: 'allocate';
  accountId: string;
  productId: string;
  catalogAppId: string;
  licenseType: LicenseType;
  /** Who holds the new licence: the device, or the user. */
  holder: SubjectRef;
  /** `reserved` fulfils a reservation: the pool's `reserved` goes down as `inUse` goes up. */
  distribution: LicenseDistribution;
  installState: 'pending';
  reason: 'reservation' | 'priority';
  checked: AccountCheck[];
}

export type RefusalReason =
  'noCompatibleLicenseType' | 'awaitingEnrolment' | 'noLicenseAvailable' | 'purchaseRequired';

export interface RefuseDecision {
  outcome: 'refuse';
  licenseType: LicenseType | null;
  installState: 'awaitingEnrolment' | 'noLicense';
  reason: RefusalReason;
  /** R-A10: the user has never been invited to the store's programme; send the invitation. */
  invitationNeeded: boolean;
  checked: AccountCheck[];
}

export type AllocationDecision = ReuseDecision | AllocateDecision | RefuseDecision;

/** R-A7: an active licence for the product held by this install's device or user, of a usable type. */
export function findReusableLicense(
  licenses: readonly License[],
  productId: string,
  subject: Subject,
  types: readonly LicenseType[],
): License | undefined {
  for (const type of types) {
    const holder = holderFor(subject, type);
    if (!holder) continue;
    const found = licenses.find(
      (l) =>
        l.state === 'active' &&
        l.productId === productId &&
        l.licenseType === type &&
        l.subject.type === holder.type &&
        l.subject.id === holder.id,
    );
    if (found) return found;
  }
  return undefined;
}

/** Decides where the licence for one install comes from (see the module comment). */
export function allocate(input: AllocationInput): AllocationDecision {
  const { product, subject, settings } = input;
  const types = licenseTypesFor(product, subject, settings);
  const licenseType = types[0];
  if (!licenseType) return refuse(null, 'noCompatibleLicenseType', []);

  const existing = findReusableLicense(input.licenses, product.id, subject, types);
  if (existing) {
    return {
      outcome: 'reuse',
      license: existing,
      licenseType: existing.licenseType,
      installState: 'pending',
      reason: 'existingLicense',
    };
  }

  const holder = holderFor(subject, licenseType);
  if (!holder) return refuse(null, 'noCompatibleLicenseType', []);

  const candidates = candidateAccounts(input.spaceId, product, input.accounts, input.pools);
  const accounts = candidates.map((c) => c.account);
  if (isProhibitedEverywhere(accounts, input.catalogAppId, input.distributions, holder)) {
    return refuse(
      licenseType,
      noLicenseReason(settings),
      accounts.map((a) => ({ accountId: a.id, outcome: 'prohibited' })),
    );
  }
  if (product.store === 'apple' && holder.type === 'user' && holder.enrolment !== 'joined') {
    return {
      ...refuse(licenseType, 'awaitingEnrolment', []),
      invitationNeeded: holder.enrolment === 'none',
    };
  }

  const checked: AccountCheck[] = [];
  const grant = (c: Candidate, distribution: LicenseDistribution): AllocateDecision => ({
    outcome: 'allocate',
    accountId: c.account.id,
    productId: product.id,
    catalogAppId: input.catalogAppId,
    licenseType,
    holder: { type: holder.type, id: holder.id },
    distribution,
    installState: 'pending',
    reason: distribution === 'reserved' ? 'reservation' : 'priority',
    checked: [...checked, { accountId: c.account.id, outcome: 'granted' }],
  });
  const listOf = (c: Candidate): Distribution =>
    listFor(c.account, input.catalogAppId, input.distributions);

  // R-A4: a reservation on any account comes before priority.
  for (const c of candidates) {
    if (!canLicense(c.account.status)) continue;
    if (standingOf(c.account, listOf(c), holder) !== 'reserved') continue;
    if (reservationAvailable(c.pool) > 0) return grant(c, 'reserved');
  }

  // R-A2: accounts in priority order; the next only when this one has no licence for the holder.
  for (const c of candidates) {
    if (!canLicense(c.account.status)) {
      checked.push({ accountId: c.account.id, outcome: 'unusable' });
      continue;
    }
    const distribution = listOf(c);
    const standing = standingOf(c.account, distribution, holder);
    if (standing === 'prohibited') {
      checked.push({ accountId: c.account.id, outcome: 'prohibited' });
      continue;
    }
    // A reserved holder whose reserved seat is gone may still take an FCFS seat if listed.
    const listed =
      standing === 'fcfs' ||
      (standing === 'reserved' && isListedFcfs(c.account, distribution, holder));
    if (!listed) {
      checked.push({
        accountId: c.account.id,
        outcome: standing === 'reserved' ? 'exhausted' : 'notListed',
      });
      continue;
    }
    if (fcfsAvailable(c.pool) > 0) return grant(c, 'fcfs');
    checked.push({ accountId: c.account.id, outcome: 'exhausted' });
  }

  return refuse(licenseType, noLicenseReason(settings), checked);
}

/** R-A6: without a licence, required → not installed; available → the user may buy it. */
function noLicenseReason(settings: InstallSettings): RefusalReason {
  return settings.intent === 'available' ? 'purchaseRequired' : 'noLicenseAvailable';
}

function refuse(
  licenseType: LicenseType | null,
  reason: RefusalReason,
  checked: AccountCheck[],
): RefuseDecision {
  return {
    outcome: 'refuse',
    licenseType,
    installState: reason === 'awaitingEnrolment' ? 'awaitingEnrolment' : 'noLicense',
    reason,
    invitationNeeded: false,
    checked,
  };
}

/**
 * R-A2: a device decides in its own space first; an app delegated from another space may then
 * draw on that space's accounts, unless the user must only join the store. What a check-in decides, and what the
 * what-if preview replays.
 */
export function allocateAcrossSpaces(
  input: Omit<AllocationInput, 'spaceId'>,
  deviceSpaceId: string,
  homeSpaceId: string,
): AllocationDecision {
  const decision = allocate({ ...input, spaceId: deviceSpaceId });
  if (
    decision.outcome !== 'refuse' ||
    homeSpaceId === deviceSpaceId ||
    decision.reason === 'awaitingEnrolment'
  ) {
    return decision;
  }
  const fromHome = allocate({ ...input, spaceId: homeSpaceId });
  return fromHome.outcome === 'refuse' && fromHome.reason !== 'awaitingEnrolment'
    ? decision
    : fromHome;
}
