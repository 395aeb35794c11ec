/**
 * Applies what the Microsoft Store reported to the ledger, inside the sync's one transaction
 * (R-T11, R-T5, R-T7):
 * - one product per online or offline SKU, named in the account's language with the suffix
 *   "(Online)" / "(Offline)", its licence model in products.license_model; free apps too;
 * - apps with encrypted packages are skipped and reported;
 * - one pool per product from the seats bought; seats the store shows assigned to users Allot
 *   did not give them to are not Allot's to give (untracked, as for Apple);
 * - online seats Allot gave that the store no longer holds are released;
 * - refunded entries (status removed) are left to microsoftCatalog.ts.
 * The Store has no assignment deltas, so every Microsoft sync reads and rebuilds everything.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect.js';
import type { AccountTable, Database } from '../../db/schema.js';
import { newId } from '../../ids.js';
import type { StoreAssignment } from '../../stores/connector.js';
import {
  microsoftProductName,
  type MicrosoftProductInfo,
  type MicrosoftStoreAsset,
} from '../../stores/microsoft/index.js';
import { releaseLicenses } from '../ledger/release.js';
import type { StoreCall } from '../outbox/enqueue.js';
import { userPrincipalNames } from '../outbox/storeCalls.js';
import type { SkippedApp } from './result.js';
import { recount, syncPools } from './pools.js';
import { noteLicensesAppeared } from '../intelligence/waitlistQueue.js';

/** What one Microsoft sync read from the store (outside the transaction). */
export interface MicrosoftSnapshot {
  /** Every inventory entry, refunded ones included. */
  assets: MicrosoftStoreAsset[];
  /** Names in the account's language, encrypted and free flags, by storeProductId. */
  products: ReadonlyMap<string, MicrosoftProductInfo>;
  /** Active seats of online products (clientUserId = UPN). */
  seats: StoreAssignment[];
}

export interface MicrosoftLedgerChanges {
  /** Products synced (active, not encrypted). */
  productIds: string[];
  pools: number;
  untrackedLicenses: number;
  releasedLicenses: number;
  skipped: SkippedApp[];
  /** storeProductIds of refunded entries. */
  refunded: string[];
}

const seatKey = (storeProductId: string, upn: string) => `${storeProductId}|${upn.toLowerCase()}`;

export async function applyMicrosoftSnapshot(
  db: Kysely<Database>,
  dialect: Dialect,
  account: AccountTable,
  snapshot: MicrosoftSnapshot,
  at: Date,
): Promise<MicrosoftLedgerChanges> {
  const synced: MicrosoftStoreAsset[] = [];
  const skipped: SkippedApp[] = [];
  const refunded: string[] = [];
  for (const asset of snapshot.assets) {
    const info = snapshot.products.get(asset.storeProductId);
    if (asset.status === 'removed') refunded.push(asset.storeProductId);
    else if (info?.encrypted === true) {
      skipped.push({
        storeProductId: asset.storeProductId,
        name: microsoftProductName(info.name, asset.licenseType),
        reason: 'encryptedPackage',
      });
    } else synced.push(asset);
  }
  const products = await upsertProducts(db, account.tenantId, synced, snapshot.products, at);

  // R-T5: seats of the store that Allot did not give are counted, never adopted.
  const licenses = await db
    .selectFrom('licenses as l')
    .innerJoin('products as p', 'p.id', 'l.productId')
    .selectAll('l')
    .select(['p.storeProductId', 'p.licenseModel'])
    .where('l.tenantId', '=', account.tenantId)
    .where('l.accountId', '=', account.id)
    .where('l.state', '=', 'active')
    .execute();
  const online = licenses.filter((l) => l.licenseModel === 'online' && l.subjectType === 'user');
  const upns = await userPrincipalNames(db, account.tenantId, [
    ...new Set(online.map((l) => l.subjectId)),
  ]);
  const keyOf = (l: (typeof online)[number]) => {
    const upn = upns.get(l.subjectId);
    return upn === undefined ? null : seatKey(l.storeProductId, upn);
  };
  const ours = new Set(online.map(keyOf).filter((k) => k !== null));
  const leaving = await pendingReclaims(db, account);
  const held = new Set<string>();
  const untracked = new Map<string, number>();
  for (const seat of snapshot.seats) {
    if (seat.clientUserId === undefined) continue;
    const key = seatKey(seat.storeProductId, seat.clientUserId);
    held.add(key);
    if (ours.has(key) || leaving.has(key)) continue;
    untracked.set(seat.storeProductId, (untracked.get(seat.storeProductId) ?? 0) + 1);
  }

  // Seats the store had confirmed and no longer holds were reclaimed there (R-T7).
  const active = new Set(synced.map((a) => a.storeProductId));
  const removed = online.filter((license) => {
    const key = keyOf(license);
    return (
      license.storeState === 'confirmed' &&
      key !== null &&
      !held.has(key) &&
      active.has(license.storeProductId)
    );
  });
  const released = (
    await releaseLicenses(db, account.tenantId, removed, {
      cause: 'storeRemoved',
      action: 'store.removed',
      at,
    })
  ).length;

  const listed = synced.flatMap((asset) => {
    const productId = products.get(asset.storeProductId);
    if (productId === undefined) return [];
    const others = untracked.get(asset.storeProductId) ?? 0;
    return [{ productId, asset, untracked: () => others }];
  });
  // Refunded products are removed with their catalog apps afterwards (microsoftCatalog.ts).
  const refundedIds = await productIdsOf(db, account.tenantId, refunded);
  const pools = await syncPools(db, account, listed, at, refundedIds);
  await recount(db, dialect, account, pools);
  // R-X4 hook: seats bought since the last sync serve the waitlist once the sync commits.
  noteLicensesAppeared(db, account.tenantId, pools, at);
  return {
    productIds: [...products.values()],
    pools: pools.length,
    untrackedLicenses: pools.reduce((sum, p) => sum + (p.untracked ?? 0), 0),
    releasedLicenses: released,
    skipped,
    refunded,
  };
}

