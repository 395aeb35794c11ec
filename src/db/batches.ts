/** Multi-row inserts, in chunks that stay under both dialects' limits on bound parameters. */
import type { Insertable, Kysely, QueryCreator } from 'kysely';
import type { Dialect } from './dialect.js';
import type { Database } from './schema.js';

/** SQLite binds at most 32,766 parameters per statement, PostgreSQL 65,535. */
const MAX_PARAMETERS = 32_000;

export async function insertRows<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: ReadonlyArray<Insertable<Database[T]>>,
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(first).length));
  for (let i = 0; i < rows.length; i += perChunk) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + perChunk))
      .execute();
  }
}

/** Rows for one table. */
export type TableRows = {
  [T in keyof Database]: { table: T; rows: ReadonlyArray<Insertable<Database[T]>> };
}[keyof Database];

/**
 * Rows for several tables, in order: on PostgreSQL in one statement (each insert but the last a
 * data-modifying WITH, all run to completion), elsewhere one multi-row insert per table.
 */
export async function insertTogether(
  db: Kysely<Database>,
  dialect: Dialect,
  batches: readonly TableRows[],
): Promise<void> {
  const present = batches.filter((b) => b.rows.length > 0);
  const parameters = present.reduce(
    (n, b) => n + b.rows.length * Object.keys(b.rows[0]!).length,
    0,
  );
  const last = present.at(-1);
  if (dialect !== 'postgres' || present.length < 2 || parameters > MAX_PARAMETERS) {
    for (const batch of present) await insertRows(db, batch.table, batch.rows);
    return;
  }
  // Each WITH adds its name to the builder's type; the inserts themselves are typed by TableRows.
  const creator = present
    .slice(0, -1)
    .reduce(
      (q, batch, i) =>
        q.with(`insert${i}`, (w) => w.insertInto(batch.table).values(batch.rows as never)) as never,
      db as QueryCreator<Database>,
    );
  await creator.insertInto(last!.table).values(last!.rows).execute();
}
