/**
 * SCIM Groups (R-I1): a SCIM group is an Allot group of kind `user`, written through the
 * directory's use cases (groups.ts); its members are SCIM user ids. Membership changes, however
 * the provider words them (Entra ID's `Remove` with a value list, Okta's filtered remove and
 * full replace), become one add/remove set applied in one transaction and reconciled (R-V7).
 * SCIM sees user groups only; a group name is unique per space whatever the kind, so a pushed
 * name equal to a hand-made device or mixed group is a 409 `uniqueness`.
 */
import type { Kysely } from 'kysely';
import type { Database, GroupTable } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { changeGroup, changeGroupUsers, insertGroup, removeGroup } from '../directory/groups.js';
import { resolveSpaceId } from '../directory/spaces.js';
import { CORE_GROUP, isObject, keyOf, type ScimObject } from './scimAttributes.js';
import { scimInvalid, scimTaken } from './scimErrors.js';
import { matches, parseFilter, requiredEquals } from './scimFilter.js';
import { applyPatch, patchOperations } from './scimPatchOps.js';
import {
  listResponse,
  pagingOf,
  project,
  projectionOf,
  providerActor,
  returns,
  type ListQuery,
  type ListResponse,
} from './scimResources.js';

type GroupRow = GroupTable & { externalId: string | null };

interface Member {
  value: string;
  display: string;
}

interface GroupInput {
  displayName: string;
  externalId: string | null;
  /** Absent when the body does not speak of members (a POST without them). */
  memberIds: string[] | undefined;
}

function groupQuery(db: Kysely<Database>, actor: Actor) {
  return db
    .selectFrom('groups as g')
    .leftJoin('scimGroups as sg', 'sg.groupId', 'g.id')
    .selectAll('g')
    .select('sg.externalId')
    .where('g.tenantId', '=', actor.tenantId)
    .where('g.kind', '=', 'user')
    .$if(actor.spaceId !== null, (q) => q.where('g.spaceId', '=', actor.spaceId));
}

async function getRow(db: Kysely<Database>, actor: Actor, id: string): Promise<GroupRow> {
  const row = await groupQuery(db, actor).where('g.id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFoundError('group', id);
  return row;
}

async function membersOf(
  db: Kysely<Database>,
  tenantId: string,
  groupIds: string[],
): Promise<Map<string, Member[]>> {
  const members = new Map<string, Member[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return members;
  const rows = await db
    .selectFrom('groupMembers as m')
    .innerJoin('users as u', 'u.id', 'm.memberId')
    .select(['m.groupId', 'm.memberId', 'u.displayName'])
    .where('m.tenantId', '=', tenantId)
    .where('m.memberType', '=', 'user')
    .where('m.groupId', 'in', groupIds)
    .execute();
  // Sorted here: an ORDER BY member_id in SQL made SQLite read the tenant's every membership
  // through `group_members_member` (already in that order) instead of the group's own.
  rows.sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  for (const r of rows) members.get(r.groupId)?.push({ value: r.memberId, display: r.displayName });
  return members;
}

function present(row: GroupRow, members: Member[] | undefined, baseUrl: string): ScimObject {
  return {
    schemas: [CORE_GROUP],
    id: row.id,
    ...(row.externalId === null ? {} : { externalId: row.externalId }),
    displayName: row.name,
    ...(members === undefined
      ? {}
      : {
          members: members.map((m) => ({
            value: m.value,
            display: m.display,
            $ref: `${baseUrl}/Users/${m.value}`,
          })),
        }),
    meta: {
      resourceType: 'Group',
      created: row.createdAt,
      lastModified: row.updatedAt,
      location: `${baseUrl}/Groups/${row.id}`,
    },
  };
}

export async function getScimGroup(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  query: ListQuery,
  baseUrl: string,
): Promise<ScimObject> {
  const db = ctx.db.kysely;
  const row = await getRow(db, actor, id);
  const projection = projectionOf(query);
  const members = returns(projection, 'members')
    ? (await membersOf(db, actor.tenantId, [id])).get(id)
    : undefined;
  return project(present(row, members, baseUrl), projection);
}

export async function listScimGroups(
  ctx: ServiceContext,
  actor: Actor,
  query: ListQuery,
  baseUrl: string,
): Promise<ListResponse> {
  const db = ctx.db.kysely;
  const paging = pagingOf(query);
  const projection = projectionOf(query);
  const filter = query.filter === undefined ? undefined : parseFilter(query.filter);
  let narrowed = groupQuery(db, actor);
  for (const { attr, value } of filter === undefined ? [] : requiredEquals(filter)) {
    if (attr === 'displayname') {
      narrowed = narrowed.where((eb) => eb.fn('lower', ['g.name']), '=', value.toLowerCase());
    } else if (attr === 'externalid') narrowed = narrowed.where('sg.externalId', '=', value);
    else if (attr === 'id') narrowed = narrowed.where('g.id', '=', value);
  }
  const rows = await narrowed.orderBy('g.id').execute();
  // Filters see the group without its members (none of the providers filters on them).
  const found = rows.filter(
    (r) => filter === undefined || matches(filter, present(r, [], baseUrl)),
  );
  const page = found.slice(paging.startIndex - 1, paging.startIndex - 1 + paging.count);
  const members = returns(projection, 'members')
    ? await membersOf(
        db,
        actor.tenantId,
        page.map((r) => r.id),
      )
    : undefined;
  return listResponse(
    found.length,
    paging,
    page.map((r) => project(present(r, members?.get(r.id), baseUrl), projection)),
  );
}

function memberIdsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw scimInvalid('invalidValue', 'members must be a list');
  return value
    .filter((m) => m !== null)
    .map((m: unknown) => {
      const id = isObject(m) ? m[keyOf(m, 'value') ?? 'value'] : undefined;
      if (typeof id !== 'string' || id === '') {
        throw scimInvalid('invalidValue', 'Every member needs a "value": the id of a user');
      }
      return id;
    });
}

export function groupInputOf(body: unknown): GroupInput {
  if (!isObject(body)) throw scimInvalid('invalidSyntax', 'A Group must be a JSON object');
  const nameKey = keyOf(body, 'displayName');
  const displayName = nameKey === undefined ? undefined : body[nameKey];
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    throw scimInvalid('invalidValue', 'displayName is required');
  }
  const externalKey = keyOf(body, 'externalId');
  const externalId = externalKey === undefined ? undefined : body[externalKey];
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') {
    throw scimInvalid('invalidValue', 'externalId must be a string');
  }
  const membersKey = keyOf(body, 'members');
  return {
    displayName,
    externalId: externalId ?? null,
    memberIds: membersKey === undefined ? undefined : memberIdsOf(body[membersKey]),
  };
}

