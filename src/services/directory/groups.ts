/** Groups of users, devices or both, and their membership (API.md "Directory"). */
import type { Kysely } from 'kysely';
import type { Database, GroupTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { containsText } from '../../db/search.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { findInScope } from './findInScope.js';
import { recordActivity } from '../monitoring/activity.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';
import { reconcileSubjects } from '../ledger/reconcile.js';
import { resolveSpaceId } from './spaces.js';

export const GROUP_KINDS = ['user', 'device', 'mixed'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export interface Group {
  id: string;
  spaceId: string;
  name: string;
  kind: GroupKind;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface GroupMember {
  id: string;
  type: 'user' | 'device';
  name: string;
  addedAt: string;
}

function presentGroup(row: GroupTable, memberCount: number): Group {
  return {
    id: row.id,
    spaceId: row.spaceId,
    name: row.name,
    kind: row.kind as GroupKind,
    memberCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function nameTaken(name: string): ConflictError {
  return new ConflictError(
    'GROUP_NAME_TAKEN',
    `A group named "${name}" already exists in this space`,
    {
      field: 'name',
    },
  );
}

async function getGroupRow(db: Kysely<Database>, actor: Actor, id: string): Promise<GroupTable> {
  return findInScope(db, actor, 'groups', id);
}

async function countMembers(
  db: Kysely<Database>,
  tenantId: string,
  groupIds: string[],
): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('groupMembers')
    .select(['groupId', (eb) => eb.fn.countAll<number>().as('count')])
    .where('tenantId', '=', tenantId)
    .where('groupId', 'in', groupIds)
    .groupBy('groupId')
    .execute();
  return new Map(rows.map((r) => [r.groupId, Number(r.count)]));
}

export async function getGroup(ctx: ServiceContext, actor: Actor, id: string): Promise<Group> {
  const row = await getGroupRow(ctx.db.kysely, actor, id);
  const counts = await countMembers(ctx.db.kysely, actor.tenantId, [id]);
  return presentGroup(row, counts.get(id) ?? 0);
}

export async function listGroups(
  ctx: ServiceContext,
  actor: Actor,
  filter: { q?: string; spaceId?: string; kind?: GroupKind },
  page: PageRequest,
): Promise<Page<Group>> {
  const db = ctx.db.kysely;
  const spaceId =
    filter.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, filter.spaceId);
  const rows = await db
    .selectFrom('groups')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(spaceId !== null, (q) => q.where('spaceId', '=', spaceId))
    .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!))
    .$if(filter.q !== undefined, (q) => q.where(containsText(['name'], filter.q!)))
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const counts = await countMembers(
    db,
    actor.tenantId,
    rows.map((r) => r.id),
  );
  return toPage(
    rows.map((r) => presentGroup(r, counts.get(r.id) ?? 0)),
    page.limit,
  );
}

export async function createGroup(
  ctx: ServiceContext,
  actor: Actor,
  input: { name: string; kind: GroupKind; spaceId?: string },
): Promise<Group> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => insertGroup(trx, actor, input, now));
}

/** createGroup in the caller's transaction (SCIM provisioning writes its own rows beside). */
export async function insertGroup(
  trx: Kysely<Database>,
  actor: Actor,
  input: { name: string; kind: GroupKind; spaceId?: string },
  now: Date,
): Promise<Group> {
  const row: GroupTable = {
    id: newId(now.getTime()),
    tenantId: actor.tenantId,
    spaceId: await resolveSpaceId(trx, actor, input.spaceId),
    name: input.name.trim(),
    kind: input.kind,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  try {
    await trx.insertInto('groups').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(row.name);
    throw error;
  }
  const group = presentGroup(row, 0);
  await recordActivity(trx, actor, now, {
    action: 'group.create',
    subject: { type: 'group', id: group.id, name: group.name },
    spaceId: group.spaceId,
    after: group,
  });
  return group;
}

export async function updateGroup(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: { name?: string },
): Promise<Group> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => changeGroup(trx, actor, id, input, now));
}

