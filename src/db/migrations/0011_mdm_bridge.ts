import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/** The tables of the MDM bridge (R-I4). */
export function mdmBridge(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      // One MDM server (NanoMDM first) of one space. Its API key can send any command, erase
      // included: encrypted like store tokens (R-S3). The webhook token in the URL is kept as a
      // hash (it is the connector's lookup key); the HMAC key must be read back, so encrypted.
      await db.schema
        .createTable('mdm_connectors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('api_url', 'text', (c) => c.notNull())
        .addColumn('api_key_encrypted', 'text', (c) => c.notNull())
        .addColumn('webhook_token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('webhook_secret_encrypted', 'text', (c) => c.notNull())
        // Once the MDM has signed an event, unsigned ones are refused (reference §7).
        .addColumn('signature_required', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_event_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('mdm_connectors_tenant')
        .on('mdm_connectors')
        .columns(['tenant_id', 'space_id'])
        .execute();

      // One enrolment channel at one connector: NanoMDM's enrollment id (the UDID for a device
      // channel), the device it is (once its serial is known) and where it stands.
      await db.schema
        .createTable('mdm_enrollments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('connector_id', 'text', (c) =>
          c.notNull().references('mdm_connectors.id').onDelete('cascade'),
        )
        .addColumn('enrollment_id', 'text', (c) => c.notNull())
        .addColumn('enrollment_type', 'text', (c) => c.notNull())
        .addColumn('udid', 'text')
        .addColumn('serial_number', 'text')
        .addColumn('device_id', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        // The newest Authenticate or CheckOut applied, and the newest TokenUpdate: events
        // arrive unordered, and one older than the enrolment's last change is stale.
        .addColumn('last_event_at', 'text')
        .addColumn('token_updated_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('mdm_enrollments_key', ['connector_id', 'enrollment_id'])
        .execute();
      await db.schema
        .createIndex('mdm_enrollments_device')
        .on('mdm_enrollments')
        .columns(['tenant_id', 'device_id'])
        .execute();

      // The events already handled, by a key that a repeated delivery repeats (R-I4: a
      // repeated event changes nothing).
      await db.schema
        .createTable('mdm_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('connector_id', 'text', (c) =>
          c.notNull().references('mdm_connectors.id').onDelete('cascade'),
        )
        .addColumn('event_key', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('enrollment_id', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('mdm_events_key', ['connector_id', 'event_key'])
        .execute();

      // The commands Allot sent through a connector, by their CommandUUID, so that their
      // results map back to a device and a catalog app.
      await db.schema
        .createTable('mdm_commands')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('connector_id', 'text', (c) =>
          c.notNull().references('mdm_connectors.id').onDelete('cascade'),
        )
        .addColumn('command_uuid', 'text', (c) => c.notNull())
        .addColumn('enrollment_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('catalog_app_id', 'text', (c) => c.notNull())
        .addColumn('request_type', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('result_status', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('mdm_commands_uuid', ['connector_id', 'command_uuid'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('mdm_commands').execute();
      await db.schema.dropTable('mdm_events').execute();
      await db.schema.dropTable('mdm_enrollments').execute();
      await db.schema.dropTable('mdm_connectors').execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
