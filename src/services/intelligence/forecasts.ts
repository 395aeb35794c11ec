/**
 * R-X2: the exhaustion forecast of every pool (domain/exhaustion.ts decides), from the usage
 * history (history.ts) and the pending demand, and the `forecast` notification of a pool that
 * runs out within 30 days. A handful of set-based queries per tenant, whatever its size.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import {
  addDays,
  dayOf,
  forecastExhaustion,
  TREND_DAYS,
  type Exhaustion,
  type OccupancyPoint,
} from '../../domain/exhaustion.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { resolveSpaceId } from '../directory/spaces.js';
import { clearNotifications, raiseNotification } from '../monitoring/notifications.js';

/** A pool that runs out within this many days raises a `forecast` notification. */
export const FORECAST_NOTICE_DAYS = 30;

export interface PoolForecast extends Exhaustion {
  poolId: string;
  productId: string;
  productName: string;
  accountId: string;
  accountName: string;
  spaceId: string;
  total: number;
  inUse: number;
  reserved: number;
  unlimited: boolean;
}

interface PoolRow {
  poolId: string;
  productId: string;
  productName: string;
  accountId: string;
  accountName: string;
  spaceId: string;
  priority: number;
  total: number;
  inUse: number;
  reserved: number;
  unlimited: number;
}

const key = (...parts: string[]) => parts.join('|');

async function loadPools(
  db: Kysely<Database>,
  tenantId: string,
  spaceId: string | null,
  productId?: string,
): Promise<PoolRow[]> {
  return db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .innerJoin('products as pr', 'pr.id', 'p.productId')
    .select([
      'p.id as poolId',
      'p.productId',
      'pr.name as productName',
      'p.accountId',
      'a.name as accountName',
      'a.spaceId',
      'a.priority',
      'p.total',
      'p.inUse',
      'p.reserved',
      'p.unlimited',
    ])
    .where('p.tenantId', '=', tenantId)
    .where('a.status', '!=', 'deleted')
    .$if(spaceId !== null, (q) => q.where('a.spaceId', '=', spaceId))
    .$if(productId !== undefined, (q) => q.where('p.productId', '=', productId!))
    .orderBy('a.spaceId')
    .orderBy('p.productId')
    .orderBy('a.priority')
    .orderBy('p.id')
    .execute();
}

/** The daily occupancy (in use + reserved) of each pool over the trend window, by pool key. */
async function loadOccupancy(
  db: Kysely<Database>,
  tenantId: string,
  spaceId: string | null,
  today: string,
  productId?: string,
): Promise<Map<string, OccupancyPoint[]>> {
  const rows = await db
    .selectFrom('usageHistory')
    .select(['accountId', 'productId', 'day', 'inUse', 'reserved'])
    .where('tenantId', '=', tenantId)
    .where('day', '>', addDays(today, -TREND_DAYS))
    .$if(spaceId !== null, (q) => q.where('spaceId', '=', spaceId))
    .$if(productId !== undefined, (q) => q.where('productId', '=', productId!))
    .execute();
  const byPool = new Map<string, OccupancyPoint[]>();
  for (const r of rows) {
    const k = key(r.accountId, r.productId);
    const points = byPool.get(k) ?? [];
    points.push({ day: r.day, occupied: r.inUse + r.reserved });
    byPool.set(k, points);
  }
  return byPool;
}

/**
 * The (device, product) pairs waiting for a licence: the installs a check-in left `noLicense`
 * (a targeted subject without a licence, R-A6) and the waitlist (R-X4), counted once.
 */
function waiting(db: Kysely<Database>, tenantId: string, productId?: string) {
  return db
    .selectFrom('installs')
    .select(['deviceId', 'productId'])
    .where('tenantId', '=', tenantId)
    .where('state', '=', 'noLicense')
    .$if(productId !== undefined, (q) => q.where('productId', '=', productId!))
    .union(
      db
        .selectFrom('waitlistEntries')
        .select(['deviceId', 'productId'])
        .where('tenantId', '=', tenantId)
        .$if(productId !== undefined, (q) => q.where('productId', '=', productId!)),
    );
}

/** The devices waiting for a licence of the product (R-A12 counts them once). */
export async function devicesWaiting(
  db: Kysely<Database>,
  tenantId: string,
  productId: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom(waiting(db, tenantId, productId).as('w'))
    .select('w.deviceId')
    .execute();
  return new Set(rows.map((r) => r.deviceId));
}

/** The subjects waiting for a licence, per space and product, on active devices. */
async function loadDemand(
  db: Kysely<Database>,
  tenantId: string,
  spaceId: string | null,
  productId?: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom(waiting(db, tenantId, productId).as('w'))
    .innerJoin('devices as d', 'd.id', 'w.deviceId')
    .select(['d.spaceId', 'w.productId', (eb) => eb.fn.countAll<number>().as('waiting')])
    .where('d.state', '=', 'active')
    .$if(spaceId !== null, (q) => q.where('d.spaceId', '=', spaceId))
    .groupBy(['d.spaceId', 'w.productId'])
    .execute();
  const demand = new Map<string, number>();
  for (const r of rows) {
    if (r.productId == null) continue;
    demand.set(key(r.spaceId, r.productId), Number(r.waiting));
  }
  return demand;
}

/**
 * Spreads a space's demand for a product over its pools in priority order (R-T9), each taking
 * what it has free; what none can take goes to the last pool, which then runs out too.
 */
