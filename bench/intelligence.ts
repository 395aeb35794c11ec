/**
 * Licence intelligence at size (R-X1–R-X7, "Performance"): one tenant with `licenses` active
 * licences on `devices` devices, spread over ACCOUNTS × PRODUCTS pools, most of them installed,
 * a tenth of the devices not seen for longer than the reclaim period, and `historyDays` days of
 * usage history per pool. The rows are written set-based (INSERT … SELECT over a recursive CTE
 * on SQLite, generate_series on PostgreSQL), never through the API. Then each operation is
 * timed through app.inject(), as a console would call it, `RUNS` times; the best and the worst
 * run are printed beside the target.
 */
import { pathToFileURL } from 'node:url';
import { sql, type RawBuilder } from 'kysely';
import { newId } from '../src/ids.js';
import { addDays, dayOf } from '../src/domain/exhaustion.js';
import { snapshotUsage } from '../src/services/intelligence/history.js';
import type { BenchAllot, JsonResponse } from './setup.js';
import { verdict } from './stats.js';

export interface IntelligenceOptions {
  licenses: number;
  devices: number;
  historyDays: number;
}

export type IntelligenceOperation = 'forecasts' | 'reclaim dry run' | 'costs' | 'what-if priority';

export interface IntelligenceResult {
  seeded: { licenses: number; devices: number; pools: number; historyRows: number };
  seedMs: number;
  timings: Array<{ operation: IntelligenceOperation; what: string; ms: number[]; answer: string }>;
}

/** Two accounts of one store in the default space (a priority change orders them). */
const ACCOUNTS = 2;
const PRODUCTS = 50;
const RUNS = 3;
const DAY_MS = 24 * 3600 * 1000;

