/** R-T7: an account shows `syncing` while its sync runs. */
import type { StoreContext } from '../serviceContext.js';
import type { AccountTable } from '../../db/schema.js';
import { canSync, statusesThat } from '../../domain/accountStatus.js';

/** Statuses no sync may run from, even one an administrator asked for. */
const NEVER_SYNCED = statusesThat((status) => !canSync(status, 'administrator'));

/** Marks the account `syncing`; false when it was deleted or claimed elsewhere meanwhile. */
export async function markSyncing(
  ctx: Pick<StoreContext, 'db'>,
  account: AccountTable,
  at: Date,
): Promise<boolean> {
  return ctx.db.transaction(async (trx) => {
    const marked = await trx
      .updateTable('accounts')
      .set({ status: 'syncing', lastSyncAttemptAt: at.toISOString() })
      .where('tenantId', '=', account.tenantId)
      .where('id', '=', account.id)
      .where('status', 'not in', NEVER_SYNCED)
      .executeTakeFirst();
    return Number(marked.numUpdatedRows) === 1;
  });
}
