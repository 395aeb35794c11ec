/**
 * A whole Allot for one benchmark run on one dialect: SQLite in a temporary data dir, or
 * PostgreSQL in a schema of its own, both removed on close. The Apple connectors keep their
 * real settings (15 requests/s pacing, real retries) except event polling, which is shortened
 * so that the setup does not wait; every request they send is recorded (StoreTraffic).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import type { AppleEmulator } from '../src/emulators/apple/index.js';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { dropPostgresSchema } from '../src/db/database.js';
import { buildApp } from '../src/http/app.js';
import { drainOutbox } from '../src/jobs/outbox.js';
import { runQueuedJobs } from '../src/jobs/runner.js';
import { syncJobHandlers } from '../src/jobs/accountTasks.js';
import { prepare } from '../src/server.js';

export type DialectName = 'sqlite' | 'postgres';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** One request an Apple connector sent: its path (without query) and when it ran. */
export interface StoreRequest {
  path: string;
  startedAt: number;
  endedAt: number;
}

/** Every request the connectors send, wire calls and metadata lookups alike. */
export class StoreTraffic {
  requests: StoreRequest[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const entry = { path: url.pathname, startedAt: performance.now(), endedAt: NaN };
    this.requests.push(entry);
    try {
      return await globalThis.fetch(input, init);
    } finally {
      entry.endedAt = performance.now();
    }
  };

  reset(): void {
    this.requests = [];
  }

  /** Requests per path, e.g. `{ '/mdm/v2/assignments': 100, '/lookup': 10 }`. */
  byPath(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.requests) counts[r.path] = (counts[r.path] ?? 0) + 1;
    return counts;
  }
}

export interface JsonResponse {
  status: number;
  body: any;
  text: string;
}

/** A JSON client of the API through app.inject() (no socket). */
export interface Client {
  token: string;
  get(url: string): Promise<JsonResponse>;
  post(url: string, body?: unknown): Promise<JsonResponse>;
}

export function makeClient(app: FastifyInstance, token: string): Client {
  const send = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const text = response.body;
    const json = String(response.headers['content-type'] ?? '').includes('json') && text !== '';
    return { status: response.statusCode, body: json ? JSON.parse(text) : text, text };
  };
  return {
    token,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body),
  };
}

