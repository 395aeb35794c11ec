/**
 * R-V8: the leases of claimed outbox rows. A sender renews its lease while the store works, so
 * no other process takes the rows over; and when the database goes away under it (a restart,
 * a failover), it hands the rows back as soon as the database answers again, so that they go
 * out at the next drain rather than when the lease ends (2 minutes). A process that stops while
 * it sends hands its rows back in the same way (handBackClaimed).
 */
import type { StoreContext } from '../serviceContext.js';
import { isDatabaseUnavailable } from '../../db/database.js';
import { idChunks } from './idChunks.js';

export async function renewLease(
  ctx: StoreContext,
  tenantId: string,
  ids: readonly string[],
  until: string,
): Promise<void> {
  for (const part of idChunks(ids)) {
    await ctx.db.kysely
      .updateTable('outbox')
      .set({ leaseUntil: until })
      .where('tenantId', '=', tenantId)
      .where('id', 'in', part)
      .where('state', '=', 'sending')
      .execute();
  }
}

/**
 * Puts rows this sender still holds back to `pending`, due now, trying until the database
 * answers or `giveUpAtMs` (real time) passes; returns whether they were handed back. Only rows
 * whose lease is one this sender set are touched: once a lease has ended, another process may
 * hold the rows. The store may have carried some of the calls out already; sending them again
 * is a no-op there.
 */
export async function releaseAfterOutage(
  ctx: StoreContext,
  tenantId: string,
  ids: readonly string[],
  leases: readonly string[],
  giveUpAtMs: number,
): Promise<boolean> {
  for (let delayMs = 200; ; delayMs = Math.min(delayMs * 2, 5_000)) {
    try {
      const nowIso = ctx.clock.now().toISOString();
      for (const part of idChunks(ids)) {
        await ctx.db.kysely
          .updateTable('outbox')
          .set({ state: 'pending', leaseUntil: null, nextAttemptAt: nowIso })
          .where('tenantId', '=', tenantId)
          .where('id', 'in', part)
          .where('state', '=', 'sending')
          .where('leaseUntil', 'in', leases)
          .execute();
      }
      return true;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delayMs > giveUpAtMs) return false;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/**
 * Puts claimed rows back to `pending`, due now, when their sender stops before it is done.
 * Only rows still `sending` under a lease from `since` on are touched: the sender renews its
 * lease to later times only, and rows it has closed or deferred are no longer `sending`.
 * Returns how many rows went back.
 */
export async function handBackClaimed(
  ctx: StoreContext,
  tenantId: string,
  ids: readonly string[],
  since: string,
): Promise<number> {
  const nowIso = ctx.clock.now().toISOString();
  let count = 0;
  for (const part of idChunks(ids)) {
    const result = await ctx.db.kysely
      .updateTable('outbox')
      .set({ state: 'pending', leaseUntil: null, nextAttemptAt: nowIso })
      .where('tenantId', '=', tenantId)
      .where('id', 'in', part)
      .where('state', '=', 'sending')
      .where('leaseUntil', '>=', since)
      .executeTakeFirst();
    count += Number(result.numUpdatedRows);
  }
  return count;
}
