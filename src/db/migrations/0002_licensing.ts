import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
export async function up(db: Kysely<any>): Promise<void> {
  // One connection to a store. Store-specific settings (Microsoft directory, ISV publisher…)
  // live in `settings` (JSON); the token is encrypted with the deployment's secret key.
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id'))
    .addColumn('store', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('auth_problem', 'text')
    .addColumn('token_encrypted', 'text')
    .addColumn('location_key', 'text')
    .addColumn('organization_name', 'text')
    .addColumn('location_name', 'text')
    .addColumn('apple_id', 'text')
    .addColumn('account_type', 'text')
    .addColumn('auto_distribute_to_all_users', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('clear_previous_license_data', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('token_created_at', 'text')
    .addColumn('token_expires_at', 'text')
    .addColumn('notification_secret_hash', 'text')
    .addColumn('sync_interval_minutes', 'integer', (c) => c.notNull().defaultTo(720))
    .addColumn('last_sync_at', 'text')
    .addColumn('last_sync_attempt_at', 'text')
    .addColumn('next_sync_at', 'text')
    .addColumn('first_sync_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('assignments_version_id', 'text')
    .addColumn('users_version_id', 'text')
    .addColumn('untracked_licenses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expiry_warnings_sent', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('accounts_space')
    .on('accounts')
    .columns(['tenant_id', 'space_id', 'priority'])
    .execute();
  // R-T3: one store location is held by one account of the whole deployment.
  await db.schema
    .createIndex('accounts_location')
    .on('accounts')
    .columns(['store', 'location_key'])
    .unique()
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('store', 'text', (c) => c.notNull())
    .addColumn('store_product_id', 'text', (c) => c.notNull())
    .addColumn('pricing_param', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bundle_id', 'text')
    .addColumn('version', 'text')
    .addColumn('platforms', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cost_amount', 'integer')
    .addColumn('cost_currency', 'text')
    .addColumn('device_assignable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('revocable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('license_model', 'text', (c) => c.notNull().defaultTo('standard'))
    .addColumn('size_bytes', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('products_store_id', [
      'tenant_id',
      'store',
      'store_product_id',
      'pricing_param',
    ])
    .execute();

  // `in_use` and `reserved` move only through guarded updates (R-A13).
  await db.schema
    .createTable('pools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('in_use', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unlimited', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('store_assigned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('as_of', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('pools_account_product', ['account_id', 'product_id'])
    .execute();
  await db.schema
    .createIndex('pools_product')
    .on('pools')
    .columns(['tenant_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('catalog_apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('description', 'text')
    .addColumn('install_on_device', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('update_mode', 'text', (c) => c.notNull().defaultTo('immediate'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('catalog_apps_space_product', ['tenant_id', 'space_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('catalog_app_delegations')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('catalog_app_id', 'text', (c) => c.notNull().references('catalog_apps.id'))
    .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_app_delegations_pk', ['catalog_app_id', 'space_id'])
    .execute();

  // R-A3: one row per listed subject: kind is fcfsGroup, reservedUser, reservedDevice or
  // prohibitedUser. A (catalog app, account) pair with no row here follows the account's
  // default (All Users when autoDistributeToAllUsers); `configured` rows mark an explicit list.
  await db.schema
    .createTable('distribution_entries')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('catalog_app_id', 'text', (c) => c.notNull().references('catalog_apps.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('distribution_entries_pk', [
      'catalog_app_id',
      'account_id',
      'kind',
      'subject_id',
    ])
    .execute();
  await db.schema
    .createIndex('distribution_entries_subject')
    .on('distribution_entries')
    .columns(['tenant_id', 'subject_id'])
    .execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id'))
    .addColumn('catalog_app_id', 'text', (c) => c.notNull().references('catalog_apps.id'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.references('groups.id'))
    .addColumn('intent', 'text', (c) => c.notNull())
    .addColumn('license_type', 'text')
    .addColumn('device_context', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exclude_group_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('assignments_space')
    .on('assignments')
    .columns(['tenant_id', 'space_id'])
    .execute();
  await db.schema
    .createIndex('assignments_app')
    .on('assignments')
    .columns(['tenant_id', 'catalog_app_id'])
    .execute();

  await db.schema
    .createTable('licenses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('space_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('catalog_app_id', 'text')
    .addColumn('license_type', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('serial_number', 'text')
    .addColumn('distribution', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('store_state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('grace_until', 'text')
    .addColumn('last_action', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // R-A7, R-A13: a subject holds at most one active licence of a product in one account.
  await db.schema
    .createIndex('licenses_one_active')
    .on('licenses')
    .columns(['pool_id', 'subject_id'])
    .unique()
    .where(sql.ref('state'), '=', 'active')
    .execute();
  await db.schema
    .createIndex('licenses_subject')
    .on('licenses')
    .columns(['tenant_id', 'subject_id', 'state'])
    .execute();
  await db.schema
    .createIndex('licenses_product')
    .on('licenses')
    .columns(['tenant_id', 'product_id', 'state'])
    .execute();
  await db.schema
    .createIndex('licenses_account')
    .on('licenses')
    .columns(['tenant_id', 'account_id', 'state'])
    .execute();

  await db.schema
    .createTable('installs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('catalog_app_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('license_id', 'text')
    .addColumn('version', 'text')
    .addColumn('installed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('installs_device_app', ['device_id', 'catalog_app_id'])
    .execute();
  await db.schema
    .createIndex('installs_app')
    .on('installs')
    .columns(['tenant_id', 'catalog_app_id'])
    .execute();

  // Per-account store identity of a user (Apple clientUserId, invitation, enrolment).
  await db.schema
    .createTable('store_users')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('client_user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invite_code', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('store_users_pk', ['account_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('store_users_client')
    .on('store_users')
    .columns(['account_id', 'client_user_id'])
    .unique()
    .execute();

  // R-V8: store calls recorded with the ledger change, sent after commit.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['state', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('outbox_account')
    .on('outbox')
    .columns(['account_id', 'state'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('space_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text')
    .addColumn('threshold', 'integer')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('remedy', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('cleared_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_subject')
    .on('notifications')
    .columns(['tenant_id', 'subject_id', 'kind', 'state'])
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret_encrypted', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['state', 'next_attempt_at'])
    .execute();

  // Background work visible through GET /jobs/{id} (syncs started from the API).
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_state').on('jobs').columns(['state', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'jobs',
    'webhook_deliveries',
    'webhooks',
    'notifications',
    'outbox',
    'store_users',
    'installs',
    'licenses',
    'assignments',
    'distribution_entries',
    'catalog_app_delegations',
    'catalog_apps',
    'pools',
    'products',
    'accounts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
