import type { StoreContext } from '../serviceContext.js';

/**
 * The periodic work of the usage history (R-X1), forecasts (R-X2) and drift checks (R-X7):
 * run about once a minute by the worker; each part decides for itself whether it is due.
 */
export async function runHistoryTasks(ctx: StoreContext, now: Date): Promise<void> {
  void ctx;
  void now;
}
