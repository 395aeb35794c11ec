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
 * `reserved` the reserved subjects (of the product's catalog apps on this account) that hold
 * no licence of the pool yet. The pools are locked so concurrent allocations are counted.
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

  const productIds = [...new Set(pools.map((p) => p.productId))];
  const apps = await db
    .selectFrom('catalogApps')
    .select(['id', 'productId'])
    .where('tenantId', '=', account.tenantId)
    .where('productId', 'in', productIds)
    .execute();
  const entries = await db
    .selectFrom('distributionEntries')
    .select(['catalogAppId', 'kind', 'subjectId'])
    .where('tenantId', '=', account.tenantId)
    .where('accountId', '=', account.id)
    .where('kind', 'in', ['reservedUser', 'reservedDevice', 'prohibitedUser'])
    .execute();
  const held = new Set(
    (
      await db
        .selectFrom('licenses')
        .select(['poolId', 'subjectType', 'subjectId'])
        .where('tenantId', '=', account.tenantId)
        .where('accountId', '=', account.id)
        .where('state', '=', 'active')
        .execute()
    ).map((l) => `${l.poolId}|${l.subjectType}|${l.subjectId}`),
  );
  const prohibited = new Set(
    entries
      .filter((e) => e.kind === 'prohibitedUser')
      .map((e) => `${e.catalogAppId}|${e.subjectId}`),
  );
  for (const pool of pools) {
    const appIds = new Set(apps.filter((a) => a.productId === pool.productId).map((a) => a.id));
    const waiting = new Set<string>();
    for (const entry of entries) {
      if (!appIds.has(entry.catalogAppId) || entry.kind === 'prohibitedUser') continue;
      const type = entry.kind === 'reservedUser' ? 'user' : 'device';
      // A user both reserved and prohibited is prohibited (docs/decisions.md).
      if (type === 'user' && prohibited.has(`${entry.catalogAppId}|${entry.subjectId}`)) continue;
      if (held.has(`${pool.id}|${type}|${entry.subjectId}`)) continue;
      waiting.add(`${type}:${entry.subjectId}`);
    }
    if (waiting.size !== pool.reserved) {
      await db
        .updateTable('pools')
        .set({ reserved: waiting.size })
        .where('id', '=', pool.id)
        .execute();
    }
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
