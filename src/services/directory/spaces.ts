/** Spaces: partitions of a tenant (API.md "Spaces"); every tenant has one default space. */
import type { Kysely } from 'kysely';
import type { Database, SpaceTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { recentActorsOf } from '../access/recentActors.js';

export interface Space {
  id: string;
  name: string;
  isDefault: boolean;
}

function present(row: SpaceTable): Space {
  return { id: row.id, name: row.name, isDefault: row.isDefault === 1 };
}

/**
 * The space a new resource goes into: the one asked for (it must be visible to the actor),
 * else the actor's own space, else the tenant's default space.
 */
export async function resolveSpaceId(
  db: Kysely<Database>,
  actor: Actor,
  spaceId: string | undefined,
): Promise<string> {
  if (spaceId !== undefined) {
    await getSpaceRow(db, actor, spaceId);
    return spaceId;
  }
  if (actor.spaceId !== null) return actor.spaceId;
  const row = await db
    .selectFrom('spaces')
    .select('id')
    .where('tenantId', '=', actor.tenantId)
    .where('isDefault', '=', 1)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function getSpaceRow(db: Kysely<Database>, actor: Actor, id: string): Promise<SpaceTable> {
  const row = await db
    .selectFrom('spaces')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined || (actor.spaceId !== null && actor.spaceId !== id)) {
    throw new NotFoundError('space', id);
  }
  return row;
}

export async function getSpace(ctx: ServiceContext, actor: Actor, id: string): Promise<Space> {
  return present(await getSpaceRow(ctx.db.kysely, actor, id));
}

export async function listSpaces(ctx: ServiceContext, actor: Actor): Promise<Space[]> {
  const rows = await ctx.db.kysely
    .selectFrom('spaces')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(actor.spaceId !== null, (q) => q.where('id', '=', actor.spaceId))
    .orderBy('id')
    .execute();
  return rows.map(present);
}

/** Inserts a space row; shared by createSpace and tenant creation. */
export async function insertSpace(
  db: Kysely<Database>,
  tenantId: string,
  name: string,
  isDefault: boolean,
  at: Date,
): Promise<SpaceTable> {
  const row: SpaceTable = {
    id: newId(at.getTime()),
    tenantId,
    name,
    isDefault: isDefault ? 1 : 0,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
  try {
    await db.insertInto('spaces').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
  return row;
}

function nameTaken(name: string): ConflictError {
  return new ConflictError('SPACE_NAME_TAKEN', `A space named "${name}" already exists`, {
    field: 'name',
  });
}

export async function createSpace(
  ctx: ServiceContext,
  actor: Actor,
  input: { name: string },
): Promise<Space> {
  requireTenantWide(actor);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const space = present(await insertSpace(trx, actor.tenantId, input.name, false, now));
    await recordActivity(trx, actor, now, {
      action: 'space.create',
      subject: { type: 'space', id: space.id, name: space.name },
      spaceId: space.id,
      after: space,
    });
    return space;
  });
}

export async function updateSpace(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: { name?: string },
): Promise<Space> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const before = present(await getSpaceRow(trx, actor, id));
    const name = input.name ?? before.name;
    try {
      await trx
        .updateTable('spaces')
        .set({ name, updatedAt: now.toISOString() })
        .where('tenantId', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
    const after = { ...before, name };
    await recordActivity(trx, actor, now, {
      action: 'space.update',
      subject: { type: 'space', id, name },
      spaceId: id,
      before,
      after,
    });
    return after;
  });
}

/** Deletes an empty, non-default space. */
export async function deleteSpace(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  requireTenantWide(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const before = present(await getSpaceRow(trx, actor, id));
    if (before.isDefault) {
      throw new ConflictError('DEFAULT_SPACE', 'The default space cannot be deleted');
    }
    for (const table of ['users', 'devices', 'groups'] as const) {
      const holder = await trx
        .selectFrom(table)
        .select('id')
        .where('tenantId', '=', actor.tenantId)
        .where('spaceId', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (holder !== undefined) {
        throw new ConflictError(
          'SPACE_NOT_EMPTY',
          `Space "${before.name}" still has ${table}; move or delete them first`,
          { holds: table },
        );
      }
    }
    await trx
      .deleteFrom('apiTokens')
      .where('tenantId', '=', actor.tenantId)
      .where('spaceId', '=', id)
      .execute();
    await trx
      .deleteFrom('spaces')
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await recordActivity(trx, actor, now, {
      action: 'space.delete',
      subject: { type: 'space', id, name: before.name },
      spaceId: null,
      before,
    });
  });
  // The space's tokens went with it.
  recentActorsOf(ctx.db).clear();
}

/** Creating and deleting spaces is for administrators of the whole tenant. */
function requireTenantWide(actor: Actor): void {
  if (actor.spaceId !== null) {
    throw new ForbiddenError('Only a tenant-wide administrator may create or delete spaces');
  }
}
