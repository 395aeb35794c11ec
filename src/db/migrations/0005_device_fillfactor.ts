import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Every check-in rewrites its device's row (the check-in time). On PostgreSQL, room left in
 * each page lets that new row version stay in the page without touching the table's four
 * indexes (a "HOT" update): a fifth of the write-ahead log, and of vacuum's work, at the same
 * load. SQLite updates rows in place and needs nothing.
 */
export function deviceFillfactor(dialect: Dialect): Migration {
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      if (dialect === 'postgres') await sql`alter table devices set (fillfactor = 80)`.execute(db);
    },
    async down(db: Kysely<any>) {
      if (dialect === 'postgres') await sql`alter table devices reset (fillfactor)`.execute(db);
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
