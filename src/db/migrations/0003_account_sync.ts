import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
export async function up(db: Kysely<any>): Promise<void> {
  // R-T5: seats the store reports for a product that another product assigned. Kept per pool
  // so that an incremental sync (which sees only new assignments) can still compute
  // `total = store total − untracked`.
  await db.schema
    .alterTable('pools')
    .addColumn('untracked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // R-T7: a full resync runs at least once a day; incremental syncs in between.
  await db.schema.alterTable('accounts').addColumn('last_full_sync_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('last_full_sync_at').execute();
  await db.schema.alterTable('pools').dropColumn('untracked').execute();
}
