/**
 * `npm run bench`: check-ins per second beside their floor, and the full-sync time, on SQLite
 * and on PostgreSQL (DATABASE_URL, else the local default; skipped with a line when it cannot be
 * reached, except in a smoke run). See bench/README.md for what each figure means and the
 * variables that change the sizes.
 */
import { startAppleEmulator } from '../src/emulators/apple/index.js';
import {
  benchCheckIns,
  type CheckInOptions,
  type CheckInResult,
  type Held,
  type RoundResult,
} from './checkIn.js';
import { FLEET, type ScenarioKey } from './scenarios.js';
import { postgresUnreachable, startAllot, type DialectName } from './setup.js';
import { count, load, machine, ms, seconds, table, verdict } from './stats.js';
import { benchScim, type ScimBenchResult, type ScimOptions } from './scim.js';
import { benchSync, type SyncBenchResult, type SyncOptions } from './sync.js';
import {
  benchParallelSync,
  type ParallelSyncOptions,
  type ParallelSyncResult,
} from './parallelSync.js';
import { readBenchOptions } from './options.js';
import { benchMdm, printMdm } from './mdm.js';
import {
  benchIntelligence,
  describeIntelligence,
  intelligenceRows,
  whileSnapshotting,
} from './intelligence.js';
import { benchReads, printReads } from './reads.js';

/** The targets (issue 16): printed beside the figures, never asserted. */
const TARGETS = {
  /** Every round, at 16 in flight. */
  p99Ms: 50,
  /** Steady-state check-ins per second. */
  steadyPerSecond: { sqlite: 2000, postgres: 1000 } satisfies Record<DialectName, number>,
  /** Allot's rate ÷ the floor's, per round. */
  floorShare: { allocation: 0.33, installed: 0.5, steady: 0.5 } as Partial<
    Record<ScenarioKey, number>
  >,
  /** A full sync's time ÷ the floor the store's rate limit imposes, at most. */
  syncRatio: 1.2,
  /** Issue 14: the SCIM initial push, end to end, in seconds. */
  scimSeconds: 60,
  /** Issue 16: every location's full sync at once ÷ one location's floor, at most. */
  parallelSyncRatio: 1.2,
};

const APPLE_PAGE_SIZE = 1000;

