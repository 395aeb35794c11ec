import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The tables of SCIM provisioning (R-I1, R-I2): a deactivated user keeps their row and groups
 * (`users.deactivated_at`); the SCIM representation of a provisioned user is kept as sent
 * beside the Allot user, with its `userName` unique per tenant whatever its case; a
 * provisioned group keeps the provider's `externalId`.
 */
export function scim(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
      await db.schema
        .createTable('scim_users')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('user_name_key', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text')
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('scim_users_tenant_user_name', ['tenant_id', 'user_name_key'])
        .execute();
      await db.schema
        .createIndex('scim_users_external_id')
        .on('scim_users')
        .columns(['tenant_id', 'external_id'])
        .execute();
      await db.schema
        .createTable('scim_groups')
        .addColumn('group_id', 'text', (c) => c.primaryKey().references('groups.id'))
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('external_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('scim_groups').execute();
      await db.schema.dropTable('scim_users').execute();
      await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
