/**
 * AppContext: everything a route, job or command needs, built once by createAppContext.
 * Functions take only the slice they use (usually ServiceContext).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { decodeSecretKey, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { createJobQueue } from './jobs/createJobQueue.js';
import type { JobQueue } from './jobs/jobQueue.js';
import { createAppleConnectorFactory, type AppleConnectorOptions } from './stores/apple/index.js';
import {
  createMicrosoftConnectorFactory,
  type MicrosoftServiceOptions,
} from './stores/microsoft/index.js';
import { VERSION } from './version.js';
import { deploymentIdFor } from './services/access/secrets.js';
import { systemClock, type Clock, type StoreContext } from './services/serviceContext.js';
import { waitlistServer } from './services/intelligence/waitlist.js';
import { onLicensesAppeared } from './services/intelligence/waitlistQueue.js';

export interface AppContext extends StoreContext {
  config: Config;
  /** Background work: in-process loops on SQLite, pg-boss on PostgreSQL (connected on use). */
  jobs: JobQueue;
  close(): Promise<void>;
}

export interface ContextOverrides {
  clock?: Clock;
  logger?: Logger;
  /** Tests shorten the connectors' retries and event polling. */
  apple?: Partial<Omit<AppleConnectorOptions, 'sToken'>>;
  /** Tests shorten the Microsoft connector's retries. */
  microsoft?: Partial<MicrosoftServiceOptions>;
}

export async function createAppContext(
  config: Config,
  overrides: ContextOverrides = {},
): Promise<AppContext> {
  const logger = overrides.logger ?? pino({ level: config.logLevel, serializers: LOG_SERIALIZERS });
  const secretKey = loadSecretKey(config);
  const previousSecretKey =
    config.previousSecretKey === null ? null : decodeSecretKey(config.previousSecretKey)!;
  const db = await openDatabase({ ...config, poolSize: config.databasePoolSize });
  const clock = overrides.clock ?? systemClock;
  const jobs = createJobQueue(config, logger);
  // Seats freed or bought serve the waitlists as soon as their change commits (R-X4).
  onLicensesAppeared(waitlistServer(logger));
  return {
    config,
    db,
    stores: {
      apple: createAppleConnectorFactory({
        baseUrl: config.appleApiUrl,
        lookupUrl: config.appleLookupUrl,
        mdm: {
          // Pinned by ALLOT_DEPLOYMENT_ID before a key rotation (allot rotate-key prints it).
          id: config.deploymentId ?? deploymentIdFor(secretKey),
          name: 'Allot',
          version: VERSION,
        },
        ...overrides.apple,
      }),
      microsoft: createMicrosoftConnectorFactory({
        baseUrl: config.microsoftApiUrl,
        authorityUrl: config.microsoftAuthorityUrl,
        graphUrl: config.microsoftGraphUrl,
        ...overrides.microsoft,
      }),
    },
    clock,
    logger,
    secretKey,
    previousSecretKey,
    jobs,
    async close() {
      await jobs.close();
      await db.close();
    },
  };
}

/** ALLOT_SECRET_KEY, else the key file in the data dir, generated (mode 0600) on first use. */
function loadSecretKey(config: Config): Buffer {
  if (config.secretKey !== null) return decodeSecretKey(config.secretKey)!;
  const file = path.join(config.dataDir, 'secret-key');
  if (fs.existsSync(file)) {
    const key = decodeSecretKey(fs.readFileSync(file, 'utf8'));
    if (key === null) throw new Error(`${file} does not hold a 32-byte key (base64 or hex)`);
    return key;
  }
  const key = randomBytes(32);
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

/** How the log shows what it is given (the logger of `openContext`). */
export const LOG_SERIALIZERS = { req: requestForLog };

/**
 * A request as the log shows it (debug and trace log each one): an MDM's event URL carries its
 * credential in the path, which never reaches the log (R-S4).
 */
function requestForLog(request: { method: string; url: string; host?: string; ip?: string }) {
  return {
    method: request.method,
    url: request.url.replace(/(\/mdm-events\/)[^/?]+/, '$1[redacted]'),
    host: request.host,
    remoteAddress: request.ip,
  };
}
