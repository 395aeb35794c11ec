/**
 * R-T5, R-T7: one sync of a store account, through the pipeline every store shares
 * (pipeline.ts): Apple here, Microsoft in microsoft.ts (ISV subscriptions have no store).
 * Apple's snapshot is applied to the ledger by appleApply.ts.
 */
import type { StoreContext } from '../serviceContext.js';
import type { AccountTable } from '../../db/schema.js';
import { StoreError, type StoreConnector, type StoreProductInfo } from '../../stores/connector.js';
import { canSync, type StoredAccountStatus } from '../../domain/accountStatus.js';
import { applyToLedger, type StoreSnapshot } from './appleApply.js';
import { syncMicrosoftAccount } from './microsoft.js';
import { runSync, type StoreSync } from './pipeline.js';
import { skipped, type SyncOptions, type SyncResult } from './result.js';

export type { SkippedApp, SyncOptions, SyncResult } from './result.js';
import { applyStoreUserStatuses } from './storeUsers.js';
import { connectorFor } from '../accounts/connections.js';

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
  // Whoever queued it, a claimed token syncs nothing until the takeover (R-T4).
  if (!canSync(account.status as StoredAccountStatus, 'administrator')) {
    return skipped(accountId, 'claimedElsewhere');
  }
  if (account.store === 'microsoft') return syncMicrosoftAccount(ctx, account, options);
  if (account.store !== 'apple') return skipped(accountId, 'noStoreConnection');

  const full =
    options.full === true || account.firstSyncDone === 0 || account.assignmentsVersionId === null;
  return runSync(ctx, account, appleSync(ctx, account, full), progress);
}

/** Apple's part of the pipeline: its reads, and its snapshot applied once per version. */
function appleSync(
  ctx: StoreContext,
  account: AccountTable,
  full: boolean,
): StoreSync<StoreSnapshot> {
  return {
    read: (progress) => readStore(ctx, connectorFor(ctx, account), account, full, progress),
    async apply(trx, current, snapshot, { actor, now }) {
      // A delta applies once: if another sync applied a newer version meanwhile, this one
      // would count the same new assignments twice. Claiming the version first settles it.
      const claimed = await trx
        .updateTable('accounts')
        .set({
          assignmentsVersionId: snapshot.assignmentsVersionId ?? current.assignmentsVersionId,
        })
        .where('id', '=', current.id)
        .$if(!snapshot.fullAssignments, (q) =>
          q.where((eb) =>
            account.assignmentsVersionId === null
              ? eb('assignmentsVersionId', 'is', null)
              : eb('assignmentsVersionId', '=', account.assignmentsVersionId),
          ),
        )
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return 'superseded';
      const changes = await applyToLedger(trx, ctx.db.dialect, current, snapshot, now);
      const enrolled = await applyStoreUserStatuses(trx, actor, current, snapshot.users, now);
      return {
        productIds: changes.productIds,
        account: {
          usersVersionId: snapshot.usersVersionId ?? current.usersVersionId,
          ...(snapshot.fullAssignments && { lastFullSyncAt: now.toISOString() }),
        },
        result: {
          full: snapshot.fullAssignments,
          products: snapshot.assets.length,
          pools: changes.pools,
          untrackedLicenses: changes.untrackedLicenses,
          releasedLicenses: changes.releasedLicenses,
          clearedAssignments: changes.clearedAssignments,
          enrolmentChanges: enrolled.length,
        },
      };
    },
  };
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
    assignmentsSettled: assignments.settled !== false,
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
