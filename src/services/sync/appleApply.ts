/**
 * Applies what the store reported for one account to the ledger, inside the sync's one
 * transaction: products and pools (R-T7), assignments compared with our licences (R-T5),
 * and on a full sync the counts rebuilt from the ledger.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect.js';
import { lockPools } from '../../db/locks.js';
import type { AccountTable, Database, LicenseTable, PoolTable } from '../../db/schema.js';
import { newId } from '../../ids.js';
import type {
  StoreAsset,
  StoreAssignment,
  StoreProductInfo,
  StoreUser,
} from '../../stores/connector.js';
import { releaseLicenses } from '../ledger/release.js';
import { enqueueStoreCall, type StoreCall } from '../outbox/enqueue.js';

/** What one sync read from the store (outside the transaction). */
export interface StoreSnapshot {
  assets: StoreAsset[];
  /** Name, version and price by storeProductId (missing when the lookup failed). */
  products: ReadonlyMap<string, StoreProductInfo>;
  assignments: StoreAssignment[];
  /** True when `assignments` is every assignment; false for a delta since the last version. */
  fullAssignments: boolean;
  assignmentsVersionId: string | null;
  users: StoreUser[];
  usersVersionId: string | null;
}

export interface LedgerChanges {
  productIds: string[];
  pools: number;
  untrackedLicenses: number;
  releasedLicenses: number;
  clearedAssignments: number;
}

type Ref = Pick<StoreCall, 'storeProductId' | 'pricingParam' | 'serialNumber' | 'clientUserId'>;

function assetKey(storeProductId: string | undefined, pricingParam: string | undefined): string {
  return `${storeProductId ?? ''}:${pricingParam ?? 'STDQ'}`;
}

/** An assignment's identity at the store: the asset and the device or user holding it. */
function assignmentKey(ref: Ref): string | null {
  const asset = assetKey(ref.storeProductId, ref.pricingParam);
  if (ref.serialNumber !== undefined) return `${asset}|s:${ref.serialNumber}`;
  if (ref.clientUserId !== undefined) return `${asset}|u:${ref.clientUserId}`;
  return null;
}

type OurLicense = LicenseTable & { storeProductId: string; pricingParam: string };

export async function applyToLedger(
  db: Kysely<Database>,
  dialect: Dialect,
  account: AccountTable,
  snapshot: StoreSnapshot,
  at: Date,
): Promise<LedgerChanges> {
  const products = await upsertProducts(db, account.tenantId, snapshot, at);
  const licenses = await activeLicenses(db, account);
  const clientUserIds = await clientUserIdsOf(db, account);
  const keyOf = (l: OurLicense): string | null =>
    assignmentKey({
      storeProductId: l.storeProductId,
      pricingParam: l.pricingParam,
      ...(l.subjectType === 'device'
        ? l.serialNumber !== null && { serialNumber: l.serialNumber }
        : clientUserIds.has(l.subjectId) && { clientUserId: clientUserIds.get(l.subjectId)! }),
    });
  const ours = new Set(licenses.map(keyOf).filter((k) => k !== null));
  const leaving = await pendingDisassociations(db, account);

  // R-T5: what the store holds that we did not create is counted, never adopted.
  const storeKeys = new Set<string>();
  const untracked: StoreAssignment[] = [];
  for (const assignment of snapshot.assignments) {
    const key = assignmentKey(assignment);
    if (key === null) continue;
    storeKeys.add(key);
    if (!ours.has(key) && !leaving.has(key)) untracked.push(assignment);
  }

  let released = 0;
  if (snapshot.fullAssignments) {
    // Licences the store confirmed once and no longer has were removed at the store.
    const removed = licenses.filter((license) => {
      const key = keyOf(license);
      return license.storeState === 'confirmed' && key !== null && !storeKeys.has(key);
    });
    released = (
      await releaseLicenses(db, account.tenantId, removed, {
        cause: 'storeRemoved',
        action: 'store.removed',
        at,
      })
    ).length;
  }

  const revocable = new Map(
    snapshot.assets.map((a) => [assetKey(a.storeProductId, a.pricingParam), a.revocable]),
  );
  let cleared = 0;
  const untrackedByAsset = new Map<string, number>();
  const clearing =
    account.clearPreviousLicenseData === 1 &&
    account.firstSyncDone === 0 &&
    snapshot.fullAssignments;
  for (const assignment of untracked) {
    const key = assetKey(assignment.storeProductId, assignment.pricingParam);
    // R-T2: clearPreviousLicenseData takes them back at the first sync; books cannot be.
    if (clearing && revocable.get(key) === true) {
      await enqueueStoreCall(
        db,
        account.tenantId,
        account.id,
        {
          operation: 'disassociate',
          storeProductId: assignment.storeProductId,
          pricingParam: assignment.pricingParam ?? 'STDQ',
          ...(assignment.serialNumber !== undefined
            ? { serialNumber: assignment.serialNumber }
            : { clientUserId: assignment.clientUserId ?? '' }),
        },
        at,
      );
      cleared += 1;
      continue;
    }
    untrackedByAsset.set(key, (untrackedByAsset.get(key) ?? 0) + 1);
  }

  const pools = await updatePools(db, account, snapshot, products, untrackedByAsset, at);
  if (snapshot.fullAssignments) await recount(db, dialect, account, pools);
  return {
    productIds: [...new Set(pools.map((p) => p.productId))],
    pools: pools.length,
    untrackedLicenses: pools.reduce((sum, p) => sum + (p.untracked ?? 0), 0),
    releasedLicenses: released,
    clearedAssignments: cleared,
  };
}

