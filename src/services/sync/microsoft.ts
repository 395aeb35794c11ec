/**
 * R-T11, R-T5, R-T7: one sync of the Microsoft Store account. The store is read first, outside
 * any transaction (inventory with refunds, product details in the account's language, the
 * seats of online apps); then one transaction applies it (microsoftApply.ts), adds and
 * removes catalog apps (microsoftCatalog.ts), marks the account healthy — its status
 * reason listing the apps skipped for encrypted packages — and re-evaluates usage. Every
 * Microsoft sync is a full one: the Store reports no assignment deltas.
 */
import type { StoreContext } from '../serviceContext.js';
import type { AccountTable } from '../../db/schema.js';
import { systemActor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { clearNotifications } from '../monitoring/notifications.js';
import { microsoftConnectorFor } from '../accounts/connections.js';
import { skipped, type SkippedApp, type SyncOptions, type SyncResult } from './result.js';
import { recordSyncFailure } from './failure.js';
import { applyMicrosoftSnapshot, type MicrosoftSnapshot } from './microsoftApply.js';
import { addSyncedApps, removeRefundedApps } from './microsoftCatalog.js';
import { markSyncing } from './status.js';
import { evaluateUsageNotifications } from '../ledger/usageEvaluation.js';

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
  if (!(await markSyncing(ctx, account, ctx.clock.now()))) return skipped(account.id, 'deleted');
  try {
    const snapshot = await readStore(ctx, account, progress);
    await progress(75);
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const current = await trx
        .selectFrom('accounts')
        .selectAll()
        .where('tenantId', '=', account.tenantId)
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();
      if (current.status === 'deleted') return skipped(account.id, 'deleted');
      const actor = systemActor(account.tenantId);
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
      await trx
        .updateTable('accounts')
        .set({
          status: 'healthy',
          statusReason: skippedReason(changes.skipped),
          authProblem: null,
          lastSyncAt: now.toISOString(),
          lastFullSyncAt: now.toISOString(),
          nextSyncAt: new Date(now.getTime() + current.syncIntervalMinutes * 60_000).toISOString(),
          firstSyncDone: 1,
          untrackedLicenses: changes.untrackedLicenses,
          updatedAt: now.toISOString(),
        })
        .where('tenantId', '=', account.tenantId)
        .where('id', '=', account.id)
        .where('status', '!=', 'deleted')
        .execute();
      for (const kind of ['syncFailed', 'authError'] as const) {
        await clearNotifications(trx, account.tenantId, { kind, subjectId: account.id }, now);
      }
      await evaluateUsageNotifications(trx, account.tenantId, changes.productIds, now);
      const result: SyncResult = {
        accountId: account.id,
        outcome: 'synced',
        full: true,
        products: changes.productIds.length,
        pools: changes.pools,
        untrackedLicenses: changes.untrackedLicenses,
        releasedLicenses: changes.releasedLicenses,
        clearedAssignments: 0,
        enrolmentChanges: 0,
        asOf: now.toISOString(),
        skippedApps: changes.skipped,
        refundedApps: refunds.names,
        revokedLicenses: refunds.revokedLicenses,
        catalogAppsAdded: added,
      };
      await recordActivity(trx, actor, now, {
        action: 'account.sync',
        subject: { type: 'account', id: account.id, name: current.name },
        spaceId: current.spaceId,
        before: { status: current.status, untrackedLicenses: current.untrackedLicenses },
        after: result,
      });
      return result;
    });
  } catch (error) {
    await recordSyncFailure(ctx, account, error, ctx.clock.now());
    throw error;
  }
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
