/**
 * Taking seats from several pools in one guarded statement (R-A13): the counters move only
 * where every pool still has the seats, and the statement says which pools did.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Dialect } from './database.js';
import { lockPools } from './locks.js';

export interface SeatTake {
  poolId: string;
  /** Seats taken in all, reserved ones included. */
  seats: number;
  /** How many of them were held for a reservation. */
  fromReserved: number;
}

/**
 * Moves every pool's counters by its take, guarded like one seat at a time would be
 * (`reserved >= fromReserved`, `in_use + reserved + FCFS seats <= total`), and returns the IDs
 * of the pools that had the seats. A pool missing from the result moved nothing.
 *
 * On PostgreSQL the rows are locked in ID order first, so two transactions taking seats from
 * the same pools never deadlock; the update then holds no lock longer than its own statement.
 */
export async function takeSeats(
  db: Kysely<Database>,
  dialect: Dialect,
  takes: readonly SeatTake[],
  at: Date,
): Promise<Set<string>> {
  takes = merged(takes);
  if (takes.length === 0) return new Set();
  await lockPools(
    db,
    dialect,
    takes.map((t) => t.poolId),
  );
  const byPool = (value: (t: SeatTake) => number) =>
    sql<number>`case id ${sql.join(
      takes.map((t) => sql`when ${t.poolId} then cast(${value(t)} as integer)`),
      sql` `,
    )} end`;
  const seats = byPool((t) => t.seats);
  const fromReserved = byPool((t) => t.fromReserved);
  const fcfs = byPool((t) => t.seats - t.fromReserved);
  const rows = await db
    .updateTable('pools')
    .set({
      inUse: sql`in_use + ${seats}`,
      reserved: sql`reserved - ${fromReserved}`,
      updatedAt: at.toISOString(),
    })
    .where(
      'id',
      'in',
      takes.map((t) => t.poolId),
    )
    .where(sql<boolean>`reserved >= ${fromReserved}`)
    .where((eb) =>
      eb.or([eb('unlimited', '=', 1), eb(sql`in_use + reserved + ${fcfs}`, '<=', eb.ref('total'))]),
    )
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
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
