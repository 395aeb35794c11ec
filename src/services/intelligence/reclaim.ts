/**
 * R-X3: idle licence reclaim. One set-based query finds a space's idle licences with the facts
 * the domain labels them by (domain/reclaim.ts): the dry run lists them with why; an enabled
 * policy revokes them on its schedule through the normal revocation path (ledger/revoke.ts: the
 * seat returns at once, R-V4 grace, R-V5 install effects, the store's disassociate call, an
 * activity entry) with the policy as the actor; a reclaimed licence can be restored while its
 * grace runs.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database, LicenseTable, ReclaimPolicyTable } from '../../db/schema.js';
import { takeSeats } from '../../db/seats.js';
import { ConflictError } from '../../domain/errors.js';
import {
  idleReasons,
  nextRunAt,
  reclaimCutoffs,
  RECLAIM_ACTION,
  RESTORE_ACTION,
  restoreDeadline,
  restoreRefusal,
  type ReclaimCutoffs,
  type ReclaimPolicy,
  type ReclaimReason,
} from '../../domain/reclaim.js';
import { policyActor, type Actor } from '../access/actor.js';
import { noteUsageChange } from '../ledger/usageEvaluation.js';
import { getLicenseRow, presentLicense, withStore, type License } from '../ledger/licenseViews.js';
import { revokeLicenses } from '../ledger/revoke.js';
import { recordActivities, recordActivity } from '../monitoring/activity.js';
import { enqueueStoreCalls } from '../outbox/enqueue.js';
import { storeCallFor, userPrincipalNames } from '../outbox/storeCalls.js';
import type { Page, PageRequest } from '../pagination.js';
import type { ServiceContext } from '../serviceContext.js';
import { policyOf, policyOrDefault, policyRow } from './reclaimPolicy.js';

export interface IdleLicense {
  license: {
    id: string;
    productId: string;
    catalogAppId: string | null;
    accountId: string;
    licenseType: string;
    subject: { type: string; id: string; name: string };
    assignedAt: string;
  };
  reasons: ReclaimReason[];
  /** The latest check-in of the devices the licence covers, when it has any. */
  lastSeenAt: string | null;
}

interface CandidateRow {
  id: string;
  productId: string;
  catalogAppId: string | null;
  accountId: string;
  licenseType: string;
  subjectType: string;
  subjectId: string;
  subjectName: string;
  assignedAt: string;
  heldSince: string;
  lastSeenAt: string | null;
  installed: number | string;
  userDeactivated: number | string;
  reserved: number | string;
}

/** Since when a licence is held: its grant, or its restore for one restored (R-X3). */
const HELD_SINCE = sql`(case when l.last_action = ${RESTORE_ACTION} then l.updated_at else l.assigned_at end)`;

/**
 * The space's active licences the policy would reclaim: one statement whose WHERE applies the
 * cutoffs with EXISTS on indexed columns (devices by id and primary user, installs by licence,
 * reservations by subject), so the database does the work for any number of licences and
 * stops at the first condition met.
 */
function idleLicenses(
  db: Kysely<Database>,
  tenantId: string,
  spaceId: string,
  cutoffs: ReclaimCutoffs,
  tenant: TenantFacts,
) {
  const checkIn = cutoffs.checkIn?.toISOString() ?? null;
  const install = cutoffs.install?.toISOString() ?? null;
  const conditions: Array<RawBuilder<SqlBool>> = [];
  if (checkIn !== null) {
    conditions.push(sql<SqlBool>`(${HELD_SINCE} < ${checkIn} and case when l.subject_type = 'device'
      then exists (select 1 from devices d where d.id = l.subject_id and d.state = 'active'
        and coalesce(d.last_check_in_at, d.created_at) < ${checkIn})
      else exists (select 1 from devices d where d.tenant_id = l.tenant_id
          and d.primary_user_id = l.subject_id and d.state = 'active')
        and not exists (select 1 from devices d where d.tenant_id = l.tenant_id
          and d.primary_user_id = l.subject_id and d.state = 'active'
          and coalesce(d.last_check_in_at, d.created_at) >= ${checkIn})
      end)`);
  }
  if (install !== null) {
    // An install names the licence it uses, on the licence's device or one of its user's.
    conditions.push(sql<SqlBool>`(${HELD_SINCE} < ${install} and not exists (select 1
      from installs i where i.license_id = l.id and i.state = 'installed'))`);
  }
  if (cutoffs.userDeactivated && tenant.anyDeactivated) {
    conditions.push(sql<SqlBool>`(case when l.subject_type = 'user'
      then exists (select 1 from users u where u.id = l.subject_id and u.deactivated_at is not null)
      else exists (select 1 from devices d inner join users u on u.id = d.primary_user_id
        where d.id = l.subject_id and d.shared = 0 and u.deactivated_at is not null)
      end)`);
  }
  const anyCondition =
    conditions.length === 0
      ? sql<SqlBool>`1 = 0`
      : sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
  return db
    .selectFrom('licenses as l')
    .where('l.tenantId', '=', tenantId)
    .where('l.spaceId', '=', spaceId)
    .where('l.state', '=', 'active')
    .where('l.distribution', '!=', 'reserved')
    .where(anyCondition)
    .$if(tenant.anyReservation, (q) =>
      q.where(
        sql<SqlBool>`not exists (select 1 from distribution_entries de
        where de.tenant_id = l.tenant_id and de.subject_id = l.subject_id
          and de.catalog_app_id = l.catalog_app_id and de.account_id = l.account_id
          and de.kind in ('reservedUser', 'reservedDevice'))`,
      ),
    );
}

