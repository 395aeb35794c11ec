/**
 * R-X4: the waitlist. A device refused an app for lack of a licence waits in the app's queue
 * (waitlistQueue.ts keeps it); when licences appear the queue is served at once, in order —
 * reservations first, then by time of refusal — each device decided as its check-in would
 * decide it (checkIn/decide.ts): the licence and its store call are written now, and the
 * install command waits for the device's next check-in (its install is `pending`). A device
 * leaves the queue when served, when no assignment targets it for the app any more, and when it
 * or its user is deleted or deactivated.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/database.js';
import type { Dialect } from '../../db/dialect.js';
import { runTransaction } from '../../db/transaction.js';
import { AllotError, ValidationError } from '../../domain/errors.js';
import { compareWaitlist } from '../../domain/reclaim.js';
import { resolveTargets } from '../../domain/targeting.js';
import { systemActor, type Actor } from '../access/actor.js';
import { getCatalogAppAccess } from '../catalog/catalogApps.js';
import { CheckIn } from '../checkIn/decide.js';
import { withConflictRetry } from '../checkIn/retry.js';
import type { Command } from '../checkIn/types.js';
import { loadDeviceWorld } from '../checkIn/world.js';
import { deviceSubjectOf, toAssignment } from '../ledger/ruleInputs.js';
import { wakeDevices } from '../mdm/wake.js';
import type { Page, PageRequest } from '../pagination.js';
import type { ServiceContext } from '../serviceContext.js';
import { leaveQueue, type WaitlistServer } from './waitlistQueue.js';

export interface WaitlistItem {
  /** The place in its app's queue: 1 is served first. */
  position: number;
  catalogAppId: string;
  appName: string;
  device: { id: string; name: string; serialNumber: string };
  user: { id: string; name: string } | null;
  reserved: boolean;
  reason: string;
  queuedAt: string;
}

interface QueuedRow {
  id: string;
  catalogAppId: string;
  deviceId: string;
  deviceName: string | null;
  serialNumber: string;
  userId: string | null;
  userName: string | null;
  reason: string;
  queuedAt: string;
  reserved: number | string | boolean;
}

/** The queued devices of an app or a product, in the order they are served. */
function queueQuery(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('waitlistEntries as w')
    .innerJoin('devices as d', (j) =>
      j.onRef('d.id', '=', 'w.deviceId').onRef('d.tenantId', '=', 'w.tenantId'),
    )
    .leftJoin('users as u', 'u.id', 'd.primaryUserId')
    .select([
      'w.id',
      'w.catalogAppId',
      'w.deviceId',
      'd.name as deviceName',
      'd.serialNumber',
      'u.id as userId',
      'u.displayName as userName',
      'w.reason',
      'w.queuedAt',
    ])
    .select((eb) =>
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('distributionEntries as de')
              .select('de.subjectId')
              .whereRef('de.tenantId', '=', 'w.tenantId')
              .whereRef('de.catalogAppId', '=', 'w.catalogAppId')
              .where((r) =>
                r.or([
                  r.and([
                    r('de.kind', '=', 'reservedDevice'),
                    r('de.subjectId', '=', r.ref('d.id')),
                  ]),
                  r.and([
                    r('de.kind', '=', 'reservedUser'),
                    r('de.subjectId', '=', r.ref('d.primaryUserId')),
                  ]),
                ]),
              ),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as('reserved'),
    )
    .where('w.tenantId', '=', tenantId)
    .where('d.state', '=', 'active')
    .where('u.deactivatedAt', 'is', null)
    .orderBy('reserved', 'desc')
    .orderBy('w.queuedAt')
    .orderBy('w.id');
}

const placeOf = (row: QueuedRow) => ({
  id: row.id,
  reserved: Number(row.reserved) === 1,
  queuedAt: row.queuedAt,
});

function present(row: QueuedRow & { appName: string }, position: number): WaitlistItem {
  return {
    position,
    catalogAppId: row.catalogAppId,
    appName: row.appName,
    device: {
      id: row.deviceId,
      name: row.deviceName ?? row.serialNumber,
      serialNumber: row.serialNumber,
    },
    user: row.userId === null ? null : { id: row.userId, name: row.userName ?? '' },
    reserved: Number(row.reserved) === 1,
    reason: row.reason,
    queuedAt: row.queuedAt,
  };
}

/**
 * `GET /waitlist`: the app's queue in order, or (no app given) every queue of the actor's
 * scope, app by app (by name), each in its order. A page is an offset into that list.
 */
