/** R-T7: an account shows `syncing` while its sync runs. */
import type { StoreContext } from '../serviceContext.js';
import type { AccountTable } from '../../db/schema.js';

/** Marks the account `syncing`; false when it was deleted or claimed elsewhere meanwhile. */
export async function markSyncing(
  ctx: Pick<StoreContext, 'db'>,
  account: AccountTable,
  at: Date,
): Promise<boolean> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('accounts')
      .set({ status: 'syncing', lastSyncAttemptAt: at.toISOString() })
      .where('tenantId', '=', account.tenantId)
      .where('id', '=', account.id)
      .where('status', 'not in', ['deleted', 'claimedElsewhere'])
      .executeTakeFirst();
    return Number(marked.numUpdatedRows) === 1;
  });
}
