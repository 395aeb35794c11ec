/**
 * R-T5, R-T7: the one pipeline every store's sync runs through. The account is marked
 * `syncing`; the store is read first, outside any transaction; then one transaction applies
 * the snapshot to the ledger (what is store-specific), marks the account synced — healthy, its
 * schedule moved on, the notifications a success ends cleared (domain/accountStatus.ts) —,
 * notes the products whose pools moved (usage is evaluated once it commits, R-M5) and logs the
 * sync. A failure is recorded by failure.ts and rethrown, so the job that ran the sync fails
 * with the store's message.
 */
import type { Kysely } from 'kysely';
import type { AccountTable, Database } from '../../db/schema.js';
import { statusAfterSync } from '../../domain/accountStatus.js';
import { systemActor, type Actor } from '../access/actor.js';
import { noteUsageChange } from '../ledger/usageEvaluation.js';
import { recordActivity } from '../monitoring/activity.js';
import { clearNotifications } from '../monitoring/notifications.js';
import type { StoreContext } from '../serviceContext.js';
import { recordSyncFailure } from './failure.js';
import { skipped, type SyncResult } from './result.js';
import { markSyncing } from './status.js';
import { lockKeys } from '../../db/locks.js';

/** R-T7: what a successful sync does to the account's status and notifications. */
const SYNCED = statusAfterSync();

/** What applying a snapshot changed, and what the store-specific part adds to the account. */
export interface AppliedSnapshot {
  productIds: readonly string[];
  /** The account's columns this store sets besides the common ones (versions, status reason). */
  account: Partial<Pick<AccountTable, 'statusReason' | 'usersVersionId' | 'lastFullSyncAt'>>;
  result: Omit<SyncResult, 'accountId' | 'outcome' | 'asOf'>;
}

export interface StoreSync<Snapshot> {
  /** Reads the store, outside any transaction. */
  read(progress: (percent: number) => Promise<void>): Promise<Snapshot>;
  /**
   * Applies the snapshot in the sync's transaction to `current` (the account as it is now), or
   * returns why it was skipped (another sync applied newer changes meanwhile).
   */
  apply(
    trx: Kysely<Database>,
    current: AccountTable,
    snapshot: Snapshot,
    context: { actor: Actor; now: Date },
  ): Promise<AppliedSnapshot | NonNullable<SyncResult['reason']>>;
}

export async function runSync<Snapshot>(
  ctx: StoreContext,
  account: AccountTable,
  sync: StoreSync<Snapshot>,
  progress: (percent: number) => Promise<void>,
): Promise<SyncResult> {
  if (!(await markSyncing(ctx, account, ctx.clock.now()))) return skipped(account.id, 'deleted');
  try {
    const snapshot = await sync.read(progress);
    await progress(75);
    return await ctx.db.transaction(async (trx) => {
      // Applies of one tenant take turns (PostgreSQL; SQLite's transactions already do): they
      // upsert the tenant's shared products and users in the store's order, and two running at
      // once in different orders deadlock. The reads, the long part, still overlap.
      await lockKeys(trx, ctx.db.dialect, [`sync-apply:${account.tenantId}`]);
      const now = ctx.clock.now();
      const current = await trx
        .selectFrom('accounts')
        .selectAll()
        .where('tenantId', '=', account.tenantId)
        .where('id', '=', account.id)
        .executeTakeFirstOrThrow();
      if (current.status === 'deleted') return skipped(account.id, 'deleted');
      const actor = systemActor(account.tenantId);
      const applied = await sync.apply(trx, current, snapshot, { actor, now });
      if (typeof applied === 'string') {
        await trx
          .updateTable('accounts')
          .set({ status: 'healthy' })
          .where('id', '=', account.id)
          .where('status', '=', 'syncing')
          .execute();
        return skipped(account.id, applied);
      }
      await trx
        .updateTable('accounts')
        .set({
          status: SYNCED.status,
          statusReason: null,
          authProblem: SYNCED.authProblem ?? null,
          lastSyncAt: now.toISOString(),
          nextSyncAt: new Date(now.getTime() + current.syncIntervalMinutes * 60_000).toISOString(),
          firstSyncDone: 1,
          untrackedLicenses: applied.result.untrackedLicenses,
          updatedAt: now.toISOString(),
          ...applied.account,
        })
        .where('tenantId', '=', account.tenantId)
        .where('id', '=', account.id)
        .where('status', '!=', 'deleted')
        .execute();
      for (const kind of SYNCED.clears) {
        await clearNotifications(trx, account.tenantId, { kind, subjectId: account.id }, now);
      }
      await noteUsageChange(trx, account.tenantId, applied.productIds, now);
      const result: SyncResult = {
        accountId: account.id,
        outcome: 'synced',
        ...applied.result,
        asOf: now.toISOString(),
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
