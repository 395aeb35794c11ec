import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
export async function up(db: Kysely<any>): Promise<void> {
  // An install outlives its catalog app (R-V5: a deleted app is still uninstalled from iOS
  // devices), so it names its product itself.
  await db.schema.alterTable('installs').addColumn('product_id', 'text').execute();
  // Every check-in reads a device's installs; without this SQLite scans the tenant's.
  await db.schema
    .createIndex('installs_device')
    .on('installs')
    .columns(['tenant_id', 'device_id'])
    .execute();
  await sql`update installs set product_id = (select product_id from catalog_apps where catalog_apps.id = installs.catalog_app_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('installs_device').execute();
  await db.schema.alterTable('installs').dropColumn('product_id').execute();
}