export async function listWaitlist(
  ctx: ServiceContext,
  actor: Actor,
  catalogAppId: string | undefined,
  page: PageRequest,
): Promise<Page<WaitlistItem>> {
  if (catalogAppId !== undefined) await getCatalogAppAccess(ctx.db.kysely, actor, catalogAppId);
  if (page.after !== undefined && !/^\d{1,9}$/.test(page.after)) {
    throw new ValidationError(
      'The cursor is not one this server gave out',
      { field: 'cursor' },
      'INVALID_CURSOR',
    );
  }
  const offset = page.after === undefined ? 0 : Number(page.after);
  const db = ctx.db.kysely;
  const queues = queueQuery(db, actor.tenantId)
    .$if(catalogAppId !== undefined, (q) => q.where('w.catalogAppId', '=', catalogAppId!))
    .$if(actor.spaceId !== null, (q) => q.where('d.spaceId', '=', actor.spaceId));
  // The place in each app's queue, in the queue's own order (queueQuery's).
  const rows = await db
    .selectFrom(queues.as('q'))
    .innerJoin('catalogApps as ca', 'ca.id', 'q.catalogAppId')
    .innerJoin('products as p', 'p.id', 'ca.productId')
    .selectAll('q')
    .select('p.name as appName')
    .select(
      sql<number>`row_number() over (partition by q.catalog_app_id order by q.reserved desc, q.queued_at, q.id)`.as(
        'position',
      ),
    )
    .orderBy('p.name')
    .orderBy('q.catalogAppId')
    .orderBy('position')
    .limit(page.limit + 1)
    .offset(offset)
    .execute();
  const items = rows
    .slice(0, page.limit)
    .map((row) => present(row as QueuedRow & { appName: string }, Number(row.position)));
  return {
    items,
    nextAfter: rows.length > page.limit ? String(offset + page.limit) : null,
  };
}

/** A device given its licence from the queue: its install command waits for its check-in. */
export interface ServedEntry {
  catalogAppId: string;
  deviceId: string;
  commands: Command[];
}

/** How many refusals in a row end a product's serving: the rest wait for the next sweep. */
const MAX_REFUSALS = 50;

/**
 * R-X4: serves the queues of these products in order while their pools may have a seat. Each
 * device is decided in its own transaction, exactly as at a check-in: its install command waits
 * for its next check-in, and a device an MDM connector manages is woken for it (mdm/wake.ts).
 * The served devices come back with their install commands.
 */
export async function serveWaitlist(
  root: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  productIds: readonly string[],
  at: Date,
): Promise<ServedEntry[]> {
  const served: ServedEntry[] = [];
  for (const productId of await productsWaiting(root, tenantId, productIds)) {
    let refusals = 0;
    const queue = (
      (await queueQuery(root, tenantId)
        .where('w.productId', '=', productId)
        .execute()) as QueuedRow[]
    ).sort((x, y) => compareWaitlist(placeOf(x), placeOf(y)));
    for (const entry of queue) {
      const seats = await seatsOf(root, tenantId, productId);
      const reserved = Number(entry.reserved) === 1;
      if (seats.fcfs <= 0 && !(reserved && seats.reserved > 0)) {
        // Only reserved seats are left: the reserved entries come first, so nobody else can use them.
        break;
      }
      const outcome = await serveOne(root, dialect, tenantId, entry, at);
      if (outcome.served) served.push(outcome.served);
      else if (outcome.waiting && (refusals += 1) >= MAX_REFUSALS) break;
    }
  }
  return served;
}

/**
 * What serves the queues after a commit that freed or added seats (ledger/release.ts, sync):
 * registered once by the composition root (context.ts). A failure does not undo that commit,
 * and its caller must not see it as its own: it is logged, and the minute's sweep
 * (reclaimTasks.ts) serves the queue again.
 */
export function waitlistServer(logger: Logger): WaitlistServer {
  return async (root, dialect, tenantId, productIds, at) => {
    try {
      await serveWaitlist(root, dialect, tenantId, productIds, at);
    } catch (error) {
      logger.warn(
        { err: error, tenantId, productIds },
        "waitlist: serving the queue after a commit failed; the minute's sweep serves it again",
      );
    }
  };
}

