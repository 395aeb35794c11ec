/** Users of the directory (API.md "Directory"). */
import type { Kysely } from 'kysely';
import type { Database, UserTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { containsText } from '../../db/search.js';
import { ConflictError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { findInScope } from './findInScope.js';
import { recordActivity } from '../monitoring/activity.js';
import { loadActiveLicenses } from '../ledger/ruleInputs.js';
import { enqueueStoreCall } from '../outbox/enqueue.js';
import {
  afterRow,
  directionOf,
  firstOf,
  lowered,
  sortKeyOf,
  toSortedPage,
  type SortedPage,
  type SortedPageRequest,
  type SortKeys,
} from './listOrder.js';
import { revokeLicenses } from '../ledger/revoke.js';
import { reconcileSubjects } from '../ledger/reconcile.js';
import { resolveSpaceId } from './spaces.js';

export type Enrolment = 'none' | 'invited' | 'joined';

export interface User {
  id: string;
  spaceId: string;
  email: string;
  displayName: string;
  enrolment: Enrolment;
  /** R-I2: false while the identity provider has deactivated the user. */
  active: boolean;
  /** When the user was deactivated, or null while active. */
  deactivatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function presentUser(row: UserTable): User {
  return {
    id: row.id,
    spaceId: row.spaceId,
    email: row.email,
    displayName: row.displayName,
    enrolment: row.enrolment as Enrolment,
    active: row.deactivatedAt == null,
    deactivatedAt: row.deactivatedAt ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** E-mail addresses are compared without case: one person, one user per tenant. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function emailTaken(email: string): ConflictError {
  return new ConflictError('EMAIL_TAKEN', `A user with e-mail ${email} already exists`, {
    field: 'email',
  });
}

/** A user the actor may see, or NOT_FOUND (also for other tenants' and spaces' users). */
export async function getUserRow(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<UserTable> {
  return findInScope(db, actor, 'users', id);
}

export async function getUser(ctx: ServiceContext, actor: Actor, id: string): Promise<User> {
  return presentUser(await getUserRow(ctx.db.kysely, actor, id));
}

/** The fields GET /users sorts by, and what each orders by. */
export const USER_SORTS = ['displayName', 'email', 'enrolment', 'createdAt'] as const;
const USER_SORT_KEYS: SortKeys = {
  displayName: lowered('displayName'),
  email: lowered('email'),
  enrolment: firstOf('enrolment'),
  createdAt: firstOf('createdAt'),
};

export interface UserFilter {
  q?: string;
  spaceId?: string;
  enrolment?: Enrolment;
  /** true: active users only; false: deactivated ones only (R-I2). */
  active?: boolean;
}

export async function listUsers(
  ctx: ServiceContext,
  actor: Actor,
  filter: UserFilter,
  page: SortedPageRequest,
): Promise<SortedPage<User>> {
  const db = ctx.db.kysely;
  const spaceId =
    filter.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, filter.spaceId);
  const key = sortKeyOf(USER_SORT_KEYS, page);
  const direction = directionOf(page);
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .select(key.as('sortKey'))
    .where('tenantId', '=', actor.tenantId)
    .$if(spaceId !== null, (q) => q.where('spaceId', '=', spaceId))
    .$if(filter.q !== undefined, (q) => q.where(containsText(['email', 'displayName'], filter.q!)))
    .$if(filter.enrolment !== undefined, (q) => q.where('enrolment', '=', filter.enrolment!))
    .$if(filter.active === true, (q) => q.where('deactivatedAt', 'is', null))
    .$if(filter.active === false, (q) => q.where('deactivatedAt', 'is not', null))
    .$if(page.after !== undefined, (q) => q.where(afterRow(key, page)))
    .orderBy(key, direction)
    .orderBy('id', direction)
    .limit(page.limit + 1)
    .execute();
  return toSortedPage(rows, page.limit, presentUser);
}

export interface NewUser {
  email: string;
  displayName: string;
  spaceId?: string;
}

export async function createUser(ctx: ServiceContext, actor: Actor, input: NewUser): Promise<User> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => insertUser(trx, actor, input, now));
}

/** createUser in the caller's transaction (SCIM provisioning writes its own rows beside). */
export async function insertUser(
  trx: Kysely<Database>,
  actor: Actor,
  input: NewUser,
  now: Date,
): Promise<User> {
  const row: UserTable = {
    id: newId(),
    tenantId: actor.tenantId,
    spaceId: await resolveSpaceId(trx, actor, input.spaceId),
    email: normaliseEmail(input.email),
    displayName: input.displayName.trim(),
    enrolment: 'none',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    deactivatedAt: null,
  };
  try {
    await trx.insertInto('users').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(row.email);
    throw error;
  }
  const user = presentUser(row);
  await recordActivity(trx, actor, now, {
    action: 'user.create',
    subject: { type: 'user', id: user.id, name: user.displayName },
    spaceId: user.spaceId,
    after: user,
  });
  return user;
}

export async function updateUser(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: { email?: string; displayName?: string },
): Promise<User> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => changeUser(trx, actor, id, input, now));
}

/** updateUser in the caller's transaction. */
export async function changeUser(
  trx: Kysely<Database>,
  actor: Actor,
  id: string,
  input: { email?: string; displayName?: string },
  now: Date,
): Promise<User> {
  const row = await getUserRow(trx, actor, id);
  const changed: UserTable = {
    ...row,
    email: input.email === undefined ? row.email : normaliseEmail(input.email),
    displayName: input.displayName?.trim() ?? row.displayName,
    updatedAt: now.toISOString(),
  };
  try {
    await trx
      .updateTable('users')
      .set({
        email: changed.email,
        displayName: changed.displayName,
        updatedAt: changed.updatedAt,
      })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(changed.email);
    throw error;
  }
  const user = presentUser(changed);
  await recordActivity(trx, actor, now, {
    action: 'user.update',
    subject: { type: 'user', id, name: user.displayName },
    spaceId: user.spaceId,
    before: presentUser(row),
    after: user,
  });
  return user;
}

/**
 * R-I2: the identity provider deactivates (or reactivates) a user. A deactivated user keeps
 * their row and group memberships but no assignment targets them any more, so their user
 * licences and the device licences their devices got through them are revoked at once
 * (reconciliation, with R-V2's effects). Reactivation revokes nothing and allocates nothing:
 * licences come back through normal allocation. Setting the state a user already has is a no-op.
 */
export async function setUserActive(
  trx: Kysely<Database>,
  actor: Actor,
  id: string,
  active: boolean,
  now: Date,
): Promise<{ changed: boolean }> {
  const row = await getUserRow(trx, actor, id);
  const wasActive = row.deactivatedAt == null;
  if (wasActive === active) return { changed: false };
  await trx
    .updateTable('users')
    .set({ deactivatedAt: active ? null : now.toISOString(), updatedAt: now.toISOString() })
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .execute();
  if (!active) await reconcileSubjects(trx, actor, [id], now);
  await recordActivity(trx, actor, now, {
    action: active ? 'user.activate' : 'user.deactivate',
    subject: { type: 'user', id, name: row.displayName },
    spaceId: row.spaceId,
    before: { active: wasActive },
    after: { active },
  });
  return { changed: true };
}

/**
 * Deletes a user and their group memberships. Their devices are deleted too when asked,
 * else they stay without a primary user.
 */
export async function deleteUser(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  options: { deleteDevices: boolean },
): Promise<{ deletedDevices: number }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => removeUser(trx, actor, id, options, now));
}