/** The directory's refusals in SCIM terms. */
function asScimError(error: unknown, name: string): unknown {
  if (error instanceof ConflictError && error.code === 'GROUP_NAME_TAKEN') {
    return scimTaken(`A group named "${name}" already exists in this space`, {
      field: 'displayName',
    });
  }
  if (error instanceof ConflictError && error.code === 'SPACE_MISMATCH') {
    return scimInvalid('invalidValue', error.message);
  }
  if (error instanceof NotFoundError && error.details?.kind === 'user') {
    return scimInvalid('invalidValue', `Member: ${error.message}`);
  }
  return error;
}

/**
 * Filters match displayName whatever its case, so uniqueness does too (one visibility scope,
 * one uniqueness scope): a name that differs only in case from a group of the space is taken.
 */
async function refuseTakenName(
  trx: Kysely<Database>,
  actor: Actor,
  spaceId: string,
  name: string,
  exceptId: string | null,
): Promise<void> {
  const holder = await trx
    .selectFrom('groups')
    .select('id')
    .where('tenantId', '=', actor.tenantId)
    .where('spaceId', '=', spaceId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.trim().toLowerCase()))
    .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
  if (holder !== undefined) {
    throw scimTaken(`A group named "${name}" already exists in this space`, {
      field: 'displayName',
    });
  }
}

async function saveExternalId(
  trx: Kysely<Database>,
  actor: Actor,
  groupId: string,
  externalId: string | null,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('scimGroups')
    .values({ groupId, tenantId: actor.tenantId, externalId, createdAt: now.toISOString() })
    .onConflict((oc) => oc.column('groupId').doUpdateSet({ externalId }))
    .execute();
}

export async function createScimGroup(
  ctx: ServiceContext,
  actor: Actor,
  body: unknown,
  baseUrl: string,
): Promise<ScimObject> {
  const input = groupInputOf(body);
  const provider = providerActor(actor);
  const now = ctx.clock.now();
  const created = await ctx.db.transaction(async (trx) => {
    try {
      await refuseTakenName(
        trx,
        actor,
        await resolveSpaceId(trx, actor, undefined),
        input.displayName,
        null,
      );
      const group = await insertGroup(
        trx,
        provider,
        { name: input.displayName, kind: 'user' },
        now,
      );
      await saveExternalId(trx, actor, group.id, input.externalId, now);
      if (input.memberIds !== undefined && input.memberIds.length > 0) {
        await changeGroupUsers(trx, provider, group.id, { add: input.memberIds, remove: [] }, now);
        return { id: group.id, row: null };
      }
      const row: GroupRow = {
        id: group.id,
        tenantId: actor.tenantId,
        spaceId: group.spaceId,
        name: group.name,
        kind: group.kind,
        createdAt: group.createdAt,
        updatedAt: group.updatedAt,
        externalId: input.externalId,
      };
      return { id: group.id, row };
    } catch (error) {
      throw asScimError(error, input.displayName);
    }
  });
  // Without members (what Entra ID sends) the answer is what was written, not read again;
  // with members their display names are read.
  return created.row === null
    ? getScimGroup(ctx, actor, created.id, {}, baseUrl)
    : present(created.row, [], baseUrl);
}

