/**
 * What a failed sync does to the account (R-T7, R-T10, R-T4), as domain/accountStatus.ts
 * decides it:
 * - a problem only an administrator can fix (a refused token, another product's claim) is
 *   recorded as the outbox and the expiry check record it (accounts.ts): `error` or
 *   `claimedElsewhere`, one `authError` alert with its remedy, and nothing retries until an
 *   administrator acts (renews the token, takes it over, syncs by hand);
 * - anything else (outage, rate limit) makes it `degraded`, raises `syncFailed` and retries
 *   with a growing delay.
 */
import type { StoreContext } from '../serviceContext.js';
import type { AccountTable } from '../../db/schema.js';
import { isAuthProblem, statusAfterFailure } from '../../domain/accountStatus.js';
import { StoreError } from '../../stores/connector.js';
import { systemActor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { presentAccount, recordAccountProblemIn } from '../accounts/accounts.js';
import { raiseNotification } from '../monitoring/notifications.js';

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
  const problem = storeError !== null && isAuthProblem(storeError.code) ? storeError.code : null;
  const subject = { type: 'account', id: account.id, name: account.name };
  await ctx.db.transaction(async (trx) => {
    const current = await trx
      .selectFrom('accounts')
      .selectAll()
      .where('tenantId', '=', account.tenantId)
      .where('id', '=', account.id)
      .executeTakeFirst();
    if (current === undefined || current.status === 'deleted') return;

    let after: AccountTable;
    if (problem !== null) {
      // Unchanged when the account already waits on this problem (a second failure).
      after = (await recordAccountProblemIn(trx, account, problem, now))?.after ?? current;
    } else {
      const change = statusAfterFailure(null);
      const delay = retryDelayMs(account, now, storeError?.retryAfterSeconds);
      const set = {
        status: change.status,
        statusReason: message,
        nextSyncAt: new Date(now.getTime() + delay).toISOString(),
        updatedAt: now.toISOString(),
      };
      await trx
        .updateTable('accounts')
        .set(set)
        .where('tenantId', '=', account.tenantId)
        .where('id', '=', account.id)
        .where('status', '!=', 'deleted')
        .execute();
      after = { ...current, ...set };
      await raiseNotification(
        trx,
        account.tenantId,
        {
          ...change.raises!,
          subject,
          spaceId: account.spaceId,
          message: `${account.name}: the last sync failed (${message}); it will be retried`,
          remedy: null,
        },
        now,
      );
    }
    await recordActivity(trx, systemActor(account.tenantId), now, {
      action: 'account.sync.fail',
      subject,
      spaceId: account.spaceId,
      before: { status: current.status },
      after: {
        ...presentAccount(after),
        error: storeError?.code ?? 'internal',
        ...(problem !== null && { storeMessage: message }),
      },
    });
  });
}
