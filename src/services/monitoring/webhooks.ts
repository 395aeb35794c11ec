/**
 * R-M6: webhooks receive the tenant's notifications (raised and cleared). The secret that signs
 * each delivery (Standard Webhooks: `whsec_` and the base64 of 24 to 64 bytes) is encrypted at
 * rest and never returned (R-S4). The URL must reach a public address unless the operator
 * allows internal ones (R-S5, access/targets.ts). Webhooks belong to the whole tenant, so only
 * a tenant-wide administrator sees or changes them: a space-scoped one would otherwise receive
 * the other spaces' notifications (R-S2). Delivery is in jobs/webhookDeliveries.ts.
 */
import type { Kysely } from 'kysely';
import type { Database, WebhookDeliveryTable, WebhookTable } from '../../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { StoreContext, ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from './activity.js';
import { NOTIFICATION_KINDS } from './notifications.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';
import { encryptSecret } from '../access/secrets.js';
import { checkTarget, privateTargetsOf, type LookupAll } from '../access/targets.js';

/** Subscribable events: every notification kind, or `*` for all. */
export const WEBHOOK_EVENTS = ['*', ...NOTIFICATION_KINDS] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  event: string;
  state: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  createdAt: string;
}

function present(row: WebhookTable): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEvent[],
    createdAt: row.createdAt,
  };
}

export function presentDelivery(row: WebhookDeliveryTable): WebhookDelivery {
  const state = row.state as WebhookDelivery['state'];
  return {
    id: row.id,
    webhookId: row.webhookId,
    event: row.event,
    state,
    attempts: row.attempts,
    nextAttemptAt: state === 'pending' || state === 'sending' ? row.nextAttemptAt : null,
    lastStatus: row.lastStatus,
    createdAt: row.createdAt,
  };
}

function requireTenantWide(actor: Actor): void {
  if (actor.spaceId !== null) {
    throw new ForbiddenError('Webhooks belong to the whole tenant: use a tenant-wide token');
  }
}

/** What saving a webhook needs: the key its secret is encrypted with, the operator's allowance. */
export type WebhookContext = Pick<StoreContext, 'db' | 'clock' | 'secretKey'> & {
  /** The deployment's configuration: its `privateTargets` (R-S5). */
  config: object;
  /** Tests resolve names their own way; the system's resolver otherwise. */
  lookup?: LookupAll;
};

/** Standard Webhooks secrets: `whsec_` then the base64 of 24 to 64 random bytes. */
const SECRET_FORMAT = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

function checkSecret(secret: string): string {
  const bytes = SECRET_FORMAT.test(secret) ? Buffer.from(secret.slice(6), 'base64') : null;
  if (
    bytes === null ||
    bytes.length < 24 ||
    bytes.length > 64 ||
    bytes.toString('base64') !== secret.slice(6)
  ) {
    throw new ValidationError(
      'The secret must be whsec_ followed by the base64 of 24 to 64 random bytes, as Standard ' +
        'Webhooks libraries expect: e.g. whsec_$(openssl rand -base64 32)',
      { field: 'secret' },
      'INVALID_WEBHOOK_SECRET',
    );
  }
  return secret;
}

async function checkUrl(ctx: WebhookContext, url: string): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError('The webhook URL is not a URL', { field: 'url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError('The webhook URL must be http:// or https://', { field: 'url' });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ValidationError('Put no credentials in the webhook URL; deliveries are signed', {
      field: 'url',
    });
  }
  await checkTarget(parsed, privateTargetsOf(ctx.config), 'url', ctx.lookup);
  return parsed.toString();
}

async function getWebhookRow(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<WebhookTable> {
  const row = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('webhook', id);
  return row;
}

export async function createWebhook(
  ctx: WebhookContext,
  actor: Actor,
  input: { url: string; events: WebhookEvent[]; secret: string },
): Promise<Webhook> {
  requireTenantWide(actor);
  const secret = checkSecret(input.secret);
  const url = await checkUrl(ctx, input.url);
  const events = [...new Set(input.events)];
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const row: WebhookTable = {
      id: newId(now.getTime()),
      tenantId: actor.tenantId,
      url,
      events: JSON.stringify(events),
      secretEncrypted: encryptSecret(ctx.secretKey, secret),
      createdAt: now.toISOString(),
    };
    await trx.insertInto('webhooks').values(row).execute();
    const webhook = present(row);
    await recordActivity(trx, actor, now, {
      action: 'webhook.create',
      subject: { type: 'webhook', id: row.id, name: url },
      spaceId: null,
      after: webhook,
    });
    return webhook;
  });
}

export async function listWebhooks(
  ctx: ServiceContext,
  actor: Actor,
  page: PageRequest,
): Promise<Page<Webhook>> {
  requireTenantWide(actor);
  const rows = await ctx.db.kysely
    .selectFrom('webhooks')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows.map(present), page.limit);
}

export async function getWebhook(ctx: ServiceContext, actor: Actor, id: string): Promise<Webhook> {
  requireTenantWide(actor);
  return present(await getWebhookRow(ctx.db.kysely, actor, id));
}

/**
 * Changes the URL (checked as on creation), the events or the secret (a new secret signs the
 * deliveries sent from now on, retries included).
 */
export async function updateWebhook(
  ctx: WebhookContext,
  actor: Actor,
  id: string,
  input: { url?: string; events?: WebhookEvent[]; secret?: string },
): Promise<Webhook> {
  requireTenantWide(actor);
  const secret = input.secret === undefined ? undefined : checkSecret(input.secret);
  const url = input.url === undefined ? undefined : await checkUrl(ctx, input.url);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const before = await getWebhookRow(trx, actor, id);
    const after: WebhookTable = {
      ...before,
      ...(url !== undefined && { url }),
      ...(input.events !== undefined && { events: JSON.stringify([...new Set(input.events)]) }),
      ...(secret !== undefined && { secretEncrypted: encryptSecret(ctx.secretKey, secret) }),
    };
    await trx
      .updateTable('webhooks')
      .set({ url: after.url, events: after.events, secretEncrypted: after.secretEncrypted })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    const webhook = present(after);
    await recordActivity(trx, actor, now, {
      action: 'webhook.update',
      subject: { type: 'webhook', id, name: after.url },
      spaceId: null,
      before: present(before),
      after: { ...webhook, ...(secret !== undefined && { secretChanged: true }) },
    });
    return webhook;
  });
}

/** Deletes the webhook; deliveries not yet made are dropped with it. */
export async function deleteWebhook(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  requireTenantWide(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const row = await getWebhookRow(trx, actor, id);
    await trx
      .deleteFrom('webhookDeliveries')
      .where('tenantId', '=', actor.tenantId)
      .where('webhookId', '=', id)
      .execute();
    await trx
      .deleteFrom('webhooks')
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await recordActivity(trx, actor, now, {
      action: 'webhook.delete',
      subject: { type: 'webhook', id, name: row.url },
      spaceId: null,
      before: present(row),
    });
  });
}

/** The deliveries of a webhook, newest first: what was sent, how often, and the last answer. */
export async function listWebhookDeliveries(
  ctx: ServiceContext,
  actor: Actor,
  webhookId: string,
  page: PageRequest,
): Promise<Page<WebhookDelivery>> {
  requireTenantWide(actor);
  const db = ctx.db.kysely;
  await getWebhookRow(db, actor, webhookId);
  const rows = await db
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('webhookId', '=', webhookId)
    .$if(page.after !== undefined, (q) => q.where('id', '<', page.after!))
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows.map(presentDelivery), page.limit);
}
