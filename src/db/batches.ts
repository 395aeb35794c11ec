/** Multi-row inserts, in chunks that stay under both dialects' limits on bound parameters. */
import type { Insertable, Kysely } from 'kysely';
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
