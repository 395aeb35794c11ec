/**
 * R-V8: the outbox worker's entry. Store calls recorded with ledger changes (enqueue.ts, which
 * says why their order is commit order) are claimed per account, in that order, with a lease
 * (claim.ts), planned into batches that keep the order the store cares about (plan.ts), sent
 * (send.ts) and closed with the store's answer (outcomes.ts), all in services/outbox/.
 */
import type { StoreContext } from '../services/serviceContext.js';
import { claimAccountCalls, dueAccounts, nextClaimAt } from '../services/outbox/claim.js';
import {
  emptyDrainResult,
  type DrainOptions,
  type DrainResult,
} from '../services/outbox/policy.js';
import { sendClaimed } from '../services/outbox/send.js';

/** Sends every due store call once; outcomes.ts says what each answer does. */
export async function drainOutbox(
  ctx: StoreContext,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const result = emptyDrainResult();
  const accounts = await dueAccounts(ctx, options.maxAccounts ?? 200);
  await forEachLimited(accounts, options.concurrency ?? 4, async (account) => {
    try {
      const rows = await claimAccountCalls(ctx, account, options);
      if (rows.length > 0) await sendClaimed(ctx, { ...account, rows }, options, result);
    } catch (error) {
      // Rows left `sending` are taken up again when their lease ends; other accounts go on.
      ctx.logger.error(
        { err: error, accountId: account.accountId },
        'outbox: sending the calls of an account failed',
      );
    }
  });
  return result;
}

/**
 * When a call that cannot be sent now may next be sent: the earliest retry, or the end of a
 * sender's lease. Null when nothing waits. Calls due already are the next drain's business.
 */
export async function nextOutboxAttempt(ctx: StoreContext): Promise<Date | null> {
  return nextClaimAt(ctx);
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
