/**
 * Releasing licences, for every path that does (R-V4, R-A4, R-V8): an administrator's or a
 * rule's revocation, an account deleted, a licence the store dropped or refused. What each
 * release does is decided by the release plan (domain/releasePlan.ts); this loads what the plan
 * needs — the devices each licence covers, its product, its holder's standing reservation —
 * and moves the ledger.
 */
import type { Kysely } from 'kysely';
import type { Database, LicenseTable } from '../../db/schema.js';
import { parsePlatforms, planRelease, type ReleaseCause } from '../../domain/releasePlan.js';
import type { Platform } from '../../domain/types.js';
import { storeCallFor, userPrincipalNames } from '../outbox/storeCalls.js';
import { releaseLicense } from './ledger.js';
import { noteLicensesAppeared } from '../intelligence/waitlistQueue.js';

/**
 * Releases the active ones of these licences for `cause`, in the caller's transaction, and
 * returns those it released (a licence released meanwhile by another transaction is skipped).
 */
export async function releaseLicenses(
  db: Kysely<Database>,
  tenantId: string,
  licenses: readonly LicenseTable[],
  options: { cause: ReleaseCause; action: string; at: Date },
): Promise<LicenseTable[]> {
  // Pools are updated in one order (by id) by every release, so two never wait on each other.
  const active = licenses
    .filter((l) => l.state === 'active')
    .sort((x, y) => (x.poolId < y.poolId ? -1 : x.poolId > y.poolId ? 1 : 0));
  if (active.length === 0) return [];
  const { cause, action, at } = options;
  const products = await productsOf(db, tenantId, active);
  const subjectIds = [...new Set(active.map((l) => l.subjectId))];
  const devices = await db
    .selectFrom('devices')
    .select(['id', 'platform', 'primaryUserId'])
    .where('tenantId', '=', tenantId)
    .where((eb) => eb.or([eb('id', 'in', subjectIds), eb('primaryUserId', 'in', subjectIds)]))
    .execute();
  const reservations = await db
    .selectFrom('distributionEntries')
    .select(['catalogAppId', 'accountId', 'kind', 'subjectId'])
    .where('tenantId', '=', tenantId)
    .where('subjectId', 'in', subjectIds)
    .where('kind', 'in', ['reservedUser', 'reservedDevice'])
    .execute();
  // Microsoft Store seats are held by the user's UPN.
  const microsoftUsers = active
    .filter((l) => l.subjectType === 'user' && products.get(l.productId)?.store === 'microsoft')
    .map((l) => l.subjectId);
  const upns = await userPrincipalNames(db, tenantId, [...new Set(microsoftUsers)]);

  const released: LicenseTable[] = [];
  for (const license of active) {
    // The devices the licence covers: its own device, or every device of its user.
    const covered = devices.filter((d) =>
      license.subjectType === 'device'
        ? d.id === license.subjectId
        : d.primaryUserId === license.subjectId,
    );
    const product = products.get(license.productId);
    const plan = planRelease({
      cause,
      devicePlatforms: covered.map((d) => d.platform as Platform),
      productPlatforms: parsePlatforms(product?.platforms ?? null),
      reservationStands:
        license.distribution === 'reserved' &&
        reservations.some(
          (r) =>
            r.kind === (license.subjectType === 'user' ? 'reservedUser' : 'reservedDevice') &&
            r.subjectId === license.subjectId &&
            r.accountId === license.accountId &&
            r.catalogAppId === license.catalogAppId,
        ),
      at,
    });
    const storeCall =
      plan.tellStore && product !== undefined && hasStoreSubject(license)
        ? storeCallFor(license, product, 'disassociate', upns.get(license.subjectId))
        : null;
    const done = await releaseLicense(db, license, {
      action,
      at,
      graceUntil: plan.graceUntil,
      restoreReservation: plan.restoreReservation,
      storeCall,
    });
    if (done) released.push(license);
  }
  // R-X4 hook: the seats returned serve the waitlist of their products once this commits.
  noteLicensesAppeared(db, tenantId, released, at);
  return released;
}

async function productsOf(db: Kysely<Database>, tenantId: string, licenses: LicenseTable[]) {
  const rows = await db
    .selectFrom('products')
    .select(['id', 'storeProductId', 'pricingParam', 'store', 'licenseModel', 'platforms'])
    .where('tenantId', '=', tenantId)
    .where('id', 'in', [...new Set(licenses.map((l) => l.productId))])
    .execute();
  return new Map(rows.map((p) => [p.id, p]));
}

/** A device licence is known to the store by its serial number: without one there is no call. */
function hasStoreSubject(license: LicenseTable): boolean {
  return license.licenseType !== 'device' || license.serialNumber !== null;
}
