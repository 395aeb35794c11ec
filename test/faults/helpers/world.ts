/**
 * The world of one fault test file: PostgreSQL in a schema of its own (dropped at the end), the
 * Apple emulator on loopback in the test process, and `allot serve` child processes on real
 * ports that the test may kill and start again. An in-process context on the same schema reads
 * the ledger and runs the consistency checker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { describe } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { AppContext } from '../../../src/context.js';
import { dropPostgresSchema } from '../../../src/db/database.js';
import { bossSchema } from '../../../src/jobs/boss.js';
import {
  startAppleEmulator,
  type AppleEmulator,
  type AppleEmulatorOptions,
} from '../../../src/emulators/apple/index.js';
import { prepare, type ServerRole } from '../../../src/server.js';
import {
  freePort,
  startAllotProcess,
  type AllotProcess,
} from '../../../bench/load/allotProcess.js';

/**
 * Why this file's tests cannot run here, or null. They restart PostgreSQL, so they only run
 * through their own config (`npm run test:faults`), never inside the main suite.
 */
export function faultsSkipReason(): string | null {
  if (process.env.ALLOT_FAULT_TESTS !== '1') {
    return 'fault tests run on their own: npm run test:faults (they restart PostgreSQL)';
  }
  if ((process.env.DATABASE_URL ?? '') === '') {
    return 'DATABASE_URL is not set: the fault tests need PostgreSQL';
  }
  return null;
}

/**
 * A describe block that runs only where the fault tests can (see faultsSkipReason); elsewhere
 * it is skipped, its title saying why, and under the fault tests' own config it says so aloud.
 */
export function describeFaults(title: string, body: () => void): void {
  const reason = faultsSkipReason();
  if (reason === null) {
    describe(title, body);
    return;
  }
  if (process.env.ALLOT_FAULT_TESTS === '1') console.warn(`skipped "${title}": ${reason}`);
  describe.skip(`${title} (skipped: ${reason})`, body);
}

export interface FaultWorld {
  apple: AppleEmulator;
  /** Allot's configuration, shared by every child (same key, same bootstrap token). */
  env: Record<string, string>;
  databaseUrl: string;
  schema: string;
  /** In-process context on the same schema: ledger reads and verifyLedger. */
  ctx: AppContext;
  bootstrapToken: string;
  logDir: string;
  /** Starts `allot serve` on a port (a new free one unless given) and waits until it is ready. */
  start(name: string, role: ServerRole, port?: number): Promise<AllotProcess>;
  /** The log tails of every child started, for failure messages. */
  logs(): string;
  close(): Promise<void>;
}

export async function startFaultWorld(
  options: { emulator?: Partial<AppleEmulatorOptions> } = {},
): Promise<FaultWorld> {
  const databaseUrl = process.env.DATABASE_URL!;
  const apple = await startAppleEmulator({
    port: 0,
    maxRequestsPerSecond: 0,
    eventDelayMs: 5,
    requestLogSize: 100_000,
    ...options.emulator,
  });
  const schema = `allot_faults_${randomBytes(6).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-faults-'));
  const bootstrapToken = `faults-bootstrap-${randomBytes(12).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    ALLOT_DATABASE_SCHEMA: schema,
    ALLOT_DATA_DIR: dataDir,
    ALLOT_ADMIN_TOKEN: bootstrapToken,
    ALLOT_SECRET_KEY: randomBytes(32).toString('base64'),
    ALLOT_APPLE_API_URL: apple.url,
    LOG_LEVEL: 'warn',
  };
  // Migrations and the bootstrap token, once, before any child starts.
  const { ctx } = await prepare(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: pino({ level: 'silent' }),
    apple: {
      retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500, maxWaitMs: 5_000 },
      maxRequestsPerSecond: 0,
    },
  });
  const logDir = path.join(dataDir, 'logs');
  const started: AllotProcess[] = [];
  const logFiles = new Map<string, string>();

  return {
    apple,
    env,
    databaseUrl,
    schema,
    ctx,
    bootstrapToken,
    logDir,
    async start(name, role, port) {
      const logFile = path.join(logDir, `${name}.log`);
      logFiles.set(name, logFile);
      const child = await startAllotProcess({
        env,
        role,
        port: port ?? (await freePort()),
        logFile,
      });
      started.push(child);
      return child;
    },
    logs() {
      return [...logFiles]
        .map(([name, file]) => {
          const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
          return `--- ${name} ---\n${text.trimEnd().split('\n').slice(-40).join('\n')}`;
        })
        .join('\n');
    },
    async close() {
      await Promise.all(started.map((child) => child.stop(5_000)));
      await ctx.close();
      await dropPostgresSchema(databaseUrl, bossSchema(schema)).catch(() => undefined);
      await dropPostgresSchema(databaseUrl, schema).catch(() => undefined);
      await apple.close();
      if (process.env.ALLOT_FAULTS_KEEP_LOGS !== '1') {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