/** updateGroup in the caller's transaction. */
export async function changeGroup(
  trx: Kysely<Database>,
  actor: Actor,
  id: string,
  input: { name?: string },
  now: Date,
): Promise<Group> {
  const row = await getGroupRow(trx, actor, id);
  const name = input.name?.trim() ?? row.name;
  try {
    await trx
      .updateTable('groups')
      .set({ name, updatedAt: now.toISOString() })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
  const count = (await countMembers(trx, actor.tenantId, [id])).get(id) ?? 0;
  const group = presentGroup({ ...row, name, updatedAt: now.toISOString() }, count);
  await recordActivity(trx, actor, now, {
    action: 'group.update',
    subject: { type: 'group', id, name },
    spaceId: row.spaceId,
    before: presentGroup(row, count),
    after: group,
  });
  return group;
}

export async function deleteGroup(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => removeGroup(trx, actor, id, now));
}

/** deleteGroup in the caller's transaction. */
export async function removeGroup(
  trx: Kysely<Database>,
  actor: Actor,
  id: string,
  now: Date,
): Promise<void> {
  const row = await getGroupRow(trx, actor, id);
  await refuseIfInUse(trx, actor.tenantId, row);
  await trx
    .deleteFrom('groupMembers')
    .where('tenantId', '=', actor.tenantId)
    .where('groupId', '=', id)
    .execute();
  // A provisioned group's externalId goes with it.
  await trx
    .deleteFrom('scimGroups')
    .where('tenantId', '=', actor.tenantId)
    .where('groupId', '=', id)
    .execute();
  await trx
    .deleteFrom('groups')
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .execute();
  await recordActivity(trx, actor, now, {
    action: 'group.delete',
    subject: { type: 'group', id, name: row.name },
    spaceId: row.spaceId,
    before: presentGroup(row, 0),
  });
}

/**
 * Adds and removes users of a group in the caller's transaction: the identity provider's
 * membership changes (R-I1), several in one request, all or nothing. Members must be users of
 * the group's space; adding a member twice or removing a non-member is harmless. Everyone
 * who joined or left is reconciled (R-V7).
 */