/** Fails with the response text unless the status is the expected one. */
export function expectStatus(response: JsonResponse, status: number, what: string): any {
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${response.text}`);
  }
  return response.body;
}

export interface BenchAllot {
  dialect: DialectName;
  /** Where Allot's database is, for the floor (bench/floor) to open it with its own driver. */
  storage:
    | { dialect: 'sqlite'; file: string }
    | { dialect: 'postgres'; databaseUrl: string; schema: string; poolSize: number };
  ctx: AppContext;
  app: FastifyInstance;
  traffic: StoreTraffic;
  /** A fresh tenant with a client holding its globalAdmin token. */
  newTenant(name: string): Promise<{ id: string; admin: Client }>;
  /** Runs queued jobs (syncs) and drains the outbox until both are empty. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** An app sold at an Apple location, required on every device of the tenant. */
export interface RequiredApp {
  adamId: string;
  bundleId: string;
  catalogAppId: string;
}

/**
 * A location selling `assets`, its account added to the tenant and synced, and each app in the
 * catalog with a required assignment to every device (what the check-in and MDM rounds start
 * from; none of it is measured).
 */
export async function requiredAppleApps(
  allot: BenchAllot,
  apple: AppleEmulator,
  admin: Client,
  location: {
    name: string;
    tag: string;
    assets: ReadonlyArray<{ adamId: string; bundleId: string; totalCount: number }>;
  },
): Promise<RequiredApp[]> {
  const { sToken } = apple.createLocation({
    organizationName: 'Bench School',
    locationName: location.name,
    assets: location.assets.map((a) => ({ ...a, name: `App ${a.adamId}` })),
  });
  const account = expectStatus(
    await admin.post('/accounts', {
      store: 'apple',
      name: location.name,
      token: sToken,
      appleId: `vpp-${location.tag.toLowerCase()}@example.org`,
      accountType: 'education',
    }),
    201,
    'account',
  );
  await allot.settle();
  const synced = expectStatus(await admin.get(`/accounts/${account.id}`), 200, 'account');
  if (synced.status !== 'healthy') throw new Error(`account not synced: ${synced.status}`);
  const products = expectStatus(await admin.get('/products?store=apple&limit=500'), 200, 'products')
    .items as any[];
  const apps: RequiredApp[] = [];
  for (const { adamId } of location.assets) {
    const product = products.find((p) => p.storeProductId === adamId);
    if (product === undefined) throw new Error(`product ${adamId} was not synced`);
    const app = expectStatus(
      await admin.post('/catalog-apps', { productId: product.id }),
      201,
      'catalog app',
    );
    expectStatus(
      await admin.post(`/catalog-apps/${app.id}/assignments`, {
        target: { type: 'allDevices' },
        intent: 'required',
      }),
      201,
      'assignment',
    );
    apps.push({ adamId, bundleId: product.bundleId as string, catalogAppId: app.id as string });
  }
  return apps;
}

/** Why PostgreSQL cannot be used, or null when a connection works. */
export async function postgresUnreachable(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return e.code ?? e.message ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startAllot(
  dialect: DialectName,
  options: { appleApiUrl: string; databaseUrl: string },
): Promise<BenchAllot> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-bench-'));
  const schema = dialect === 'postgres' ? `allot_bench_${randomBytes(6).toString('hex')}` : null;
  const bootstrapToken = `bench-bootstrap-${randomBytes(12).toString('hex')}`;
  const config = loadConfig({
    ALLOT_DATA_DIR: dataDir,
    ...(schema !== null && {
      DATABASE_URL: options.databaseUrl,
      ALLOT_DATABASE_SCHEMA: schema,
    }),
    ALLOT_ADMIN_TOKEN: bootstrapToken,
    ALLOT_SECRET_KEY: randomBytes(32).toString('base64'),
    ALLOT_APPLE_API_URL: options.appleApiUrl,
    // The NanoMDM emulator listens on loopback: what an operator allows for an MDM on the
    // same host (R-S5).
    ALLOT_ALLOWED_PRIVATE_HOSTS: '127.0.0.1',
    LOG_LEVEL: 'silent',
    // The operator's pool size, if set, for Allot and its floor alike.
    ...(process.env.ALLOT_DATABASE_POOL_SIZE !== undefined && {
      ALLOT_DATABASE_POOL_SIZE: process.env.ALLOT_DATABASE_POOL_SIZE,
    }),
  });
  const traffic = new StoreTraffic();
  const cleanup = async () => {
    if (schema !== null) await dropPostgresSchema(options.databaseUrl, schema);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(config, {
      apple: {
        fetch: traffic.fetch,
        // Setup only: associations of the setup complete without the default 1 s polling.
        eventPolling: { firstPollMs: 10, intervalMs: 10, timeoutMs: 30_000 },
      },
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const { ctx } = prepared;
  const app = await buildApp(ctx);
  await app.ready();
  const admin = makeClient(app, bootstrapToken);

  return {
    dialect,
    storage:
      schema === null
        ? { dialect: 'sqlite', file: path.join(dataDir, 'allot.db') }
        : {
            dialect: 'postgres',
            databaseUrl: options.databaseUrl,
            schema,
            poolSize: config.databasePoolSize,
          },
    ctx,
    app,
    traffic,
    async newTenant(name) {
      const created = expectStatus(await admin.post('/tenants', { name }), 201, 'tenant');
      return {
        id: created.tenant.id as string,
        admin: makeClient(app, created.adminToken as string),
      };
    },
    async settle() {
      for (let round = 0; round < 20; round += 1) {
        const jobs = await runQueuedJobs(ctx, syncJobHandlers);
        const outbox = await drainOutbox(ctx);
        if (jobs === 0 && outbox.sent === 0 && outbox.retried === 0) return;
      }
      throw new Error('background work did not settle');
    },
    async close() {
      await app.close();
      await ctx.close();
      await cleanup();
    },
  };
}
