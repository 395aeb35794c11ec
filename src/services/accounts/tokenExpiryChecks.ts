/**
 * R-T10: token expiry is warned 30, 15, 7 and 1 days ahead (notification `tokenExpiring`, with
 * the remedy); an expired token is the `tokenExpired` problem, recorded as a sync or the outbox
 * would record it (accounts.ts): `error` with an `authError` alert. Each step is claimed with
 * a guarded update, so several processes raise it once.
 */
import type { ServiceContext } from '../serviceContext.js';
import { expiringTokenRemedy, hasProblem } from '../../domain/accountStatus.js';
import { dueExpiryWarning, isTokenExpired } from '../../domain/tokenExpiry.js';
import { systemActor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { clearNotifications, raiseNotification } from '../monitoring/notifications.js';
import { recordAccountProblemIn } from './accounts.js';

export async function checkTokenExpiries(
  ctx: ServiceContext,
  now: Date,
): Promise<{ warned: number; expired: number }> {
  const accounts = await ctx.db.kysely
    .selectFrom('accounts')
    .selectAll()
    .where('store', '=', 'apple')
    .where('status', '!=', 'deleted')
    .where('tokenExpiresAt', 'is not', null)
    .execute();
  let warned = 0;
  let expired = 0;
  for (const account of accounts) {
    const expiresAt = new Date(account.tokenExpiresAt!);
    const subject = { type: 'account', id: account.id, name: account.name };
    if (isTokenExpired(expiresAt, now)) {
      if (hasProblem(account, 'tokenExpired')) continue;
      const done = await ctx.db.transaction(async (trx) => {
        const recorded = await recordAccountProblemIn(trx, account, 'tokenExpired', now);
        if (recorded === null) return false;
        await recordActivity(trx, systemActor(account.tenantId), now, {
          action: 'account.token.expire',
          subject,
          spaceId: account.spaceId,
          before: { status: recorded.before.status },
          after: { status: recorded.after.status, authProblem: recorded.after.authProblem },
        });
        return true;
      });
      if (done) expired += 1;
      continue;
    }

    const sent = JSON.parse(account.expiryWarningsSent) as number[];
    const warning = dueExpiryWarning(expiresAt, now, sent);
    if (warning === null) continue;
    const done = await ctx.db.transaction(async (trx) => {
      const claimed = await trx
        .updateTable('accounts')
        .set({ expiryWarningsSent: JSON.stringify([...sent, warning.days]) })
        .where('tenantId', '=', account.tenantId)
        .where('id', '=', account.id)
        .where('expiryWarningsSent', '=', account.expiryWarningsSent)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      // The closer step replaces the earlier one: one expiry, one notification.
      await clearNotifications(
        trx,
        account.tenantId,
        { kind: 'tokenExpiring', subjectId: account.id },
        now,
      );
      const day = expiresAt.toISOString().slice(0, 10);
      await raiseNotification(
        trx,
        account.tenantId,
        {
          kind: 'tokenExpiring',
          severity: warning.severity,
          subject,
          spaceId: account.spaceId,
          threshold: warning.days,
          message:
            `${account.name}: the store token expires in ${warning.daysLeft} ` +
            `day${warning.daysLeft === 1 ? '' : 's'} (${day})`,
          remedy: expiringTokenRemedy(),
        },
        now,
      );
      return true;
    });
    if (done) warned += 1;
  }
  return { warned, expired };
}
