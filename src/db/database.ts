/**
 * Opens the database: SQLite (better-sqlite3, a file under the data dir) by default, or
 * PostgreSQL when a URL is configured. Only db/ knows which one it is talking to.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
  CamelCasePlugin,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type Transaction,
} from 'kysely';
import type { Database } from './schema.js';
import { migrationsFor } from './migrations/index.js';
import { withStatementCache } from './statementCache.js';
import { prepareStatementsOf } from './pgStatements.js';
import { CheckInTimes } from './checkInTimes.js';
import { runTransaction } from './transaction.js';
import { FALLBACK_CHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from './checkpointer.js';

const require = createRequire(import.meta.url);

import type { Dialect } from './dialect.js';

export type { Dialect };

export interface DatabaseOptions {
  databaseUrl: string | null;
  databaseSchema: string | null;
  dataDir: string;
  /** PostgreSQL pool size per process. */
  poolSize?: number;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The PostgreSQL schema in use, when one was configured. */
  schema: string | null;
  /** Devices' last check-in times, written behind (checkInTimes.ts). */
  checkInTimes: CheckInTimes;
  /** Runs `work` in a transaction, then the hooks it registers for after its commit (transaction.ts). */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Writes the check-in times still noted, then closes. */
  close(): Promise<void>;
}

// COUNT(*) and other int8 results arrive as strings by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  if (options.databaseUrl === null) {
    const { kysely, checkpointer } = openSqlite(options.dataDir);
    const checkInTimes = new CheckInTimes(kysely, 'sqlite');
    return {
      kysely,
      dialect: 'sqlite',
      schema: null,
      checkInTimes,
      transaction: (work) => runTransaction(kysely, 'sqlite', work),
      close: async () => {
        await flushBeforeClosing(checkInTimes);
        await checkpointer.stop();
        await kysely.destroy();
      },
    };
  }
  const kysely = await openPostgres(options);
  const checkInTimes = new CheckInTimes(kysely, 'postgres');
  return {
    kysely,
    dialect: 'postgres',
    schema: options.databaseSchema,
    checkInTimes,
    transaction: (work) => runTransaction(kysely, 'postgres', work),
    close: async () => {
      await flushBeforeClosing(checkInTimes);
      await kysely.destroy();
    },
  };
}

/** A database that cannot take the last times loses them: each device's next check-in notes it again. */
async function flushBeforeClosing(checkInTimes: CheckInTimes): Promise<void> {
  await checkInTimes.flush().catch(() => undefined);
}

function openSqlite(dataDir: string): { kysely: Kysely<Database>; checkpointer: Checkpointer } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'allot.db');
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
  const checkpointer = startCheckpointer(file, require.resolve('better-sqlite3'), () => {
    if (database.open) database.pragma('wal_autocheckpoint = 1000');
  });
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
    plugins: [new CamelCasePlugin()],
  });
  return { kysely, checkpointer };
}

async function openPostgres(options: DatabaseOptions): Promise<Kysely<Database>> {
  const schema = options.databaseSchema;
  if (schema !== null) {
    const client = new pg.Client({ connectionString: options.databaseUrl ?? undefined });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl ?? undefined,
    max: options.poolSize ?? 10,
    options: schema === null ? undefined : `-c search_path="${schema}"`,
  });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  // A client checked out of the pool (inside a transaction) has no listener of its own: the
  // server going away between two of its queries would crash the process. Its next query fails
  // instead, and the pool drops it when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    prepareStatementsOf(client);
  });
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
}

/** Brings the schema to the latest migration; returns the names applied now. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely.withoutPlugins(),
    provider: { getMigrations: async () => migrationsFor(db.dialect) },
    // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
    ...(db.schema === null ? {} : { migrationTableSchema: db.schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error instanceof Error) throw error;
  if (error !== undefined) throw new Error('Migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Drops a PostgreSQL schema with everything in it (test runs clean up after themselves). */
export async function dropPostgresSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** True when the error is a UNIQUE or PRIMARY KEY violation, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'SQLITE_BUSY',
  // admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down)
  '57P01',
  '57P02',
  '57P03',
]);

/**
 * What node-postgres throws, without a code, when the server goes away under a client: the
 * socket closing mid-query, a query on a client that already lost its connection (what a
 * transaction's ROLLBACK meets after a restart, and that error replaces the first), or the
 * pool waiting too long for a connection.
 */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

/** True when the database cannot be reached for now (connection refused, server restarting). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, message, errors } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) {
    return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.includes(message)) return true;
  // Connecting to a name with several addresses fails with all their errors at once.
  return (
    error instanceof AggregateError && Array.isArray(errors) && errors.some(isDatabaseUnavailable)
  );
}
