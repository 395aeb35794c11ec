/** The `allot` command. */
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createAppContext } from './context.js';
import { migrateToLatest } from './db/database.js';
import { startServer, type RunningServer } from './server.js';
import { VERSION } from './version.js';

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`allot: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

function describeStart(server: RunningServer, config: Config): string {
  const lines = [
    `Allot ${VERSION} is running on ${server.ctx.db.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}`,
    `  API       ${server.url}/api/v1`,
    `  API docs  ${server.url}/docs`,
    `  health    ${server.url}/healthz   metrics ${server.url}/metrics`,
  ];
  const { generatedToken, tokenFile } = server.bootstrap;
  if (generatedToken !== null) {
    lines.push(
      `  bootstrap token (shown once, also saved to ${tokenFile}):`,
      `    ${generatedToken}`,
    );
  } else if (config.adminToken !== null) {
    lines.push('  bootstrap token: the value of ALLOT_ADMIN_TOKEN');
  } else if (tokenFile !== null) {
    lines.push(`  bootstrap token: in ${tokenFile}`);
  }
  lines.push(`  try: curl -H "Authorization: Bearer $TOKEN" ${server.url}/api/v1/spaces`);
  return lines.join('\n');
}

function stopOnSignal(close: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

const program = new Command()
  .name('allot')
  .description('Allot: the licence server for volume-purchased app licences')
  .version(VERSION, '-v, --version');

program
  .command('serve')
  .description('serve the API (configuration from the environment: PORT, HOST, DATABASE_URL, …)')
  .action(async () => {
    const cfg = config();
    const server = await startServer(cfg);
    console.log(describeStart(server, cfg));
    stopOnSignal(() => server.close());
  });

program
  .command('migrate')
  .description('bring the database schema to the latest version and exit')
  .action(async () => {
    const ctx = await createAppContext(config());
    try {
      const applied = await migrateToLatest(ctx.db);
      console.log(
        applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`,
      );
    } finally {
      await ctx.close();
    }
  });

program.parseAsync().catch((error: unknown) => {
  console.error(`allot: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
