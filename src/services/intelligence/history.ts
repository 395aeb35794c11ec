/**
 * R-X1: the usage history. Each pool's counts are copied into today's row (UTC day) by a
 * periodic snapshot — one set-based upsert over every pool, run about once a minute by
 * historyTasks.ts — so the check-in path writes nothing more. Rows are kept two years.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { addDays, dayNumber, dayOf } from '../../domain/exhaustion.js';
import { ValidationError } from '../../domain/errors.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { resolveSpaceId } from '../directory/spaces.js';

/** Two years, plus the day being written: the oldest day a query may ask for. */
export const RETENTION_DAYS = 2 * 366;

/**
 * Upserts today's row of every limited pool of a live account (free apps have no total to run
 * out of). Rows whose counts did not change are left alone.
 */
export async function snapshotUsage(db: Kysely<Database>, now: Date): Promise<void> {
  const day = dayOf(now);
  const at = now.toISOString();
  const available = sql<number>`case when p.total - p.in_use - p.reserved > 0 then p.total - p.in_use - p.reserved else 0 end`;
  await db
    .insertInto('usageHistory')
    .columns([
      'tenantId',
      'accountId',
      'productId',
      'spaceId',
      'day',
      'total',
      'inUse',
      'reserved',
      'available',
      'updatedAt',
    ])
    .expression(
      db
        .selectFrom('pools as p')
        .innerJoin('accounts as a', 'a.id', 'p.accountId')
        .select([
          'p.tenantId',
          'p.accountId',
          'p.productId',
          'a.spaceId',
          sql.lit(day).as('day'),
          'p.total',
          'p.inUse',
          'p.reserved',
          available.as('available'),
          sql.lit(at).as('updatedAt'),
        ])
        .where('p.unlimited', '=', 0)
        .where('a.status', '!=', 'deleted'),
    )
    .onConflict((oc) =>
      oc
        .columns(['tenantId', 'accountId', 'productId', 'day'])
        .doUpdateSet((eb) => ({
          total: eb.ref('excluded.total'),
          inUse: eb.ref('excluded.inUse'),
          reserved: eb.ref('excluded.reserved'),
          available: eb.ref('excluded.available'),
          updatedAt: eb.ref('excluded.updatedAt'),
        }))
        .where((eb) =>
          eb.or([
            eb('usageHistory.total', '!=', eb.ref('excluded.total')),
            eb('usageHistory.inUse', '!=', eb.ref('excluded.inUse')),
            eb('usageHistory.reserved', '!=', eb.ref('excluded.reserved')),
          ]),
        ),
    )
    .execute();
}

/** Rows written by one statement of a backfill (10 columns each, far below SQLite's limit). */
const BACKFILL_BATCH = 500;

/**
 * Writes `days` days of history before today for every limited pool of a tenant's live accounts,
 * then today's row: a steady rise from half of today's seats in use to today's, the same every
 * run. For a demo or an import, where the forecast (R-X2) needs a past to fit; a day that already
 * has a row keeps it.
 */
export async function backfillHistory(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
  days: number,
): Promise<number> {
  const pools = await db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .select(['p.accountId', 'p.productId', 'a.spaceId', 'p.total', 'p.inUse', 'p.reserved'])
    .where('p.tenantId', '=', tenantId)
    .where('p.unlimited', '=', 0)
    .where('a.status', '!=', 'deleted')
    .execute();
  const today = dayOf(now);
  const at = now.toISOString();
  const rows = pools.flatMap((pool) =>
    Array.from({ length: days }, (_, i) => {
      const back = days - i;
      const inUse = Math.round(pool.inUse * (1 - back / (2 * days)));
      return {
        tenantId,
        accountId: pool.accountId,
        productId: pool.productId,
        spaceId: pool.spaceId,
        day: addDays(today, -back),
        total: pool.total,
        inUse,
        reserved: pool.reserved,
        available: Math.max(pool.total - inUse - pool.reserved, 0),
        updatedAt: at,
      };
    }),
  );
  for (let start = 0; start < rows.length; start += BACKFILL_BATCH) {
    await db
      .insertInto('usageHistory')
      .values(rows.slice(start, start + BACKFILL_BATCH))
      .onConflict((oc) => oc.columns(['tenantId', 'accountId', 'productId', 'day']).doNothing())
      .execute();
  }
  await snapshotUsage(db, now);
  return rows.length;
}

