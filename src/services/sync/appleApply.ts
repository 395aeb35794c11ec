/**
 * Applies what the store reported for one account to the ledger, inside the sync's one
 * transaction: products and pools (R-T7), assignments compared with our licences (R-T5),
 * and on a full sync the counts rebuilt from the ledger.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect.js';
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
import { recount, syncPools } from './pools.js';
import { noteLicensesAppeared } from '../intelligence/waitlistQueue.js';

/** What one sync read from the store (outside the transaction). */
export interface StoreSnapshot {
  assets: StoreAsset[];
  /** Name, version and price by storeProductId (missing when the lookup failed). */
  products: ReadonlyMap<string, StoreProductInfo>;
  assignments: StoreAssignment[];
  /** True when `assignments` is every assignment; false for a delta since the last version. */
  fullAssignments: boolean;
  /**
   * False when the store's assignments changed while they were read page by page: a record a
   * change moved may be missing, so the list cannot prove that a licence is gone.
   */
  assignmentsSettled: boolean;
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
  if (snapshot.fullAssignments && snapshot.assignmentsSettled) {
    // Licences the store confirmed once and no longer has were removed at the store (a list
    // read while it changed proves nothing: the next full sync decides).
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

  // One pool per asset. Seats other products assigned are not ours to give (R-T5): a full
  // sync recounts them, an incremental one adds the new ones it saw.
  const listed = snapshot.assets.flatMap((asset) => {
    const key = assetKey(asset.storeProductId, asset.pricingParam);
    const productId = products.get(key);
    if (productId === undefined) return [];
    const counted = untrackedByAsset.get(key) ?? 0;
    return [
      {
        productId,
        asset,
        untracked: (pool: PoolTable | undefined) =>
          snapshot.fullAssignments ? counted : (pool?.untracked ?? 0) + counted,
      },
    ];
  });
  const pools = await syncPools(db, account, listed, at);
  if (snapshot.fullAssignments) await recount(db, dialect, account, pools);
  // R-X4 hook: seats bought since the last sync serve the waitlist once the sync commits.
  noteLicensesAppeared(db, account.tenantId, pools, at);
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