/** Products of the synced entries, created or refreshed; storeProductId → product ID. */
async function upsertProducts(
  db: Kysely<Database>,
  tenantId: string,
  assets: readonly MicrosoftStoreAsset[],
  infos: ReadonlyMap<string, MicrosoftProductInfo>,
  at: Date,
): Promise<Map<string, string>> {
  const now = at.toISOString();
  for (const asset of assets) {
    const info = infos.get(asset.storeProductId);
    const fromStore = {
      kind: 'app',
      platforms: JSON.stringify(asset.platforms),
      deviceAssignable: asset.deviceAssignable ? 1 : 0,
      revocable: asset.revocable ? 1 : 0,
      licenseModel: asset.licenseType,
      updatedAt: now,
    };
    const described =
      info === undefined
        ? {}
        : {
            name: microsoftProductName(info.name, asset.licenseType),
            bundleId: info.bundleId,
            costAmount: info.price?.amount ?? null,
            costCurrency: info.price?.currency ?? null,
          };
    await db
      .insertInto('products')
      .values({
        id: newId(at.getTime()),
        tenantId,
        store: 'microsoft',
        storeProductId: asset.storeProductId,
        pricingParam: '',
        name: microsoftProductName(asset.productId, asset.licenseType),
        bundleId: null,
        version: null,
        costAmount: null,
        costCurrency: null,
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
  const ids = assets.map((a) => a.storeProductId);
  const rows =
    ids.length === 0
      ? []
      : await db
          .selectFrom('products')
          .select(['id', 'storeProductId'])
          .where('tenantId', '=', tenantId)
          .where('store', '=', 'microsoft')
          .where('storeProductId', 'in', ids)
          .execute();
  return new Map(rows.map((r) => [r.storeProductId, r.id]));
}

/** Seats Allot took back whose reclaim the outbox has not sent yet: still Allot's. */
async function pendingReclaims(db: Kysely<Database>, account: AccountTable): Promise<Set<string>> {
  const rows = await db
    .selectFrom('outbox')
    .select('payload')
    .where('tenantId', '=', account.tenantId)
    .where('accountId', '=', account.id)
    .where('operation', '=', 'disassociate')
    .where('state', 'in', ['pending', 'sending'])
    .execute();
  const keys = new Set<string>();
  for (const row of rows) {
    const call = JSON.parse(row.payload) as StoreCall;
    if (call.storeProductId && call.clientUserId) {
      keys.add(seatKey(call.storeProductId, call.clientUserId));
    }
  }
  return keys;
}

async function productIdsOf(
  db: Kysely<Database>,
  tenantId: string,
  storeProductIds: readonly string[],
): Promise<Set<string>> {
  if (storeProductIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('products')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('store', '=', 'microsoft')
    .where('storeProductId', 'in', [...storeProductIds])
    .execute();
  return new Set(rows.map((r) => r.id));
}
