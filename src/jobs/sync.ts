/**
 * The jobs and schedules of store accounts (R-T7, R-T10): the `account.sync` job handler, the
 * sync schedule (call every minute) and the token expiry checks (call every hour).
 */
import { ACCOUNT_SYNC_JOB, type AccountSyncPayload } from '../services/accountJobs.js';
import { syncAccount } from '../services/syncAccount.js';
import type { JobHandler } from './runner.js';

export { scheduleDueSyncs } from '../services/syncSchedule.js';
export { checkTokenExpiries } from '../services/tokenExpiryChecks.js';

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
