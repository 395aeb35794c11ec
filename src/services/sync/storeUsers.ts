/**
 * R-A10, R-T5: the store's view of the users Allot registered (store_users) and, from it, each
 * user's enrolment: `joined` once associated with any account, `invited` while registered,
 * `none` otherwise. Store users that Allot did not create are ignored, never adopted.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StoreUser, StoreUserStatus } from '../../stores/connector.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';

type Enrolment = 'none' | 'invited' | 'joined';

const ACTIVE: ReadonlySet<StoreUserStatus> = new Set(['registered', 'associated']);

/**
 * One row per clientUserId: the store keeps retired rows next to the active one, and the
 * active one is the user's state.
 */
function latestPerUser(users: readonly StoreUser[]): Map<string, StoreUser> {
  const byId = new Map<string, StoreUser>();
  for (const user of users) {
    const known = byId.get(user.clientUserId);
    if (known === undefined || !ACTIVE.has(known.status)) byId.set(user.clientUserId, user);
  }
  return byId;
}

function enrolmentOf(statuses: readonly string[]): Enrolment {
  if (statuses.includes('associated')) return 'joined';
  if (statuses.includes('registered')) return 'invited';
  return 'none';
}

/**
 * Applies the statuses the store reports for this account's users; returns the IDs of the
 * users whose enrolment changed (each with an activity entry).
 */
export async function applyStoreUserStatuses(
  db: Kysely<Database>,
  actor: Actor,
  account: { tenantId: string; id: string; spaceId: string },
  users: readonly StoreUser[],
  at: Date,
): Promise<string[]> {
  const reported = latestPerUser(users);
  if (reported.size === 0) return [];
  const known = await db
    .selectFrom('storeUsers')
    .select(['userId', 'clientUserId', 'status', 'inviteCode'])
    .where('tenantId', '=', account.tenantId)
    .where('accountId', '=', account.id)
    .execute();
  const touched: string[] = [];
  for (const row of known) {
    const user = reported.get(row.clientUserId);
    if (user === undefined) continue;
    const inviteCode = user.inviteCode ?? row.inviteCode;
    if (row.status === user.status && row.inviteCode === inviteCode) continue;
    await db
      .updateTable('storeUsers')
      .set({ status: user.status, inviteCode, updatedAt: at.toISOString() })
      .where('tenantId', '=', account.tenantId)
      .where('accountId', '=', account.id)
      .where('userId', '=', row.userId)
      .execute();
    touched.push(row.userId);
  }
  return updateEnrolments(db, actor, account.tenantId, touched, at);
}

async function updateEnrolments(
  db: Kysely<Database>,
  actor: Actor,
  tenantId: string,
  userIds: readonly string[],
  at: Date,
): Promise<string[]> {
  const changed: string[] = [];
  // Bounded IN lists: a first sync may touch thousands of users.
  for (let i = 0; i < userIds.length; i += 500) {
    const part = userIds.slice(i, i + 500);
    changed.push(...(await updateEnrolmentsOf(db, actor, tenantId, part, at)));
  }
  return changed;
}

async function updateEnrolmentsOf(
  db: Kysely<Database>,
  actor: Actor,
  tenantId: string,
  userIds: readonly string[],
  at: Date,
): Promise<string[]> {
  const statuses = await db
    .selectFrom('storeUsers')
    .select(['userId', 'status'])
    .where('tenantId', '=', tenantId)
    .where('userId', 'in', userIds)
    .execute();
  const users = await db
    .selectFrom('users')
    .select(['id', 'spaceId', 'displayName', 'enrolment'])
    .where('tenantId', '=', tenantId)
    .where('id', 'in', userIds)
    .execute();
  const changed: string[] = [];
  for (const user of users) {
    const enrolment = enrolmentOf(
      statuses.filter((s) => s.userId === user.id).map((s) => s.status),
    );
    if (enrolment === user.enrolment) continue;
    await db
      .updateTable('users')
      .set({ enrolment, updatedAt: at.toISOString() })
      .where('tenantId', '=', tenantId)
      .where('id', '=', user.id)
      .execute();
    await recordActivity(db, actor, at, {
      action: 'user.enrolment',
      subject: { type: 'user', id: user.id, name: user.displayName },
      spaceId: user.spaceId,
      before: { enrolment: user.enrolment },
      after: { enrolment },
    });
    changed.push(user.id);
  }
  return changed;
}

/** The e-mail of each of these users (a store user's clientUserId is the user's ID, R-A10). */
export async function emailsOfStoreUsers(
  db: Kysely<Database>,
  tenantId: string,
  clientUserIds: readonly string[],
): Promise<Map<string, string>> {
  if (clientUserIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('tenantId', '=', tenantId)
    .where('id', 'in', [...clientUserIds])
    .execute();
  return new Map(rows.map((r) => [r.id, r.email]));
}

/**
 * R-V8, R-A10: the store did not know these users (Apple 9609) and Allot registered them
 * again with the same clientUserId. Each Allot user among them is `registered` with the
 * account again (until the store reports them associated), the activity log says so, and
 * their enrolment follows (a user the store had lost is no longer `joined` through it).
 */
export async function recordStoreUsersRegisteredAgain(
  db: Kysely<Database>,
  actor: Actor,
  account: { tenantId: string; id: string },
  clientUserIds: readonly string[],
  at: Date,
): Promise<string[]> {
  if (clientUserIds.length === 0) return [];
  const now = at.toISOString();
  const users = await db
    .selectFrom('users')
    .select(['id', 'spaceId', 'displayName'])
    .where('tenantId', '=', account.tenantId)
    .where('id', 'in', [...clientUserIds])
    .execute();
  for (const user of users) {
    await db
      .insertInto('storeUsers')
      .values({
        tenantId: account.tenantId,
        accountId: account.id,
        userId: user.id,
        clientUserId: user.id,
        status: 'registered',
        inviteCode: null,
        updatedAt: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['accountId', 'userId'])
          .doUpdateSet({ status: 'registered', inviteCode: null, updatedAt: now }),
      )
      .execute();
    await recordActivity(db, actor, at, {
      action: 'store.userRegisteredAgain',
      subject: { type: 'user', id: user.id, name: user.displayName },
      spaceId: user.spaceId,
      after: { accountId: account.id, clientUserId: user.id, status: 'registered' },
    });
  }
  await updateEnrolments(
    db,
    actor,
    account.tenantId,
    users.map((u) => u.id),
    at,
  );
  return users.map((u) => u.id);
}