/** PUT, and PATCH once applied: name, externalId and (when given) the member set. */
async function replaceWith(
  trx: Kysely<Database>,
  actor: Actor,
  row: GroupRow,
  input: GroupInput,
  now: Date,
): Promise<void> {
  const provider = providerActor(actor);
  try {
    if (input.displayName.trim() !== row.name) {
      await refuseTakenName(trx, actor, row.spaceId, input.displayName, row.id);
      await changeGroup(trx, provider, row.id, { name: input.displayName }, now);
    }
    if (input.externalId !== row.externalId) {
      await saveExternalId(trx, actor, row.id, input.externalId, now);
    }
    if (input.memberIds !== undefined) {
      const current = ((await membersOf(trx, actor.tenantId, [row.id])).get(row.id) ?? []).map(
        (m) => m.value,
      );
      const wanted = new Set(input.memberIds);
      await changeGroupUsers(
        trx,
        provider,
        row.id,
        {
          add: [...wanted].filter((id) => !current.includes(id)),
          remove: current.filter((id) => !wanted.has(id)),
        },
        now,
      );
    }
  } catch (error) {
    throw asScimError(error, input.displayName);
  }
}

export async function replaceScimGroup(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: unknown,
  baseUrl: string,
): Promise<ScimObject> {
  const input = groupInputOf(body);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const row = await getRow(trx, actor, id);
    await replaceWith(trx, actor, row, { ...input, memberIds: input.memberIds ?? [] }, now);
  });
  return getScimGroup(ctx, actor, id, {}, baseUrl);
}

/**
 * The member changes of a PATCH that only adds or removes members by value (what Entra ID
 * sends, 10 at a time, and Okta's `members[value eq "…"]` removal), or null when it does
 * anything else. Such a PATCH needs neither the group's other members nor a rewrite of the
 * group: the adds and removes are applied as they are (adding a member twice or removing one
 * that is not there changes nothing, as RFC 7644 §3.5.2 asks).
 */
export function memberChangesOf(
  operations: ReturnType<typeof patchOperations>,
): { add: string[]; remove: string[] } | null {
  const add = new Set<string>();
  const remove = new Set<string>();
  for (const operation of operations) {
    const path = operation.path?.trim();
    if (path === undefined) return null;
    if (operation.op === 'add' && path === 'members') {
      for (const id of memberIdsOf(operation.value)) {
        add.add(id);
        remove.delete(id);
      }
      continue;
    }
    if (operation.op !== 'remove') return null;
    const filtered = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path);
    const ids =
      filtered !== null
        ? [filtered[1]!]
        : path === 'members' && Array.isArray(operation.value)
          ? memberIdsOf(operation.value)
          : null;
    // `remove` of `members` without a value list empties the group: the general path does it.
    if (ids === null) return null;
    for (const id of ids) {
      remove.add(id);
      add.delete(id);
    }
  }
  return { add: [...add], remove: [...remove] };
}

/** Applies a PATCH; the caller answers 204 (Entra ID asks for it, Okta accepts it). */
export async function patchScimGroup(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: unknown,
): Promise<void> {
  const operations = patchOperations(body, id);
  const memberChanges = memberChangesOf(operations);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const row = await getRow(trx, actor, id);
    if (memberChanges !== null) {
      try {
        await changeGroupUsers(trx, providerActor(actor), id, memberChanges, now);
      } catch (error) {
        throw asScimError(error, row.name);
      }
      return;
    }
    const members = (await membersOf(trx, actor.tenantId, [id])).get(id) ?? [];
    const current: ScimObject = {
      schemas: [CORE_GROUP],
      displayName: row.name,
      ...(row.externalId === null ? {} : { externalId: row.externalId }),
      members: members.map((m) => ({ value: m.value })),
    };
    const patched = applyPatch(current, operations);
    await replaceWith(trx, actor, row, groupInputOf({ members: [], ...patched }), now);
  });
}

export async function deleteScimGroup(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    await getRow(trx, actor, id);
    await removeGroup(trx, providerActor(actor), id, now);
  });
}
