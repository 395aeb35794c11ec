/**
 * Syncs as jobs (R-T7): queued on demand ("sync now", "full resync"), by the schedule, by
 * store push notifications and after a token change; run by jobs/accountTasks.ts. Their state is
 * visible through GET /jobs/{id}.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { getAccountRow } from '../accounts/accounts.js';
import { enqueueJob, getJob, type Job } from '../queuedJobs.js';

export const ACCOUNT_SYNC_JOB = 'account.sync';

export interface AccountSyncPayload {
  accountId: string;
  /** Rebuild every count from the store instead of applying the changes since last time. */
  full: boolean;
}

/** Queues a sync of the account in the caller's transaction; returns the job's ID. */
export async function queueAccountSync(
  db: Kysely<Database>,
  account: { tenantId: string; id: string },
  full: boolean,
  at: Date,
): Promise<string> {
  const payload: AccountSyncPayload = { accountId: account.id, full };
  return enqueueJob(
    db,
    { tenantId: account.tenantId, kind: ACCOUNT_SYNC_JOB, subjectId: account.id, payload },
    at,
  );
}

/**
 * "Sync now" / "full resync" (R-T7). An account claimed by another product syncs nothing
 * until the takeover is confirmed (R-T4); an account in `error` may be synced by hand, since
 * an administrator asking is the action R-T10 waits for.
 */
export async function requestAccountSync(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  options: { full: boolean },
): Promise<{ jobId: string }> {
  return ctx.db.transaction(async (trx) => {
    const now = ctx.clock.now();
    const row = await getAccountRow(trx, actor, id);
    if (row.store === 'isv') {
      throw new ConflictError(
        'NO_STORE_CONNECTION',
        'An ISV subscription has no store to sync with: Allot is the ledger of its seats',
        { accountId: id },
      );
    }
    if (row.status === 'claimedElsewhere') {
      throw new ConflictError(
        'ACCOUNT_CLAIMED_ELSEWHERE',
        'Another management product holds this token; confirm a takeover (POST /accounts/{id}/claim) before syncing',
        { accountId: id },
      );
    }
    const jobId = await queueAccountSync(trx, row, options.full, now);
    await recordActivity(trx, actor, now, {
      action: 'account.sync.request',
      subject: { type: 'account', id, name: row.name },
      spaceId: row.spaceId,
      after: { jobId, full: options.full },
    });
    return { jobId };
  });
}

/** A job the actor may see: a space-scoped actor sees only the jobs of its space's accounts. */
export async function getJobOfActor(ctx: ServiceContext, actor: Actor, id: string): Promise<Job> {
  const job = await getJob(ctx, actor, id);
  if (actor.spaceId !== null) {
    const account =
      job.kind === ACCOUNT_SYNC_JOB && job.subjectId !== null
        ? await ctx.db.kysely
            .selectFrom('accounts')
            .select('spaceId')
            .where('tenantId', '=', actor.tenantId)
            .where('id', '=', job.subjectId)
            .executeTakeFirst()
        : undefined;
    if (account?.spaceId !== actor.spaceId) throw new NotFoundError('job', id);
  }
  return job;
}
