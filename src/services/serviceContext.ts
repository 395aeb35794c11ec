/**
 * What use cases receive: the narrow slices of the application context (src/context.ts builds
 * it). A leaf module: it names types only, so nothing below the composition root imports it.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { createAppleConnectorFactory } from '../stores/apple/index.js';
import type { createMicrosoftConnectorFactory } from '../stores/microsoft/index.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What most use cases need: the database and the time. */
export interface ServiceContext {
  db: Db;
  clock: Clock;
}

/** Connector factories, one per store, configured with the store's base URLs. */
export interface Stores {
  apple: ReturnType<typeof createAppleConnectorFactory>;
  microsoft: ReturnType<typeof createMicrosoftConnectorFactory>;
}

/** What the use cases that talk to the stores need besides: connectors, the key, a logger. */
export interface StoreContext extends ServiceContext {
  stores: Stores;
  /** Key for encrypting store tokens and webhook secrets at rest (R-S3). */
  secretKey: Buffer;
  /** During a key rotation, the key being replaced: read, never written (allot rotate-key). */
  previousSecretKey: Buffer | null;
  logger: Logger;
  config: Pick<Config, 'publicUrl' | 'privateTargets'>;
}
