/**
 * R-T11, R-T5, R-T7: one sync of the Microsoft Store account, through the pipeline every store
 * shares (pipeline.ts). The store is read in full (inventory with refunds, product details in
 * the account's language, the seats of online apps): the Store reports no assignment deltas.
 * The snapshot is applied by microsoftApply.ts, catalog apps are added and removed by
 * microsoftCatalog.ts, and the account's status reason lists the apps skipped for encrypted
 * packages.
 */
import type { StoreContext } from '../serviceContext.js';
import type { AccountTable } from '../../db/schema.js';
import { microsoftConnectorFor } from '../accounts/connections.js';
import type { SkippedApp, SyncOptions, SyncResult } from './result.js';
import { applyMicrosoftSnapshot, type MicrosoftSnapshot } from './microsoftApply.js';
import { addSyncedApps, removeRefundedApps } from './microsoftCatalog.js';
import { runSync, type StoreSync } from './pipeline.js';

/** The account's status reason after a sync that skipped some apps (R-T11). */
export function skippedReason(apps: readonly SkippedApp[]): string | null {
  if (apps.length === 0) return null;
  const names = apps.map((a) => a.name).join(', ');
  return (
    `${apps.length} app(s) with encrypted packages were not synced (Intune cannot deploy ` +
    `them either): ${names}`
  );
}

export async function syncMicrosoftAccount(
  ctx: StoreContext,
  account: AccountTable,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const progress = options.progress ?? (async () => undefined);
  return runSync(ctx, account, microsoftSync(ctx, account), progress);
}

/** The Microsoft Store's part of the pipeline: always a full read, and the catalog it moves. */
function microsoftSync(ctx: StoreContext, account: AccountTable): StoreSync<MicrosoftSnapshot> {
  return {
    read: (progress) => readStore(ctx, account, progress),
    async apply(trx, current, snapshot, { actor, now }) {
      const changes = await applyMicrosoftSnapshot(trx, ctx.db.dialect, current, snapshot, now);
      const refunds = await removeRefundedApps(
        trx,
        ctx.db.dialect,
        actor,
        current,
        changes.refunded,
        now,
      );
      const added = await addSyncedApps(trx, actor, changes.productIds, now);
      return {
        productIds: changes.productIds,
        account: {
          statusReason: skippedReason(changes.skipped),
          lastFullSyncAt: now.toISOString(),
        },
        result: {
          full: true,
          products: changes.productIds.length,
          pools: changes.pools,
          untrackedLicenses: changes.untrackedLicenses,
          releasedLicenses: changes.releasedLicenses,
          clearedAssignments: 0,
          enrolmentChanges: 0,
          skippedApps: changes.skipped,
          refundedApps: refunds.names,
          revokedLicenses: refunds.revokedLicenses,
          catalogAppsAdded: added,
        },
      };
    },
  };
}

/** Inventory (in full, refunds included), product details of the active entries, seats. */
async function readStore(
  ctx: StoreContext,
  account: AccountTable,
  progress: (percent: number) => Promise<void>,
): Promise<MicrosoftSnapshot> {
  const connector = microsoftConnectorFor(ctx, account);
  const assets = await connector.listAssets();
  await progress(25);
  const active = assets.items.filter((a) => a.status === 'active').map((a) => a.storeProductId);
  // Without the details Allot cannot tell encrypted packages apart: a failed lookup fails the
  // sync (it is retried) rather than syncing apps that cannot be deployed.
  const infos = active.length === 0 ? [] : await connector.lookupProducts(active);
  await progress(45);
  const seats = await connector.listAssignments();
  return {
    assets: assets.items,
    products: new Map(infos.map((i) => [i.storeProductId, i])),
    seats: seats.items,
  };
}
