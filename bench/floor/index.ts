/**
 * The floor (bench/README.md, "The floor"): each check-in round's work written directly on the
 * database driver, on Allot's own database, against which Allot's rate is measured in the same
 * run.
 */
import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { BenchAllot } from '../setup.js';
import type { FloorActor } from './plan.js';
import { PostgresFloor } from './postgres.js';
import { SqliteFloor } from './sqlite.js';
import type { FloorCheckIn } from './types.js';

export type { FloorCheckIn, FloorOutcome } from './types.js';
export { reportedOf } from './plan.js';

const TOKEN_SQL = 'select "tenant_id", "id", "name" from "api_tokens" where "token_hash" = $1';

/**
 * A floor on Allot's database, checking devices in as the holder of `token` (read once, as
 * Allot remembers a token it authenticated: access/recentActors.ts).
 */
export async function openFloor(allot: BenchAllot, token: string): Promise<FloorCheckIn> {
  const hash = createHash('sha256').update(token).digest('hex');
  const storage = allot.storage;
  let row: { tenant_id: string; id: string; name: string } | undefined;
  if (storage.dialect === 'sqlite') {
    const db = new SQLite(storage.file, { readonly: true });
    try {
      row = db.prepare(TOKEN_SQL.replace('$1', '?')).get(hash) as typeof row;
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({
      connectionString: storage.databaseUrl,
      options: `-c search_path="${storage.schema}"`,
    });
    await client.connect();
    try {
      row = (await client.query(TOKEN_SQL, [hash])).rows[0] as typeof row;
    } finally {
      await client.end();
    }
  }
  if (row === undefined) throw new Error('the floor: no such API token');
  const actor: FloorActor = { tenantId: row.tenant_id, id: row.id, name: row.name };
  return storage.dialect === 'sqlite'
    ? new SqliteFloor(storage.file, actor)
    : new PostgresFloor(storage, actor);
}
