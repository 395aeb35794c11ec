/**
 * The jobs and schedules of store accounts (R-T7, R-T10): the `account.sync` job handler, the
 * sync schedule (call every minute) and the token expiry checks (call every hour).
 */
import { ACCOUNT_SYNC_JOB, type AccountSyncPayload } from '../services/sync/queueSync.js';
import { syncAccount } from '../services/sync/syncAccount.js';
import type { JobHandler } from './runner.js';

export { scheduleDueSyncs } from '../services/sync/schedule.js';
export { checkTokenExpiries } from '../services/accounts/tokenExpiryChecks.js';

export const syncJobHandlers: Record<string, JobHandler> = {
  [ACCOUNT_SYNC_JOB]: async (ctx, job) => {
    const payload = job.payload as Partial<AccountSyncPayload>;
    if (typeof payload.accountId !== 'string') throw new Error('account.sync needs an accountId');
    return syncAccount(ctx, payload.accountId, {
      full: payload.full === true,
      progress: (percent) => job.progress(percent),
    });
  },
};
