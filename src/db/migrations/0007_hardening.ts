import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Two pieces of issue 13 ("Hardening"):
 *
 * - Idempotency keys expire after 24 hours and are purged by their creation time: an index on
 *   it, so the purge reads only what it deletes.
 * - PostgreSQL: a deleted API token, or one changed in what its actor holds (a rotated
 *   bootstrap token's hash), is announced on the `allot_api_token_revoked` channel with `<schema>:<token hash>`, from
 *   the database itself, whatever deleted it (the API, a space's deletion, an operator's
 *   SQL). Every process listening forgets it at once (db/notify.ts). The notification is sent
 *   at commit, never for a rolled-back deletion. SQLite has one process: nothing to tell.
 */
export function hardening(dialect: Dialect): Migration {
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations are written against no schema type */
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('idempotency_keys_created_at')
        .on('idempotency_keys')
        .column('created_at')
        .execute();
      if (dialect !== 'postgres') return;
      await sql`create or replace function allot_api_token_revoked() returns trigger
        language plpgsql as $$
        begin
          if tg_op = 'UPDATE' and (new.token_hash, new.role, new.space_id, new.tenant_id, new.name)
              is not distinct from (old.token_hash, old.role, old.space_id, old.tenant_id, old.name)
          then
            return null;
          end if;
          perform pg_notify('allot_api_token_revoked', tg_table_schema || ':' || old.token_hash);
          return null;
        end $$`.execute(db);
      await sql`create trigger api_tokens_revoked
        after delete or update on api_tokens
        for each row execute function allot_api_token_revoked()`.execute(db);
    },
    async down(db: Kysely<any>) {
      if (dialect === 'postgres') {
        await sql`drop trigger if exists api_tokens_revoked on api_tokens`.execute(db);
        await sql`drop function if exists allot_api_token_revoked()`.execute(db);
      }
      await db.schema.dropIndex('idempotency_keys_created_at').execute();
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
