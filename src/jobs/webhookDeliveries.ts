/**
 * R-M6: sends due webhook deliveries, as Standard Webhooks (standardwebhooks.com) describes:
 * a POST of the stored JSON body with `webhook-id` (the delivery's ID, the same on every
 * retry), `webhook-timestamp` (the attempt's time, in Unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` with the webhook's secret), so a
 * receiver can refuse a replayed or altered delivery; `x-allot-event` names the event. A 2xx
 * answer delivers it; anything else (another status, a redirect — never followed —, a network
 * error, a timeout, a target refused by R-S5) retries it with exponential backoff — 30 s
 * doubling up to 1 h — until the 10th attempt fails for good.
 *
 * R-S5: the connection is made only to an address the operator allows (access/targets.ts),
 * checked on the address DNS gives at the time of the attempt, not on the one it gave when the
 * webhook was saved.
 *
 * A delivery is claimed with a guarded update (its state, attempts and due time must still be
 * those read), so two processes never send it at once; the claim is a lease: a process that
 * dies mid-send leaves the row to be claimed again once the lease ends.
 */
import type dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { StoreContext } from '../services/serviceContext.js';
import type { WebhookDeliveryTable } from '../db/schema.js';
import { decryptSecret, SecretKeyError, type SecretKeys } from '../services/access/secrets.js';
import {
  guardedRequestOptions,
  PrivateTargetError,
  privateTargetsOf,
} from '../services/access/targets.js';
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
  /** How names are resolved (tests); the system's resolver otherwise. */
  lookup?: typeof dns.lookup;
}

export interface DeliveryReport {
  delivered: number;
  retried: number;
  failed: number;
}

type DeliveryContext = StoreContext & Partial<SecretKeys>;

/** The wait before the next attempt after `attempts` failed ones: 30 s, 1 min, 2 min… 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * The key bytes of a webhook's secret: a `whsec_` secret is base64; one saved before secrets
 * had that form signs with its UTF-8 bytes (its receiver verifies with
 * `whsec_` + base64 of the old secret).
 */
export function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** The Standard Webhooks headers of one attempt. */
export function signatureHeaders(
  secret: string,
  deliveryId: string,
  at: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(signingKey(secret), { format: 'raw' }).sign(
      deliveryId,
      at,
      body,
    ),
  };
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

/** POSTs `body` to `url`; resolves with the status, never following a redirect. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  guard: ReturnType<typeof guardedRequestOptions>,
): Promise<number> {
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // A fresh connection per attempt: each one is checked where it connects (R-S5).
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
        ...guard,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends one delivery; returns the HTTP status, or null when no answer came. */
async function send(
  ctx: DeliveryContext,
  row: WebhookDeliveryTable,
  options: { timeoutMs: number; lookup?: typeof dns.lookup },
): Promise<number | null | 'gone'> {
  const hook = await ctx.db.kysely
    .selectFrom('webhooks')
    .select(['url', 'secretEncrypted'])
    .where('tenantId', '=', row.tenantId)
    .where('id', '=', row.webhookId)
    .executeTakeFirst();
  if (hook === undefined) return 'gone';
  try {
    const secret = decryptSecret(ctx, hook.secretEncrypted);
    const url = new URL(hook.url);
    const guard = guardedRequestOptions(url, privateTargetsOf(ctx.config), 'url', options.lookup);
    return await post(
      url,
      {
        'content-type': 'application/json',
        'user-agent': `Allot/${VERSION}`,
        'x-allot-event': row.event,
        ...signatureHeaders(secret, row.id, ctx.clock.now(), row.payload),
      },
      row.payload,
      options.timeoutMs,
      guard,
    );
  } catch (error) {
    if (error instanceof PrivateTargetError) {
      // The operator should hear of it: the tenant sees only an attempt without an answer.
      ctx.logger.warn(
        { deliveryId: row.id, webhookId: row.webhookId, ...error.details },
        'webhook target refused: not a public address (R-S5)',
      );
    } else if (error instanceof SecretKeyError) {
      // A key rotation went wrong (R-S4): retried, so the right key can still be given back.
      ctx.logger.error({ err: error, webhookId: row.webhookId }, 'webhook secret unreadable');
    } else {
      ctx.logger.debug({ err: error, deliveryId: row.id }, 'webhook delivery got no answer');
    }
    return null;
  }
}

async function deliverOne(
  ctx: DeliveryContext,
  row: WebhookDeliveryTable,
  options: { timeoutMs: number; lookup?: typeof dns.lookup },
  report: DeliveryReport,
): Promise<void> {
  const attempts = await claim(ctx, row);
  if (attempts === null) return;
  const status = await send(ctx, row, options);
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
  ctx: DeliveryContext,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const { limit = 100, timeoutMs = 10_000, concurrency = 4, lookup } = options;
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
      await deliverOne(ctx, row, { timeoutMs, lookup }, report);
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
