import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/** The tables of the usage history (R-X1) and drift checks (R-X7). */
export function usageHistory(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      // R-X1: one row per pool (account and product) and UTC day, refreshed through the day
      // (services/intelligence/history.ts); the space is the account's, kept for filtering.
      await db.schema
        .createTable('usage_history')
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('space_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull())
        .addColumn('in_use', 'integer', (c) => c.notNull())
        .addColumn('reserved', 'integer', (c) => c.notNull())
        .addColumn('available', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('usage_history_pk', [
          'tenant_id',
          'account_id',
          'product_id',
          'day',
        ])
        .execute();
      await db.schema
        .createIndex('usage_history_product')
        .on('usage_history')
        .columns(['tenant_id', 'product_id', 'day'])
        .execute();
      // The purge of rows older than the retention reads by day alone.
      await db.schema.createIndex('usage_history_day').on('usage_history').column('day').execute();

      // R-X7: each comparison of a tenant's ledger with its stores; its differences as JSON.
      await db.schema
        .createTable('drift_checks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text')
        .addColumn('clean', 'integer', (c) => c.notNull())
        .addColumn('differences', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('drift_checks_tenant')
        .on('drift_checks')
        .columns(['tenant_id', 'checked_at'])
        .execute();

      // When each periodic task last ran, claimed with a guarded update so that one process
      // runs it per period (services/intelligence/historyTasks.ts).
      await db.schema
        .createTable('intelligence_runs')
        .addColumn('task', 'text', (c) => c.primaryKey())
        .addColumn('last_run_at', 'text', (c) => c.notNull())
        .execute();

      // R-X5: the licences in use are read from a tenant's installed apps, with their device
      // and licence, from the index alone; R-X2's pending demand (`noLicense`) from it too.
      await db.schema
        .createIndex('installs_tenant_state')
        .on('installs')
        .columns(['tenant_id', 'state', 'device_id', 'license_id'])
        .execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
