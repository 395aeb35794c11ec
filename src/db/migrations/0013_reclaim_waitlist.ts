import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/** The tables of reclaim policies (R-X3) and the waitlist (R-X4). */
export function reclaimWaitlist(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      // One idle-reclaim policy per space; its id is the actor of the reclaims it makes.
      await db.schema
        .createTable('reclaim_policies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id'))
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('device_inactive_days', 'integer')
        .addColumn('not_installed_days', 'integer')
        .addColumn('user_deactivated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('interval_hours', 'integer', (c) => c.notNull().defaultTo(24))
        .addColumn('last_run_at', 'text')
        .addColumn('next_run_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('reclaim_policies_space', ['tenant_id', 'space_id'])
        .execute();
      await db.schema
        .createIndex('reclaim_policies_due')
        .on('reclaim_policies')
        .columns(['enabled', 'next_run_at'])
        .execute();

      // A device refused an app for lack of a licence, queued per app in order of refusal.
      await db.schema
        .createTable('waitlist_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('catalog_app_id', 'text', (c) => c.notNull())
        .addColumn('product_id', 'text')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('waitlist_entries_device_app', [
          'tenant_id',
          'catalog_app_id',
          'device_id',
        ])
        .execute();
      await db.schema
        .createIndex('waitlist_entries_product')
        .on('waitlist_entries')
        .columns(['tenant_id', 'product_id'])
        .execute();
      await db.schema
        .createIndex('waitlist_entries_device')
        .on('waitlist_entries')
        .columns(['tenant_id', 'device_id'])
        .execute();

      // The dry run reads a space's active licences by age (R-X3): set-based, never per row.
      await db.schema
        .createIndex('licenses_space_active')
        .on('licenses')
        .columns(['tenant_id', 'space_id', 'assigned_at'])
        .where(sql.ref('state'), '=', 'active')
        .execute();
      // Whether a licence's app is installed: by the licence (0012 makes it for R-X5 too).
      await db.schema
        .createIndex('installs_license')
        .ifNotExists()
        .on('installs')
        .columns(['license_id', 'state'])
        .execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
