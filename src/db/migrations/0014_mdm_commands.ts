import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The MDM commands Allot sends through NanoMDM (R-I4): mdm_commands (0011) becomes a queue of
 * its own, claimed per enrolment with a lease as the outbox is (services/mdm/commandQueue.ts).
 */
export function mdmCommands(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      const add = async (
        name: string,
        type: 'text' | 'integer',
        notNullDefault?: string | number,
      ) => {
        await db.schema
          .alterTable('mdm_commands')
          .addColumn(name, type, (c) =>
            notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault),
          )
          .execute();
      };
      // The command's exact bytes, fixed before the first attempt: every retry sends the same
      // CommandUUID, which NanoMDM stores once.
      await add('payload', 'text', '');
      // An install waits for its licence's association at the store (else the device fails
      // with 9610): the licence it waits for.
      await add('license_id', 'text');
      await add('attempts', 'integer', 0);
      await add('next_attempt_at', 'text');
      await add('lease_until', 'text');
      await add('last_error', 'text');
      // When NanoMDM answered that it stored the command: later attempts only push.
      await add('enqueued_at', 'text');
      // The result in words (Apple's error chain, the install State) for the device's apps.
      await add('detail', 'text');
      // Set while the command is open (device:app:action): one open command per device, app
      // and action; NULLs never collide, on SQLite as on PostgreSQL.
      await add('open_key', 'text');
      // An assignment change or a revocation asks for the device to be woken (pushed): it
      // polls, and its Idle poll evaluates it.
      await db.schema
        .alterTable('mdm_enrollments')
        .addColumn('push_requested_at', 'text')
        .execute();
      await db.schema
        .createIndex('mdm_enrollments_push')
        .on('mdm_enrollments')
        .columns(['push_requested_at'])
        .execute();
      await db.schema
        .createIndex('mdm_commands_open')
        .on('mdm_commands')
        .columns(['connector_id', 'open_key'])
        .unique()
        .execute();
      await db.schema
        .createIndex('mdm_commands_due')
        .on('mdm_commands')
        .columns(['state', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('mdm_commands_device')
        .on('mdm_commands')
        .columns(['tenant_id', 'device_id'])
        .execute();
      await db.schema
        .createIndex('mdm_commands_enrollment')
        .on('mdm_commands')
        .columns(['connector_id', 'enrollment_id', 'state'])
        .execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
