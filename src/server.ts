/**
 * Starting and stopping a whole Allot server: the data directory, context, migrations, then the
 * HTTP API and/or the background worker, depending on the process's role, then the bootstrap.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SettingError, type Config } from './config.js';
import { createAppContext, type AppContext, type ContextOverrides } from './context.js';
import { migrateToLatest, secureDataDir } from './db/database.js';
import { buildApp } from './http/app.js';
import { jobHandlers } from './jobs/handlers.js';
import { OutboxClaims } from './jobs/outbox.js';
import type { Worker, WorkerOptions } from './jobs/worker.js';
import { bootstrap, type BootstrapResult } from './services/directory/tenants.js';

/**
 * What one process runs: the HTTP API, the background worker (jobs, outbox, webhooks,
 * schedules), or both. Several `api` processes can share one PostgreSQL with one or more
 * `worker` processes (they send jobs to pg-boss, the workers run them); `all` is the
 * single-process default.
 */
export type ServerRole = 'api' | 'worker' | 'all';
export const SERVER_ROLES: readonly ServerRole[] = ['api', 'worker', 'all'];

export interface ServerOptions {
  role?: ServerRole;
  worker?: WorkerOptions;
}

export interface RunningServer {
  ctx: AppContext;
  role: ServerRole;
  /** The HTTP API; null for a worker-only process. */
  app: FastifyInstance | null;
  /** Where the API listens; null for a worker-only process. */
  url: string | null;
  /** The background worker; null for an API-only process. */
  worker: Worker | null;
  bootstrap: BootstrapResult & { tokenFile: string | null };
  /**
   * Stops gracefully: no new connection, the requests in flight answered, the background runs
   * in progress finished, all within `shutdownTimeoutMs`; store calls still being sent then are
   * handed back, and the database is closed.
   */
  close(): Promise<void>;
}

/** Where a generated bootstrap token is kept for the operator (mode 0600). */
export function adminTokenFile(config: Config): string {
  return path.join(config.dataDir, 'admin-token');
}

/**
 * Builds the context, after making the data directory owner-only when this process keeps
 * anything there (the SQLite database, a generated secret key or bootstrap token).
 */
export async function openContext(
  config: Config,
  overrides?: ContextOverrides,
): Promise<AppContext> {
  const usesDataDir =
    config.databaseUrl === null || config.secretKey === null || config.adminToken === null;
  const tightened = usesDataDir ? secureDataDir(config.dataDir) : [];
  const ctx = await createAppContext(config, overrides);
  if (tightened.length > 0) {
    ctx.logger.warn(
      { files: tightened },
      'R-S4: data files were readable by other users; they are now owner-only',
    );
  }
  return ctx;
}

/** The context of a migrated database with its bootstrap tenant (tests and benchmarks). */
export async function prepare(config: Config, overrides?: ContextOverrides) {
  const ctx = await openContext(config, overrides);
  try {
    await migrateToLatest(ctx.db);
    return { ctx, bootstrap: await bootstrapAdmin(ctx, config) };
  } catch (error) {
    await ctx.close();
    throw error;
  }
}

/**
 * Creates the bootstrap tenant and token on an empty database, and keeps a generated token in
 * the data dir. It runs last at start-up, once the port is taken: a start that fails creates
 * no token that nobody is shown.
 */
