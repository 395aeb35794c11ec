/**
 * Taking seats from several pools in one guarded statement (R-A13): the counters move only
 * where every pool still has the seats, and the statement says which pools did.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Dialect } from './dialect.js';
import { insertRows, type TableRows } from './batches.js';

export interface SeatTake {
  poolId: string;
  /** Seats taken in all, reserved ones included. */
  seats: number;
  /** How many of them were held for a reservation. */
  fromReserved: number;
}

/**
 * Moves every pool's counters by its take, guarded as one seat at a time would be, and returns
 * the IDs of the pools that had the seats. A pool missing from the result moved nothing.
 *
 * On PostgreSQL the same statement first locks the rows in ID order, so two transactions taking
 * seats from the same pools never deadlock, and holds them only from there to the commit.
 *
 * `then`: rows inserted once the seats are taken (the store calls they imply, numbered after the
 * pools' locks, R-V8) — on PostgreSQL by the same statement, so that nothing but the commit
 * follows while the pools are locked; elsewhere by the next. They are inserted even when a pool
 * was short: the caller then rolls back.
 */
export async function takeSeats(
  db: Kysely<Database>,
  dialect: Dialect,
  takes: readonly SeatTake[],
  at: Date,
  then: TableRows | null = null,
): Promise<Set<string>> {
  takes = merged(takes);
  if (takes.length === 0) {
    if (then !== null) await insertRows(db, then.table, then.rows as never);
    return new Set();
  }
  const poolIds = takes.map((t) => t.poolId);
  const byPool = (value: (t: SeatTake) => number) =>
    sql<number>`case id ${sql.join(
      takes.map((t) => sql`when ${t.poolId} then cast(${value(t)} as integer)`),
      sql` `,
    )} end`;
  const reserved = byPool((t) => t.fromReserved);
  const fcfs = byPool((t) => t.seats - t.fromReserved);
  const changes = {
    inUse: sql<number>`in_use + ${byPool((t) => t.seats)}`,
    reserved: sql<number>`reserved - ${reserved}`,
    updatedAt: at.toISOString(),
  };
  // As if taken one at a time: reserved seats while the pool is not full, FCFS seats while
  // they leave the seats still reserved for others (an over-reserved pool gives no FCFS seat).
  const hasReserved = sql<boolean>`reserved >= ${reserved}`;
  const hasFree = sql<boolean>`(unlimited = 1 or (
    (${reserved} = 0 or in_use + ${reserved} <= total)
    and (${fcfs} = 0 or in_use + reserved + ${fcfs} <= total)))`;
  if (dialect !== 'postgres') {
    const rows = await db
      .updateTable('pools')
      .set(changes)
      .where('id', 'in', poolIds)
      .where(hasReserved)
      .where(hasFree)
      .returning('id')
      .execute();
    if (then !== null) await insertRows(db, then.table, then.rows as never);
    return new Set(rows.map((r) => r.id));
  }
  const taking = db
    .with(
      (cte) => cte('locked').materialized(),
      (q) =>
        q.selectFrom('pools').select('id').where('id', 'in', poolIds).orderBy('id').forUpdate(),
    )
    .with('taken', (q) =>
      q
        .updateTable('pools')
        .set(changes)
        .where('id', 'in', (eb) => eb.selectFrom('locked').select('locked.id'))
        .where(hasReserved)
        .where(hasFree)
        .returning('id'),
    );
  const rows =
    then === null || then.rows.length === 0
      ? await taking.selectFrom('taken').select('taken.id').execute()
      : await taking
          .with('followed', (q) => insertAfterSeats(q as never, then))
          .selectFrom('taken')
          .select('taken.id')
          .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * `then`'s rows, inserted by the seat statement: read from one JSON parameter into the table's
 * row type, and only after the whole update (`count(*) from taken`), so after the locks.
 */
function insertAfterSeats(db: Kysely<Database>, then: TableRows) {
  const columns = Object.keys(then.rows[0]!);
  const json = JSON.stringify(then.rows.map((row) => snakeCased(row as Record<string, unknown>)));
  return db
    .insertInto(then.table)
    .columns(columns as never)
    .expression((eb) =>
      eb
        .selectFrom(
          sql`json_populate_recordset(null::${sql.table(then.table)}, ${json}::json)`.as('r'),
        )
        .select(columns.map((c) => `r.${c}`) as never)
        .where(sql`(select count(*) from taken)`, '>', 0),
    );
}

function snakeCased(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      value,
    ]),
  );
}

/** One take per pool, in pool order. */
function merged(takes: readonly SeatTake[]): SeatTake[] {
  const byPool = new Map<string, SeatTake>();
  for (const take of takes) {
    const seen = byPool.get(take.poolId);
    byPool.set(
      take.poolId,
      seen === undefined
        ? { ...take }
        : {
            ...seen,
            seats: seen.seats + take.seats,
            fromReserved: seen.fromReserved + take.fromReserved,
          },
    );
  }
  return [...byPool.values()].sort((a, b) => (a.poolId < b.poolId ? -1 : 1));
}
