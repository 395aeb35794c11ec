import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The tables of single sign-on (R-I3): the group → role mappings of each tenant, the login
 * attempts between /auth/login and /auth/callback (single use), and the console sessions.
 * Secrets (the session id, the state) are stored as SHA-256 hashes only (R-S4).
 */
export function sso(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sso_role_mappings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('group_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('space_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sso_role_mappings_group')
        .on('sso_role_mappings')
        .columns(['group_name', 'tenant_id'])
        .execute();
      await db.schema
        .createTable('sso_logins')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sso_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_hash', 'text', (c) => c.notNull().unique())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('space_id', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('groups', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('sso_sessions').ifExists().execute();
      await db.schema.dropTable('sso_logins').ifExists().execute();
      await db.schema.dropTable('sso_role_mappings').ifExists().execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
