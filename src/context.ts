/**
 * AppContext: everything a route, job or command needs, built once by createAppContext.
 * Functions take only the slice they use (usually ServiceContext).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { decodeSecretKey, type Config } from './config.js';
import { openDatabase, type Db } from './db/database.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What a use case needs: the database and the time. */
export interface ServiceContext {
  db: Db;
  clock: Clock;
}

export interface AppContext extends ServiceContext {
  config: Config;
  logger: Logger;
  /** Key for encrypting store tokens at rest (R-S3). */
  secretKey: Buffer;
  close(): Promise<void>;
}

export interface ContextOverrides {
  clock?: Clock;
  logger?: Logger;
}

export async function createAppContext(
  config: Config,
  overrides: ContextOverrides = {},
): Promise<AppContext> {
  const logger = overrides.logger ?? pino({ level: config.logLevel });
  const secretKey = loadSecretKey(config);
  const db = await openDatabase(config);
  return {
    config,
    db,
    clock: overrides.clock ?? systemClock,
    logger,
    secretKey,
    close: () => db.close(),
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
