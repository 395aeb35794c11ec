/**
 * SCIM Users (R-I1, R-I2): a SCIM user is an Allot user, written through the directory's use
 * cases (users.ts), with its SCIM representation kept as sent beside it (`scim_users`).
 * `userName` is answered exactly as sent and unique per tenant whatever its case; a user made
 * by hand is seen with its e-mail as `userName`, so what a filter finds and what uniqueness
 * refuses are one set. `active: false` deactivates (R-I2), DELETE deletes (R-V2).
 */
import type { Kysely } from 'kysely';
import type { Database, UserTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import {
  changeUser,
  insertUser,
  normaliseEmail,
  removeUser,
  setUserActive,
} from '../directory/users.js';
import {
  CORE_USER,
  ENTERPRISE_USER,
  asBoolean,
  isObject,
  keyOf,
  type ScimObject,
} from './scimAttributes.js';
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

/** Members of a request body that are never stored: read-only, or secret (never echoed). */
const NOT_STORED = new Set([
  'id',
  'meta',
  'groups',
  'password',
  'schemas',
  'active',
  'username',
  'externalid',
]);

type UserRow = UserTable & {
  scimUserName: string | null;
  externalId: string | null;
  resource: string | null;
};

/** A group a user belongs to, as the read-only `groups` attribute lists it (RFC 7643 §4.1.2). */
interface UserGroup {
  value: string;
  display: string;
}

/** The most ids one `IN (…)` list names. */
const ID_CHUNK = 500;

/** What a SCIM body says about the user, checked. */
interface UserInput {
  userName: string;
  externalId: string | null;
  active: boolean | undefined;
  email: string;
  displayName: string;
  /** The representation to keep, without the members that are not stored. */
  resource: ScimObject;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

function stringMember(body: ScimObject, name: string): string | undefined {
  const key = keyOf(body, name);
  const value = key === undefined ? undefined : body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw scimInvalid('invalidValue', `${name} must be a string`);
  return value;
}

/** API.md: the primary (else work, else first) e-mail when one is sent, else userName. */
function emailOf(resource: ScimObject, userName: string): string {
  const key = keyOf(resource, 'emails');
  const emails = key === undefined ? [] : resource[key];
  if (emails !== undefined && !Array.isArray(emails)) {
    throw scimInvalid('invalidValue', 'emails must be a list');
  }
  const list = ((emails ?? []) as unknown[]).filter(
    (e): e is ScimObject => isObject(e) && typeof e.value === 'string' && e.value.trim() !== '',
  );
  const chosen =
    list.find((e) => asBoolean(e.primary) === true) ??
    list.find((e) => typeof e.type === 'string' && e.type.toLowerCase() === 'work') ??
    list[0];
  return normaliseEmail(chosen === undefined ? userName : (chosen.value as string));
}

function displayNameOf(resource: ScimObject, userName: string): string {
  const display = resource.displayName;
  if (typeof display === 'string' && display.trim() !== '') return display;
  const name = isObject(resource.name) ? resource.name : {};
  if (typeof name.formatted === 'string' && name.formatted.trim() !== '') return name.formatted;
  const parts = [name.givenName, name.familyName].filter(
    (p): p is string => typeof p === 'string' && p.trim() !== '',
  );
  return parts.length > 0 ? parts.join(' ') : userName;
}

/** Reads a POST or PUT body (or a patched resource), or 400 with its scimType. */
export function userInputOf(body: unknown): UserInput {
  if (!isObject(body)) throw scimInvalid('invalidSyntax', 'A User must be a JSON object');
  const userName = stringMember(body, 'userName');
  if (userName === undefined || userName.trim() === '') {
    throw scimInvalid('invalidValue', 'userName is required');
  }
  const activeKey = keyOf(body, 'active');
  const rawActive = activeKey === undefined ? undefined : body[activeKey];
  const active = rawActive === undefined || rawActive === null ? undefined : asBoolean(rawActive);
  if (rawActive !== undefined && rawActive !== null && active === undefined) {
    throw scimInvalid(
      'invalidValue',
      `active must be true or false, not ${JSON.stringify(rawActive)}`,
    );
  }
  const resource: ScimObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (NOT_STORED.has(key.toLowerCase()) || value === null) continue;
    // The enterprise extension under its URN whatever its case; other URNs are dropped.
    if (key.toLowerCase().startsWith('urn:')) {
      if (key.toLowerCase() === ENTERPRISE_USER.toLowerCase() && isObject(value)) {
        resource[ENTERPRISE_USER] = withoutNulls(value);
      }
      continue;
    }
    resource[key] = withoutNulls(value);
  }
  if (resource.displayName !== undefined && typeof resource.displayName !== 'string') {
    throw scimInvalid('invalidValue', 'displayName must be a string');
  }
  const email = emailOf(resource, userName);
  return {
    userName,
    externalId: stringMember(body, 'externalId') ?? null,
    active,
    email,
    displayName: displayNameOf(resource, userName),
    resource,
  };
}

function userQuery(db: Kysely<Database>, actor: Actor) {
  return db
    .selectFrom('users as u')
    .leftJoin('scimUsers as s', 's.userId', 'u.id')
    .selectAll('u')
    .select(['s.userName as scimUserName', 's.externalId', 's.resource'])
    .where('u.tenantId', '=', actor.tenantId)
    .$if(actor.spaceId !== null, (q) => q.where('u.spaceId', '=', actor.spaceId));
}

async function getRow(db: Kysely<Database>, actor: Actor, id: string): Promise<UserRow> {
  const row = await userQuery(db, actor).where('u.id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFoundError('user', id);
  return row;
}

/**
 * The user groups each of `userIds` belongs to, in one statement per `ID_CHUNK` users (a page
 * of users costs one), by the members' index (`group_members_member`).
 */
async function groupsOf(
  db: Kysely<Database>,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, UserGroup[]>> {
  const groups = new Map<string, UserGroup[]>(userIds.map((id) => [id, []]));
  for (let i = 0; i < userIds.length; i += ID_CHUNK) {
    const rows = await db
      .selectFrom('groupMembers as m')
      .innerJoin('groups as g', 'g.id', 'm.groupId')
      .select(['m.memberId', 'g.id', 'g.name'])
      .where('m.tenantId', '=', tenantId)
      .where('m.memberType', '=', 'user')
      .where('m.memberId', 'in', userIds.slice(i, i + ID_CHUNK))
      .where('g.kind', '=', 'user')
      .orderBy('m.memberId')
      .orderBy('g.id')
      .execute();
    for (const r of rows) groups.get(r.memberId)?.push({ value: r.id, display: r.name });
  }
  return groups;
}

/**
 * The user as SCIM answers it; `baseUrl` is the service provider's (…/scim/v2). `groups` is
 * listed when given (it is read only when the answer returns it).
 */
export function presentScimUser(
  row: UserRow,
  baseUrl: string,
  groups?: readonly UserGroup[],
): ScimObject {
  const stored: ScimObject =
    row.resource === null
      ? { displayName: row.displayName, emails: [{ value: row.email, primary: true }] }
      : (JSON.parse(row.resource) as ScimObject);
  return {
    schemas: ENTERPRISE_USER in stored ? [CORE_USER, ENTERPRISE_USER] : [CORE_USER],
    id: row.id,
    ...(row.externalId === null ? {} : { externalId: row.externalId }),
    userName: row.scimUserName ?? row.email,
    ...stored,
    ...(groups === undefined
      ? {}
      : {
          groups: groups.map((g) => ({
            value: g.value,
            $ref: `${baseUrl}/Groups/${g.value}`,
            display: g.display,
            type: 'direct',
          })),
        }),
    active: row.deactivatedAt == null,
    meta: {
      resourceType: 'User',
      created: row.createdAt,
      lastModified: row.updatedAt,
      location: `${baseUrl}/Users/${row.id}`,
    },
  };
}

export async function getScimUser(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  baseUrl: string,
  query: ListQuery = {},
): Promise<ScimObject> {
  const db = ctx.db.kysely;
  const projection = projectionOf(query);
  const row = await getRow(db, actor, id);
  const groups = returns(projection, 'groups')
    ? (await groupsOf(db, actor.tenantId, [id])).get(id)
    : undefined;
  return project(presentScimUser(row, baseUrl, groups), projection);
}

/**
 * The users whose `userName` is `key` (lower-cased): a provisioned user by their SCIM
 * userName, a hand-made one by their e-mail. One statement, each half on its own unique index.
 */
function userNameHolders(db: Kysely<Database>, actor: Actor, key: string, exceptId: string | null) {
  return db
    .selectFrom('scimUsers as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select(['u.id', 'u.spaceId'])
    .where('s.tenantId', '=', actor.tenantId)
    .where('s.userNameKey', '=', key)
    .$if(exceptId !== null, (q) => q.where('u.id', '!=', exceptId!))
    .unionAll(
      db
        .selectFrom('users as u')
        .leftJoin('scimUsers as s', 's.userId', 'u.id')
        .select(['u.id', 'u.spaceId'])
        .where('u.tenantId', '=', actor.tenantId)
        .where('u.email', '=', key)
        .where('s.userId', 'is', null)
        .$if(exceptId !== null, (q) => q.where('u.id', '!=', exceptId!)),
    );
}

/**
 * The ids a filter's required equalities allow, each found by an index (userName, externalId,
 * id), or null when the filter names none of them and every user must be read.
 */
async function candidateIds(
  db: Kysely<Database>,
  actor: Actor,
  equalities: Array<{ attr: string; value: string }>,
): Promise<string[] | null> {
  let ids: string[] | null = null;
  for (const { attr, value } of equalities) {
    let found: string[];
    if (attr === 'username') {
      found = (await userNameHolders(db, actor, value.toLowerCase(), null).execute()).map(
        (r) => r.id,
      );
    } else if (attr === 'externalid') {
      found = (
        await db
          .selectFrom('scimUsers')
          .select('userId')
          .where('tenantId', '=', actor.tenantId)
          .where('externalId', '=', value)
          .execute()
      ).map((r) => r.userId);
    } else if (attr === 'id') {
      found = [value];
    } else {
      continue;
    }
    const previous: Set<string> | null = ids === null ? null : new Set<string>(ids);
    ids = [...new Set(found)].filter((id) => previous === null || previous.has(id));
    if (ids.length === 0) return [];
  }
  return ids;
}

export async function listScimUsers(
  ctx: ServiceContext,
  actor: Actor,
  query: ListQuery,
  baseUrl: string,
): Promise<ListResponse> {
  const db = ctx.db.kysely;
  const paging = pagingOf(query);
  const projection = projectionOf(query);
  const withGroups = returns(projection, 'groups');
  const filter = query.filter === undefined ? undefined : parseFilter(query.filter);
  if (filter === undefined) {
    const total = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', actor.tenantId)
      .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
      .executeTakeFirstOrThrow();
    const rows =
      paging.count === 0
        ? []
        : await userQuery(db, actor)
            .orderBy('u.id')
            .offset(paging.startIndex - 1)
            .limit(paging.count)
            .execute();
    const groups = withGroups
      ? await groupsOf(
          db,
          actor.tenantId,
          rows.map((r) => r.id),
        )
      : undefined;
    return listResponse(
      Number(total.n),
      paging,
      rows.map((r) => project(presentScimUser(r, baseUrl, groups?.get(r.id)), projection)),
    );
  }
  // Narrow by the equalities every match must pass, each through its index, then read those
  // users and evaluate the whole filter. The providers' lookup before a create (`userName eq`,
  // nobody found) costs one statement.
  const ids = await candidateIds(db, actor, requiredEquals(filter));
  if (ids !== null && ids.length === 0) return listResponse(0, paging, []);
  const rows: UserRow[] = [];
  if (ids === null) rows.push(...(await userQuery(db, actor).orderBy('u.id').execute()));
  for (let i = 0; ids !== null && i < ids.length; i += ID_CHUNK) {
    rows.push(
      ...(await userQuery(db, actor)
        .where('u.id', 'in', ids.slice(i, i + ID_CHUNK))
        .execute()),
    );
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // A filter on `groups` needs every candidate's groups; otherwise only the page's are read.
  const filterSeesGroups = /\bgroups\b/i.test(query.filter ?? '');
  const candidateGroups = filterSeesGroups
    ? await groupsOf(
        db,
        actor.tenantId,
        rows.map((r) => r.id),
      )
    : undefined;
  const found = rows.filter((r) =>
    matches(filter, presentScimUser(r, baseUrl, candidateGroups?.get(r.id) ?? [])),
  );
  const page = found.slice(paging.startIndex - 1, paging.startIndex - 1 + paging.count);
  const groups = !withGroups
    ? undefined
    : (candidateGroups ??
      (await groupsOf(
        db,
        actor.tenantId,
        page.map((r) => r.id),
      )));
  return listResponse(
    found.length,
    paging,
    page.map((r) => project(presentScimUser(r, baseUrl, groups?.get(r.id)), projection)),
  );
}

/**
 * One uniqueness scope, one visibility scope: a `userName` is taken by a provisioned user
 * with it (any case), or by a hand-made user whose e-mail it is. One held in a space the
 * token does not see is refused too, and the answer says so (API.md).
 */
async function refuseTakenUserName(
  db: Kysely<Database>,
  actor: Actor,
  userName: string,
  exceptId: string | null,
): Promise<void> {
  const holders = await userNameHolders(db, actor, userName.toLowerCase(), exceptId).execute();
  const holder =
    holders.find((h) => actor.spaceId !== null && h.spaceId !== actor.spaceId) ?? holders[0];
  if (holder === undefined) return;
  if (actor.spaceId !== null && holder.spaceId !== actor.spaceId) {
    throw scimTaken(`userName ${userName} is held by a user of another space`, {
      field: 'userName',
    });
  }
  throw scimTaken(`userName ${userName} is taken`, { field: 'userName' });
}

/** The directory's conflicts in SCIM terms. */
function asScimConflict(error: unknown, input: UserInput): unknown {
  if (error instanceof ConflictError && error.code === 'EMAIL_TAKEN') {
    return scimTaken(`e-mail ${input.email} is taken by another user`, { field: 'emails' });
  }
  if (isUniqueViolation(error)) return scimTaken(`userName ${input.userName} is taken`);
  return error;
}

async function saveRepresentation(
  trx: Kysely<Database>,
  actor: Actor,
  userId: string,
  input: UserInput,
  now: Date,
): Promise<void> {
  const values = {
    userName: input.userName,
    userNameKey: input.userName.toLowerCase(),
    externalId: input.externalId,
    resource: JSON.stringify(input.resource),
    updatedAt: now.toISOString(),
  };
  await trx
    .insertInto('scimUsers')
    .values({ ...values, userId, tenantId: actor.tenantId, createdAt: now.toISOString() })
    .onConflict((oc) => oc.column('userId').doUpdateSet(values))
    .execute();
}

/**
 * The tenant's default space, read once per database: it is made with the tenant and can be
 * neither deleted nor changed (spaces.ts), and every user a tenant-wide token provisions goes
 * there (one round trip less per create).
 */
const defaultSpaces = new WeakMap<object, Map<string, string>>();

async function defaultSpaceOf(ctx: ServiceContext, tenantId: string): Promise<string> {
  let spaces = defaultSpaces.get(ctx.db);
  if (spaces === undefined) {
    spaces = new Map();
    defaultSpaces.set(ctx.db, spaces);
  }
  let id = spaces.get(tenantId);
  if (id === undefined) {
    const row = await ctx.db.kysely
      .selectFrom('spaces')
      .select('id')
      .where('tenantId', '=', tenantId)
      .where('isDefault', '=', 1)
      .executeTakeFirstOrThrow();
    id = row.id;
    spaces.set(tenantId, id);
  }
  return id;
}

/**
 * Keeps a new user's representation, unless `userName` is taken. A provisioned user holding it
 * (any case) is refused by the unique index on `(tenant_id, user_name_key)`; a hand-made user
 * whose e-mail it is, by the statement itself, which then writes nothing. Either way the
 * answer is false, and the caller says who holds it once the transaction is rolled back.
 */
async function insertRepresentation(
  trx: Kysely<Database>,
  actor: Actor,
  userId: string,
  input: UserInput,
  now: Date,
): Promise<boolean> {
  const key = input.userName.toLowerCase();
  const at = now.toISOString();
  try {
    const result = await trx
      .insertInto('scimUsers')
      .columns([
        'userId',
        'tenantId',
        'userName',
        'userNameKey',
        'externalId',
        'resource',
        'createdAt',
        'updatedAt',
      ])
      .expression(
        trx
          .selectNoFrom((eb) => [
            eb.val(userId).as('userId'),
            eb.val(actor.tenantId).as('tenantId'),
            eb.val(input.userName).as('userName'),
            eb.val(key).as('userNameKey'),
            eb.val(input.externalId).as('externalId'),
            eb.val(JSON.stringify(input.resource)).as('resource'),
            eb.val(at).as('createdAt'),
            eb.val(at).as('updatedAt'),
          ])
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('users as u')
                  .select('u.id')
                  .where('u.tenantId', '=', actor.tenantId)
                  .where('u.email', '=', key)
                  .where('u.id', '!=', userId)
                  .where((inner) =>
                    inner.not(
                      inner.exists(
                        inner
                          .selectFrom('scimUsers as s')
                          .select('s.userId')
                          .whereRef('s.userId', '=', 'u.id'),
                      ),
                    ),
                  ),
              ),
            ),
          ),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Refused because `userName` is taken, whoever it turns out to be held by. */
class UserNameTaken extends Error {}

/**
 * BEGIN, the user, its activity entry, its representation (the userName check folded in),
 * COMMIT: five round trips. When anything is taken, the transaction is rolled back and the
 * answer is the one the checks give in order: the userName first, then the e-mail.
 */
export async function createScimUser(
  ctx: ServiceContext,
  actor: Actor,
  body: unknown,
  baseUrl: string,
): Promise<ScimObject> {
  const input = userInputOf(body);
  const provider = providerActor(actor);
  const now = ctx.clock.now();
  // insertUser places a user in the actor's space, or else reads the default space.
  const placed: Actor =
    actor.spaceId === null
      ? { ...provider, spaceId: await defaultSpaceOf(ctx, actor.tenantId) }
      : provider;
  let row: UserRow;
  try {
    row = await ctx.db.transaction(async (trx): Promise<UserRow> => {
      const user = await insertUser(
        trx,
        placed,
        { email: input.email, displayName: input.displayName },
        now,
      );
      if (!(await insertRepresentation(trx, actor, user.id, input, now))) {
        throw new UserNameTaken();
      }
      if (input.active === false) await setUserActive(trx, provider, user.id, false, now);
      // What was written, answered without reading it again (one round trip less per user).
      return {
        id: user.id,
        tenantId: actor.tenantId,
        spaceId: user.spaceId,
        email: user.email,
        displayName: user.displayName,
        enrolment: user.enrolment,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
        deactivatedAt: input.active === false ? now.toISOString() : null,
        scimUserName: input.userName,
        externalId: input.externalId,
        resource: JSON.stringify(input.resource),
      };
    });
  } catch (error) {
    const refused =
      error instanceof UserNameTaken ||
      (error instanceof ConflictError && error.code === 'EMAIL_TAKEN') ||
      isUniqueViolation(error);
    if (!refused) throw error;
    // Rolled back: who holds the userName, if anyone; else the e-mail was the conflict.
    await refuseTakenUserName(ctx.db.kysely, actor, input.userName, null);
    if (error instanceof UserNameTaken) throw scimTaken(`userName ${input.userName} is taken`);
    throw asScimConflict(error, input);
  }
  // A new user belongs to no group yet.
  return presentScimUser(row, baseUrl, []);
}

/** PUT, and PATCH once applied: the user becomes what `input` says, in one transaction. */
async function replaceWith(
  trx: Kysely<Database>,
  actor: Actor,
  row: UserRow,
  input: UserInput,
  now: Date,
): Promise<void> {
  const provider = providerActor(actor);
  try {
    if ((row.scimUserName ?? row.email).toLowerCase() !== input.userName.toLowerCase()) {
      await refuseTakenUserName(trx, actor, input.userName, row.id);
    }
    if (input.email !== row.email || input.displayName !== row.displayName) {
      await changeUser(
        trx,
        provider,
        row.id,
        { email: input.email, displayName: input.displayName },
        now,
      );
    }
    await saveRepresentation(trx, actor, row.id, input, now);
    if (input.active !== undefined) await setUserActive(trx, provider, row.id, input.active, now);
  } catch (error) {
    throw asScimConflict(error, input);
  }
}

export async function replaceScimUser(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: unknown,
  baseUrl: string,
): Promise<ScimObject> {
  const input = userInputOf(body);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const row = await getRow(trx, actor, id);
    await replaceWith(trx, actor, row, input, now);
  });
  return getScimUser(ctx, actor, id, baseUrl);
}

export async function patchScimUser(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: unknown,
  baseUrl: string,
): Promise<ScimObject> {
  const operations = patchOperations(body, id);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const row = await getRow(trx, actor, id);
    const current = presentScimUser(row, baseUrl);
    delete current.meta;
    const patched = applyPatch(current, operations);
    await replaceWith(trx, actor, row, userInputOf(patched), now);
  });
  return getScimUser(ctx, actor, id, baseUrl);
}

/** R-I2: deleted by the identity provider, deleted as R-V2 says (devices stay, unassigned). */
export async function deleteScimUser(ctx: ServiceContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    await removeUser(trx, providerActor(actor), id, { deleteDevices: false }, now);
  });
}
