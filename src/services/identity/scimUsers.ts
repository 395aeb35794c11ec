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
  excludedOf,
  listResponse,
  pagingOf,
  project,
  providerActor,
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

/** The user as SCIM answers it; `baseUrl` is the service provider's (…/scim/v2). */
export function presentScimUser(row: UserRow, baseUrl: string): ScimObject {
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
): Promise<ScimObject> {
  return presentScimUser(await getRow(ctx.db.kysely, actor, id), baseUrl);
}

export async function listScimUsers(
  ctx: ServiceContext,
  actor: Actor,
  query: ListQuery,
  baseUrl: string,
): Promise<ListResponse> {
  const db = ctx.db.kysely;
  const paging = pagingOf(query);
  const excluded = excludedOf(query);
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
    return listResponse(
      Number(total.n),
      paging,
      rows.map((r) => project(presentScimUser(r as UserRow, baseUrl), excluded)),
    );
  }
  // Narrow in SQL by the equalities every match must pass, then evaluate the whole filter.
  let narrowed = userQuery(db, actor);
  for (const { attr, value } of requiredEquals(filter)) {
    if (attr === 'username') {
      // Both sides indexed: a provisioned user's userName, or a hand-made user's e-mail.
      const key = value.toLowerCase();
      narrowed = narrowed.where('u.id', 'in', (eb) =>
        eb
          .selectFrom('scimUsers')
          .select('userId as id')
          .where('tenantId', '=', actor.tenantId)
          .where('userNameKey', '=', key)
          .union(
            eb
              .selectFrom('users')
              .select('id')
              .where('tenantId', '=', actor.tenantId)
              .where('email', '=', key),
          ),
      );
    } else if (attr === 'externalid') narrowed = narrowed.where('s.externalId', '=', value);
    else if (attr === 'id') narrowed = narrowed.where('u.id', '=', value);
  }
  const rows = await narrowed.orderBy('u.id').execute();
  const found = rows
    .map((r) => presentScimUser(r as UserRow, baseUrl))
    .filter((resource) => matches(filter, resource));
  const page = found.slice(paging.startIndex - 1, paging.startIndex - 1 + paging.count);
  return listResponse(
    found.length,
    paging,
    page.map((r) => project(r, excluded)),
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
  const key = userName.toLowerCase();
  // Two lookups, each on a unique index: a user whose SCIM userName is this one, else a user
  // made by hand (no SCIM row) whose e-mail is. One statement with an OR across the two tables
  // read every user of the tenant.
  const holder =
    (await db
      .selectFrom('scimUsers as s')
      .innerJoin('users as u', 'u.id', 's.userId')
      .select(['u.id', 'u.spaceId'])
      .where('s.tenantId', '=', actor.tenantId)
      .where('s.userNameKey', '=', key)
      .$if(exceptId !== null, (q) => q.where('u.id', '!=', exceptId!))
      .executeTakeFirst()) ??
    (await db
      .selectFrom('users as u')
      .leftJoin('scimUsers as s', 's.userId', 'u.id')
      .select(['u.id', 'u.spaceId'])
      .where('u.tenantId', '=', actor.tenantId)
      .where('u.email', '=', key)
      .where('s.userId', 'is', null)
      .$if(exceptId !== null, (q) => q.where('u.id', '!=', exceptId!))
      .executeTakeFirst());
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

export async function createScimUser(
  ctx: ServiceContext,
  actor: Actor,
  body: unknown,
  baseUrl: string,
): Promise<ScimObject> {
  const input = userInputOf(body);
  const provider = providerActor(actor);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (trx) => {
    try {
      await refuseTakenUserName(trx, actor, input.userName, null);
      const user = await insertUser(
        trx,
        provider,
        { email: input.email, displayName: input.displayName },
        now,
      );
      await saveRepresentation(trx, actor, user.id, input, now);
      if (input.active === false) await setUserActive(trx, provider, user.id, false, now);
      return user.id;
    } catch (error) {
      throw asScimConflict(error, input);
    }
  });
  return getScimUser(ctx, actor, id, baseUrl);
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
