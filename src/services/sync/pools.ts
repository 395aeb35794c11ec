/**
 * The pools of a synced account, for every store (R-T5, R-T7): one per product the store
 * lists, with the store's counts; inUse and reserved are the ledger's and only a full resync
 * recounts them from it.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect.js';
import { lockPools } from '../../db/locks.js';
import type { AccountTable, Database, PoolTable } from '../../db/schema.js';
import { newId } from '../../ids.js';
import type { StoreAsset } from '../../stores/connector.js';
import { unfulfilledReservations } from '../ledger/reservations.js';

/** A product the store lists for the account, with the seats of it that are not Allot's. */
export interface ListedPool {
  productId: string;
  asset: Pick<StoreAsset, 'unlimited' | 'total' | 'assigned'>;
  /** Seats another product holds (R-T5), given the pool as it was before this sync. */
  untracked: (pool: PoolTable | undefined) => number;
}

/**
 * Writes the account's pools from what the store listed. A product no longer listed (refunded,
 * transferred, now skipped) keeps its pool with no seats; those in `leaving` are left as they
 * are for their caller to remove, and are not returned.
 */
export async function syncPools(
  db: Kysely<Database>,
  account: AccountTable,
  listed: readonly ListedPool[],
  at: Date,
  leaving: ReadonlySet<string> = new Set(),
): Promise<PoolTable[]> {
  const now = at.toISOString();
  const existing = new Map(
    (
      await db
        .selectFrom('pools')
        .selectAll()
        .where('tenantId', '=', account.tenantId)
        .where('accountId', '=', account.id)
        .execute()
    ).map((p) => [p.productId, p]),
  );
  const seen = new Set<string>();
  for (const { productId, asset, untracked } of listed) {
    seen.add(productId);
    const pool = existing.get(productId);
    await writePool(db, account, productId, pool?.id, asset, untracked(pool), at);
  }
  for (const pool of existing.values()) {
    if (seen.has(pool.productId) || leaving.has(pool.productId)) continue;
    await db
      .updateTable('pools')
      .set({ total: 0, unlimited: 0, storeAssigned: 0, untracked: 0, asOf: now, updatedAt: now })
      .where('id', '=', pool.id)
      .execute();
  }
  return db
    .selectFrom('pools')
    .selectAll()
    .where('tenantId', '=', account.tenantId)
    .where('accountId', '=', account.id)
    .where('productId', 'not in', [...leaving, ''])
    .execute();
}

/**
 * Full resync (R-T7): `inUse` becomes the number of our active licences of the pool, and
 * `reserved` its unfulfilled reservations (ledger/reservations.ts). The pools are locked so
 * concurrent allocations are counted.
 */
export async function recount(
  db: Kysely<Database>,
  dialect: Dialect,
  account: AccountTable,
  pools: readonly PoolTable[],
): Promise<void> {
  if (pools.length === 0) return;
  await lockPools(
    db,
    dialect,
    pools.map((p) => p.id),
  );
  await db
    .updateTable('pools')
    .set((eb) => ({
      inUse: eb
        .selectFrom('licenses')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('licenses.poolId', '=', 'pools.id')
        .where('licenses.state', '=', 'active'),
    }))
    .where('tenantId', '=', account.tenantId)
    .where('accountId', '=', account.id)
    .execute();

  const reserved = await unfulfilledReservations(db, account.tenantId, pools);
  for (const pool of pools) {
    const count = reserved.get(pool.id) ?? 0;
    if (count === pool.reserved) continue;
    await db.updateTable('pools').set({ reserved: count }).where('id', '=', pool.id).execute();
  }
}

/**
 * Writes a pool from the store's counts: its total is the store's less the seats another
 * product holds (R-T5); inUse and reserved are the ledger's and never set here.
 */
async function writePool(
  db: Kysely<Database>,
  account: Pick<AccountTable, 'id' | 'tenantId'>,
  productId: string,
  poolId: string | undefined,
  asset: Pick<StoreAsset, 'unlimited' | 'total' | 'assigned'>,
  untracked: number,
  at: Date,
): Promise<void> {
  const now = at.toISOString();
  const counts = {
    total: asset.unlimited ? 0 : Math.max(0, (asset.total ?? 0) - untracked),
    unlimited: asset.unlimited ? 1 : 0,
    storeAssigned: asset.assigned,
    untracked,
    asOf: now,
    updatedAt: now,
  };
  if (poolId === undefined) {
    await db
      .insertInto('pools')
      .values({
        id: newId(at.getTime()),
        tenantId: account.tenantId,
        accountId: account.id,
        productId,
        inUse: 0,
        reserved: 0,
        ...counts,
      })
      .execute();
  } else {
    await db.updateTable('pools').set(counts).where('id', '=', poolId).execute();
  }
}
