/**
 * Opens the database: SQLite (better-sqlite3, a file under the data dir) by default, or
 * PostgreSQL when a URL is configured. Only db/ knows which one it is talking to.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { migrationsFor } from './migrations/index.js';
import { withStatementCache } from './statementCache.js';
import { prepareStatementsOf } from './pgStatements.js';
import { CheckInTimes } from './checkInTimes.js';
import { OwnSchemaPostgresDialect } from './introspector.js';
import { runTransaction } from './transaction.js';
import { FALLBACK_CHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from './checkpointer.js';
import { SettingError } from '../config.js';

const require = createRequire(import.meta.url);

import type { Dialect } from './dialect.js';

export type { Dialect };

export interface DatabaseOptions {
  databaseUrl: string | null;
  databaseSchema: string | null;
  dataDir: string;
  /** PostgreSQL pool size per process. */
  poolSize?: number;
  /** How long opening a PostgreSQL connection may take (default 10 s). */
  databaseConnectTimeoutMs?: number;
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
  makePrivateDir(dataDir);
  const file = path.join(dataDir, 'allot.db');
  let database: SQLite.Database;
  try {
    // R-S4: SQLite gives the -wal and -shm files the database file's mode: create it owner-only.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    database = new SQLite(file);
    database.pragma('journal_mode = WAL');
  } catch (error) {
    throw new SettingError('ALLOT_DATA_DIR', `cannot open ${file}: ${fsReason(error)}`);
  }
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

/** The files Allot writes in its data directory; all of them owner-only (R-S4). */
export const DATA_FILES = [
  'allot.db',
  'allot.db-wal',
  'allot.db-shm',
  'allot.db-journal',
  'secret-key',
  'admin-token',
] as const;

/**
 * R-S4: makes the data directory (0700) if it is missing, checks that it can be written, and
 * makes it and the files Allot keeps there owner-only (0600) where they were left readable by
 * others (created by an earlier version, or copied in). Returns what it tightened, for the log.
 * A directory shared by design (sticky, like /tmp) or owned by someone else keeps its mode.
 */
export function secureDataDir(dataDir: string): string[] {
  makePrivateDir(dataDir);
  try {
    fs.accessSync(dataDir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new SettingError('ALLOT_DATA_DIR', `cannot write to ${dataDir}: ${fsReason(error)}`);
  }
  if (process.platform === 'win32') return [];
  const tightened: string[] = [];
  const uid = process.getuid?.();
  const tighten = (file: string, stat: fs.Stats, mode: number) => {
    try {
      fs.chmodSync(file, mode);
    } catch (error) {
      throw new SettingError(
        'ALLOT_DATA_DIR',
        `${file} is readable by others and cannot be made owner-only: ${fsReason(error)}`,
      );
    }
    tightened.push(`${file} (${(stat.mode & 0o777).toString(8)} → ${mode.toString(8)})`);
  };
  const dir = fs.statSync(dataDir);
  if ((dir.mode & 0o077) !== 0 && (dir.mode & 0o1000) === 0 && dir.uid === uid) {
    tighten(dataDir, dir, 0o700);
  }
  for (const name of DATA_FILES) {
    const file = path.join(dataDir, name);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() === true && (stat.mode & 0o077) !== 0) tighten(file, stat, 0o600);
  }
  return tightened;
}

/**
 * Creates a directory and its missing parents, owner-only. Not `mkdirSync(…, {recursive})`:
 * under /proc, where mkdir answers "no such file" for a parent that exists, that call loops
 * forever instead of failing.
 */
function makePrivateDir(dir: string): void {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(current, { throwIfNoEntry: false });
    } catch (error) {
      throw new SettingError('ALLOT_DATA_DIR', `cannot use ${dir}: ${fsReason(error)}`);
    }
    if (stat !== undefined) {
      if (!stat.isDirectory()) {
        throw new SettingError('ALLOT_DATA_DIR', `${current} is not a directory`);
      }
      break;
    }
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new SettingError('ALLOT_DATA_DIR', `cannot create ${level}: ${fsReason(error)}`);
    }
  }
}

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOENT: 'the file system does not allow it there',
  ENOTDIR: 'a part of the path is not a directory',
  SQLITE_CANTOPEN: 'SQLite cannot open the file',
  SQLITE_READONLY: 'the file is read-only',
  SQLITE_NOTADB: 'the file is not an SQLite database',
  SQLITE_CORRUPT: 'the database file is damaged',
};

