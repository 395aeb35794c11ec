/**
 * R-T10: token expiry is warned 30, 15, 7 and 1 days ahead (notification `tokenExpiring`, with
 * the remedy); an expired token puts the account in `error` with an `authError` alert. Each
 * step is claimed with a guarded update, so several processes raise it once.
 */
import type { ServiceContext } from '../serviceContext.js';
import { AUTH_PROBLEMS, dueExpiryWarning, isTokenExpired } from '../../domain/tokenExpiry.js';
import { systemActor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { clearNotifications, raiseNotification } from '../monitoring/notifications.js';

const RENEW_REMEDY =
  'Renew the token: download a new token for this location from Apple Business Manager or ' +
  'Apple School Manager and upload it to the account (PUT /accounts/{id}/token).';

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
      if (account.authProblem === 'tokenExpired') continue;
      const { message, remedy } = AUTH_PROBLEMS.tokenExpired;
      const done = await ctx.db.kysely.transaction().execute(async (trx) => {
        const changed = await trx
          .updateTable('accounts')
          .set({
            status: 'error',
            authProblem: 'tokenExpired',
            statusReason: message,
            nextSyncAt: null,
            updatedAt: now.toISOString(),
          })
          .where('tenantId', '=', account.tenantId)
          .where('id', '=', account.id)
          .where('status', '!=', 'deleted')
          .where((eb) =>
            eb.or([eb('authProblem', 'is', null), eb('authProblem', '!=', 'tokenExpired')]),
          )
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) !== 1) return false;
        for (const kind of ['authError', 'tokenExpiring'] as const) {
          await clearNotifications(trx, account.tenantId, { kind, subjectId: account.id }, now);
        }
        await raiseNotification(
          trx,
          account.tenantId,
          {
            kind: 'authError',
            severity: 'alert',
            subject,
            spaceId: account.spaceId,
            message: `${account.name}: ${message}`,
            remedy,
          },
          now,
        );
        await recordActivity(trx, systemActor(account.tenantId), now, {
          action: 'account.token.expire',
          subject,
          spaceId: account.spaceId,
          before: { status: account.status },
          after: { status: 'error', authProblem: 'tokenExpired' },
        });
        return true;
      });
      if (done) expired += 1;
      continue;
    }

    const sent = JSON.parse(account.expiryWarningsSent) as number[];
    const warning = dueExpiryWarning(expiresAt, now, sent);
    if (warning === null) continue;
    const done = await ctx.db.kysely.transaction().execute(async (trx) => {
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
          remedy: RENEW_REMEDY,
        },
        now,
      );
      return true;
    });
    if (done) warned += 1;
  }
  return { warned, expired };
}
