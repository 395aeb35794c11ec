import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The orders the console sorts the directory by (services/directory/listOrder.ts): a page of a
 * tenant's users or devices in one of them reads the index instead of sorting every row. The
 * expressions are the lists' sort keys, letter for letter, so that both databases use them.
 */
export function directoryOrder(dialect: Dialect): Migration {
  void dialect;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      await sql`create index users_order_name on users (tenant_id, lower(display_name), id)`.execute(
        db,
      );
      await sql`create index users_order_email on users (tenant_id, lower(email), id)`.execute(db);
      await sql`create index devices_order_name on devices (tenant_id, lower(coalesce(name, serial_number)), id)`.execute(
        db,
      );
      await sql`create index devices_order_check_in on devices (tenant_id, coalesce(last_check_in_at, ''), id)`.execute(
        db,
      );
    },
    async down(db: Kysely<any>) {
      for (const name of [
        'devices_order_check_in',
        'devices_order_name',
        'users_order_email',
        'users_order_name',
      ]) {
        await db.schema.dropIndex(name).execute();
      }
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