/** A file-system error in words, with its code for searching. */
function fsReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? FS_REASONS[code] : undefined;
  if (reason !== undefined) return `${reason} (${String(code)})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A pooled connection is replaced (once idle) after this long. Its named statements
 * (pgStatements.ts) keep the generic plans PostgreSQL chose when they were first prepared: a
 * plan made while a table was nearly empty (a first SCIM push, a first sync) reads the whole
 * table once it has grown, until statistics change, and never if autovacuum is off. A new
 * connection plans again from the tables as they are.
 */
const CONNECTION_LIFETIME_S = 60;

async function openPostgres(options: DatabaseOptions): Promise<Kysely<Database>> {
  const schema = options.databaseSchema;
  const connectTimeoutMs = options.databaseConnectTimeoutMs ?? 10_000;
  await checkPostgres(options, connectTimeoutMs);
  /** Each connection of the pool gives up opening after the timeout (the pool's own wait does not). */
  class TimedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({
        ...(typeof config === 'string' ? { connectionString: config } : config),
        connectionTimeoutMillis: connectTimeoutMs,
      });
    }
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl ?? undefined,
    max: options.poolSize ?? 10,
    options: schema === null ? undefined : `-c search_path="${schema}"`,
    Client: TimedClient,
    maxLifetimeSeconds: CONNECTION_LIFETIME_S,
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
    dialect: new OwnSchemaPostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
}

/**
 * Connects once before anything else (and creates the schema), so that a database that cannot
 * be used stops start-up with one line naming the setting, within the connect timeout.
 */
async function checkPostgres(options: DatabaseOptions, timeoutMs: number): Promise<void> {
  const client = new pg.Client({
    connectionString: options.databaseUrl ?? undefined,
    connectionTimeoutMillis: timeoutMs,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new SettingError('DATABASE_URL', describeConnectFailure(error, options, timeoutMs));
  }
  try {
    if (options.databaseSchema !== null) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.databaseSchema}"`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SettingError('ALLOT_DATABASE_SCHEMA', `cannot create the schema: ${message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why a PostgreSQL connection failed, in words, naming the server but never the password. */
export function describeConnectFailure(
  error: unknown,
  options: Pick<DatabaseOptions, 'databaseUrl'>,
  timeoutMs: number,
): string {
  const url = new URL(options.databaseUrl ?? 'postgres://localhost');
  const server = `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  const { code, message, errors } = error as {
    code?: unknown;
    message?: unknown;
    errors?: Array<{ code?: unknown }>;
  };
  // Connecting to a name with several addresses fails with all their errors at once.
  const first = code ?? errors?.[0]?.code;
  const text = typeof message === 'string' ? message : String(error);
  if (first === 'ECONNREFUSED') return `nothing accepts connections at ${server} (refused)`;
  if (first === 'ENOTFOUND' || first === 'EAI_AGAIN') {
    return `the host "${url.hostname}" is not found (${String(first)})`;
  }
  if (first === 'EHOSTUNREACH' || first === 'ENETUNREACH' || first === 'ETIMEDOUT') {
    return `${server} cannot be reached (${String(first)})`;
  }
  if (/timeout/i.test(text)) {
    return (
      `${server} did not answer within ${timeoutMs / 1000} s ` +
      '(is it PostgreSQL? ALLOT_DATABASE_CONNECT_TIMEOUT sets the wait)'
    );
  }
  if (text === 'Connection terminated unexpectedly' || first === 'ECONNRESET') {
    return `${server} closed the connection (is it PostgreSQL?)`;
  }
  if (first === '28P01' || first === '28000') {
    return `${server} refused the user "${decodeURIComponent(url.username)}": ${text}`;
  }
  return `${server}: ${text}${typeof first === 'string' ? ` (${first})` : ''}`;
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
