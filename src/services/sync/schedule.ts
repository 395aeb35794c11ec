/**
 * R-T7: every account syncs on its schedule (default twice a day), fully at least once a day
 * (Apple's deltas do not report removals). Several processes may run the schedule: each due
 * account's slot is claimed with a guarded update, so only one of them queues its sync.
 */
import type { ServiceContext } from '../serviceContext.js';
import { canSync, statusesThat } from '../../domain/accountStatus.js';
import { queueAccountSync } from './queueSync.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Accounts that wait for an administrator, or are gone, are not scheduled. */
const NOT_SCHEDULED = statusesThat((status) => !canSync(status, 'automatic'));

/** Queues the syncs that are due at `now`; returns how many were queued. */
export async function scheduleDueSyncs(ctx: ServiceContext, now: Date): Promise<number> {
  const db = ctx.db.kysely;
  const due = await db
    .selectFrom('accounts')
    .select([
      'id',
      'tenantId',
      'nextSyncAt',
      'syncIntervalMinutes',
      'lastFullSyncAt',
      'firstSyncDone',
    ])
    // ISV subscriptions have no store to sync with.
    .where('store', 'in', ['apple', 'microsoft'])
    .where('status', 'not in', NOT_SCHEDULED)
    .where('nextSyncAt', 'is not', null)
    .where('nextSyncAt', '<=', now.toISOString())
    .orderBy('nextSyncAt')
    .execute();
  let queued = 0;
  for (const account of due) {
    const claimed = await db.transaction().execute(async (trx) => {
      const slot = await trx
        .updateTable('accounts')
        .set({
          nextSyncAt: new Date(now.getTime() + account.syncIntervalMinutes * 60_000).toISOString(),
        })
        .where('tenantId', '=', account.tenantId)
        .where('id', '=', account.id)
        .where('nextSyncAt', '=', account.nextSyncAt)
        .where('status', 'not in', NOT_SCHEDULED)
        .executeTakeFirst();
      if (Number(slot.numUpdatedRows) !== 1) return false;
      const lastFull = account.lastFullSyncAt ?? null;
      const full =
        account.firstSyncDone === 0 ||
        lastFull === null ||
        now.getTime() - Date.parse(lastFull) >= DAY_MS;
      await queueAccountSync(trx, account, full, now);
      return true;
    });
    if (claimed) queued += 1;
  }
  return queued;
}
