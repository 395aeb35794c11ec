import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The console's reads at scale (a million licences, millions of activity entries): each page
 * reads the index in its own order instead of sorting every match.
 *
 * - `activity_subject` ends with the ID, so that a subject's entries (an app's, a device's)
 *   page newest or oldest first by reading 51 index entries, not every entry of the subject;
 * - `activity_action` does the same for an action (the log's filter), which without it meant
 *   walking the whole log back to find the few entries of a rare action;
 * - `licenses_product` goes on with the space and the ID, then the account and the distribution:
 *   an app's licences (its product's, in its spaces) page by ID from the index, and its counts
 *   per account and distribution read the index alone; every query on the former three columns
 *   still uses it.
 */
export function readSpeed(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      await db.schema.dropIndex('activity_subject').execute();
      await db.schema
        .createIndex('activity_subject')
        .on('activity')
        .columns(['tenant_id', 'subject_id', 'id'])
        .execute();
      await db.schema
        .createIndex('activity_action')
        .on('activity')
        .columns(['tenant_id', 'action', 'id'])
        .execute();
      await db.schema.dropIndex('licenses_product').execute();
      await db.schema
        .createIndex('licenses_product')
        .on('licenses')
        .columns([
          'tenant_id',
          'product_id',
          'state',
          'space_id',
          'id',
          'account_id',
          'distribution',
        ])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('licenses_product').execute();
      await db.schema
        .createIndex('licenses_product')
        .on('licenses')
        .columns(['tenant_id', 'product_id', 'state'])
        .execute();
      await db.schema.dropIndex('activity_action').execute();
      await db.schema.dropIndex('activity_subject').execute();
      await db.schema
        .createIndex('activity_subject')
        .on('activity')
        .columns(['tenant_id', 'subject_id'])
        .execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
