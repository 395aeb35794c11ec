import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * R-X5: the cost report counts a tenant's active licences held and in use per account, product
 * and space in one pass over an index (docs/decisions.md, "Cost"): the in-use count matches each
 * licence's ID against the list of installed ones, so the index of active licences (0013, with
 * the account and the product since 0017) gains the licence's ID as its last column, and the
 * table is not read. Still one index: a licence written by a check-in updates as many indexes as
 * before, and the reclaim dry run reads the same prefix.
 */
export function intelligenceSpeed(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      await db.schema.dropIndex('licenses_space_active').execute();
      await db.schema
        .createIndex('licenses_space_active')
        .on('licenses')
        .columns(['tenant_id', 'space_id', 'assigned_at', 'account_id', 'product_id', 'id'])
        .where(sql.ref('state'), '=', 'active')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('licenses_space_active').execute();
      await db.schema
        .createIndex('licenses_space_active')
        .on('licenses')
        .columns(['tenant_id', 'space_id', 'assigned_at', 'account_id', 'product_id'])
        .where(sql.ref('state'), '=', 'active')
        .execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
