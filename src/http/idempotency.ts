/**
 * `Idempotency-Key` on writes (API.md "Conventions"): the first request with a key runs and
 * its response is kept; a retry with the same key and body gets that response again and
 * changes nothing; the same key with another body is refused. Bodies are compared as
 * canonical JSON (keys sorted), so the same body with its keys in another order is the same.
 *
 * R-S4: a kept response never holds a secret. A route whose reply shows a secret once declares
 * it (`config.secretFields`); any value shaped like a generated API token is withheld too. A
 * retry of such a request answers 409 `SECRET_NOT_REPLAYABLE` with the reply minus its
 * secrets: the resource exists, its secret was shown once and is gone.
 *
 * Keys expire after 24 hours: an expired key is taken as new, and a purge deletes them hourly.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { ConflictError, RuleViolationError, ValidationError } from '../domain/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
  interface FastifyContextConfig {
    /** Fields of the reply that show a secret once; never kept for a replay (R-S4). */
    secretFields?: readonly string[];
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A request that died mid-way leaves its key pending; after this long a retry may take it. */
const STALE_PENDING_MS = 60_000;
/** How long a key is remembered; after that the same key is a new request. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** What `generateToken` makes (services/access/apiTokens.ts). */
const GENERATED_TOKEN = /^allot_[A-Za-z0-9_-]{43}$/;

/** JSON with every object's keys sorted: one text for one value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
}

/** The reply with its secrets taken out, and the paths of what was taken. */
export function withholdSecrets(
  body: unknown,
  fields: readonly string[],
  path = '',
): { body: unknown; withheld: string[] } {
  if (typeof body === 'string' && GENERATED_TOKEN.test(body)) {
    return { body: null, withheld: [path] };
  }
  if (Array.isArray(body)) {
    const withheld: string[] = [];
    const items = body.map((item, i) => {
      const inner = withholdSecrets(item, fields, `${path}[${i}]`);
      withheld.push(...inner.withheld);
      return inner.body;
    });
    return { body: items, withheld };
  }
  if (typeof body === 'object' && body !== null) {
    const withheld: string[] = [];
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (fields.includes(key) && value !== null && value !== undefined) {
        withheld.push(at);
        continue;
      }
      const inner = withholdSecrets(value, fields, at);
      withheld.push(...inner.withheld);
      if (inner.body !== null || value === null) out[key] = inner.body;
    }
    return { body: out, withheld };
  }
  return { body, withheld: [] };
}

/** What a finished request leaves for its retries: the reply, or the reply minus its secrets. */
function keptReply(payload: unknown, fields: readonly string[]) {
  const text = typeof payload === 'string' ? payload : '';
  if (text === '') return { state: 'done', response: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { state: 'done', response: text };
  }
  const { body, withheld } = withholdSecrets(parsed, fields);
  if (withheld.length === 0) return { state: 'done', response: text };
  return { state: 'withheld', response: JSON.stringify({ withheld, body }) };
}

