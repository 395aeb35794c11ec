/**
 * R-V8: the outbox worker's entry. Store calls recorded with ledger changes (enqueue.ts, which
 * says why their order is commit order) are claimed per account, in that order, with a lease
 * (claim.ts), planned into batches that keep the order the store cares about (plan.ts), sent
 * (send.ts) and closed with the store's answer (outcomes.ts), all in services/outbox/.
 */
import type { OutboxRow } from '../db/schema.js';
import type { StoreContext } from '../services/serviceContext.js';
import { claimAccountCalls, dueAccounts, nextClaimAt } from '../services/outbox/claim.js';
import { handBackClaimed } from '../services/outbox/leases.js';
import {
  emptyDrainResult,
  type DrainOptions,
  type DrainResult,
} from '../services/outbox/policy.js';
import { sendClaimed } from '../services/outbox/send.js';

export interface OutboxDrainOptions extends DrainOptions {
  /** The process's record of the rows it holds, so that stopping can hand them back. */
  claims?: OutboxClaims;
}

/**
 * The outbox rows this process has claimed and not closed yet. A process that stops while it
 * sends hands them back (`pending`, due now) instead of leaving them `sending` until their
 * lease ends (2 minutes): another process, or this one's next start, sends them at once. Once
 * handing back has begun, drains claim nothing more.
 */
export class OutboxClaims {
  private readonly held = new Set<{ tenantId: string; rows: readonly OutboxRow[] }>();
  private stopping = false;

  /** True once stopping has begun: drains claim nothing more. */
  isStopping(): boolean {
    return this.stopping;
  }

  /** Stops new claims: drains in progress finish the account they are sending. */
  stop(): void {
    this.stopping = true;
  }

  /** Stops new claims and hands back every row still held; returns how many went back. */
  async handBack(ctx: StoreContext): Promise<number> {
    this.stopping = true;
    let count = 0;
    for (const entry of [...this.held]) {
      this.held.delete(entry);
      count += await handBackHeld(ctx, entry.tenantId, entry.rows);
    }
    return count;
  }

  /** Sends claimed rows while recording them as held; hands them back at once when stopping. */
  async send(ctx: StoreContext, tenantId: string, rows: OutboxRow[], send: () => Promise<void>) {
    const entry = { tenantId, rows };
    if (this.stopping) {
      await handBackHeld(ctx, tenantId, rows);
      return;
    }
    this.held.add(entry);
    try {
      await send();
    } finally {
      this.held.delete(entry);
    }
  }
}

/** Rows claimed together share their first lease; the sender only ever renews it later. */
async function handBackHeld(
  ctx: StoreContext,
  tenantId: string,
  rows: readonly OutboxRow[],
): Promise<number> {
  const since = rows[0]?.leaseUntil ?? null;
  if (since === null) return 0;
  return handBackClaimed(
    ctx,
    tenantId,
    rows.map((r) => r.id),
    since,
  );
}

/** Sends every due store call once; outcomes.ts says what each answer does. */
export async function drainOutbox(
  ctx: StoreContext,
  options: OutboxDrainOptions = {},
): Promise<DrainResult> {
  const result = emptyDrainResult();
  const claims = options.claims;
  if (claims?.isStopping() === true) return result;
  const accounts = await dueAccounts(ctx, options.maxAccounts ?? 200);
  await forEachLimited(accounts, options.concurrency ?? 4, async (account) => {
    if (claims?.isStopping() === true) return;
    try {
      const rows = await claimAccountCalls(ctx, account, options);
      if (rows.length === 0) return;
      const send = () => sendClaimed(ctx, { ...account, rows }, options, result);
      await (claims === undefined ? send() : claims.send(ctx, account.tenantId, rows, send));
    } catch (error) {
      // Rows left `sending` are taken up again when their lease ends; other accounts go on.
      // A process that is stopping has handed them back and closed its database under the send.
      ctx.logger[claims?.isStopping() === true ? 'warn' : 'error'](
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