/** deleteUser in the caller's transaction. */
export async function removeUser(
  trx: Kysely<Database>,
  actor: Actor,
  id: string,
  options: { deleteDevices: boolean },
  now: Date,
): Promise<{ deletedDevices: number }> {
  const row = await getUserRow(trx, actor, id);
  const devices = await trx
    .selectFrom('devices')
    .select(['id', 'serialNumber'])
    .where('tenantId', '=', actor.tenantId)
    .where('primaryUserId', '=', id)
    .execute();
  // R-V2: the user's licences go, and the device licences of the devices deleted with them.
  const held = await loadActiveLicenses(trx, [
    id,
    ...(options.deleteDevices ? devices.map((d) => d.id) : []),
  ]);
  await revokeLicenses(trx, actor, held, 'userDeleted', now);
  await retireStoreUser(trx, actor.tenantId, id, now);
  if (options.deleteDevices && devices.length > 0) {
    const deviceIds = devices.map((d) => d.id);
    await trx
      .deleteFrom('groupMembers')
      .where('tenantId', '=', actor.tenantId)
      .where('memberId', 'in', deviceIds)
      .execute();
    await trx
      .deleteFrom('installs')
      .where('tenantId', '=', actor.tenantId)
      .where('deviceId', 'in', deviceIds)
      .execute();
    await trx
      .deleteFrom('devices')
      .where('tenantId', '=', actor.tenantId)
      .where('id', 'in', deviceIds)
      .execute();
    for (const device of devices) {
      await recordActivity(trx, actor, now, {
        action: 'device.delete',
        subject: { type: 'device', id: device.id, name: device.serialNumber },
        spaceId: row.spaceId,
        before: { serialNumber: device.serialNumber, primaryUserId: id },
      });
    }
  } else if (devices.length > 0) {
    await trx
      .updateTable('devices')
      .set({ primaryUserId: null, updatedAt: now.toISOString() })
      .where('tenantId', '=', actor.tenantId)
      .where('primaryUserId', '=', id)
      .execute();
  }
  await trx
    .deleteFrom('groupMembers')
    .where('tenantId', '=', actor.tenantId)
    .where('memberId', '=', id)
    .execute();
  // A provisioned user's SCIM representation goes with them (R-I2).
  await trx
    .deleteFrom('scimUsers')
    .where('tenantId', '=', actor.tenantId)
    .where('userId', '=', id)
    .execute();
  await trx
    .deleteFrom('users')
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .execute();
  await recordActivity(trx, actor, now, {
    action: 'user.delete',
    subject: { type: 'user', id, name: row.displayName },
    spaceId: row.spaceId,
    before: presentUser(row),
    after: { deleteDevices: options.deleteDevices },
  });
  return { deletedDevices: options.deleteDevices ? devices.length : 0 };
}

/** The user leaves every store programme they joined: the store frees what it still holds. */
async function retireStoreUser(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
  at: Date,
): Promise<void> {
  const memberships = await db
    .selectFrom('storeUsers')
    .select(['accountId', 'clientUserId'])
    .where('tenantId', '=', tenantId)
    .where('userId', '=', userId)
    .execute();
  for (const m of memberships) {
    await enqueueStoreCall(
      db,
      tenantId,
      m.accountId,
      { operation: 'retireUser', clientUserId: m.clientUserId },
      at,
    );
  }
  await db
    .deleteFrom('storeUsers')
    .where('tenantId', '=', tenantId)
    .where('userId', '=', userId)
    .execute();
}