function spreadDemand(pools: PoolRow[], demand: Map<string, number>): Map<string, number> {
  const perPool = new Map<string, number>();
  const groups = new Map<string, PoolRow[]>();
  for (const pool of pools) {
    const k = key(pool.spaceId, pool.productId);
    groups.set(k, [...(groups.get(k) ?? []), pool]);
  }
  for (const [k, group] of groups) {
    let left = demand.get(k) ?? 0;
    for (const [index, pool] of group.entries()) {
      const free =
        pool.unlimited === 1 ? left : Math.max(0, pool.total - pool.inUse - pool.reserved);
      const taken = index === group.length - 1 ? left : Math.min(left, free);
      perPool.set(pool.poolId, taken);
      left -= taken;
    }
  }
  return perPool;
}

/** R-X2: the forecast of every pool of a tenant (of one space when given). */
export async function forecastPools(
  db: Kysely<Database>,
  tenantId: string,
  spaceId: string | null,
  now: Date,
): Promise<PoolForecast[]> {
  const today = dayOf(now);
  const [pools, occupancy, demand] = await Promise.all([
    loadPools(db, tenantId, spaceId),
    loadOccupancy(db, tenantId, spaceId, today),
    loadDemand(db, tenantId, spaceId),
  ]);
  const perPool = spreadDemand(pools, demand);
  return pools.map((pool) => ({
    poolId: pool.poolId,
    productId: pool.productId,
    productName: pool.productName,
    accountId: pool.accountId,
    accountName: pool.accountName,
    spaceId: pool.spaceId,
    total: pool.total,
    inUse: pool.inUse,
    reserved: pool.reserved,
    unlimited: pool.unlimited === 1,
    ...forecastExhaustion({
      today,
      total: pool.total,
      occupied: pool.inUse + pool.reserved,
      demand: perPool.get(pool.poolId) ?? 0,
      unlimited: pool.unlimited === 1,
      history: occupancy.get(key(pool.accountId, pool.productId)) ?? [],
    }),
  }));
}

/** R-X2: GET /forecasts — every pool of the space asked, or of the actor's scope. */
export async function listForecasts(
  ctx: ServiceContext,
  actor: Actor,
  query: { spaceId?: string },
): Promise<PoolForecast[]> {
  const db = ctx.db.kysely;
  const spaceId =
    query.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, query.spaceId);
  return forecastPools(db, actor.tenantId, spaceId, ctx.clock.now());
}

/**
 * R-X2 in R-A12: when the space's licences of a product run out (its pools taken together)
 * if `extraDemand` more subjects needed one; null when the space holds no pool of it.
 */
export async function forecastSpaceProduct(
  db: Kysely<Database>,
  input: { tenantId: string; spaceId: string; productId: string; extraDemand: number; now: Date },
): Promise<Exhaustion | null> {
  const { tenantId, spaceId, productId } = input;
  const today = dayOf(input.now);
  const [pools, occupancy, demand] = await Promise.all([
    loadPools(db, tenantId, spaceId, productId),
    loadOccupancy(db, tenantId, spaceId, today, productId),
    loadDemand(db, tenantId, spaceId, productId),
  ]);
  if (pools.length === 0) return null;
  const byDay = new Map<string, number>();
  for (const points of occupancy.values())
    for (const p of points) byDay.set(p.day, (byDay.get(p.day) ?? 0) + p.occupied);
  return forecastExhaustion({
    today,
    total: pools.reduce((s, p) => s + p.total, 0),
    occupied: pools.reduce((s, p) => s + p.inUse + p.reserved, 0),
    demand: (demand.get(key(spaceId, productId)) ?? 0) + input.extraDemand,
    unlimited: pools.some((p) => p.unlimited === 1),
    history: [...byDay].map(([day, occupied]) => ({ day, occupied })),
  });
}

/**
 * R-X2: raises a `forecast` notification for each pool of the tenant that runs out within
 * FORECAST_NOTICE_DAYS, and clears it for the pools that no longer do. The forecasts are read
 * outside the transaction, which holds only the notifications' writes.
 */
export async function notifyForecasts(db: Db, tenantId: string, now: Date): Promise<void> {
  const limit = addDays(dayOf(now), FORECAST_NOTICE_DAYS);
  const forecasts = await forecastPools(db.kysely, tenantId, null, now);
  const active = new Set(
    (
      await db.kysely
        .selectFrom('notifications')
        .select('subjectId')
        .where('tenantId', '=', tenantId)
        .where('kind', '=', 'forecast')
        .where('state', '=', 'active')
        .execute()
    ).map((r) => r.subjectId),
  );
  const soon = forecasts.filter((f) => f.runsOutOn !== null && f.runsOutOn <= limit);
  const toRaise = soon.filter((f) => !active.has(f.poolId));
  const soonIds = new Set(soon.map((f) => f.poolId));
  const toClear = [...active].filter((poolId) => !soonIds.has(poolId));
  if (toRaise.length === 0 && toClear.length === 0) return;
  await db.transaction(async (trx) => {
    for (const f of toRaise) {
      const range =
        f.earliest === f.latest ? '' : ` (between ${f.earliest ?? '?'} and ${f.latest ?? 'later'})`;
      await raiseNotification(
        trx,
        tenantId,
        {
          kind: 'forecast',
          severity: f.runsOutOn! <= addDays(dayOf(now), 7) ? 'alert' : 'warning',
          subject: { type: 'pool', id: f.poolId, name: `${f.productName} (${f.accountName})` },
          spaceId: f.spaceId,
          message: `${f.productName} on ${f.accountName} runs out around ${f.runsOutOn}${range}; ${f.demand} waiting`,
          remedy: 'Buy more licences, reclaim idle ones or narrow the assignments',
        },
        now,
      );
    }
    for (const poolId of toClear)
      await clearNotifications(trx, tenantId, { kind: 'forecast', subjectId: poolId }, now);
  });
}
