/**
 * `npm run bench`: check-ins per second and the full-sync time, on SQLite and on PostgreSQL
 * (DATABASE_URL, else the local default; skipped with a line when it cannot be reached).
 * See bench/README.md for what each figure means and the variables that change the sizes.
 */
import { startAppleEmulator } from '../src/emulators/apple/index.js';
import { benchCheckIns, type CheckInOptions, type CheckInResult } from './checkIn.js';
import { postgresUnreachable, startAllot, type DialectName } from './setup.js';
import { count, load, machine, ms, seconds, table, verdict } from './stats.js';
import { benchSync, type SyncBenchResult, type SyncOptions } from './sync.js';
import { readBenchOptions } from './options.js';

/** Targets of the issue, per dialect. */
const TARGETS: Record<DialectName, { checkInsPerSecond: number; p99Ms: number; ratio: number }> = {
  sqlite: { checkInsPerSecond: 1000, p99Ms: 50, ratio: 1.2 },
  postgres: { checkInsPerSecond: 500, p99Ms: 50, ratio: 1.2 },
};

const APPLE_PAGE_SIZE = 1000;

async function main(): Promise<void> {
  const options = readBenchOptions(process.env);
  console.log(`Allot benchmarks — ${new Date().toISOString()}`);
  console.log(`machine: ${machine()}; load average ${load()}`);
  console.log(
    `check-ins: ${count(options.checkIn.devices)} devices × ${options.checkIn.appsPerDevice} required apps, ` +
      `${options.checkIn.concurrency} in flight, through ${describeTransport(options.checkIn)}; ` +
      `sync: ${count(options.sync.assets)} assets, ${count(options.sync.assignments)} assignments, ` +
      `store limit ${options.sync.requestsPerSecond} requests/s, page size ${APPLE_PAGE_SIZE}`,
  );

  // Apple's real limits: 15 requests/s per token, 1,000 items per page.
  const apple = await startAppleEmulator({
    port: 0,
    maxRequestsPerSecond: options.sync.requestsPerSecond,
    pageSize: APPLE_PAGE_SIZE,
    eventDelayMs: 5,
    requestLogSize: 10_000,
  });
  let failed = false;
  try {
    for (const dialect of options.dialects) {
      console.log('');
      if (dialect === 'postgres') {
        const problem = await postgresUnreachable(options.databaseUrl);
        if (problem !== null) {
          console.log(
            `== postgres: skipped (${redact(options.databaseUrl)} not reachable: ${problem})`,
          );
          continue;
        }
      }
      console.log(
        `== ${dialect}${dialect === 'postgres' ? ` (${redact(options.databaseUrl)})` : ''}`,
      );
      const allot = await startWithRetries(dialect, apple.url, options.databaseUrl).catch(
        (error: unknown) => {
          failed = true;
          console.error(`${dialect}: Allot could not start:`, error);
          return null;
        },
      );
      if (allot === null) continue;
      try {
        const checkIns = await benchCheckIns(allot, apple, options.checkIn);
        printCheckIns(dialect, checkIns, options.checkIn);
        const sync = await benchSync(allot, apple, options.sync);
        printSync(dialect, sync, options.sync);
      } catch (error) {
        failed = true;
        console.error(`${dialect}: the benchmark failed:`, error);
      } finally {
        await allot.close();
      }
    }
  } finally {
    await apple.close();
  }
  console.log(`\nload average at the end: ${load()}`);
  if (failed) process.exitCode = 1;
}

/**
 * Starts Allot, again up to twice when the migrations fail: Kysely's migrator, without a
 * migration table schema, takes another schema's kysely_migration_lock (a concurrent test run
 * on the same database) for ours, and then fails with "relation … does not exist".
 */
async function startWithRetries(dialect: DialectName, appleApiUrl: string, databaseUrl: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startAllot(dialect, { appleApiUrl, databaseUrl });
    } catch (error) {
      if (attempt >= 3) throw error;
      const message = error instanceof Error ? error.message : String(error);
      console.log(`  (start failed: ${message}; trying again)`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

function describeTransport(options: CheckInOptions): string {
  return options.transport === 'inject'
    ? 'app.inject() (Fastify in-process, no socket)'
    : 'fetch to the server listening on 127.0.0.1';
}

function printCheckIns(dialect: DialectName, result: CheckInResult, options: CheckInOptions) {
  const target = TARGETS[dialect];
  console.log(
    `check-ins (target ≥ ${count(target.checkInsPerSecond)}/s, p99 < ${target.p99Ms} ms):`,
  );
  const rows = [
    [
      'round',
      'check-ins',
      'errors',
      'time',
      '/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'CPU ms',
      'target',
    ],
  ];
  for (const r of result.rounds) {
    const ok = r.perSecond >= target.checkInsPerSecond && r.latency.p99 < target.p99Ms;
    rows.push([
      r.name,
      count(r.checkIns),
      count(r.errors),
      seconds(r.wallMs),
      count(r.perSecond),
      ms(r.latency.p50),
      ms(r.latency.p99),
      ms(r.latency.max),
      r.cpuMs.toFixed(2),
      r.errors > 0 ? 'ERRORS' : verdict(ok),
    ]);
  }
  console.log(indent(table(rows)));
  const { held, expected } = result.licenses;
  console.log(
    `  licences held after the rounds: ${count(held)} (expected ${count(expected)}, ` +
      `${options.warmupDevices} warm-up devices included)`,
  );
  const cut = result.rounds.filter((r) => r.cut).map((r) => r.name.split(' ')[0]);
  if (cut.length > 0) {
    console.log(
      `  time budget (${options.roundBudgetMs / 1000} s a round) reached in: ${cut.join(', ')}; ` +
        `later rounds use the devices the allocation round reached`,
    );
  }
}

function printSync(dialect: DialectName, result: SyncBenchResult, options: SyncOptions) {
  const target = TARGETS[dialect];
  console.log(
    `full sync of ${count(result.seeded.assets)} assets, ${count(result.seeded.assignments)} ` +
      `assignments, ${count(result.seeded.users)} store users (target ≤ ${target.ratio}× the floor):`,
  );
  const rows = [
    ['run', 'time', 'read', 'apply', 'pages a/as/u', 'lookups', '429s', 'floor', 'ratio', 'target'],
  ];
  for (const r of result.runs) {
    const extra = r.pages.other > 0 ? `+${r.pages.other}` : '';
    rows.push([
      r.name,
      seconds(r.totalMs),
      seconds(r.readMs),
      seconds(r.applyMs),
      `${r.pages.assets}/${r.pages.assignments}/${r.pages.users}${extra}`,
      count(r.lookups),
      count(r.rateLimited),
      seconds(r.floorMs),
      `${r.ratio.toFixed(2)}×`,
      verdict(r.ratio <= target.ratio),
    ]);
  }
  console.log(indent(table(rows)));
  const untracked = result.runs.map((r) => count(r.untracked)).join(', ');
  console.log(
    `  floor = (pages + lookups) / ${options.requestsPerSecond} per s; untracked licences counted: ${untracked}`,
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** The URL without its password, for printing. */
function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

await main();
