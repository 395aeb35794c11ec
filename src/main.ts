/** The `allot` command. */
import { Command, Option } from 'commander';
import { describeDemo, startDemo } from './cli/demo.js';
import { reportDrifts } from './cli/verify.js';
import { rotateKey } from './cli/rotateKey.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrateToLatest } from './db/database.js';
import { verifyLedger } from './services/ledger/verifyLedger.js';
import { parseAuthErrorStatus, startAppleEmulator } from './emulators/apple/index.js';
import { startMicrosoftEmulator } from './emulators/microsoft/index.js';
import { startNanoMdmEmulator } from './emulators/nanomdm/index.js';
import {
  openContext,
  SERVER_ROLES,
  startServer,
  type RunningServer,
  type ServerRole,
} from './server.js';
import { VERSION } from './version.js';

// R-S4: whatever this process writes (database, its -wal and -shm, keys, tokens) is owner-only.
process.umask(0o077);

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
  const storage = server.ctx.db.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
  if (server.url === null) {
    return [
      `Allot ${VERSION} worker is running on ${storage}`,
      '  jobs, store calls (outbox), webhooks and schedules; no HTTP API in this process',
      ...describeToken(server, config),
    ].join('\n');
  }
  return [
    `Allot ${VERSION} is running on ${storage}` +
      (server.role === 'api' ? ' (API only: run a worker too)' : ''),
    `  API       ${server.url}/api/v1`,
    `  API docs  ${server.url}/docs`,
    `  health    ${server.url}/healthz   metrics ${server.url}/metrics`,
    ...describeToken(server, config),
    `  try: curl -H "Authorization: Bearer $TOKEN" ${server.url}/api/v1/spaces`,
  ].join('\n');
}

/**
 * The bootstrap token is created last at start-up, once the port is taken, so a start that
 * fails creates none; a generated one is printed here, right after it is saved.
 */
function describeToken(server: RunningServer, config: Config): string[] {
  const lines: string[] = [];
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
  return lines;
}

/**
 * SIGTERM (a service manager, `docker stop`) and SIGINT (Ctrl-C) stop gracefully: `close`
 * bounds its own waits; should it hang anyway (a database that stopped answering), the process
 * exits 1 a few seconds after that bound. A second signal exits at once.
 */
function stopOnSignal(close: () => Promise<void>, timeoutMs = 10_000): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      setTimeout(() => {
        console.error('allot: stopping took too long; exiting now');
        process.exit(1);
      }, timeoutMs + 5_000).unref();
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`allot: stopping failed: ${messageOf(error)}`);
          process.exit(1);
        },
      );
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const program = new Command()
  .name('allot')
  .description('Allot: the licence server for volume-purchased app licences')
  .version(VERSION, '-v, --version');

program
  .command('serve')
  .description(
    'serve the API and run the background worker (configuration from the environment: PORT, HOST, DATABASE_URL, …)',
  )
  .addOption(
    new Option(
      '--role <role>',
      'what this process runs: the HTTP API, the background worker, or both',
    )
      .choices(SERVER_ROLES)
      .default('all'),
  )
  .action(async (options: { role: ServerRole }) => {
    const cfg = config();
    const server = await startServer(cfg, undefined, { role: options.role });
    // Listening for signals before saying it is up: a signal sent on reading that line must
    // stop the server, not kill the process (Node's default until a listener is added).
    stopOnSignal(() => server.close(), cfg.shutdownTimeoutMs);
    console.log(describeStart(server, cfg));
  });