/** Deletes the keys older than the TTL; returns how many. */
export async function purgeExpiredIdempotencyKeys(
  db: Kysely<Database>,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString();
  const result = await db
    .deleteFrom('idempotencyKeys')
    .where('createdAt', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function registerIdempotency(app: FastifyInstance, ctx: AppContext): void {
  const db = ctx.db.kysely;
  app.decorateRequest('idempotencyKey', null);

  let purge: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    purge = setInterval(() => {
      purgeExpiredIdempotencyKeys(db, ctx.clock.now()).catch((error: unknown) =>
        ctx.logger.warn({ err: error }, 'idempotency key purge failed; retried in an hour'),
      );
    }, PURGE_INTERVAL_MS);
    purge.unref();
  });
  app.addHook('onClose', async () => {
    if (purge !== null) clearInterval(purge);
  });

  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers['idempotency-key'];
    if (header === undefined || !WRITE_METHODS.has(request.method) || request.actor === null)
      return;
    const key = Array.isArray(header) ? header[0]! : header;
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new ValidationError('Idempotency-Key must be 1 to 200 visible ASCII characters', {
        field: 'Idempotency-Key',
      });
    }
    const actor = request.actor;
    const hash = requestHash(request);
    const now = ctx.clock.now();
    const row = {
      tenantId: actor.tenantId,
      tokenId: actor.id ?? actor.name,
      key,
      requestHash: hash,
      state: 'pending',
      statusCode: null,
      response: null,
      createdAt: now.toISOString(),
    };
    try {
      await db.insertInto('idempotencyKeys').values(row).execute();
      request.idempotencyKey = key;
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await db
      .selectFrom('idempotencyKeys')
      .selectAll()
      .where('tokenId', '=', row.tokenId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    const age = now.getTime() - Date.parse(existing.createdAt);
    if (age >= IDEMPOTENCY_KEY_TTL_MS) {
      // Expired (the purge has not come by yet): the key starts anew, for whichever body.
      const renewed = await db
        .updateTable('idempotencyKeys')
        .set({ requestHash: hash, state: 'pending', statusCode: null, response: null })
        .set({ createdAt: row.createdAt })
        .where('tokenId', '=', row.tokenId)
        .where('key', '=', key)
        .where('createdAt', '=', existing.createdAt)
        .executeTakeFirst();
      if (Number(renewed.numUpdatedRows) === 0) throw keyInUse();
      request.idempotencyKey = key;
      return;
    }
    if (existing.requestHash !== hash) {
      throw new RuleViolationError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for a different request',
        { field: 'Idempotency-Key' },
      );
    }
    if (existing.state === 'done') {
      return reply
        .status(existing.statusCode ?? 200)
        .header('idempotent-replayed', 'true')
        .type('application/json')
        .send(existing.response ?? '');
    }
    if (existing.state === 'withheld') {
      const kept = JSON.parse(existing.response ?? '{}') as { withheld: string[]; body: unknown };
      void reply.header('idempotent-replayed', 'true');
      throw new ConflictError(
        'SECRET_NOT_REPLAYABLE',
        `The first request with this Idempotency-Key succeeded (${existing.statusCode ?? 200}), ` +
          `but its reply showed a secret once (${kept.withheld.join(', ')}), which is not kept. ` +
          'details.response is that reply without it: use what it created, or delete it and ' +
          'create another.',
        {
          field: 'Idempotency-Key',
          status: existing.statusCode,
          withheld: kept.withheld,
          response: kept.body,
        },
      );
    }
    const stale = age > STALE_PENDING_MS;
    const taken = stale
      ? await db
          .updateTable('idempotencyKeys')
          .set({ createdAt: now.toISOString() })
          .where('tokenId', '=', row.tokenId)
          .where('key', '=', key)
          .where('state', '=', 'pending')
          .where('createdAt', '=', existing.createdAt)
          .executeTakeFirst()
      : undefined;
    if (taken === undefined || Number(taken.numUpdatedRows) === 0) throw keyInUse();
    request.idempotencyKey = key;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (key === null || request.actor === null) return payload;
    const tokenId = request.actor.id ?? request.actor.name;
    if (reply.statusCode >= 500) {
      // Nothing was changed for good: let a retry run again.
      await db
        .deleteFrom('idempotencyKeys')
        .where('tokenId', '=', tokenId)
        .where('key', '=', key)
        .execute();
      return payload;
    }
    const kept = keptReply(payload, request.routeOptions.config.secretFields ?? []);
    await db
      .updateTable('idempotencyKeys')
      .set({ state: kept.state, statusCode: reply.statusCode, response: kept.response })
      .where('tokenId', '=', tokenId)
      .where('key', '=', key)
      .execute();
    return payload;
  });
}

function keyInUse(): ConflictError {
  return new ConflictError(
    'IDEMPOTENCY_KEY_IN_USE',
    'A request with this Idempotency-Key is still being processed; retry later',
  );
}