async function main(): Promise<void> {
  const options = readBenchOptions(process.env);
  console.log(`Allot benchmarks — ${new Date().toISOString()}`);
  console.log(`machine: ${machine()}; load average ${load()}`);
  if (options.smoke) console.log('SMOKE RUN (BENCH_SMOKE=1): tiny sizes; the figures mean nothing');
  console.log(
    `check-ins: ${count(options.checkIn.devices)} devices × ${FLEET.appsPerDevice} required apps ` +
      `(${FLEET.devicesPerUser} devices per primary user) through Allot, as many by the floor, ` +
      `${options.checkIn.concurrency} in flight, through ${describeTransport(options.checkIn)}; ` +
      `sync: ${count(options.sync.assets)} assets, ${count(options.sync.assignments)} assignments, ` +
      `store limit ${options.sync.requestsPerSecond} requests/s, page size ${APPLE_PAGE_SIZE}; ` +
      `SCIM push: ${count(options.scim.users)} users, ${count(options.scim.groups)} groups of ` +
      `${options.scim.membersPerGroup} members (${options.scim.membersPerPatch} per PATCH), ` +
      `${options.scim.concurrency} in flight; ` +
      `parallel sync: ${count(options.parallelSync.locations)} locations × ` +
      `${count(options.parallelSync.assignments)} assignments, ` +
      `${options.parallelSync.concurrency} jobs at once`,
  );
  console.log(
    `MDM bridge: ${count(options.mdm.devices)} devices enrolled through the webhook, then ` +
      `${options.mdm.apps} required apps each, NanoMDM emulator at ${count(options.mdm.commandsPerSecond)} requests/s`,
  );
  console.log(
    `reads: ${count(options.reads.licenses)} licences, ${count(options.reads.devices)} devices, ` +
      `${count(options.reads.activity)} activity entries; ${options.reads.requests} requests of ` +
      `each kind, ${options.reads.concurrency} in flight`,
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
        if (problem !== null && options.smoke) {
          // A smoke run is there to show that every benchmark runs: one that cannot, fails.
          failed = true;
          console.error(`== postgres: ${redact(options.databaseUrl)} not reachable: ${problem}`);
          continue;
        }
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
        const run = options.only;
        const checkIns = run.has('checkins')
          ? await benchCheckIns(allot, apple, options.checkIn)
          : null;
        if (checkIns !== null && !printCheckIns(dialect, checkIns, options.checkIn)) failed = true;
        if (run.has('sync')) printSync(await benchSync(allot, apple, options.sync), options.sync);
        if (run.has('scim') && !printScim(await benchScim(allot, options.scim), options.scim)) {
          failed = true;
        }
        if (run.has('parallel')) {
          const parallel = await benchParallelSync(allot, apple, options.parallelSync);
          if (!printParallelSync(parallel, options.parallelSync)) failed = true;
        }
        if (run.has('mdm') && !printMdm(await benchMdm(allot, apple, options.mdm), options.mdm)) {
          failed = true;
        }
        if (run.has('intelligence')) {
          // Licence intelligence (R-X1–R-X7), then the check-ins again beside its tenant.
          const intelligence = await benchIntelligence(allot, options.intelligence);
          console.log(`licence intelligence: ${describeIntelligence(intelligence)}:`);
          console.log(indent(table(intelligenceRows(intelligence))));
          if (checkIns !== null) {
            const after = await whileSnapshotting(allot, () =>
              benchCheckIns(allot, apple, { ...options.checkIn, floor: false }),
            );
            printCheckInsBeside(checkIns, after.result, after.snapshots);
          }
        }
        if (
          run.has('reads') &&
          !printReads(await benchReads(allot, options.reads), options.reads)
        ) {
          failed = true;
        }
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

/** Prints the check-in tables; false when a check-in failed or the licences do not add up. */
function printCheckIns(
  dialect: DialectName,
  result: CheckInResult,
  options: CheckInOptions,
): boolean {
  const steady = TARGETS.steadyPerSecond[dialect];
  console.log(
    `check-ins through Allot (targets: p99 < ${TARGETS.p99Ms} ms in every round; ` +
      `steady state ≥ ${count(steady)}/s):`,
  );
  const header = [
    'round',
    'check-ins',
    'errors',
    'time',
    '/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'CPU ms',
  ];
  const cells = (r: RoundResult) => [
    count(r.checkIns),
    count(r.errors),
    seconds(r.wallMs),
    count(r.perSecond),
    ms(r.latency.p50),
    ms(r.latency.p99),
    ms(r.latency.max),
    r.cpuMs.toFixed(2),
  ];
  const allotRows = [[...header, 'target']];
  for (const { scenario, allot: r } of result.rounds) {
    const fast = scenario.key !== 'steady' || r.perSecond >= steady;
    allotRows.push([
      scenario.name,
      ...cells(r),
      r.errors > 0 ? 'ERRORS' : verdict(fast && r.latency.p99 < TARGETS.p99Ms),
    ]);
  }
  console.log(indent(table(allotRows)));
  const floorRounds = result.rounds.filter((r) => r.floor !== null);
  if (floorRounds.length > 0) {
    console.log(
      `the floor (the same work on ${result.floorDriver}, no Fastify, no Kysely) and Allot ÷ floor ` +
        `(targets: ≥ ${TARGETS.floorShare.allocation} allocation, ≥ ${TARGETS.floorShare.steady} the others):`,
    );
    const floorRows = [[...header, 'Allot /s', 'Allot ÷ floor', 'target']];
    for (const { scenario, allot, floor } of floorRounds) {
      const share = allot.perSecond / floor!.perSecond;
      const wanted = TARGETS.floorShare[scenario.key] ?? 0;
      floorRows.push([
        scenario.name,
        ...cells(floor!),
        count(allot.perSecond),
        share.toFixed(2),
        floor!.errors > 0 ? 'ERRORS' : `≥ ${wanted} ${verdict(share >= wanted)}`,
      ]);
    }
    console.log(indent(table(floorRows)));
  }
  const held = (what: string, h: Held) =>
    `${what} ${count(h.held)} (expected ${count(h.expected)})${h.held === h.expected ? '' : ' WRONG'}`;
  const { allot, floor } = result.licenses;
  console.log(
    `  licences held after the rounds, ${options.warmupDevices} warm-up devices included: ` +
      [held('through Allot', allot), ...(floor === null ? [] : [held('by the floor', floor)])].join(
        '; ',
      ),
  );
  const cut = result.rounds
    .filter((r) => r.allot.cut || r.floor?.cut === true)
    .map((r) => r.scenario.key);
  if (cut.length > 0) {
    console.log(
      `  time budget (${options.roundBudgetMs / 1000} s a round) reached in: ${cut.join(', ')}; ` +
        `later rounds use the devices the allocation round reached`,
    );
  }
  const errors = result.rounds.some((r) => r.allot.errors > 0 || (r.floor?.errors ?? 0) > 0);
  const wrong = allot.held !== allot.expected || (floor !== null && floor.held !== floor.expected);
  return !errors && !wrong;
}

function printSync(result: SyncBenchResult, options: SyncOptions) {
  console.log(
    `full sync of ${count(result.seeded.assets)} assets, ${count(result.seeded.assignments)} ` +
      `assignments, ${count(result.seeded.users)} store users (target ≤ ${TARGETS.syncRatio}× the floor):`,
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
      verdict(r.ratio <= TARGETS.syncRatio),
    ]);
  }
  console.log(indent(table(rows)));
  const untracked = result.runs.map((r) => count(r.untracked)).join(', ');
  console.log(
    `  floor = (pages + lookups) / ${options.requestsPerSecond} per s; untracked licences counted: ${untracked}`,
  );
}