export async function changeGroupUsers(
  trx: Kysely<Database>,
  actor: Actor,
  groupId: string,
  change: { add: readonly string[]; remove: readonly string[] },
  now: Date,
): Promise<{ added: number; removed: number }> {
  const group = await getGroupRow(trx, actor, groupId);
  const add = [...new Set(change.add)];
  const remove = [...new Set(change.remove)].filter((id) => !add.includes(id));
  if (add.length > 0 && group.kind === 'device') {
    throw new ValidationError('A device group cannot hold users', { field: 'userIds' });
  }
  await checkMembers(trx, actor, group, 'users', add, 'userIds');
  let added = 0;
  if (add.length > 0) {
    const result = await trx
      .insertInto('groupMembers')
      .values(
        add.map((id) => ({
          tenantId: actor.tenantId,
          groupId,
          memberType: 'user',
          memberId: id,
          createdAt: now.toISOString(),
        })),
      )
      .onConflict((oc) => oc.columns(['groupId', 'memberId']).doNothing())
      .executeTakeFirst();
    added = Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  let removed = 0;
  if (remove.length > 0) {
    const result = await trx
      .deleteFrom('groupMembers')
      .where('tenantId', '=', actor.tenantId)
      .where('groupId', '=', groupId)
      .where('memberType', '=', 'user')
      .where('memberId', 'in', remove)
      .executeTakeFirst();
    removed = Number(result.numDeletedRows);
  }
  if (added + removed === 0) return { added, removed };
  // R-V7: joining can exclude a member from an assignment, leaving loses what the group gave.
  await reconcileSubjects(trx, actor, [...add, ...remove], now);
  await recordActivity(trx, actor, now, {
    action: 'group.changeMembers',
    subject: { type: 'group', id: groupId, name: group.name },
    spaceId: group.spaceId,
    after: { addedUserIds: add, removedUserIds: remove },
  });
  return { added, removed };
}

export async function listGroupMembers(
  ctx: ServiceContext,
  actor: Actor,
  groupId: string,
  page: PageRequest,
): Promise<Page<GroupMember>> {
  const db = ctx.db.kysely;
  await getGroupRow(db, actor, groupId);
  const rows = await db
    .selectFrom('groupMembers as m')
    .leftJoin('users as u', (j) =>
      j.onRef('u.id', '=', 'm.memberId').on('m.memberType', '=', 'user'),
    )
    .leftJoin('devices as d', (j) =>
      j.onRef('d.id', '=', 'm.memberId').on('m.memberType', '=', 'device'),
    )
    .select([
      'm.memberId',
      'm.memberType',
      'm.createdAt',
      'u.displayName',
      'd.serialNumber',
      'd.name',
    ])
    .where('m.tenantId', '=', actor.tenantId)
    .where('m.groupId', '=', groupId)
    .$if(page.after !== undefined, (q) => q.where('m.memberId', '>', page.after!))
    .orderBy('m.memberId')
    .limit(page.limit + 1)
    .execute();
  return toPage(
    rows.map((r) => ({
      id: r.memberId,
      type: r.memberType as 'user' | 'device',
      name: r.displayName ?? r.name ?? r.serialNumber ?? r.memberId,
      addedAt: r.createdAt,
    })),
    page.limit,
  );
}

/**
 * Adds users and devices to a group. The kind decides who may join (a user group takes only
 * users, a device group only devices); members must live in the group's space. Adding a
 * member twice is harmless.
 */
export async function addGroupMembers(
  ctx: ServiceContext,
  actor: Actor,
  groupId: string,
  input: { userIds?: string[]; deviceIds?: string[] },
): Promise<{ added: number }> {
  const userIds = [...new Set(input.userIds ?? [])];
  const deviceIds = [...new Set(input.deviceIds ?? [])];
  if (userIds.length + deviceIds.length === 0) {
    throw new ValidationError('Give at least one of userIds or deviceIds', { field: 'userIds' });
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const group = await getGroupRow(trx, actor, groupId);
    if (group.kind === 'device' && userIds.length > 0) {
      throw new ValidationError('A device group cannot hold users', { field: 'userIds' });
    }
    if (group.kind === 'user' && deviceIds.length > 0) {
      throw new ValidationError('A user group cannot hold devices', { field: 'deviceIds' });
    }
    await checkMembers(trx, actor, group, 'users', userIds, 'userIds');
    await checkMembers(trx, actor, group, 'devices', deviceIds, 'deviceIds');
    const values = [
      ...userIds.map((id) => ({ memberType: 'user', memberId: id })),
      ...deviceIds.map((id) => ({ memberType: 'device', memberId: id })),
    ].map((m) => ({ ...m, tenantId: actor.tenantId, groupId, createdAt: now.toISOString() }));
    const result = await trx
      .insertInto('groupMembers')
      .values(values)
      .onConflict((oc) => oc.columns(['groupId', 'memberId']).doNothing())
      .executeTakeFirst();
    const added = Number(result.numInsertedOrUpdatedRows ?? 0);
    // Joining a group can exclude a member from an assignment (R-V7).
    await reconcileSubjects(trx, actor, [...userIds, ...deviceIds], now);
    await recordActivity(trx, actor, now, {
      action: 'group.addMembers',
      subject: { type: 'group', id: groupId, name: group.name },
      spaceId: group.spaceId,
      after: { userIds, deviceIds },
    });
    return { added };
  });
}