/** What lets the idle query leave out a condition no licence of the tenant can meet. */
interface TenantFacts {
  anyReservation: boolean;
  anyDeactivated: boolean;
}

async function tenantFacts(db: Kysely<Database>, tenantId: string): Promise<TenantFacts> {
  const reservation = await db
    .selectFrom('distributionEntries')
    .select('subjectId')
    .where('tenantId', '=', tenantId)
    .where('kind', 'in', ['reservedUser', 'reservedDevice'])
    .limit(1)
    .executeTakeFirst();
  const deactivated = await db
    .selectFrom('users')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('deactivatedAt', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return { anyReservation: reservation !== undefined, anyDeactivated: deactivated !== undefined };
}

/** The facts the domain labels idle licences by, for these licences (a page, a batch). */
async function factsOf(db: Kysely<Database>, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return (await db
    .selectFrom('licenses as l')
    .select([
      'l.id',
      'l.productId',
      'l.catalogAppId',
      'l.accountId',
      'l.licenseType',
      'l.subjectType',
      'l.subjectId',
      'l.subjectName',
      'l.assignedAt',
    ])
    .select(HELD_SINCE.$castTo<string>().as('heldSince'))
    .select(
      sql<string | null>`case when l.subject_type = 'device'
        then (select coalesce(d.last_check_in_at, d.created_at) from devices d
              where d.id = l.subject_id and d.state = 'active')
        else (select max(coalesce(d.last_check_in_at, d.created_at)) from devices d
              where d.tenant_id = l.tenant_id and d.primary_user_id = l.subject_id
                and d.state = 'active')
        end`.as('lastSeenAt'),
    )
    .select(
      sql<number>`case when exists (select 1 from installs i where i.license_id = l.id
        and i.state = 'installed') then 1 else 0 end`.as('installed'),
    )
    .select(
      sql<number>`case when l.subject_type = 'user'
        then (case when exists (select 1 from users u where u.id = l.subject_id
                and u.deactivated_at is not null) then 1 else 0 end)
        else (case when exists (select 1 from devices d inner join users u on u.id = d.primary_user_id
                where d.id = l.subject_id and d.shared = 0 and u.deactivated_at is not null)
              then 1 else 0 end)
        end`.as('userDeactivated'),
    )
    .select(sql<number>`0`.as('reserved'))
    .where('l.tenantId', '=', tenantId)
    .where('l.id', 'in', ids)
    .orderBy('l.id')
    .execute()) as CandidateRow[];
}

function labelled(cutoffs: ReclaimCutoffs, row: CandidateRow): IdleLicense {
  return {
    license: {
      id: row.id,
      productId: row.productId,
      catalogAppId: row.catalogAppId,
      accountId: row.accountId,
      licenseType: row.licenseType,
      subject: { type: row.subjectType, id: row.subjectId, name: row.subjectName },
      assignedAt: row.assignedAt,
    },
    reasons: idleReasons(cutoffs, {
      heldSince: new Date(row.heldSince),
      reserved: Number(row.reserved) === 1,
      lastSeenAt: row.lastSeenAt === null ? null : new Date(row.lastSeenAt),
      installed: Number(row.installed) === 1,
      userDeactivated: Number(row.userDeactivated) === 1,
    }),
    lastSeenAt: row.lastSeenAt,
  };
}

export interface DryRun extends Page<IdleLicense> {
  asOf: string;
  /** How many licences the policy would reclaim in all (on the first page only). */
  total: number | null;
}

/**
 * `POST /spaces/{id}/reclaim-policy/dry-run`: the licences the space's policy would reclaim now,
 * with why, whether or not it is enabled. Check-in times noted in memory are written first.
 */
export async function dryRunReclaim(
  ctx: ServiceContext,
  actor: Actor,
  spaceId: string,
  page: PageRequest,
): Promise<DryRun> {
  const row = await policyRow(ctx.db.kysely, actor, spaceId);
  return findIdleLicenses(ctx, actor.tenantId, spaceId, policyOrDefault(row), page);
}

/** Licences whose facts are read per statement. */
const FACTS_CHUNK = 500;

/**
 * R-X3: the licences `policy` would reclaim in the space now, with why — the saved policy's dry
 * run and a what-if's proposed policy (R-X6) alike. Without `page`, all of them. Check-in times
 * noted in memory are written first.
 */
export async function findIdleLicenses(
  ctx: ServiceContext,
  tenantId: string,
  spaceId: string,
  policy: ReclaimPolicy,
  page?: PageRequest,
): Promise<DryRun> {
  const db = ctx.db.kysely;
  const now = ctx.clock.now();
  await ctx.db.checkInTimes.flush();
  const cutoffs = reclaimCutoffs(policy, now);
  const tenant = await tenantFacts(db, tenantId);
  // One pass: the page's IDs, and the count of every idle licence as a window over them all.
  const found = await idleLicenses(db, tenantId, spaceId, cutoffs, tenant)
    .select('l.id')
    .select(sql<number | string>`count(*) over ()`.as('idleCount'))
    .$if(page?.after !== undefined, (q) => q.where('l.id', '>', page!.after!))
    .orderBy('l.id')
    .$if(page !== undefined, (q) => q.limit(page!.limit + 1))
    .execute();
  const ids = found.map((r) => r.id);
  const limit = page?.limit ?? ids.length;
  const total = page?.after !== undefined ? null : Number(found[0]?.idleCount ?? 0);
  const listed = ids.slice(0, limit);
  const rows: CandidateRow[] = [];
  for (let i = 0; i < listed.length; i += FACTS_CHUNK) {
    rows.push(...(await factsOf(db, tenantId, listed.slice(i, i + FACTS_CHUNK))));
  }
  const items = rows.map((r) => labelled(cutoffs, r));
  return {
    asOf: now.toISOString(),
    total,
    items,
    nextAfter: ids.length > limit ? (items.at(-1)?.license.id ?? null) : null,
  };
}

/** Licences revoked per transaction by a reclaim run. */
const RECLAIM_BATCH = 500;

/**
 * Runs one space's enabled policy now: its idle licences are found again inside each batch's
 * transaction — so a device that checked in since the dry run (or since the batch was planned)
 * is no longer idle and keeps its licence — and revoked with the policy as the actor.
 */
export async function runReclaimPolicy(
  ctx: ServiceContext,
  row: ReclaimPolicyTable,
  now: Date,
): Promise<{ reclaimed: number }> {
  const policy = policyOf(row);
  const actor = policyActor(row.tenantId, row.spaceId, row.id);
  const cutoffs = reclaimCutoffs(policy, now);
  await ctx.db.checkInTimes.flush();
  // Found once, then each batch is checked again inside its own transaction before it is revoked.
  const found = (
    await idleLicenses(
      ctx.db.kysely,
      row.tenantId,
      row.spaceId,
      cutoffs,
      await tenantFacts(ctx.db.kysely, row.tenantId),
    )
      .select('l.id')
      .orderBy('l.id')
      .execute()
  ).map((r) => r.id);
  let reclaimed = 0;
  for (let i = 0; i < found.length; i += RECLAIM_BATCH) {
    const batch = found.slice(i, i + RECLAIM_BATCH);
    reclaimed += await ctx.db.transaction(async (trx) => {
      const still = (
        await idleLicenses(
          trx,
          row.tenantId,
          row.spaceId,
          cutoffs,
          await tenantFacts(trx, row.tenantId),
        )
          .select('l.id')
          .where('l.id', 'in', batch)
          .execute()
      ).map((r) => r.id);
      const rows = await factsOf(trx, row.tenantId, still);
      const idle = (await withoutNotedCheckIns(ctx, trx, row.tenantId, rows, cutoffs))
        .map((r) => labelled(cutoffs, r))
        .filter((l) => l.reasons.length > 0);
      return reclaimLicenses(trx, actor, idle, now);
    });
  }
  await ctx.db.kysely
    .updateTable('reclaimPolicies')
    .set({ lastRunAt: now.toISOString(), nextRunAt: nextRunAt(policy, now).toISOString() })
    .where('id', '=', row.id)
    .where('enabled', '=', 1)
    .execute();
  return { reclaimed };
}

/**
 * A check-in noted in this process and not yet written (db/checkInTimes.ts) counts too: the
 * device was seen, so its licence is not idle for want of check-ins.
 */
async function withoutNotedCheckIns(
  ctx: ServiceContext,
  db: Kysely<Database>,
  tenantId: string,
  rows: CandidateRow[],
  cutoffs: ReclaimCutoffs,
): Promise<CandidateRow[]> {
  const cutoff = cutoffs.checkIn?.toISOString();
  if (cutoff === undefined || rows.length === 0) return rows;
  const seen = (deviceId: string) => (ctx.db.checkInTimes.noted(deviceId) ?? '') >= cutoff;
  const userIds = rows.filter((r) => r.subjectType === 'user').map((r) => r.subjectId);
  const devicesOfUsers =
    userIds.length === 0
      ? []
      : await db
          .selectFrom('devices')
          .select(['id', 'primaryUserId'])
          .where('tenantId', '=', tenantId)
          .where('primaryUserId', 'in', userIds)
          .execute();
  const seenUsers = new Set(devicesOfUsers.filter((d) => seen(d.id)).map((d) => d.primaryUserId));
  return rows.map((r) =>
    (r.subjectType === 'device' ? seen(r.subjectId) : seenUsers.has(r.subjectId))
      ? { ...r, lastSeenAt: cutoff }
      : r,
  );
}

/** Revokes the idle licences through the revocation path and marks them reclaimed. */
async function reclaimLicenses(
  db: Kysely<Database>,
  actor: Actor,
  idle: IdleLicense[],
  at: Date,
): Promise<number> {
  if (idle.length === 0) return 0;
  const rows = await db
    .selectFrom('licenses')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where(
      'id',
      'in',
      idle.map((l) => l.license.id),
    )
    .where('state', '=', 'active')
    .execute();
  if (rows.length === 0) return 0;
  // R-V3's path: the seat back at once, R-V4 grace, the app kept (R-V5), the store told; the
  // ledger records why (`reclaimed`).
  await revokeLicenses(db, actor, rows, 'reclaimed', at);
  const revokedNow = new Set(
    (
      await db
        .selectFrom('licenses')
        .select('id')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .where('state', '=', 'revoked')
        .where('revokedAt', '=', at.toISOString())
        .execute()
    ).map((r) => r.id),
  );
  const reclaimed = idle.filter((l) => revokedNow.has(l.license.id));
  for (const reason of ['deviceNotCheckedIn', 'notInstalled', 'userDeactivated'] as const) {
    const ids = reclaimed.filter((l) => l.reasons[0] === reason).map((l) => l.license.id);
    if (ids.length === 0) continue;
    await db
      .updateTable('licenses')
      .set({ lastAction: `${RECLAIM_ACTION}.${reason}` })
      .where('id', 'in', ids)
      .execute();
  }
  const spaceOf = new Map(rows.map((r) => [r.id, r.spaceId]));
  await recordActivities(
    db,
    actor,
    at,
    reclaimed.map((l) => ({
      action: 'license.reclaim',
      subject: { type: 'license', id: l.license.id, name: l.license.subject.name },
      spaceId: spaceOf.get(l.license.id) ?? null,
      before: { state: 'active' },
      after: {
        state: 'revoked',
        reasons: l.reasons,
        subjectId: l.license.subject.id,
        productId: l.license.productId,
        lastSeenAt: l.lastSeenAt,
      },
    })),
  );
  return reclaimed.length;
}

/**
 * R-X3: `POST /licenses/{id}/restore` — a reclaimed licence comes back while its grace runs: the
 * same licence active again, a seat taken from its pool by the guarded update (R-A13), the
 * store's associate call recorded after it (R-V8).
 */
export async function restoreLicense(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<License> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const row = await getLicenseRow(trx, actor, id);
    const refusal = restoreRefusal(
      {
        state: row.state,
        lastAction: row.lastAction,
        revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt),
        graceUntil: row.graceUntil === null ? null : new Date(row.graceUntil),
      },
      now,
    );
    if (refusal === 'notReclaimed') {
      throw new ConflictError(
        'LICENSE_NOT_RESTORABLE',
        'Only a licence a reclaim policy took back can be restored',
        { licenseId: id, state: row.state, lastAction: row.lastAction },
      );
    }
    if (refusal === 'graceEnded') {
      const deadline = restoreDeadline(
        new Date(row.revokedAt!),
        row.graceUntil === null ? null : new Date(row.graceUntil),
      );
      throw new ConflictError(
        'GRACE_ENDED',
        `The licence could be restored until ${deadline.toISOString()}`,
        { licenseId: id, restorableUntil: deadline.toISOString() },
      );
    }
    await requireHolderActive(trx, row);
    const held = await trx
      .selectFrom('licenses')
      .select('id')
      .where('tenantId', '=', row.tenantId)
      .where('subjectId', '=', row.subjectId)
      .where('productId', '=', row.productId)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (held !== undefined) {
      throw new ConflictError('ALREADY_LICENSED', 'The holder already has a licence for this app', {
        licenseId: held.id,
      });
    }
    const taken = await takeSeats(
      trx,
      ctx.db.dialect,
      [{ poolId: row.poolId, seats: 1, fromReserved: 0 }],
      now,
    );
    if (!taken.has(row.poolId)) {
      throw new ConflictError(
        'NO_LICENSE_AVAILABLE',
        'The pool has no licence left to restore this one; the waitlist may have taken it',
        { licenseId: id, poolId: row.poolId },
      );
    }
    const product = await trx
      .selectFrom('products')
      .select(['store', 'storeProductId', 'pricingParam', 'licenseModel'])
      .where('id', '=', row.productId)
      .executeTakeFirstOrThrow();
    const upn =
      product.store === 'microsoft'
        ? (await userPrincipalNames(trx, row.tenantId, [row.subjectId])).get(row.subjectId)
        : undefined;
    const call = storeCallFor(row, product, 'associate', upn);
    const at = now.toISOString();
    await trx
      .updateTable('licenses')
      .set({
        state: 'active',
        storeState: call === null ? 'confirmed' : 'pending',
        revokedAt: null,
        graceUntil: null,
        lastAction: RESTORE_ACTION,
        updatedAt: at,
      })
      .where('id', '=', row.id)
      .where('state', '=', 'revoked')
      .execute();
    await noteUsageChange(trx, row.tenantId, [row.productId], now);
    if (call !== null) {
      await enqueueStoreCalls(
        trx,
        row.tenantId,
        [{ accountId: row.accountId, call: { ...call, licenseId: row.id } }],
        now,
      );
    }
    await recordActivity(trx, actor, now, {
      action: 'license.restore',
      subject: { type: 'license', id: row.id, name: row.subjectName },
      spaceId: row.spaceId,
      before: { state: 'revoked', lastAction: row.lastAction },
      after: { state: 'active' },
    });
    return presentLicense(await withStore(trx, await getLicenseRow(trx, actor, id)));
  });
}

/** A licence comes back only to a holder still here: an active device, a user not deactivated. */
async function requireHolderActive(db: Kysely<Database>, row: LicenseTable): Promise<void> {
  const active =
    row.subjectType === 'device'
      ? await db
          .selectFrom('devices')
          .select('id')
          .where('tenantId', '=', row.tenantId)
          .where('id', '=', row.subjectId)
          .where('state', '=', 'active')
          .executeTakeFirst()
      : await db
          .selectFrom('users')
          .select('id')
          .where('tenantId', '=', row.tenantId)
          .where('id', '=', row.subjectId)
          .where('deactivatedAt', 'is', null)
          .executeTakeFirst();
  if (active === undefined) {
    throw new ConflictError('HOLDER_GONE', 'The licence holder is no longer active', {
      licenseId: row.id,
      subjectId: row.subjectId,
    });
  }
}
