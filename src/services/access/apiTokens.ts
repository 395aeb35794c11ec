/** API tokens (API.md "Start-up, tenants and tokens"): stored as SHA-256 hashes only. */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect.js';
import type { ApiTokenTable, Database } from '../../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { lockKeys } from '../../db/locks.js';
import { isRole, type Role } from '../../domain/roles.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from './actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { recentActorsOf } from './recentActors.js';
import { resolveSpaceId } from '../directory/spaces.js';

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  spaceId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

function present(row: ApiTokenTable): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    spaceId: row.spaceId,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  };
}

export function generateToken(): string {
  return `allot_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function insertApiToken(
  db: Kysely<Database>,
  values: {
    tenantId: string;
    name: string;
    role: Role;
    spaceId: string | null;
    token: string;
    isBootstrap?: boolean;
  },
  at: Date,
): Promise<ApiTokenTable> {
  const row: ApiTokenTable = {
    id: newId(at.getTime()),
    tenantId: values.tenantId,
    name: values.name,
    role: values.role,
    spaceId: values.spaceId,
    tokenHash: hashToken(values.token),
    isBootstrap: values.isBootstrap === true ? 1 : 0,
    createdAt: at.toISOString(),
    lastUsedAt: null,
  };
  await db.insertInto('apiTokens').values(row).execute();
  return row;
}

/**
 * The actor behind a bearer token, or null when no such token exists: from the tokens this
 * process authenticated lately when it is one of them (access/recentActors.ts). Otherwise
 * `beforeLookup` runs first (it may refuse the request before it costs a statement).
 */
export async function authenticate(
  ctx: ServiceContext,
  token: string,
  beforeLookup?: () => Promise<void>,
): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const recent = recentActorsOf(ctx.db);
  const known = recent.get(tokenHash);
  if (known !== undefined) return known;
  await beforeLookup?.();
  const generation = recent.generation;
  const row = await ctx.db.kysely
    .selectFrom('apiTokens')
    .selectAll()
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
  if (row === undefined || !isRole(row.role)) return null;
  const actor: Actor = {
    tenantId: row.tenantId,
    spaceId: row.spaceId,
    role: row.role,
    type: 'token',
    id: row.id,
    name: row.name,
    isBootstrap: row.isBootstrap === 1,
  };
  recent.set(tokenHash, actor, generation);
  return actor;
}

export async function createApiToken(
  ctx: ServiceContext,
  actor: Actor,
  input: { name: string; role: Role; spaceId?: string },
): Promise<ApiToken & { token: string }> {
  // A space-scoped administrator can only hand out tokens for its own space.
  if (actor.spaceId !== null && input.spaceId === undefined) {
    throw new ForbiddenError('A space administrator can only create tokens for its own space', {
      field: 'spaceId',
    });
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const spaceId =
      input.spaceId === undefined ? null : await resolveSpaceId(trx, actor, input.spaceId);
    const token = generateToken();
    const row = await insertApiToken(
      trx,
      { tenantId: actor.tenantId, name: input.name, role: input.role, spaceId, token },
      now,
    );
    const created = present(row);
    await recordActivity(trx, actor, now, {
      action: 'apiToken.create',
      subject: { type: 'apiToken', id: row.id, name: row.name },
      spaceId,
      after: created,
    });
    return { ...created, token };
  });
}

export async function listApiTokens(ctx: ServiceContext, actor: Actor): Promise<ApiToken[]> {
  const rows = await ctx.db.kysely
    .selectFrom('apiTokens')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .orderBy('id')
    .execute();
  return rows.map(present);
}

/** A token that administers the whole tenant: tokens, spaces, everything (R-S1). */
function isTenantAdmin(row: ApiTokenTable): boolean {
  return row.role === 'globalAdmin' && row.spaceId === null;
}

/**
 * R-S5: the last tenant-wide globalAdmin token of a tenant is kept: without it nobody could
 * create a token or a space there again. Two deletions at once are serialised per tenant
 * (PostgreSQL; SQLite runs one write transaction at a time) so they cannot each leave the
 * other as the last and both go.
 */
async function keepOneTenantAdmin(
  trx: Kysely<Database>,
  dialect: Dialect,
  row: ApiTokenTable,
): Promise<void> {
  await lockKeys(trx, dialect, [`tenant-admins:${row.tenantId}`]);
  const other = await trx
    .selectFrom('apiTokens')
    .select('id')
    .where('tenantId', '=', row.tenantId)
    .where('role', '=', 'globalAdmin')
    .where('spaceId', 'is', null)
    .where('id', '!=', row.id)
    .executeTakeFirst();
  if (other === undefined) {
    throw new ConflictError(
      'LAST_GLOBAL_ADMIN_TOKEN',
      'This is the last tenant-wide globalAdmin token of the tenant; create another before deleting it',
      { id: row.id },
    );
  }
}

export async function deleteApiToken(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const row = await trx
      .selectFrom('apiTokens')
      .selectAll()
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError('apiToken', id);
    if (row.isBootstrap === 1) {
      throw new ForbiddenError(
        'The bootstrap token cannot be deleted through the API; set ALLOT_ADMIN_TOKEN to rotate it',
      );
    }
    if (isTenantAdmin(row)) await keepOneTenantAdmin(trx, ctx.db.dialect, row);
    await trx.deleteFrom('apiTokens').where('id', '=', id).execute();
    await recordActivity(trx, actor, now, {
      action: 'apiToken.delete',
      subject: { type: 'apiToken', id, name: row.name },
      spaceId: row.spaceId,
      before: present(row),
    });
  });
  recentActorsOf(ctx.db).clear();
}
