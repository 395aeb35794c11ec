/**
 * A real Allot for a test file: SQLite in a temporary directory, or — when DATABASE_URL is
 * set — PostgreSQL in a schema of its own that is dropped afterwards. Requests go through
 * app.inject(), so no port is opened.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import type { AppContext, ContextOverrides } from '../../src/context.js';
import type { Clock } from '../../src/services/serviceContext.js';
import { dropPostgresSchema } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { bossSchema } from '../../src/jobs/boss.js';
import { prepare } from '../../src/server.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  config: Config;
  /** The bootstrap globalAdmin token of tenant `default`. */
  bootstrapToken: string;
  /** A client with the bootstrap token. */
  admin: Client;
  client(token: string): Client;
  /** A fresh tenant of its own, with a client holding its globalAdmin token. */
  newTenant(name?: string): Promise<{ id: string; admin: Client; token: string }>;
  close(): Promise<void>;
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

export interface Client {
  token: string;
  get<T = any>(url: string, headers?: Record<string, string>): Promise<Response<T>>;
  post<T = any>(
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response<T>>;
  put<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  patch<T = any>(
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response<T>>;
  delete<T = any>(url: string, headers?: Record<string, string>): Promise<Response<T>>;
}

export const usingPostgres =
  process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';

export function makeClient(app: FastifyInstance, token: string): Client {
  const send = async (
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await app.inject({
      method: method as 'GET',
      url:
        url.startsWith('/') && !url.startsWith('/api/') && !url.startsWith('/docs')
          ? `/api/v1${url}`
          : url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const text = response.body;
    let parsed: unknown = text;
    if (String(response.headers['content-type'] ?? '').includes('json') && text !== '')
      parsed = JSON.parse(text);
    return { status: response.statusCode, body: parsed as any, headers: response.headers, text };
  };
  return {
    token,
    get: (url, headers) => send('GET', url, undefined, headers),
    post: (url, body, headers) => send('POST', url, body, headers),
    put: (url, body, headers) => send('PUT', url, body, headers),
    patch: (url, body, headers) => send('PATCH', url, body, headers),
    delete: (url, headers) => send('DELETE', url, undefined, headers),
  };
}

/** Store connectors that poll and back off in milliseconds, so tests stay fast. */
export const FAST_APPLE: ContextOverrides['apple'] = {
  retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50, maxWaitMs: 2_000 },
  eventPolling: { firstPollMs: 10, intervalMs: 10, timeoutMs: 10_000 },
  maxRequestsPerSecond: 0,
};

/** The Microsoft connector retries in milliseconds too. */
export const FAST_MICROSOFT: ContextOverrides['microsoft'] = {
  retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50, maxWaitMs: 2_000 },
};

export async function createTestApp(
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    apple?: ContextOverrides['apple'];
    microsoft?: ContextOverrides['microsoft'];
  } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-test-'));
  const schema = usingPostgres ? `allot_test_${randomBytes(6).toString('hex')}` : undefined;
  const bootstrapToken = `test-bootstrap-${randomBytes(12).toString('hex')}`;
  const config = loadConfig({
    ALLOT_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    ALLOT_DATABASE_SCHEMA: schema,
    ALLOT_ADMIN_TOKEN: bootstrapToken,
    ALLOT_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const { ctx } = await prepare(config, {
    clock: options.clock,
    apple: { ...FAST_APPLE, ...options.apple },
    microsoft: { ...FAST_MICROSOFT, ...options.microsoft },
  });
  const app = await buildApp(ctx);
  await app.ready();
  const client = (token: string) => makeClient(app, token);
  const admin = client(bootstrapToken);
  let tenants = 0;
  return {
    app,
    ctx,
    config,
    bootstrapToken,
    admin,
    client,
    async newTenant(name?: string) {
      tenants += 1;
      const response = await admin.post('/tenants', {
        name: name ?? `tenant-${tenants}-${randomBytes(4).toString('hex')}`,
      });
      if (response.status !== 201) throw new Error(`tenant creation failed: ${response.text}`);
      const token = response.body.adminToken as string;
      return { id: response.body.tenant.id as string, admin: client(token), token };
    },
    async close() {
      await app.close();
      await ctx.close();
      if (schema !== undefined) await dropTestSchemas(schema);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Drops a test's schema and the pg-boss schema beside it (jobs/boss.ts). */
export async function dropTestSchemas(schema: string): Promise<void> {
  await dropPostgresSchema(process.env.DATABASE_URL!, bossSchema(schema));
  await dropPostgresSchema(process.env.DATABASE_URL!, schema);
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-06-01T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}
