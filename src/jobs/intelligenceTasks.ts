/**
 * The minute's licence-intelligence work (R-X1–R-X4, R-X7), for the worker's loop and for the
 * pg-boss cron alike, and the notification e-mail digests. One part failing does not stop the other.
 */
import type { StoreContext } from '../services/serviceContext.js';
import { runHistoryTasks } from '../services/intelligence/historyTasks.js';
import { runReclaimTasks } from '../services/intelligence/reclaimTasks.js';
import { sendEmailDigests } from './emailDigests.js';

export async function runIntelligenceTasks(ctx: StoreContext, now: Date): Promise<void> {
  const results = await Promise.allSettled([
    runHistoryTasks(ctx, now),
    runReclaimTasks(ctx, now),
    sendEmailDigests(ctx),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