/** `INSERT INTO target (columns) SELECT select FROM n`, n.i running 0 … count-1. */
function insertNumbered(
  allot: BenchAllot,
  count: number,
  target: string,
  columns: readonly string[],
  select: RawBuilder<unknown>,
  where: RawBuilder<unknown> = sql`true`,
) {
  const cols = sql.raw(columns.join(', '));
  const into = sql.raw(target);
  if (allot.dialect === 'postgres') {
    return sql`insert into ${into} (${cols}) select ${select} from generate_series(0, ${sql.lit(
      count - 1,
    )}) as n(i) where ${where}`.execute(allot.ctx.db.kysely);
  }
  return sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${sql.lit(
    count - 1,
  )}) insert into ${into} (${cols}) select ${select} from n where ${where}`.execute(
    allot.ctx.db.kysely,
  );
}

/** Seeds the tenant; returns the row counts. Times are relative to the app's clock. */
export async function seed(
  allot: BenchAllot,
  tenantId: string,
  spaceId: string,
  options: IntelligenceOptions,
) {
  const db = allot.ctx.db.kysely;
  const now = allot.ctx.clock.now();
  const at = (daysAgo: number) => sql.lit(new Date(now.getTime() - daysAgo * DAY_MS).toISOString());
  const tag = newId().slice(-6).toLowerCase();
  const L = options.licenses;
  const D = options.devices;
  if (Math.ceil(L / D) > PRODUCTS) {
    throw new Error(`at most ${PRODUCTS} licences per device (${L} licences, ${D} devices)`);
  }
  const created = now.toISOString();
  const accountIds = Array.from({ length: ACCOUNTS }, (_, a) => `acc-${tag}-${a}`);
  await db
    .insertInto('accounts')
    .values(
      accountIds.map((id, a) => ({
        id,
        tenantId,
        spaceId,
        store: 'apple',
        name: `Bench location ${a}`,
        priority: a + 1,
        status: 'active',
        statusReason: null,
        authProblem: null,
        tokenEncrypted: null,
        locationKey: `bench-${tag}-${a}`,
        organizationName: null,
        locationName: null,
        appleId: null,
        accountType: null,
        autoDistributeToAllUsers: 0,
        clearPreviousLicenseData: 0,
        settings: '{}',
        tokenCreatedAt: null,
        tokenExpiresAt: null,
        notificationSecretHash: null,
        syncIntervalMinutes: 720,
        lastSyncAt: null,
        lastSyncAttemptAt: null,
        nextSyncAt: null,
        firstSyncDone: 1,
        assignmentsVersionId: null,
        usersVersionId: null,
        untrackedLicenses: 0,
        expiryWarningsSent: '[]',
        createdAt: created,
        updatedAt: created,
      })),
    )
    .execute();
  const productIds = Array.from({ length: PRODUCTS }, (_, p) => `prd-${tag}-${p}`);
  await db
    .insertInto('products')
    .values(
      productIds.map((id, p) => ({
        id,
        tenantId,
        store: 'apple',
        storeProductId: `${9_000_000 + p}`,
        pricingParam: 'STDQ',
        kind: 'app',
        name: `Bench app ${p}`,
        bundleId: `com.example.bench${p}`,
        version: '1.0',
        platforms: '["iOS"]',
        // Every fifth product has no known price: counted, not priced.
        costAmount: p % 5 === 4 ? null : 1 + (p % 7),
        costCurrency: p % 5 === 4 ? null : p % 2 === 0 ? 'USD' : 'EUR',
        deviceAssignable: 1,
        revocable: 1,
        licenseModel: 'standard',
        sizeBytes: null,
        createdAt: created,
        updatedAt: created,
      })),
    )
    .execute();
  await db
    .insertInto('catalogApps')
    .values(
      productIds.map((productId, p) => ({
        id: `app-${tag}-${p}`,
        tenantId,
        spaceId,
        productId,
        description: null,
        installOnDevice: 1,
        updateMode: 'immediate',
        createdAt: created,
        updatedAt: created,
      })),
    )
    .execute();
  // Pool a·PRODUCTS + p; totals are set from the licences below.
  await db
    .insertInto('pools')
    .values(
      accountIds.flatMap((accountId, a) =>
        productIds.map((productId, p) => ({
          id: `pool-${tag}-${a * PRODUCTS + p}`,
          tenantId,
          accountId,
          productId,
          total: 0,
          inUse: 0,
          reserved: 0,
          unlimited: 0,
          storeAssigned: 0,
          asOf: created,
          updatedAt: created,
        })),
      ),
    )
    .execute();
  // One assignment per app to every device, with device licences: what a what-if reads.
  await db
    .insertInto('assignments')
    .values(
      productIds.map((_, p) => ({
        id: `asg-${tag}-${p}`,
        tenantId,
        spaceId,
        catalogAppId: `app-${tag}-${p}`,
        targetType: 'allDevices',
        groupId: null,
        intent: 'required',
        licenseType: 'device',
        deviceContext: 1,
        excludeGroupIds: '[]',
        createdAt: created,
        updatedAt: created,
      })),
    )
    .execute();

  const t = sql.lit(tenantId);
  const s = sql.lit(spaceId);
  const pre = (what: string) => sql.lit(`${what}-${tag}-`);
  // Device d: seen within the day, except every tenth, last seen 90 days ago.
  await insertNumbered(
    allot,
    D,
    'devices',
    [
      'id',
      'tenant_id',
      'space_id',
      'serial_number',
      'platform',
      'name',
      'shared',
      'state',
      'last_check_in_at',
      'created_at',
      'updated_at',
    ],
    sql`${pre('dev')} || i, ${t}, ${s}, ${pre('SN')} || i, 'iOS', ${pre('iPad')} || i, 0, 'active',
      case when i % 10 = 0 then ${at(90)} else ${at(0)} end, ${at(400)}, ${at(0)}`,
  );
  // Assigned in the order of their IDs over the 100 days up to 200 days ago, as a ledger grows.
  const assignedAt = timeExpression(allot, now.getTime() - 300 * DAY_MS, (100 * DAY_MS) / L);
  // Licence i: device i % D, the k-th (k = i / D) of its products (k + d) % PRODUCTS, in account
  // (d / 7) % ACCOUNTS: one active licence per (pool, device), as R-A7 wants.
  const device = sql`(i % ${sql.lit(D)})`;
  const product = sql`((i / ${sql.lit(D)} + i % ${sql.lit(D)}) % ${sql.lit(PRODUCTS)})`;
  const account = sql`((i % ${sql.lit(D)}) / 7 % ${sql.lit(ACCOUNTS)})`;
  await insertNumbered(
    allot,
    L,
    'licenses',
    [
      'id',
      'tenant_id',
      'space_id',
      'account_id',
      'pool_id',
      'product_id',
      'catalog_app_id',
      'license_type',
      'subject_type',
      'subject_id',
      'subject_name',
      'serial_number',
      'distribution',
      'state',
      'store_state',
      'assigned_at',
      'last_action',
      'updated_at',
    ],
    sql`${pre('lic')} || i, ${t}, ${s}, ${pre('acc')} || ${account},
      ${pre('pool')} || (${account} * ${sql.lit(PRODUCTS)} + ${product}), ${pre('prd')} || ${product},
      ${pre('app')} || ${product}, 'device', 'device', ${pre('dev')} || ${device},
      ${pre('iPad')} || ${device}, ${pre('SN')} || ${device}, 'fcfs', 'active', 'confirmed',
      ${assignedAt}, 'assign', ${assignedAt}`,
  );
  // Four licences in five are installed on their device (which fifth varies with the device).
  await insertNumbered(
    allot,
    L,
    'installs',
    [
      'id',
      'tenant_id',
      'device_id',
      'catalog_app_id',
      'product_id',
      'state',
      'license_id',
      'version',
      'installed_at',
      'updated_at',
    ],
    sql`${pre('ins')} || i, ${t}, ${pre('dev')} || ${device}, ${pre('app')} || ${product},
      ${pre('prd')} || ${product}, 'installed', ${pre('lic')} || i, '1.0', ${at(150)}, ${at(150)}`,
    sql`(i + i / ${sql.lit(D)}) % 5 <> 0`,
  );
  // Each pool's counts from its licences, with a tenth more seats than held.
  await sql`update pools set in_use = (select count(*) from licenses l where l.pool_id = pools.id
    and l.state = 'active'), total = (select count(*) from licenses l where l.pool_id = pools.id
    and l.state = 'active') * 11 / 10 + 1 where tenant_id = ${tenantId}`.execute(db);
  // The history: each pool rose linearly to today's count over the days.
  const days = options.historyDays;
  const pools = await db
    .selectFrom('pools')
    .select(['accountId', 'productId', 'total', 'inUse'])
    .where('tenantId', '=', tenantId)
    .execute();
  const first = addDays(dayOf(now), -(days - 1));
  let historyRows = 0;
  for (const pool of pools) {
    const firstInUse = Math.floor(pool.inUse / 2);
    await insertNumbered(
      allot,
      days,
      'usage_history',
      [
        'tenant_id',
        'account_id',
        'product_id',
        'space_id',
        'day',
        'total',
        'in_use',
        'reserved',
        'available',
        'updated_at',
      ],
      sql`${t}, ${sql.lit(pool.accountId)}, ${sql.lit(pool.productId)}, ${s},
        ${dayExpression(allot, first)},
        ${sql.lit(pool.total)}, ${sql.lit(firstInUse)} + (${sql.lit(pool.inUse - firstInUse)} * i) / ${sql.lit(Math.max(days - 1, 1))},
        0, ${sql.lit(pool.total)} - ${sql.lit(firstInUse)} - (${sql.lit(pool.inUse - firstInUse)} * i) / ${sql.lit(Math.max(days - 1, 1))},
        ${sql.lit(created)}`,
    );
    historyRows += days;
  }
  // PostgreSQL plans with the statistics of full tables, as a deployment would have them.
  if (allot.dialect === 'postgres') await sql`analyze`.execute(db);
  return {
    licenses: L,
    devices: D,
    pools: pools.length,
    historyRows,
    accountIds,
    productId: productIds[0]!,
  };
}

/** The time `startMs` + n.i × `stepMs` as an ISO string (ms, Z), in SQL. */
function timeExpression(allot: BenchAllot, startMs: number, stepMs: number) {
  const seconds = sql`(${sql.lit(startMs / 1000)} + i * ${sql.lit(stepMs / 1000)})`;
  return allot.dialect === 'postgres'
    ? sql`to_char(to_timestamp(${seconds}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${seconds}, 'unixepoch')`;
}

/** The day `first` + n.i as YYYY-MM-DD, in SQL. */
function dayExpression(allot: BenchAllot, first: string) {
  return allot.dialect === 'postgres'
    ? sql`to_char(date ${sql.lit(first)} + i, 'YYYY-MM-DD')`
    : sql`date(${sql.lit(first)}, '+' || i || ' days')`;
}

/** Runs a request RUNS times; its times, and what its last answer holds (to show it did work). */
async function timed(
  operation: IntelligenceOperation,
  what: string,
  run: () => Promise<JsonResponse>,
  summary: (body: any) => string,
): Promise<IntelligenceResult['timings'][number]> {
  const ms: number[] = [];
  let last: JsonResponse | undefined;
  for (let r = 0; r < RUNS; r += 1) {
    const started = performance.now();
    last = await run();
    ms.push(performance.now() - started);
    if (last.status !== 200) {
      throw new Error(`${operation}: expected 200, got ${last.status}: ${last.text.slice(0, 300)}`);
    }
  }
  return { operation, what, ms, answer: summary(last!.body) };
}

export async function benchIntelligence(
  allot: BenchAllot,
  options: IntelligenceOptions,
): Promise<IntelligenceResult> {
  const tenant = await allot.newTenant(`bench-intel-${newId().slice(-8).toLowerCase()}`);
  const space = await allot.ctx.db.kysely
    .selectFrom('spaces')
    .select('id')
    .where('tenantId', '=', tenant.id)
    .where('isDefault', '=', 1)
    .executeTakeFirstOrThrow();
  const started = performance.now();
  const seeded = await seed(allot, tenant.id, space.id, options);
  const seedMs = performance.now() - started;
  const admin = tenant.admin;
  const policy = await allot.app.inject({
    method: 'PUT',
    url: `/api/v1/spaces/${space.id}/reclaim-policy`,
    headers: { authorization: `Bearer ${admin.token}` },
    payload: { enabled: false, deviceInactiveDays: 30, notInstalledDays: 60 },
  });
  if (policy.statusCode !== 200) {
    throw new Error(`reclaim policy: ${policy.statusCode}: ${policy.body}`);
  }

  const timings = [
    await timed(
      'forecasts',
      'GET /forecasts',
      () => admin.get('/forecasts'),
      (b) =>
        `${b.items.length} pools, ${b.items.filter((f: any) => f.runsOutOn !== null).length} run out`,
    ),
    await timed(
      'reclaim dry run',
      'POST /spaces/{id}/reclaim-policy/dry-run',
      () => admin.post(`/spaces/${space.id}/reclaim-policy/dry-run`),
      (b) => `${b.total} idle, ${b.items.length} on the page`,
    ),
    await timed(
      'costs',
      'GET /costs?groupBy=account',
      () => admin.get('/costs?groupBy=account'),
      (b) =>
        `${b.items.length} lines, ${b.items.reduce((n: number, l: any) => n + l.idle.count, 0)} idle`,
    ),
    await timed(
      'what-if priority',
      'POST /what-if (two accounts swapped, one app)',
      () =>
        admin.post('/what-if', {
          changes: [
            {
              type: 'priority',
              accountIds: [...seeded.accountIds].reverse(),
              productId: seeded.productId,
            },
          ],
        }),
      (b) => `${b.subjects.total} subjects, ${b.totals.move} move`,
    ),
  ];
  return {
    seeded: {
      licenses: seeded.licenses,
      devices: seeded.devices,
      pools: seeded.pools,
      historyRows: seeded.historyRows,
    },
    seedMs,
    timings,
  };
}

/** The targets, in ms: printed beside the figures, never asserted. */
export const INTELLIGENCE_TARGETS_MS: Record<IntelligenceOperation, number> = {
  forecasts: 2000,
  'reclaim dry run': 5000,
  costs: 1000,
  'what-if priority': 1000,
};

/** The result as lines of a table (best and worst of the runs beside the target). */
export function intelligenceRows(result: IntelligenceResult): string[][] {
  const rows = [['operation', 'request', 'answer', 'best', 'worst', 'target', '']];
  for (const t of result.timings) {
    const best = Math.min(...t.ms);
    const target = INTELLIGENCE_TARGETS_MS[t.operation];
    rows.push([
      t.operation,
      t.what,
      t.answer,
      `${best.toFixed(0)} ms`,
      `${Math.max(...t.ms).toFixed(0)} ms`,
      `< ${target} ms`,
      verdict(best < target),
    ]);
  }
  return rows;
}

/**
 * `npx tsx bench/intelligence.ts`: this benchmark alone, with bench/options.ts's sizes
 * (BENCH_INTEL_*, BENCH_SMOKE, BENCH_DIALECTS, DATABASE_URL), without the others of run.ts.
 */
async function main(): Promise<void> {
  const { readBenchOptions } = await import('./options.js');
  const { postgresUnreachable, startAllot } = await import('./setup.js');
  const { load, machine, table } = await import('./stats.js');
  const options = readBenchOptions(process.env);
  console.log(`machine: ${machine()}; load average ${load()}`);
  for (const dialect of options.dialects) {
    if (dialect === 'postgres') {
      const problem = await postgresUnreachable(options.databaseUrl);
      if (problem !== null) {
        console.log(`== postgres: not reachable (${problem})`);
        process.exitCode = 1;
        continue;
      }
    }
    const allot = await startAllot(dialect, {
      appleApiUrl: 'http://127.0.0.1:9',
      databaseUrl: options.databaseUrl,
    });
    try {
      const result = await benchIntelligence(allot, options.intelligence);
      console.log(`== ${dialect}: ${describeIntelligence(result)}`);
      console.log(table(intelligenceRows(result)));
    } finally {
      await allot.close();
    }
  }
  console.log(`load average at the end: ${load()}`);
}

/** One line: what was seeded, and how long it took. */
export function describeIntelligence(result: IntelligenceResult): string {
  const s = result.seeded;
  return (
    `${s.licenses.toLocaleString('en-US')} licences, ${s.devices.toLocaleString('en-US')} devices, ` +
    `${s.pools} pools, ${s.historyRows.toLocaleString('en-US')} history rows, seeded in ` +
    `${(result.seedMs / 1000).toFixed(1)} s`
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}

/**
 * Runs `work` while the usage snapshot (R-X1) runs back to back over every pool — far more often
 * than the minute it runs at: the most the intelligence tasks can take from check-ins.
 */
export async function whileSnapshotting<T>(
  allot: BenchAllot,
  work: () => Promise<T>,
): Promise<{ result: T; snapshots: number }> {
  let done = false;
  let snapshots = 0;
  const loop = (async () => {
    while (!done) {
      await snapshotUsage(allot.ctx.db.kysely, allot.ctx.clock.now());
      snapshots += 1;
      // Lets the check-ins' own statements in between on SQLite's one connection.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  try {
    return { result: await work(), snapshots };
  } finally {
    done = true;
    await loop;
  }
}
