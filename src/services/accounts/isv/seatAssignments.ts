/**
 * R-T12, R-A12: assigning and unassigning the seats of an ISV subscription to users or groups,
 * as administrators do in the Microsoft 365 admin center. A group stands for its users at the
 * time of the request. Assigning is all or nothing: when the seats left do not cover every
 * user who needs one, nothing is assigned and the refusal carries the forecast and the three
 * remedies (R-A12). Unassigning from more than one user needs confirmation. Seats are user
 * licences with no store call: Allot is the subscription's ledger.
 */
import type { Kysely } from 'kysely';
import type { AccountTable, Database, PoolTable, UserTable } from '../../../db/schema.js';
import {
  ConflictError,
  InsufficientLicensesError,
  NotFoundError,
  ValidationError,
} from '../../../domain/errors.js';
import { fcfsAvailable } from '../../../domain/pools.js';
import type { ServiceContext } from '../../serviceContext.js';
import type { Actor } from '../../access/actor.js';
import { recordActivity } from '../../monitoring/activity.js';
import { isvSettingsOf } from '../settings.js';
import { getAccountRow } from '../accounts.js';
import { grantLicense } from '../../ledger/ledger.js';
import { toDomainPool } from '../../ledger/ruleInputs.js';
import { revokeLicenses } from '../../ledger/revoke.js';

export interface SeatTargets {
  userIds?: string[];
  groupIds?: string[];
}

export interface SeatCounts {
  total: number;
  inUse: number;
  available: number;
}

export interface SeatAssignment {
  /** Users given a seat now. */
  assigned: number;
  /** Users who held one already. */
  alreadyAssigned: number;
  seats: SeatCounts;
}

interface Subscription {
  row: AccountTable;
  productId: string;
  pool: PoolTable;
}

async function subscriptionOf(
  db: Kysely<Database>,
  actor: Actor,
  accountId: string,
): Promise<Subscription> {
  const row = await getAccountRow(db, actor, accountId);
  const isv = isvSettingsOf(row);
  const pool =
    isv === null
      ? undefined
      : await db
          .selectFrom('pools')
          .selectAll()
          .where('tenantId', '=', actor.tenantId)
          .where('accountId', '=', row.id)
          .where('productId', '=', isv.productId)
          .executeTakeFirst();
  if (isv === null || pool === undefined) {
    throw new ConflictError(
      'NOT_A_SEAT_SUBSCRIPTION',
      'Seats are assigned directly only on ISV subscriptions; Apple and Microsoft Store ' +
        'licences follow the assignments of catalog apps',
      { accountId, store: row.store },
    );
  }
  return { row, productId: isv.productId, pool };
}

/** The distinct users named, and the users of the groups named, all of the account's space. */
async function usersOf(
  db: Kysely<Database>,
  actor: Actor,
  account: AccountTable,
  targets: SeatTargets,
): Promise<UserTable[]> {
  const userIds = [...new Set(targets.userIds ?? [])];
  const groupIds = [...new Set(targets.groupIds ?? [])];
  if (userIds.length === 0 && groupIds.length === 0) {
    throw new ValidationError('Name the users or groups (userIds, groupIds)', {
      field: 'userIds',
    });
  }
  const groups =
    groupIds.length === 0
      ? []
      : await db
          .selectFrom('groups')
          .select(['id', 'spaceId'])
          .where('tenantId', '=', actor.tenantId)
          .where('id', 'in', groupIds)
          .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
          .execute();
  const missingGroup = groupIds.find((id) => !groups.some((g) => g.id === id));
  if (missingGroup !== undefined) throw new NotFoundError('group', missingGroup);
  checkSpace(account, groups, 'groupIds');
  const members =
    groupIds.length === 0
      ? []
      : await db
          .selectFrom('groupMembers')
          .select('memberId')
          .where('tenantId', '=', actor.tenantId)
          .where('groupId', 'in', groupIds)
          .where('memberType', '=', 'user')
          .execute();
  const ids = [...new Set([...userIds, ...members.map((m) => m.memberId)])];
  if (ids.length === 0) return [];
  const users = await db
    .selectFrom('users')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', 'in', ids)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .orderBy('id')
    .execute();
  const missingUser = userIds.find((id) => !users.some((u) => u.id === id));
  if (missingUser !== undefined) throw new NotFoundError('user', missingUser);
  checkSpace(account, users, 'userIds');
  return users;
}

function checkSpace(
  account: AccountTable,
  subjects: ReadonlyArray<{ id: string; spaceId: string }>,
  field: string,
): void {
  const elsewhere = subjects.find((s) => s.spaceId !== account.spaceId);
  if (elsewhere !== undefined) {
    throw new ConflictError(
      'SPACE_MISMATCH',
      `${elsewhere.id} belongs to another space than the subscription`,
      { field, id: elsewhere.id },
    );
  }
}

