/**
 * `Idempotency-Key` on writes (API.md "Conventions"): the first request with a key runs and
 * its response is kept; a retry with the same key and body gets that response again and
 * changes nothing; the same key with another body is refused.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/database.js';
import { ConflictError, RuleViolationError, ValidationError } from '../domain/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A request that died mid-way leaves its key pending; after this long a retry may take it. */
const STALE_PENDING_MS = 60_000;

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

export function registerIdempotency(app: FastifyInstance, ctx: AppContext): void {
  const db = ctx.db.kysely;
  app.decorateRequest('idempotencyKey', null);

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
    const stale = now.getTime() - Date.parse(existing.createdAt) > STALE_PENDING_MS;
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
    if (taken === undefined || Number(taken.numUpdatedRows) === 0) {
      throw new ConflictError(
        'IDEMPOTENCY_KEY_IN_USE',
        'A request with this Idempotency-Key is still being processed; retry later',
      );
    }
    request.idempotencyKey = key;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (key === null || request.actor === null) return payload;
    const tokenId = request.actor.id ?? request.actor.name;
    const where = db
      .updateTable('idempotencyKeys')
      .where('tokenId', '=', tokenId)
      .where('key', '=', key);
    if (reply.statusCode >= 500) {
      // Nothing was changed for good: let a retry run again.
      await db
        .deleteFrom('idempotencyKeys')
        .where('tokenId', '=', tokenId)
        .where('key', '=', key)
        .execute();
    } else {
      await where
        .set({
          state: 'done',
          statusCode: reply.statusCode,
          response: typeof payload === 'string' ? payload : '',
        })
        .execute();
    }
    return payload;
  });
}
