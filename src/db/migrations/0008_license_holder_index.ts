import type { Kysely, Migration } from 'kysely';

/**
 * A holder's active licences are found by `subject_id` first. The old index led with
 * `tenant_id`, and so did two others (`licenses_product`, `licenses_account`): with the
 * statistics of a table that had just filled up (PostgreSQL analyses a table only after a
 * share of it changed), the planner took any of the three for the check-in's read and scanned
 * every active licence of the tenant. An index that leads with the holder is the only one that
 * fits that read, whatever the statistics say (docs/decisions.md, "Check-in reads").
 */
export const licenseHolderIndex: Migration = {
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('licenses_holder')
      .on('licenses')
      .columns(['subject_id', 'state'])
      .execute();
    await db.schema.dropIndex('licenses_subject').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema
      .createIndex('licenses_subject')
      .on('licenses')
      .columns(['tenant_id', 'subject_id', 'state'])
      .execute();
    await db.schema.dropIndex('licenses_holder').execute();
  },
  /* eslint-enable @typescript-eslint/no-explicit-any */
};