/** Deletes the rows older than the retention; returns how many. */
export async function purgeUsageHistory(db: Kysely<Database>, now: Date): Promise<number> {
  const oldest = addDays(dayOf(now), -RETENTION_DAYS);
  const result = await db.deleteFrom('usageHistory').where('day', '<', oldest).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const HISTORY_STEPS = ['day', 'week'] as const;
export type HistoryStep = (typeof HISTORY_STEPS)[number];

export interface HistoryQuery {
  productId?: string;
  accountId?: string;
  spaceId?: string;
  /** `YYYY-MM-DD`; default 30 days before `to`. */
  from?: string;
  /** `YYYY-MM-DD`; default today. */
  to?: string;
  step?: HistoryStep;
}

export interface HistoryPoint {
  /** The day, or the Monday starting the week. */
  at: string;
  total: number;
  inUse: number;
  reserved: number;
  available: number;
}

function checkDay(value: string, field: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || dayOf(new Date(`${value}T00:00:00.000Z`)) !== value)
    throw new ValidationError(`${field} must be a day (YYYY-MM-DD)`, { field });
  return value;
}

/** The Monday (UTC) of the week holding `day`. */
function weekOf(day: string): string {
  // 1970-01-01 was a Thursday: day number 0 is 3 days after a Monday.
  return addDays(day, -((dayNumber(day) + 3) % 7));
}

/**
 * R-X1: the days and the space a history read covers: `to` today unless given, `from` 30 days
 * before; a range longer than the retention is refused naming `from`. A space-scoped actor
 * reads its own space.
 */
export async function historyRange(
  ctx: ServiceContext,
  actor: Actor,
  query: Pick<HistoryQuery, 'from' | 'to' | 'spaceId'>,
): Promise<{ from: string; to: string; spaceId: string | null }> {
  const to = query.to === undefined ? dayOf(ctx.clock.now()) : checkDay(query.to, 'to');
  const from = query.from === undefined ? addDays(to, -30) : checkDay(query.from, 'from');
  if (from > to) throw new ValidationError('from must not be after to', { field: 'from' });
  if (dayNumber(to) - dayNumber(from) > RETENTION_DAYS) {
    throw new ValidationError(
      `The range is longer than the ${RETENTION_DAYS} days the history is kept`,
      { field: 'from', maxDays: RETENTION_DAYS },
    );
  }
  const spaceId =
    query.spaceId === undefined
      ? actor.spaceId
      : await resolveSpaceId(ctx.db.kysely, actor, query.spaceId);
  return { from, to, spaceId };
}

/**
 * R-X1: the summed counts of the pools matching the filter, per day or per week (a week shows
 * its last recorded day: the counts are levels, not flows). A space-scoped actor sees its space.
 */
export async function usageHistory(
  ctx: ServiceContext,
  actor: Actor,
  query: HistoryQuery,
): Promise<{ from: string; to: string; step: HistoryStep; points: HistoryPoint[] }> {
  const db = ctx.db.kysely;
  const { from, to, spaceId } = await historyRange(ctx, actor, query);
  const rows = await db
    .selectFrom('usageHistory')
    .select((eb) => [
      'day',
      eb.fn.sum<number>('total').as('total'),
      eb.fn.sum<number>('inUse').as('inUse'),
      eb.fn.sum<number>('reserved').as('reserved'),
      eb.fn.sum<number>('available').as('available'),
    ])
    .where('tenantId', '=', actor.tenantId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .$if(spaceId !== null, (q) => q.where('spaceId', '=', spaceId))
    .$if(query.productId !== undefined, (q) => q.where('productId', '=', query.productId!))
    .$if(query.accountId !== undefined, (q) => q.where('accountId', '=', query.accountId!))
    .groupBy('day')
    .orderBy('day')
    .execute();
  const daily = rows.map((r) => ({
    at: r.day,
    total: Number(r.total),
    inUse: Number(r.inUse),
    reserved: Number(r.reserved),
    available: Number(r.available),
  }));
  const step = query.step ?? 'day';
  if (step === 'day') return { from, to, step, points: daily };
  const weeks = new Map<string, HistoryPoint>();
  for (const point of daily) weeks.set(weekOf(point.at), { ...point, at: weekOf(point.at) });
  return { from, to, step, points: [...weeks.values()] };
}
