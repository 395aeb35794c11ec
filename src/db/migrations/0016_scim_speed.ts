import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Indexes that fit the reads of a SCIM push whatever the statistics say (docs/decisions.md,
 * "SCIM push"): without them SQLite (which Allot never analyses) and PostgreSQL (with the
 * statistics of tables that just filled up) read these by the tenant alone, through
 * `users_space` or `group_members_member`, and filtered every row of the tenant.
 *
 * - `users_tenant_id`: users named as `tenant_id = ? AND id IN (…)` (a group's new members).
 * - `group_members_group`: a group's members, `tenant_id = ? AND group_id = ?`.
 * - `groups_name_key`: a group by its name whatever its case (the providers' `displayName eq`
 *   filter and the name's uniqueness check), `tenant_id = ? AND lower(name) = ?`.
 */
export function scimSpeed(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('users_tenant_id')
        .on('users')
        .columns(['tenant_id', 'id'])
        .execute();
      await db.schema
        .createIndex('group_members_group')
        .on('group_members')
        .columns(['tenant_id', 'group_id', 'member_type'])
        .execute();
      // An expression index: the same statement on both dialects.
      await sql`create index groups_name_key on groups (tenant_id, lower(name))`.execute(db);
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('groups_name_key').execute();
      await db.schema.dropIndex('group_members_group').execute();
      await db.schema.dropIndex('users_tenant_id').execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
