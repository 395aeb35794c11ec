/**
 * The ledger's two moves: granting a licence from a pool and releasing it. Pool counters move
 * only through guarded updates (R-A13), and each move records its store call in the outbox in
 * the same transaction (R-V8).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, LicenseTable, PoolTable } from '../db/schema.js';
import { newId } from '../ids.js';
import type { LicenseDistribution, LicenseType } from '../domain/types.js';
import { enqueueStoreCall, type StoreCall } from './outbox.js';

export interface GrantRequest {
  tenantId: string;
  spaceId: string;
  pool: Pick<PoolTable, 'id' | 'accountId' | 'productId'>;
  catalogAppId: string | null;
  licenseType: LicenseType;
  subject: { type: 'user' | 'device'; id: string; name: string };
  serialNumber: string | null;
  distribution: LicenseDistribution;
  /** The store call that mirrors the grant; null for stores Allot itself is the ledger of (ISV). */
  storeCall: StoreCall | null;
  action: string;
  at: Date;
}

/**
 * Takes one seat and records the licence, or returns null when the pool has no seat left for
 * this kind of taker (another request took it first).
 */
export async function grantLicense(
  db: Kysely<Database>,
  request: GrantRequest,
): Promise<LicenseTable | null> {
  const now = request.at.toISOString();
  const taken =
    request.distribution === 'reserved'
      ? await db
          .updateTable('pools')
          .set({ inUse: sql`in_use + 1`, reserved: sql`reserved - 1`, updatedAt: now })
          .where('id', '=', request.pool.id)
          .where('reserved', '>=', 1)
          .where((eb) =>
            eb.or([eb('unlimited', '=', 1), eb(sql`in_use + 1`, '<=', eb.ref('total'))]),
          )
          .executeTakeFirst()
      : await db
          .updateTable('pools')
          .set({ inUse: sql`in_use + 1`, updatedAt: now })
          .where('id', '=', request.pool.id)
          .where((eb) =>
            eb.or([eb('unlimited', '=', 1), eb(sql`in_use + reserved + 1`, '<=', eb.ref('total'))]),
          )
          .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) return null;

  const license: LicenseTable = {
    id: newId(request.at.getTime()),
    tenantId: request.tenantId,
    spaceId: request.spaceId,
    accountId: request.pool.accountId,
    poolId: request.pool.id,
    productId: request.pool.productId,
    catalogAppId: request.catalogAppId,
    licenseType: request.licenseType,
    subjectType: request.subject.type,
    subjectId: request.subject.id,
    subjectName: request.subject.name,
    serialNumber: request.serialNumber,
    distribution: request.distribution,
    state: 'active',
    storeState: request.storeCall === null ? 'confirmed' : 'pending',
    assignedAt: now,
    revokedAt: null,
    graceUntil: null,
    lastAction: request.action,
    updatedAt: now,
  };
  await db.insertInto('licenses').values(license).execute();
  if (request.storeCall !== null) {
    await enqueueStoreCall(
      db,
      request.tenantId,
      request.pool.accountId,
      { ...request.storeCall, licenseId: license.id },
      request.at,
    );
  }
  return license;
}

export interface ReleaseRequest {
  action: string;
  at: Date;
  /** End of the grace period shown for the app (R-V4), if any. */
  graceUntil: Date | null;
  /** The seat goes back to the subject's standing reservation instead of to FCFS. */
  restoreReservation: boolean;
  /** The store call that mirrors the release; null when the store already dropped it. */
  storeCall: StoreCall | null;
}

/** Revokes an active licence and returns its seat; false when it was already revoked. */
export async function releaseLicense(
  db: Kysely<Database>,
  license: LicenseTable,
  request: ReleaseRequest,
): Promise<boolean> {
  const now = request.at.toISOString();
  const revoked = await db
    .updateTable('licenses')
    .set({
      state: 'revoked',
      revokedAt: now,
      graceUntil: request.graceUntil?.toISOString() ?? null,
      lastAction: request.action,
      updatedAt: now,
    })
    .where('id', '=', license.id)
    .where('state', '=', 'active')
    .executeTakeFirst();
  if (Number(revoked.numUpdatedRows) === 0) return false;
  await db
    .updateTable('pools')
    .set({
      inUse: sql`in_use - 1`,
      reserved: request.restoreReservation ? sql`reserved + 1` : sql`reserved`,
      updatedAt: now,
    })
    .where('id', '=', license.poolId)
    .where('inUse', '>=', 1)
    .execute();
  if (request.storeCall !== null) {
    await enqueueStoreCall(
      db,
      license.tenantId,
      license.accountId,
      { ...request.storeCall, licenseId: license.id },
      request.at,
    );
  }
  return true;
}