/** Products of the assets, created or refreshed (kind, platforms, name, version, price). */
async function upsertProducts(
  db: Kysely<Database>,
  tenantId: string,
  snapshot: StoreSnapshot,
  at: Date,
): Promise<Map<string, string>> {
  const now = at.toISOString();
  for (const asset of snapshot.assets) {
    const info = snapshot.products.get(asset.storeProductId);
    const fromStore = {
      kind: asset.kind,
      platforms: JSON.stringify(asset.platforms),
      deviceAssignable: asset.deviceAssignable ? 1 : 0,
      revocable: asset.revocable ? 1 : 0,
      updatedAt: now,
    };
    const described =
      info === undefined
        ? {}
        : {
            name: info.name,
            bundleId: info.bundleId,
            version: info.version,
            costAmount: info.price?.amount ?? null,
            costCurrency: info.price?.currency ?? null,
          };
    await db
      .insertInto('products')
      .values({
        id: newId(at.getTime()),
        tenantId,
        store: 'apple',
        storeProductId: asset.storeProductId,
        pricingParam: asset.pricingParam ?? 'STDQ',
        name: `${asset.kind === 'book' ? 'Book' : 'App'} ${asset.storeProductId}`,
        bundleId: null,
        version: null,
        costAmount: null,
        costCurrency: null,
        licenseModel: 'standard',
        sizeBytes: null,
        createdAt: now,
        ...fromStore,
        ...described,
      })
      .onConflict((oc) =>
        oc
          .columns(['tenantId', 'store', 'storeProductId', 'pricingParam'])
          .doUpdateSet({ ...fromStore, ...described }),
      )
      .execute();
  }
  const rows = await db
    .selectFrom('products')
    .select(['id', 'storeProductId', 'pricingParam'])
    .where('tenantId', '=', tenantId)
    .where('store', '=', 'apple')
    .execute();
  return new Map(rows.map((r) => [assetKey(r.storeProductId, r.pricingParam), r.id]));
}

async function activeLicenses(db: Kysely<Database>, account: AccountTable): Promise<OurLicense[]> {
  return db
    .selectFrom('licenses as l')
    .innerJoin('products as p', 'p.id', 'l.productId')
    .selectAll('l')
    .select(['p.storeProductId', 'p.pricingParam'])
    .where('l.tenantId', '=', account.tenantId)
    .where('l.accountId', '=', account.id)
    .where('l.state', '=', 'active')
    .execute();
}

async function clientUserIdsOf(
  db: Kysely<Database>,
  account: AccountTable,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('storeUsers')
    .select(['userId', 'clientUserId'])
    .where('tenantId', '=', account.tenantId)
    .where('accountId', '=', account.id)
    .execute();
  return new Map(rows.map((r) => [r.userId, r.clientUserId]));
}

/** Assignments we released whose disassociation the outbox has not sent yet: still ours. */
async function pendingDisassociations(
  db: Kysely<Database>,
  account: AccountTable,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('outbox')
    .select('payload')
    .where('tenantId', '=', account.tenantId)
    .where('accountId', '=', account.id)
    .where('operation', '=', 'disassociate')
    // Not yet sent (pending) or being sent; `done` and `failed` rows are closed.
    .where('state', 'in', ['pending', 'sending'])
    .execute();
  const keys = new Set<string>();
  for (const row of rows) {
    const key = assignmentKey(JSON.parse(row.payload) as StoreCall);
    if (key !== null) keys.add(key);
  }
  return keys;
}

/**
 * One pool per asset. Seats other products assigned are not ours to give, so the pool's total
 * is the store's total less the untracked ones (R-T5). A full sync recounts the untracked
 * seats; an incremental one adds the new ones it saw. Assets gone from the store (refunded,
 * transferred) leave their pool with no seats.
 */
async function updatePools(
  db: Kysely<Database>,
  account: AccountTable,
  snapshot: StoreSnapshot,
  products: ReadonlyMap<string, string>,
  untrackedByAsset: ReadonlyMap<string, number>,
  at: Date,
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
  for (const asset of snapshot.assets) {
    const key = assetKey(asset.storeProductId, asset.pricingParam);
    const productId = products.get(key);
    if (productId === undefined) continue;
    seen.add(productId);
    const pool = existing.get(productId);
    const counted = untrackedByAsset.get(key) ?? 0;
    const untracked = snapshot.fullAssignments ? counted : (pool?.untracked ?? 0) + counted;
    await writePool(db, account, productId, pool?.id, asset, untracked, at);
  }
  for (const pool of existing.values()) {
    if (seen.has(pool.productId)) continue;
    await db
      .updateTable('pools')
      .set({ total: 0, storeAssigned: 0, untracked: 0, asOf: now, updatedAt: now })
      .where('id', '=', pool.id)
      .execute();
  }
  return db
    .selectFrom('pools')
    .selectAll()
    .where('tenantId', '=', account.tenantId)
    .where('accountId', '=', account.id)
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
export async function writePool(
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
