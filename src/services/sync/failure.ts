/**
 * What a failed sync does to the account (R-T7, R-T10, R-T4):
 * - an authentication problem puts it in `error` with an `authError` alert and its remedy, and
 *   nothing retries until an administrator acts (renews the token, syncs by hand);
 * - another product holding the token puts it in `claimedElsewhere`;
 * - anything else (outage, rate limit) makes it `degraded`, raises `syncFailed` and retries
 *   with a growing delay.
 */
import type { StoreContext } from '../serviceContext.js';
import type { AccountTable } from '../../db/schema.js';
import { authProblemFor } from '../../domain/tokenExpiry.js';
import { StoreError } from '../../stores/connector.js';
import { systemActor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { presentAccount } from '../accounts/accounts.js';
import { clearNotifications, raiseNotification } from '../monitoring/notifications.js';

const MIN_RETRY_MS = 60_000;
const MAX_RETRY_MS = 60 * 60_000;

/**
 * The wait before the next attempt: doubling the time since the previous failed attempt (one
 * minute after the first), at most an hour or one interval, and never before Retry-After.
 */
export function retryDelayMs(account: AccountTable, now: Date, retryAfterSeconds?: number): number {
  const sincePrevious =
    account.status === 'degraded' && account.lastSyncAttemptAt !== null
      ? now.getTime() - Date.parse(account.lastSyncAttemptAt)
      : 0;
  const cap = Math.min(MAX_RETRY_MS, account.syncIntervalMinutes * 60_000);
  const delay = Math.min(cap, Math.max(MIN_RETRY_MS, 2 * sincePrevious));
  return Math.max(delay, (retryAfterSeconds ?? 0) * 1000);
}

/** Records why the sync of `account` (as it was before the sync started) failed. */
export async function recordSyncFailure(
  ctx: StoreContext,
  account: AccountTable,
  error: unknown,
  now: Date,
): Promise<void> {
  const storeError = error instanceof StoreError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  const subject = { type: 'account', id: account.id, name: account.name };
  const actor = systemActor(account.tenantId);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('accounts')
      .selectAll()
      .where('tenantId', '=', account.tenantId)
      .where('id', '=', account.id)
      .executeTakeFirst();
    if (current === undefined || current.status === 'deleted') return;

    let change: Partial<AccountTable>;
    const problem = storeError?.authProblem;
    if (problem !== undefined) {
      const { message: what, remedy } = authProblemFor(account.store, problem);
      change = { status: 'error', authProblem: problem, statusReason: what, nextSyncAt: null };
      if (account.authProblem !== problem) {
        await clearNotifications(
          trx,
          account.tenantId,
          { kind: 'authError', subjectId: account.id },
          now,
        );
      }
      await raiseNotification(
        trx,
        account.tenantId,
        {
          kind: 'authError',
          severity: 'alert',
          subject,
          spaceId: account.spaceId,
          message: `${account.name}: ${what}`,
          remedy,
        },
        now,
      );
    } else if (storeError?.code === 'claimedElsewhere') {
      change = { status: 'claimedElsewhere', statusReason: message, nextSyncAt: null };
      await raiseNotification(
        trx,
        account.tenantId,
        {
          kind: 'syncFailed',
          severity: 'alert',
          subject,
          spaceId: account.spaceId,
          message: `${account.name}: another management product has taken this location over`,
          remedy:
            'Confirm a takeover to manage the location here again, or remove the account. ' +
            'Using one token in two products loses assignments.',
        },
        now,
      );
    } else {
      const delay = retryDelayMs(account, now, storeError?.retryAfterSeconds);
      change = {
        status: 'degraded',
        statusReason: message,
        nextSyncAt: new Date(now.getTime() + delay).toISOString(),
      };
      await raiseNotification(
        trx,
        account.tenantId,
        {
          kind: 'syncFailed',
          severity: 'warning',
          subject,
          spaceId: account.spaceId,
          message: `${account.name}: the last sync failed (${message}); it will be retried`,
          remedy: null,
        },
        now,
      );
    }
    await trx
      .updateTable('accounts')
      .set({ ...change, updatedAt: now.toISOString() })
      .where('tenantId', '=', account.tenantId)
      .where('id', '=', account.id)
      .where('status', '!=', 'deleted')
      .execute();
    await recordActivity(trx, actor, now, {
      action: 'account.sync.fail',
      subject,
      spaceId: account.spaceId,
      before: { status: current.status },
      after: {
        ...presentAccount({ ...current, ...change }),
        error: storeError?.code ?? 'internal',
      },
    });
  });
}
