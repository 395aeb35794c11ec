/**
 * R-M6: sends due webhook deliveries. Each is a POST of the stored JSON body, signed with the
 * webhook's secret (`X-Allot-Signature: sha256=<hex HMAC-SHA256 of the raw body>`) and named
 * by `X-Allot-Event` and `X-Allot-Delivery`. A 2xx answer delivers it; anything else (another
 * status, a redirect, a network error, a timeout) retries it with exponential backoff — 30 s
 * doubling up to 1 h — until the 10th attempt fails for good.
 *
 * A delivery is claimed with a guarded update (its state, attempts and due time must still be
 * those read), so two processes never send it at once; the claim is a lease: a process that
 * dies mid-send leaves the row to be claimed again once the lease ends.
 */
import { createHmac } from 'node:crypto';
import type { StoreContext } from '../services/serviceContext.js';
import type { WebhookDeliveryTable } from '../db/schema.js';
import { decryptSecret } from '../services/access/secrets.js';
import { VERSION } from '../version.js';

export const MAX_DELIVERY_ATTEMPTS = 10;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;
/** Longer than any send may take, so a lease only ends when its process is gone. */
const LEASE_MS = 5 * 60_000;

export interface DeliveryOptions {
  /** Deliveries taken in one call. */
  limit?: number;
  /** Per request. */
  timeoutMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

export interface DeliveryReport {
  delivered: number;
  retried: number;
  failed: number;
}

/** The wait before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min… 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** `sha256=<hex>`: the HMAC-SHA256 of the raw body with the webhook's secret. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function claim(ctx: StoreContext, row: WebhookDeliveryTable): Promise<number | null> {
  const attempts = row.attempts + 1;
  const leaseUntil = new Date(ctx.clock.now().getTime() + LEASE_MS).toISOString();
  const result = await ctx.db.kysely
    .updateTable('webhookDeliveries')
    .set({ state: 'sending', attempts, nextAttemptAt: leaseUntil })
    .where('id', '=', row.id)
    .where('state', '=', row.state)
    .where('attempts', '=', row.attempts)
    .where('nextAttemptAt', '=', row.nextAttemptAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? attempts : null;
}

/** Sends one delivery; returns the HTTP status, or null when no answer came. */
async function send(
  ctx: StoreContext,
  row: WebhookDeliveryTable,
  timeoutMs: number,
): Promise<number | null | 'gone'> {
  const hook = await ctx.db.kysely
    .selectFrom('webhooks')
    .select(['url', 'secretEncrypted'])
    .where('tenantId', '=', row.tenantId)
    .where('id', '=', row.webhookId)
    .executeTakeFirst();
  if (hook === undefined) return 'gone';
  const secret = decryptSecret(ctx.secretKey, hook.secretEncrypted);
  try {
    const response = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': `Allot/${VERSION}`,
        'x-allot-event': row.event,
        'x-allot-delivery': row.id,
        'x-allot-signature': signature(secret, row.payload),
      },
      body: row.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.status;
  } catch (error) {
    ctx.logger.debug({ err: error, deliveryId: row.id }, 'webhook delivery got no answer');
    return null;
  }
}

async function deliverOne(
  ctx: StoreContext,
  row: WebhookDeliveryTable,
  timeoutMs: number,
  report: DeliveryReport,
): Promise<void> {
  const attempts = await claim(ctx, row);
  if (attempts === null) return;
  const status = await send(ctx, row, timeoutMs);
  const ok = typeof status === 'number' && status >= 200 && status < 300;
  const giveUp = status === 'gone' || attempts >= MAX_DELIVERY_ATTEMPTS;
  const state = ok ? 'delivered' : giveUp ? 'failed' : 'pending';
  const next =
    ok || giveUp ? ctx.clock.now() : new Date(ctx.clock.now().getTime() + retryDelayMs(attempts));
  // Guarded by the claim: a process whose lease ran out does not overwrite a newer attempt.
  const done = await ctx.db.kysely
    .updateTable('webhookDeliveries')
    .set({
      state,
      nextAttemptAt: next.toISOString(),
      lastStatus: typeof status === 'number' ? status : null,
    })
    .where('id', '=', row.id)
    .where('state', '=', 'sending')
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) return;
  if (state === 'delivered') report.delivered += 1;
  else if (state === 'failed') report.failed += 1;
  else report.retried += 1;
}

/** Sends the deliveries that are due (oldest first); returns what became of them. */
export async function deliverWebhooks(
  ctx: StoreContext,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const { limit = 100, timeoutMs = 10_000, concurrency = 4 } = options;
  const due = await ctx.db.kysely
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('state', 'in', ['pending', 'sending'])
    .where('nextAttemptAt', '<=', ctx.clock.now().toISOString())
    .orderBy('nextAttemptAt')
    .orderBy('id')
    .limit(limit)
    .execute();
  const report: DeliveryReport = { delivered: 0, retried: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const row = due[next++]!;
      await deliverOne(ctx, row, timeoutMs, report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return report;
}

/** When the next delivery that is not due yet falls due (a retry, or a lease ending); or null. */
export async function nextWebhookAttempt(ctx: StoreContext): Promise<Date | null> {
  const row = await ctx.db.kysely
    .selectFrom('webhookDeliveries')
    .select((eb) => eb.fn.min<string>('nextAttemptAt').as('at'))
    .where('state', 'in', ['pending', 'sending'])
    .where('nextAttemptAt', '>', ctx.clock.now().toISOString())
    .executeTakeFirst();
  return typeof row?.at === 'string' ? new Date(row.at) : null;
}