async function productsWaiting(
  db: Kysely<Database>,
  tenantId: string,
  productIds: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  const unique = [...new Set(productIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('waitlistEntries')
      .select('productId')
      .distinct()
      .where('tenantId', '=', tenantId)
      .where('productId', 'in', unique.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.productId !== null) found.push(row.productId);
  }
  return found.sort();
}

/** Seats free for anyone (FCFS) and seats held for reservations, over the product's pools. */
async function seatsOf(db: Kysely<Database>, tenantId: string, productId: string) {
  const row = await db
    .selectFrom('pools')
    .select([
      sql<number>`coalesce(sum(case when unlimited = 1 then 1 when total - in_use - reserved > 0 then total - in_use - reserved else 0 end), 0)`.as(
        'fcfs',
      ),
      sql<number>`coalesce(sum(reserved), 0)`.as('reserved'),
    ])
    .where('tenantId', '=', tenantId)
    .where('productId', '=', productId)
    .executeTakeFirstOrThrow();
  return { fcfs: Number(row.fcfs), reserved: Number(row.reserved) };
}

/** Codes of a device or app that can no longer be decided: the device leaves the queue. */
const LEAVES_QUEUE = new Set(['APP_NOT_OFFERED', 'DEVICE_NOT_ACTIVE', 'NOT_FOUND']);

async function serveOne(
  root: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  entry: QueuedRow,
  at: Date,
): Promise<{ served?: ServedEntry; waiting: boolean }> {
  const key = { tenantId, catalogAppId: entry.catalogAppId, deviceId: entry.deviceId };
  return withConflictRetry(() =>
    runTransaction(root, dialect, async (trx) => {
      const device = await trx
        .selectFrom('devices')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .where('id', '=', entry.deviceId)
        .executeTakeFirst();
      if (device === undefined) {
        await leaveQueue(trx, key);
        return { waiting: false };
      }
      const check = new CheckIn(trx, dialect, systemActor(tenantId), at, 'inTransaction');
      let result;
      try {
        result = await check.request(device, entry.catalogAppId);
      } catch (error) {
        if (!(error instanceof AllotError) || !LEAVES_QUEUE.has(error.code)) throw error;
        // Thrown before anything was written: no longer offered to this device.
        await leaveQueue(trx, key);
        return { waiting: false };
      }
      const state = result.apps.find((a) => a.catalogAppId === entry.catalogAppId)?.state;
      if (state === 'noLicense') return { waiting: true };
      await leaveQueue(trx, key);
      // R-I4: a device an MDM connector manages is woken, polls, and gets its install then.
      await wakeDevices(trx, tenantId, [entry.deviceId], at);
      return {
        waiting: false,
        served: {
          catalogAppId: entry.catalogAppId,
          deviceId: entry.deviceId,
          commands: result.commands.filter((c) => c.catalogAppId === entry.catalogAppId),
        },
      };
    }),
  );
}

/** Devices checked for targeting per sweep; the rest wait for the next minute. */
const TARGETING_CHECKS_PER_SWEEP = 1000;

/**
 * The minute's sweep: devices deleted, retired or deactivated (or whose user is) leave every
 * queue; devices no assignment targets for the app any more leave its queue; then every queue
 * whose product has a free seat is served (a seat freed where no hook saw it, or a serving that
 * failed after its commit).
 */
export async function sweepWaitlist(db: Db, now: Date): Promise<ServedEntry[]> {
  const { kysely } = db;
  await kysely
    .deleteFrom('waitlistEntries')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('devices as d')
            .select('d.id')
            .whereRef('d.id', '=', 'waitlistEntries.deviceId')
            .whereRef('d.tenantId', '=', 'waitlistEntries.tenantId')
            .where('d.state', '=', 'active'),
        ),
      ),
    )
    .execute();
  await kysely
    .deleteFrom('waitlistEntries')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('devices as d')
          .innerJoin('users as u', 'u.id', 'd.primaryUserId')
          .select('d.id')
          .whereRef('d.id', '=', 'waitlistEntries.deviceId')
          .where('u.deactivatedAt', 'is not', null),
      ),
    )
    .execute();
  await dropUntargeted(kysely, db.dialect);

  const waiting = await kysely
    .selectFrom('waitlistEntries')
    .select(['tenantId', 'productId'])
    .distinct()
    .execute();
  const byTenant = new Map<string, string[]>();
  for (const { tenantId, productId } of waiting) {
    if (productId === null) continue;
    byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), productId]);
  }
  const served: ServedEntry[] = [];
  for (const [tenantId, productIds] of byTenant) {
    served.push(...(await serveWaitlist(kysely, db.dialect, tenantId, productIds, now)));
  }
  return served;
}

async function dropUntargeted(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const entries = await db
    .selectFrom('waitlistEntries')
    .select(['tenantId', 'deviceId', 'catalogAppId'])
    .orderBy('deviceId')
    .limit(TARGETING_CHECKS_PER_SWEEP)
    .execute();
  const byDevice = new Map<string, { tenantId: string; appIds: string[] }>();
  for (const e of entries) {
    const known = byDevice.get(e.deviceId);
    if (known === undefined)
      byDevice.set(e.deviceId, { tenantId: e.tenantId, appIds: [e.catalogAppId] });
    else known.appIds.push(e.catalogAppId);
  }
  for (const [deviceId, { tenantId, appIds }] of byDevice) {
    const world = await loadDeviceWorld(db, dialect, { tenantId, spaceId: null }, { deviceId });
    if (world === undefined) continue;
    const subject = deviceSubjectOf(world.device, world.user, world.groupIds);
    const targets = resolveTargets(world.assignments.map(toAssignment), subject);
    for (const catalogAppId of appIds) {
      const target = targets.get(catalogAppId);
      if (target === undefined || target.intent === 'uninstall') {
        await leaveQueue(db, { tenantId, catalogAppId, deviceId });
      }
    }
  }
}
