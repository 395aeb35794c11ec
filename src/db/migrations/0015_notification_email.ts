import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/** The tables of notification e-mail: recipients per kind and space, and what each is owed. */
export function notificationEmail(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      // One address of one tenant, for the whole tenant (space_id null, scope '*') or one space
      // (deleted with it). `scope` makes the address unique per scope on both databases, where a
      // unique index over a null space_id would not. The digest's schedule lives on the row: the
      // next digest is due at next_attempt_at (an hour after the last, or a backoff after a
      // failure), and a process sending one holds the row until lease_until.
      await db.schema
        .createTable('notification_email_recipients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('space_id', 'text', (c) => c.references('spaces.id').onDelete('cascade'))
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('kinds', 'text', (c) => c.notNull())
        .addColumn('last_digest_at', 'text')
        .addColumn('next_attempt_at', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('notification_email_recipients_address', [
          'tenant_id',
          'scope',
          'email',
        ])
        .execute();

      // One notification owed to one recipient: pending until a digest holding it was accepted
      // by the SMTP server, then sent (and pruned 30 days later). The notification is copied as
      // it was raised, as a webhook delivery's payload is.
      await db.schema
        .createTable('notification_email_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('recipient_id', 'text', (c) =>
          c.notNull().references('notification_email_recipients.id').onDelete('cascade'),
        )
        .addColumn('notification_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('digest_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema
        .createIndex('notification_email_items_recipient')
        .on('notification_email_items')
        .columns(['recipient_id', 'state'])
        .execute();
      await db.schema
        .createIndex('notification_email_items_sent')
        .on('notification_email_items')
        .columns(['state', 'sent_at'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('notification_email_items').execute();
      await db.schema.dropTable('notification_email_recipients').execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