/** Prints the SCIM push; false when a request failed or what was pushed is not all there. */
function printScim(result: ScimBenchResult, options: ScimOptions): boolean {
  const total = result.totalMs / 1000;
  console.log(
    `SCIM initial push as Entra ID sends it, ${options.concurrency} requests in flight ` +
      `(target: ≤ ${TARGETS.scimSeconds} s in all):`,
  );
  const rows = [['requests', 'count', 'p50 ms', 'p99 ms', 'max ms']];
  for (const { kind, latency } of result.byKind) {
    rows.push([kind, count(latency.count), ms(latency.p50), ms(latency.p99), ms(latency.max)]);
  }
  const all = result.latency;
  rows.push(['all', count(all.count), ms(all.p50), ms(all.p99), ms(all.max)]);
  console.log(indent(table(rows)));
  const complete =
    result.found.users === result.users &&
    result.found.groups === result.groups &&
    result.found.memberships === result.memberships;
  console.log(
    `  users: ${count(result.users)} in ${seconds(result.usersMs)} ` +
      `(${count((result.users / result.usersMs) * 1000)} users/s); ` +
      `groups with members: ${count(result.groups)} groups, ${count(result.memberships)} ` +
      `memberships in ${seconds(result.groupsMs)}`,
  );
  console.log(
    `  total: ${seconds(result.totalMs)}, ${count(result.requests)} requests ` +
      `(${count((result.requests / result.totalMs) * 1000)}/s, ${result.cpuMsPerRequest.toFixed(2)} CPU ms each), ` +
      `${count(result.errors)} errors; target ≤ ${TARGETS.scimSeconds} s: ` +
      (result.errors > 0 ? 'ERRORS' : verdict(total <= TARGETS.scimSeconds)),
  );
  const found = result.found;
  console.log(
    `  in the database: ${count(found.users)} users, ${count(found.groups)} groups, ` +
      `${count(found.memberships)} memberships${complete ? '' : ' WRONG'}`,
  );
  if (result.firstError !== null) console.warn(`  ! first error: ${result.firstError}`);
  return result.errors === 0 && complete;
}

/** Prints the syncs of every location at once; false when one of them did not succeed. */
function printParallelSync(result: ParallelSyncResult, options: ParallelSyncOptions): boolean {
  console.log(
    `full syncs of ${count(result.locations)} locations at once, each ${count(result.assets)} ` +
      `assets and ${count(result.assignments)} assignments, ${options.concurrency} jobs at once ` +
      `(ALLOT_JOB_CONCURRENCY; target ≤ ${TARGETS.parallelSyncRatio}× one location's floor):`,
  );
  const rows = [
    [
      'run',
      'time',
      'last answer',
      'longest job',
      'most at once',
      'requests',
      '429s',
      'floor',
      'ratio',
      'target',
    ],
    [
      'all queued at once',
      seconds(result.totalMs),
      seconds(result.lastAnswerMs),
      seconds(result.longestJobMs),
      count(result.mostRunning),
      count(result.requests),
      count(result.rateLimited),
      seconds(result.floorMs),
      `${result.ratio.toFixed(2)}×`,
      result.failures.length > 0 ? 'FAILED' : verdict(result.ratio <= TARGETS.parallelSyncRatio),
    ],
  ];
  console.log(indent(table(rows)));
  console.log(
    `  time = first sync request to the last job's end; floor = one location's requests ` +
      `(${count(result.requests)} / ${result.locations}) / ${options.requestsPerSecond} per s`,
  );
  for (const failure of result.failures) console.warn(`  ! ${failure}`);
  return result.failures.length === 0;
}

/**
 * The steady check-in round before the licence intelligence (the first run above: an empty
 * database, the intelligence tasks idle) and after (its tenant's licences in the database and
 * the usage snapshot running back to back meanwhile).
 */
function printCheckInsBeside(before: CheckInResult, after: CheckInResult, snapshots: number) {
  const steady = (r: CheckInResult) => r.rounds.find((round) => round.scenario.key === 'steady');
  const rows = [['check-ins, steady round', '/s', 'p50 ms', 'p99 ms', 'errors']];
  for (const [name, result] of [
    ['before (intelligence idle)', before],
    [`after (${count(snapshots)} usage snapshots meanwhile)`, after],
  ] as const) {
    const round = steady(result)?.allot;
    if (round === undefined) continue;
    rows.push([
      name,
      count(round.perSecond),
      ms(round.latency.p50),
      ms(round.latency.p99),
      count(round.errors),
    ]);
  }
  console.log(indent(table(rows)));
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
