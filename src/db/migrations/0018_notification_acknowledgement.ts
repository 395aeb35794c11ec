import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * R-M6: an administrator acknowledges a notification: who (the actor's id and name, as the
 * activity log keeps them) and when. An acknowledged notification stays active until its
 * condition ends; the dashboard no longer counts it.
 */
export function notificationAcknowledgement(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('notifications').addColumn('acknowledged_at', 'text').execute();
      await db.schema.alterTable('notifications').addColumn('acknowledged_by_id', 'text').execute();
      await db.schema
        .alterTable('notifications')
        .addColumn('acknowledged_by_name', 'text')
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const column of ['acknowledged_by_name', 'acknowledged_by_id', 'acknowledged_at']) {
        await db.schema.alterTable('notifications').dropColumn(column).execute();
      }
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