async function checkMembers(
  db: Kysely<Database>,
  actor: Actor,
  group: GroupTable,
  table: 'users' | 'devices',
  ids: string[],
  field: string,
): Promise<void> {
  if (ids.length === 0) return;
  // By ID alone (the primary key): with the tenant in the statement, PostgreSQL under stale
  // statistics read every row of the tenant. Other tenants' and spaces' rows count as missing.
  const rows = await db
    .selectFrom(table)
    .select(['id', 'tenantId', 'spaceId'])
    .where('id', 'in', ids)
    .execute();
  const visible = rows.filter(
    (r) => r.tenantId === actor.tenantId && (actor.spaceId === null || r.spaceId === actor.spaceId),
  );
  const found = new Map(visible.map((r) => [r.id, r.spaceId]));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined)
    throw new NotFoundError(table === 'users' ? 'user' : 'device', missing);
  const elsewhere = ids.find((id) => found.get(id) !== group.spaceId);
  if (elsewhere !== undefined) {
    throw new ConflictError(
      'SPACE_MISMATCH',
      `Member ${elsewhere} belongs to another space than the group`,
      {
        field,
        memberId: elsewhere,
      },
    );
  }
}

export async function removeGroupMember(
  ctx: ServiceContext,
  actor: Actor,
  groupId: string,
  memberId: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const group = await getGroupRow(trx, actor, groupId);
    const result = await trx
      .deleteFrom('groupMembers')
      .where('tenantId', '=', actor.tenantId)
      .where('groupId', '=', groupId)
      .where('memberId', '=', memberId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new NotFoundError('group member', memberId);
    // R-V7: leaving a target group loses the licences it gave.
    await reconcileSubjects(trx, actor, [memberId], now);
    await recordActivity(trx, actor, now, {
      action: 'group.removeMember',
      subject: { type: 'group', id: groupId, name: group.name },
      spaceId: group.spaceId,
      before: { memberId },
    });
  });
}

/** A group that assignments or distribution lists name cannot go: they would silently change. */
async function refuseIfInUse(
  db: Kysely<Database>,
  tenantId: string,
  group: GroupTable,
): Promise<void> {
  const assignment = await db
    .selectFrom('assignments')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where((eb) =>
      eb.or([eb('groupId', '=', group.id), eb('excludeGroupIds', 'like', `%"${group.id}"%`)]),
    )
    .executeTakeFirst();
  const listed = await db
    .selectFrom('distributionEntries')
    .select('catalogAppId')
    .where('tenantId', '=', tenantId)
    .where('subjectId', '=', group.id)
    .executeTakeFirst();
  if (assignment !== undefined || listed !== undefined) {
    throw new ConflictError(
      'GROUP_IN_USE',
      `Group "${group.name}" is used by ${assignment !== undefined ? 'an assignment' : 'a distribution list'}; change that first`,
      { groupId: group.id },
    );
  }
}

/** An assignment that targets a group, or leaves it out (`excluded`). */
export interface GroupAssignment {
  id: string;
  catalogAppId: string;
  appName: string;
  intent: string;
  licenseType: string | null;
  excluded: boolean;
}

/** The assignments that target the group or exclude it: what a membership change re-evaluates. */
export async function listGroupAssignments(
  ctx: ServiceContext,
  actor: Actor,
  groupId: string,
  page: PageRequest,
): Promise<Page<GroupAssignment>> {
  const db = ctx.db.kysely;
  await getGroupRow(db, actor, groupId);
  const excludes = `%${JSON.stringify(groupId)}%`;
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('catalogApps as c', 'c.id', 'a.catalogAppId')
    .innerJoin('products as p', 'p.id', 'c.productId')
    .select([
      'a.id',
      'a.catalogAppId',
      'p.name as appName',
      'a.intent',
      'a.licenseType',
      'a.groupId',
    ])
    .where('a.tenantId', '=', actor.tenantId)
    .where((eb) =>
      eb.or([eb('a.groupId', '=', groupId), eb('a.excludeGroupIds', 'like', excludes)]),
    )
    .$if(page.after !== undefined, (q) => q.where('a.id', '>', page.after!))
    .orderBy('a.id')
    .limit(page.limit + 1)
    .execute();
  return toPage(
    rows.map(({ groupId: target, ...row }) => ({ ...row, excluded: target !== groupId })),
    page.limit,
  );
}
