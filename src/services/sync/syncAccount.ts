/**
 * R-T5, R-T7: one sync of a store account: Apple here, Microsoft in microsoft.ts (ISV
 * subscriptions have no store). For Apple, the store is read first, outside any transaction;
 * then one transaction applies it to the ledger (appleApply.ts), marks the account healthy and
 * re-evaluates usage notifications. A failure is recorded by failure.ts and rethrown, so
 * the job that ran the sync fails with the store's message.
 */
import type { StoreContext } from '../serviceContext.js';
import type { AccountTable } from '../../db/schema.js';
import { StoreError, type StoreConnector, type StoreProductInfo } from '../../stores/connector.js';
import { systemActor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { clearNotifications } from '../monitoring/notifications.js';
import { applyToLedger, type StoreSnapshot } from './appleApply.js';
import { recordSyncFailure } from './failure.js';
import { syncMicrosoftAccount } from './microsoft.js';
import { skipped, type SyncOptions, type SyncResult } from './result.js';
import { markSyncing } from './status.js';

export type { SkippedApp, SyncOptions, SyncResult } from './result.js';
import { applyStoreUserStatuses } from './storeUsers.js';
import { connectorFor } from '../accounts/connections.js';
import { evaluateUsageNotifications } from '../ledger/usageEvaluation.js';

/** Apple answers 9721 to a sinceVersionId it no longer knows: read everything instead. */
function isStaleVersion(error: unknown): boolean {
  return error instanceof StoreError && error.storeErrorNumber === 9721;
}

export async function syncAccount(
  ctx: StoreContext,
  accountId: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const progress = options.progress ?? (async () => undefined);
  const account = await ctx.db.kysely
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (account === undefined || account.status === 'deleted') return skipped(accountId, 'deleted');
  if (account.status === 'claimedElsewhere') return skipped(accountId, 'claimedElsewhere');
  if (account.store === 'microsoft') return syncMicrosoftAccount(ctx, account, options);
  if (account.store !== 'apple') return skipped(accountId, 'noStoreConnection');

  const started = ctx.clock.now();
  if (!(await markSyncing(ctx, account, started))) return skipped(accountId, 'deleted');
  const full =
    options.full === true || account.firstSyncDone === 0 || account.assignmentsVersionId === null;
  try {
    const snapshot = await readStore(ctx, connectorFor(ctx, account), account, full, progress);
    await progress(75);
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const current = await trx
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow();
      if (current.status === 'deleted') return skipped(accountId, 'deleted');
      // A delta applies once: if another sync applied a newer version meanwhile, this one
      // would count the same new assignments twice. Claiming the version first settles it.
      const claimed = await trx
        .updateTable('accounts')
        .set({
          assignmentsVersionId: snapshot.assignmentsVersionId ?? current.assignmentsVersionId,
        })
        .where('id', '=', accountId)
        .$if(!snapshot.fullAssignments, (q) =>
          q.where((eb) =>
            account.assignmentsVersionId === null
              ? eb('assignmentsVersionId', 'is', null)
              : eb('assignmentsVersionId', '=', account.assignmentsVersionId),
          ),
        )
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        await trx
          .updateTable('accounts')
          .set({ status: 'healthy' })
          .where('id', '=', accountId)
          .where('status', '=', 'syncing')
          .execute();
        return skipped(accountId, 'superseded');
      }
      const changes = await applyToLedger(trx, ctx.db.dialect, current, snapshot, now);
      const actor = systemActor(account.tenantId);
      const enrolled = await applyStoreUserStatuses(trx, actor, current, snapshot.users, now);
      await trx
        .updateTable('accounts')
        .set({
          status: 'healthy',
          statusReason: null,
          authProblem: null,
          lastSyncAt: now.toISOString(),
          ...(snapshot.fullAssignments && { lastFullSyncAt: now.toISOString() }),
          nextSyncAt: new Date(now.getTime() + current.syncIntervalMinutes * 60_000).toISOString(),
          firstSyncDone: 1,
          usersVersionId: snapshot.usersVersionId ?? current.usersVersionId,
          untrackedLicenses: changes.untrackedLicenses,
          updatedAt: now.toISOString(),
        })
        .where('id', '=', accountId)
        .where('status', '!=', 'deleted')
        .execute();
      for (const kind of ['syncFailed', 'authError'] as const) {
        await clearNotifications(trx, account.tenantId, { kind, subjectId: accountId }, now);
      }
      await evaluateUsageNotifications(trx, account.tenantId, changes.productIds, now);
      const result: SyncResult = {
        accountId,
        outcome: 'synced',
        full: snapshot.fullAssignments,
        products: snapshot.assets.length,
        pools: changes.pools,
        untrackedLicenses: changes.untrackedLicenses,
        releasedLicenses: changes.releasedLicenses,
        clearedAssignments: changes.clearedAssignments,
        enrolmentChanges: enrolled.length,
        asOf: now.toISOString(),
      };
      await recordActivity(trx, actor, now, {
        action: 'account.sync',
        subject: { type: 'account', id: accountId, name: current.name },
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

/**
 * Reads assets (always in full: Apple ignores sinceVersionId there), product metadata,
 * assignments and users (in full, or since the versions of the last sync).
 */
async function readStore(
  ctx: StoreContext,
  connector: StoreConnector,
  account: AccountTable,
  full: boolean,
  progress: (percent: number) => Promise<void>,
): Promise<StoreSnapshot> {
  const assets = await connector.listAssets();
  await progress(20);
  const products = await lookup(ctx, connector, [
    ...new Set(assets.items.map((a) => a.storeProductId)),
  ]);
  await progress(35);
  const assignments = await connector
    .listAssignments(full ? {} : { sinceVersionId: account.assignmentsVersionId })
    .catch(async (error: unknown) => {
      if (full || !isStaleVersion(error)) throw error;
      return connector.listAssignments({});
    });
  await progress(55);
  const enrolment = connector.enrolment;
  const since = full ? null : account.usersVersionId;
  const users =
    enrolment === undefined
      ? { items: [], versionId: null, delta: false }
      : await enrolment.listUsers({ sinceVersionId: since }).catch(async (error: unknown) => {
          if (since === null || !isStaleVersion(error)) throw error;
          return enrolment.listUsers({});
        });
  return {
    assets: assets.items,
    products,
    assignments: assignments.items,
    fullAssignments: !assignments.delta,
    assignmentsVersionId: assignments.versionId,
    users: users.items,
    usersVersionId: users.versionId,
  };
}

/** Names, versions and prices; a failed lookup keeps what the products already show. */
async function lookup(
  ctx: StoreContext,
  connector: StoreConnector,
  ids: string[],
): Promise<Map<string, StoreProductInfo>> {
  if (ids.length === 0) return new Map();
  try {
    const infos = await connector.lookupProducts(ids);
    return new Map(infos.map((i) => [i.storeProductId, i]));
  } catch (error) {
    ctx.logger.warn({ err: error }, 'product lookup failed; keeping the known product details');
    return new Map();
  }
}
