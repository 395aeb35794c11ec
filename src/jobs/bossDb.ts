/**
 * The connection pool pg-boss runs its queries on: small, separate from the ledger's pool, and
 * hardened against database restarts.
 *
 * pg-boss 10 completes (or fails) a job after its handler without awaiting the query: if the
 * database is away at that moment, the rejection is unhandled and Node stops the process. So
 * those two statements never reject here: they are retried until the database answers (both
 * are idempotent: they only move `active` jobs), and given up with a log line otherwise; a job
 * left `active` is failed by pg-boss's maintenance when it expires.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/database.js';

/** The part of pg-boss's internal SQL this file needs, to recognise the unawaited statements. */
interface BossPlans {
  completeJobs(schema: string): string;
  failJobsById(schema: string): string;
}
const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as BossPlans;

/** How long an unawaited completion is retried while the database is unreachable. */
const COMPLETION_RETRY_MS = 10 * 60_000;

export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

export function openBossDb(options: {
  databaseUrl: string;
  schema: string;
  poolSize: number;
  logger: Pick<Logger, 'warn' | 'error'>;
}): BossDb {
  const { logger } = options;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize,
    application_name: 'allot-jobs',
    connectionTimeoutMillis: 10_000,
  });
  // Same as the ledger's pool (db/database.ts): a lost connection must not crash the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'jobs: a database connection was lost'));
  pool.on('connect', (client) => client.on('error', () => undefined));
  const unawaited = new Set([
    plans.completeJobs(options.schema),
    plans.failJobsById(options.schema),
  ]);
  let closed = false;

  const completion = async (text: string, values: unknown[] | undefined) => {
    const giveUpAt = Date.now() + COMPLETION_RETRY_MS;
    for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 5_000)) {
      try {
        return await pool.query(text, values);
      } catch (error) {
        if (closed || !isDatabaseUnavailable(error) || Date.now() > giveUpAt) {
          logger.error({ err: error }, 'jobs: a job could not be marked done; it will expire');
          return { rows: [{ count: 0 }] };
        }
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  };

  return {
    executeSql(text, values) {
      if (unawaited.has(text)) return completion(text, values);
      return pool.query(text, values);
    },
    async close() {
      closed = true;
      await pool.end();
    },
  };
}
