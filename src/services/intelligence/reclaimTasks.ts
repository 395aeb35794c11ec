import type { StoreContext } from '../serviceContext.js';
import { nextRunAt } from '../../domain/reclaim.js';
import { runReclaimPolicy } from './reclaim.js';
import { policyOf } from './reclaimPolicy.js';
import { sweepWaitlist } from './waitlist.js';

/** Policies run per minute at most: the rest are due still and run at the next minute. */
const POLICIES_PER_RUN = 20;

/**
 * The periodic work of idle licence reclaim (R-X3) and the waitlist (R-X4): run about once a
 * minute by the worker; each part decides for itself whether it is due.
 * - every enabled policy whose next run has come reclaims its space's idle licences;
 * - the waitlist's sweep drops devices that left their queues and serves queues with a seat.
 * One policy failing does not stop the others nor the sweep; the first failure is thrown after.
 */
export async function runReclaimTasks(ctx: StoreContext, now: Date): Promise<void> {
  const due = await ctx.db.kysely
    .selectFrom('reclaimPolicies')
    .selectAll()
    .where('enabled', '=', 1)
    .where('nextRunAt', '<=', now.toISOString())
    .orderBy('nextRunAt')
    .limit(POLICIES_PER_RUN)
    .execute();
  const failures: unknown[] = [];
  for (const policy of due) {
    // Claimed by moving its next run on: of two processes, one runs it (a guarded update).
    const claimed = await ctx.db.kysely
      .updateTable('reclaimPolicies')
      .set({ nextRunAt: nextRunAt(policyOf(policy), now).toISOString() })
      .where('id', '=', policy.id)
      .where('nextRunAt', '=', policy.nextRunAt)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) continue;
    try {
      const { reclaimed } = await runReclaimPolicy(ctx, policy, now);
      if (reclaimed > 0) {
        ctx.logger.info({ spaceId: policy.spaceId, reclaimed }, 'idle licences reclaimed');
      }
    } catch (error) {
      ctx.logger.error({ err: error, spaceId: policy.spaceId }, 'reclaim policy failed');
      failures.push(error);
    }
  }
  try {
    await sweepWaitlist(ctx.db, now);
  } catch (error) {
    failures.push(error);
  }
  if (failures.length > 0) throw failures[0];
}