async function heldBy(
  db: Kysely<Database>,
  tenantId: string,
  poolId: string,
  userIds: readonly string[],
) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('licenses')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('poolId', '=', poolId)
    .where('subjectType', '=', 'user')
    .where('subjectId', 'in', [...userIds])
    .where('state', '=', 'active')
    .execute();
}

async function countsOf(db: Kysely<Database>, poolId: string): Promise<SeatCounts> {
  const pool = await db
    .selectFrom('pools')
    .selectAll()
    .where('id', '=', poolId)
    .executeTakeFirstOrThrow();
  return { total: pool.total, inUse: pool.inUse, available: fcfsAvailable(toDomainPool(pool)) };
}

/** Gives a seat to every named user (and group member) who has none; all or nothing. */
export async function assignSeats(
  ctx: ServiceContext,
  actor: Actor,
  accountId: string,
  targets: SeatTargets,
): Promise<SeatAssignment> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const { row, productId, pool } = await subscriptionOf(trx, actor, accountId);
    const users = await usersOf(trx, actor, row, targets);
    const held = new Set(
      (
        await heldBy(
          trx,
          actor.tenantId,
          pool.id,
          users.map((u) => u.id),
        )
      ).map((l) => l.subjectId),
    );
    const needing = users.filter((u) => !held.has(u.id));
    const available = fcfsAvailable(toDomainPool(pool));
    const shortfall = (free: number) => ({
      needed: needing.length,
      available: free,
      shortfall: Math.max(0, needing.length - free),
    });
    if (needing.length > available) throw new InsufficientLicensesError(shortfall(available));
    for (const user of needing) {
      const license = await grantLicense(trx, ctx.db.dialect, {
        tenantId: actor.tenantId,
        spaceId: user.spaceId,
        pool,
        // A seat belongs to the subscription, not to a catalog app: no assignment of the app
        // takes it back (R-V7), and the app's views find it by product and space (R-M4), so
        // it needs no link when the app is added to a catalog, whether before or after.
        catalogAppId: null,
        licenseType: 'user',
        subject: { type: 'user', id: user.id, name: user.displayName },
        serialNumber: null,
        distribution: 'fcfs',
        storeCall: null,
        action: 'seats.assign',
        at,
      });
      // Another request took the seats meanwhile: nothing of this request is kept.
      if (license === null) {
        throw new InsufficientLicensesError(shortfall((await countsOf(trx, pool.id)).available));
      }
      await recordActivity(trx, actor, at, {
        action: 'license.grant',
        subject: { type: 'license', id: license.id, name: license.subjectName },
        spaceId: license.spaceId,
        after: {
          productId,
          accountId: row.id,
          licenseType: 'user',
          distribution: 'fcfs',
          userId: user.id,
        },
      });
    }
    const seats = await countsOf(trx, pool.id);
    await recordActivity(trx, actor, at, {
      action: 'account.seats.assign',
      subject: { type: 'account', id: row.id, name: row.name },
      spaceId: row.spaceId,
      after: {
        userIds: needing.map((u) => u.id),
        groupIds: targets.groupIds ?? [],
        alreadyAssigned: held.size,
        seats,
      },
    });
    return { assigned: needing.length, alreadyAssigned: held.size, seats };
  });
}

/**
 * Takes the seats back from the named users (and group members). Taking them from more than
 * one user is a bulk change and needs `confirm`, as in the admin center.
 */
export async function unassignSeats(
  ctx: ServiceContext,
  actor: Actor,
  accountId: string,
  targets: SeatTargets & { confirm?: boolean },
): Promise<{ unassigned: number; seats: SeatCounts }> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const { row, pool } = await subscriptionOf(trx, actor, accountId);
    const users = await usersOf(trx, actor, row, targets);
    const held = await heldBy(
      trx,
      actor.tenantId,
      pool.id,
      users.map((u) => u.id),
    );
    if (held.length > 1 && targets.confirm !== true) {
      throw new ValidationError(
        `This takes the seats of ${row.name} back from ${held.length} users, who lose access ` +
          'to the app. Repeat with confirm=true to unassign them.',
        { field: 'confirm', users: held.length },
        'CONFIRMATION_REQUIRED',
      );
    }
    const { revoked } = await revokeLicenses(trx, actor, held, 'adminRevoked', at);
    const seats = await countsOf(trx, pool.id);
    await recordActivity(trx, actor, at, {
      action: 'account.seats.unassign',
      subject: { type: 'account', id: row.id, name: row.name },
      spaceId: row.spaceId,
      before: { userIds: held.map((l) => l.subjectId) },
      after: { unassigned: revoked, groupIds: targets.groupIds ?? [], seats },
    });
    return { unassigned: revoked, seats };
  });
}
