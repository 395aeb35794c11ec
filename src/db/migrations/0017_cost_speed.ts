import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * R-X5: the cost report counts a tenant's active licences per account, product and space from
 * an index alone (docs/decisions.md, "Usage history, forecasts, costs and drift"). The reclaim
 * dry run's index of active licences by space and age (0013) gains the account and the product
 * as trailing columns instead of a second index: a licence written on a check-in updates as
 * many indexes as before, and the dry run reads the same prefix.
 */
export function costSpeed(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      await db.schema.dropIndex('licenses_space_active').execute();
      await db.schema
        .createIndex('licenses_space_active')
        .on('licenses')
        .columns(['tenant_id', 'space_id', 'assigned_at', 'account_id', 'product_id'])
        .where(sql.ref('state'), '=', 'active')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('licenses_space_active').execute();
      await db.schema
        .createIndex('licenses_space_active')
        .on('licenses')
        .columns(['tenant_id', 'space_id', 'assigned_at'])
        .where(sql.ref('state'), '=', 'active')
        .execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
