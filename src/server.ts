/** Starting and stopping a whole Allot server: context, migrations, bootstrap, HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { createAppContext, type AppContext, type ContextOverrides } from './context.js';
import { migrateToLatest } from './db/database.js';
import { buildApp } from './http/app.js';
import { bootstrap, type BootstrapResult } from './services/tenants.js';

export interface RunningServer {
  ctx: AppContext;
  app: FastifyInstance;
  url: string;
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
): Promise<RunningServer> {
  const { ctx, bootstrap } = await prepare(config, overrides);
  const app = await buildApp(ctx);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await ctx.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    ctx,
    app,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    bootstrap,
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}
