/**
 * Starting and stopping a whole Allot server: context, migrations, bootstrap, then the HTTP API
 * and/or the background worker, depending on the process's role.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { createAppContext, type AppContext, type ContextOverrides } from './context.js';
import { migrateToLatest } from './db/database.js';
import { buildApp } from './http/app.js';
import { syncJobHandlers } from './jobs/accountTasks.js';
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
  close(): Promise<void>;
}

/** Where a generated bootstrap token is kept for the operator (mode 0600). */
export function adminTokenFile(config: Config): string {
  return path.join(config.dataDir, 'admin-token');
}

export async function prepare(config: Config, overrides?: ContextOverrides) {
  const ctx = await createAppContext(config, overrides);
  try {
    await migrateToLatest(ctx.db);
    const result = await bootstrap(ctx, config.adminToken);
    let tokenFile: string | null = null;
    if (result.generatedToken !== null) {
      tokenFile = adminTokenFile(config);
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(tokenFile, result.generatedToken + '\n', { mode: 0o600 });
    } else if (config.adminToken === null && fs.existsSync(adminTokenFile(config))) {
      tokenFile = adminTokenFile(config);
    }
    return { ctx, bootstrap: { ...result, tokenFile } };
  } catch (error) {
    await ctx.close();
    throw error;
  }
}

export async function startServer(
  config: Config,
  overrides?: ContextOverrides,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const role = options.role ?? 'all';
  const { ctx, bootstrap } = await prepare(config, overrides);
  const runsApi = role === 'api' || role === 'all';
  let worker: Worker | null = null;
  try {
    if (role === 'worker' || role === 'all') {
      worker = await ctx.jobs.startWorker(ctx, syncJobHandlers, options.worker);
    } else {
      // An API process sends jobs for the workers: connect now, so a bad setup fails here.
      await ctx.jobs.start();
    }
  } catch (error) {
    await ctx.close();
    throw error;
  }
  const stopWorker = async () => {
    await worker?.stop();
  };
  if (!runsApi) {
    return {
      ctx,
      role,
      app: null,
      url: null,
      worker,
      bootstrap,
      async close() {
        await stopWorker();
        await ctx.close();
      },
    };
  }
  const app = await buildApp(ctx).catch(async (error: unknown) => {
    await stopWorker();
    await ctx.close();
    throw error;
  });
  try {
    // R-V8: a write's store calls go out right after its transaction, not at the next tick:
    // to this process's worker, or (PostgreSQL) to whichever worker process takes the job.
    app.addHook('onResponse', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') ctx.jobs.kick();
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await stopWorker();
    await ctx.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    ctx,
    role,
    app,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    worker,
    bootstrap,
    async close() {
      await app.close();
      await stopWorker();
      await ctx.close();
    },
  };
}