async function bootstrapAdmin(
  ctx: AppContext,
  config: Config,
): Promise<BootstrapResult & { tokenFile: string | null }> {
  const result = await bootstrap(ctx, config.adminToken);
  const file = adminTokenFile(config);
  if (result.generatedToken !== null) {
    fs.writeFileSync(file, result.generatedToken + '\n', { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    return { ...result, tokenFile: file };
  }
  const kept = config.adminToken === null && fs.existsSync(file);
  return { ...result, tokenFile: kept ? file : null };
}

export async function startServer(
  config: Config,
  overrides?: ContextOverrides,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const role = options.role ?? 'all';
  const runsApi = role === 'api' || role === 'all';
  const ctx = await openContext(config, overrides);
  const claims = new OutboxClaims();
  let app: FastifyInstance | null = null;
  let worker: Worker | null = null;
  const stop = () => stopServer({ ctx, app, worker, claims }, config.shutdownTimeoutMs);
  try {
    await migrateToLatest(ctx.db);
    if (runsApi) {
      app = await buildApp(ctx);
      // R-V8: a write's store calls go out right after its transaction, not at the next tick:
      // to this process's worker, or (PostgreSQL) to whichever worker process takes the job.
      app.addHook('onResponse', async (request) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') ctx.jobs.kick();
      });
      limitSlowClients(app.server, config);
      await listen(app, config);
    }
    if (role === 'worker' || role === 'all') {
      const workerOptions = options.worker ?? {};
      worker = await ctx.jobs.startWorker(ctx, jobHandlers, {
        jobConcurrency: config.jobConcurrency,
        ...workerOptions,
        outbox: { ...workerOptions.outbox, claims },
      });
    } else {
      // An API process sends jobs for the workers: connect now, so a bad setup fails here.
      await ctx.jobs.start();
    }
    const admin = await bootstrapAdmin(ctx, config);
    return {
      ctx,
      role,
      app,
      url: app === null ? null : urlOf(app, config),
      worker,
      bootstrap: admin,
      close: stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Node lets a client hold a connection for minutes by sending its headers or body slowly
 * (Fastify even turns the request limit off), and checks the limits only every 30 s. These
 * limits come from the configuration; the check runs every second, so a slow client is cut
 * off (408) within a second of its limit.
 */
function limitSlowClients(server: Server, config: Config): void {
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  // Read by Node when the server starts listening; not in @types/node's Server.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1000;
}

/** Listens on HOST:PORT; a failure names the setting to change. */
async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const where = `${config.host}:${config.port}`;
    switch (code) {
      case 'EADDRINUSE':
        throw new SettingError('PORT', `${config.port} is already in use on ${config.host}`);
      case 'EACCES':
        throw new SettingError('PORT', `no permission to listen on ${where} (ports below 1024)`);
      case 'EADDRNOTAVAIL':
        throw new SettingError('HOST', `"${config.host}" is not an address of this machine`);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EAI_FAIL':
        throw new SettingError('HOST', `the host "${config.host}" is not found (${code})`);
      default:
        throw error;
    }
  }
}

function urlOf(app: FastifyInstance, config: Config): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
}

interface ServerParts {
  ctx: AppContext;
  app: FastifyInstance | null;
  worker: Worker | null;
  claims: OutboxClaims;
}

/** Settles `work` or gives up at `deadline` (epoch ms); true when it settled in time. */
async function settlesBy(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function stopServer(parts: ServerParts, timeoutMs: number): Promise<void> {
  const { ctx, app, worker, claims } = parts;
  const deadline = Date.now() + timeoutMs;
  // New claims stop at once: an outbox drain finishes the account it is sending, no more.
  claims.stop();
  const workerStopped = worker === null ? Promise.resolve() : worker.stop();
  if (app !== null) {
    // Fastify stops accepting, closes idle keep-alive connections, answers 503 to requests
    // arriving on busy ones, and waits for the requests in flight.
    const closed = app.close();
    if (!(await settlesBy(closed, deadline))) {
      ctx.logger.warn('stopping: requests still running at the shutdown timeout were cut off');
      app.server.closeAllConnections();
      await settlesBy(closed, Date.now() + 1000);
    }
  }
  if (!(await settlesBy(workerStopped, deadline))) {
    ctx.logger.warn('stopping: background work still running at the shutdown timeout');
  }
  const handedBack = await claims.handBack(ctx).catch((error: unknown) => {
    ctx.logger.error({ err: error }, 'stopping: store calls could not be handed back');
    return 0;
  });
  if (handedBack > 0) {
    ctx.logger.info({ calls: handedBack }, 'stopping: store calls being sent were handed back');
  }
  await ctx.close();
}