program
  .command('migrate')
  .description('bring the database schema to the latest version and exit')
  .action(async () => {
    const ctx = await openContext(config());
    try {
      const applied = await migrateToLatest(ctx.db);
      console.log(
        applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`,
      );
    } finally {
      await ctx.close();
    }
  });

program
  .command('emulator')
  .description('run a store or MDM emulator on loopback (for tests, demos and integration work)')
  .argument('<store>', 'what to emulate: apple, microsoft or nanomdm')
  .option('--port <port>', 'port to listen on', '9090')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--page-size <n>', 'records per page of the paged lists (Apple 1000, Microsoft 25)')
  .option('--rate-limit <n>', 'requests per second per token (0 = no limit)', '15')
  .option(
    '--auth-error-status <status>',
    'Apple: HTTP status of authentication errors: 200 (as Apple answers) or 401',
    '200',
  )
  .option('--api-key <key>', 'NanoMDM: the API key (Basic nanomdm:<key>); default a random one')
  .option('--webhook-url <url>', 'NanoMDM: where to post events (an MDM connector webhookUrl)')
  .option('--webhook-secret <key>', 'NanoMDM: sign events with this HMAC key (webhookSecret)')
  .option('--auto-answer', 'NanoMDM: devices acknowledge their commands by themselves')
  .option('--commands-per-second <n>', 'NanoMDM: API throughput limit (0 = none)', '0')
  .addOption(
    new Option('--backend <backend>', 'NanoMDM: storage whose answers to give')
      .choices(['kv', 'sql'])
      .default('kv'),
  )
  .action(async (store: string, options: EmulatorOptions) => {
    if (store !== 'apple' && store !== 'microsoft' && store !== 'nanomdm') {
      console.error(`allot: no emulator for "${store}"; available: apple, microsoft, nanomdm`);
      process.exit(2);
    }
    if (store === 'nanomdm') {
      await runNanoMdmEmulator(options);
      return;
    }
    const port = positiveInteger('--port', options.port, true);
    const maxRequestsPerSecond = positiveInteger('--rate-limit', options.rateLimit, true);
    const pageSize =
      options.pageSize === undefined ? undefined : positiveInteger('--page-size', options.pageSize);
    if (options.authErrorStatus !== '200' && options.authErrorStatus !== '401') {
      console.error(
        `allot: --auth-error-status: expected 200 or 401, got "${options.authErrorStatus}"`,
      );
      process.exit(2);
    }
    if (store === 'microsoft') {
      const emulator = await startMicrosoftEmulator({
        port,
        host: options.host,
        maxRequestsPerSecond,
        ...(pageSize !== undefined && { pageSize }),
      });
      stopOnSignal(() => emulator.close());
      console.log(
        [
          `Microsoft Store for Business emulator on ${emulator.origin}`,
          `  Store API    ${emulator.url}   (set ALLOT_MICROSOFT_API_URL to this)`,
          `  authority    ${emulator.authorityUrl}   (ALLOT_MICROSOFT_AUTHORITY_URL)`,
          `  Graph        ${emulator.graphUrl}   (ALLOT_MICROSOFT_GRAPH_URL)`,
          `  control API  ${emulator.controlUrl}`,
          `  create an account: curl -XPOST ${emulator.controlUrl}/accounts -H 'content-type: application/json' \\`,
          `    -d '{"organizationName":"Contoso","users":["ana@contoso.com"],"products":[{"productId":"9WZDNCRFJ3PZ","name":"Notes","seats":10}]}'`,
        ].join('\n'),
      );
      return;
    }
    const emulator = await startAppleEmulator({
      port,
      host: options.host,
      pageSize: pageSize ?? 1000,
      maxRequestsPerSecond,
      authErrorStatus: parseAuthErrorStatus(options.authErrorStatus),
    });
    stopOnSignal(() => emulator.close());
    console.log(
      [
        `Apple Apps and Books emulator on ${emulator.origin}`,
        `  wire API     ${emulator.url}   (set ALLOT_APPLE_API_URL to this)`,
        `  control API  ${emulator.controlUrl}`,
        `  create a location: curl -XPOST ${emulator.controlUrl}/locations -H 'content-type: application/json' \\`,
        `    -d '{"organizationName":"Example School","locationName":"Main","assets":[{"adamId":"361309726","name":"Pages","totalCount":10}]}'`,
      ].join('\n'),
    );
  });

interface EmulatorOptions {
  port: string;
  host: string;
  pageSize?: string;
  rateLimit: string;
  authErrorStatus: string;
  apiKey?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  autoAnswer?: boolean;
  commandsPerSecond: string;
  backend: 'kv' | 'sql';
}

async function runNanoMdmEmulator(options: EmulatorOptions): Promise<void> {
  const port = positiveInteger('--port', options.port, true);
  const maxCommandsPerSecond = positiveInteger(
    '--commands-per-second',
    options.commandsPerSecond,
    true,
  );
  if (options.webhookUrl !== undefined && !/^https?:\/\//.test(options.webhookUrl)) {
    console.error(`allot: --webhook-url: expected an http(s) URL, got "${options.webhookUrl}"`);
    process.exit(2);
  }
  const emulator = await startNanoMdmEmulator({
    port,
    host: options.host,
    maxCommandsPerSecond,
    backend: options.backend,
    autoAnswer: options.autoAnswer === true,
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    ...(options.webhookUrl !== undefined && { webhookUrl: options.webhookUrl }),
    ...(options.webhookSecret !== undefined && { webhookSecret: options.webhookSecret }),
  });
  stopOnSignal(() => emulator.close());
  console.log(
    [
      `NanoMDM emulator on ${emulator.origin}`,
      `  API          ${emulator.url}/v1/enqueue/{ids} and /v1/push/{ids}   (Basic nanomdm:<key>)`,
      `  MDM connector: POST /api/v1/mdm-connectors {"kind":"nanomdm","apiUrl":"${emulator.url}","apiKey":"${emulator.apiKey}"}`,
      `               (a loopback apiUrl needs ALLOT_ALLOW_PRIVATE_TARGETS=true or ALLOT_ALLOWED_PRIVATE_HOSTS=127.0.0.1)`,
      `  webhook      ${options.webhookUrl ?? 'none yet: set it to the connector webhookUrl with PUT /_control/webhook'}${options.webhookSecret === undefined ? '' : ' (signed)'}`,
      `  control API  ${emulator.controlUrl}   devices answer ${options.autoAnswer === true ? 'by themselves' : 'through /_control/enrollments/{id}/answer'}`,
      `  enrol a device: curl -XPOST ${emulator.controlUrl}/devices -H 'content-type: application/json' \\`,
      `    -d '{"serialNumber":"F9QX1234ABCD","productName":"iPad13,1"}'`,
    ].join('\n'),
  );
}

function positiveInteger(flag: string, value: string, zeroAllowed = false): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || (!zeroAllowed && n === 0)) {
    console.error(
      `allot: ${flag}: expected a ${zeroAllowed ? 'non-negative' : 'positive'} integer, got "${value}"`,
    );
    process.exit(2);
  }
  return n;
}

program
  .command('demo')
  .description(
    'serve Allot on seeded Apple and Microsoft Store emulators with ISV subscriptions: accounts, apps, users and devices ready to explore',
  )
  .action(async () => {
    const cfg = config();
    const demo = await startDemo(cfg);
    stopOnSignal(() => demo.close(), cfg.shutdownTimeoutMs);
    console.log(describeDemo(demo));
  });

program
  .command('verify')
  .description(
    'compare pools, licences and installs with each other and with the stores; exit 1 on drift',
  )
  .option('--no-stores', 'check the ledger only, without asking the stores')
  .action(async (options: { stores: boolean }) => {
    const ctx = await openContext(config());
    try {
      await migrateToLatest(ctx.db);
      process.exitCode = reportDrifts(await verifyLedger(ctx, { stores: options.stores }));
    } finally {
      await ctx.close();
    }
  });

program
  .command('rotate-key')
  .description(
    're-encrypt every stored secret under ALLOT_SECRET_KEY, reading the old values with ALLOT_SECRET_KEY_PREVIOUS; exit 1 while any is left',
  )
  .action(async () => {
    const settings = config();
    const ctx = await openContext(settings);
    try {
      await migrateToLatest(ctx.db);
      process.exitCode = await rotateKey({ ...ctx, deploymentId: settings.deploymentId });
    } finally {
      await ctx.close();
    }
  });

// One line: a setting that does not work names itself (PORT, HOST, DATABASE_URL, ALLOT_DATA_DIR).
program.parseAsync().catch((error: unknown) => {
  console.error(`allot: ${messageOf(error).split('\n')[0]}`);
  process.exit(1);
});
