/**
 * Reads at scale (issue 16, item 5): one tenant with `licenses` licences on `devices` devices
 * (the licence-intelligence seed, bench/intelligence.ts), one primary user per 5 devices, and
 * `activity` entries in its log over two years, all written set-based (INSERT … SELECT over a
 * recursive CTE on SQLite, generate_series on PostgreSQL), never through the API. Then the
 * console's reads go through app.inject(), `concurrency` in flight, `requests` of each kind with
 * varied ids and deep pages reached by their cursors, beside the 100 ms p95 target; then the CSV
 * export of the whole log, streamed, with the process's RSS sampled every 50 ms (target < 300 MB
 * throughout).
 */
import { pathToFileURL } from 'node:url';
import { sql, type RawBuilder } from 'kysely';
import { seed as seedIntelligence } from './intelligence.js';
import type { BenchAllot } from './setup.js';
import { count, ms, percentile, seconds, verdict } from './stats.js';

export interface ReadsOptions {
  licenses: number;
  devices: number;
  activity: number;
  /** Requests in flight. */
  concurrency: number;
  /** Requests of each kind. */
  requests: number;
}

/** The issue's targets: printed beside the figures, never asserted. */
export const READS_TARGETS = { p95Ms: 100, rssMb: 300 };

const DEVICES_PER_USER = 5;
const DAY_MS = 24 * 3600 * 1000;
/** The log spans two years up to now. */
const ACTIVITY_SPAN_MS = 730 * DAY_MS;
/** Rows per INSERT … SELECT of the log (SQLite checkpoints its WAL in between). */
const ACTIVITY_CHUNK = 500_000;
/** Products of the intelligence seed (its PRODUCTS). */
const PRODUCTS = 50;

export interface ReadTiming {
  kind: string;
  what: string;
  requests: number;
  errors: number;
  firstError: string | null;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** What the answers held on average (items per page), to show they did the work. */
  itemsPerAnswer: number;
  /** CPU time of the process per request (Allot, client and SQLite): what a busy machine hides. */
  cpuMs: number;
}

export interface RssSummary {
  peakMb: number;
  samples: number;
}

export interface ReadsResult {
  seeded: { licenses: number; devices: number; users: number; activity: number };
  seedMs: number;
  timings: ReadTiming[];
  export: { ms: number; bytes: number; rows: number; rss: RssSummary; status: number };
  rss: { seed: RssSummary; reads: RssSummary; export: RssSummary; whole: RssSummary };
}

/** Samples the process's RSS every 50 ms until stopped. */
class RssSampler {
  private peak = 0;
  private samples = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 50);
  }

  private sample() {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
    this.samples += 1;
  }

  stop(): RssSummary {
    clearInterval(this.timer);
    this.sample();
    return { peakMb: this.peak / 1024 ** 2, samples: this.samples };
  }
}

/** `INSERT INTO target (columns) SELECT select FROM n`, n.i running from … to (inclusive). */
function insertRange(
  allot: BenchAllot,
  from: number,
  to: number,
  target: string,
  columns: readonly string[],
  select: RawBuilder<unknown>,
) {
  const cols = sql.raw(columns.join(', '));
  const into = sql.raw(target);
  if (allot.dialect === 'postgres') {
    return sql`insert into ${into} (${cols}) select ${select} from generate_series(${sql.lit(
      from,
    )}, ${sql.lit(to)}) as n(i)`.execute(allot.ctx.db.kysely);
  }
  return sql`with recursive n(i) as (select ${sql.lit(from)} union all select i + 1 from n where i < ${sql.lit(
    to,
  )}) insert into ${into} (${cols}) select ${select} from n`.execute(allot.ctx.db.kysely);
}

/** The ms of activity entry i: evenly over the two years up to `endMs`. */
function activityMs(i: number, total: number, endMs: number): number {
  return endMs - ACTIVITY_SPAN_MS + Math.floor((i * ACTIVITY_SPAN_MS) / total);
}

/** Entry i's ID, UUIDv7-shaped (time first, so IDs sort as the entries' times), in JS. */
export function activityId(i: number, total: number, endMs: number): string {
  const at = activityMs(i, total, endMs);
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  return `${hex(Math.floor(at / 65536), 8)}-${hex(at % 65536, 4)}-7000-8000-${hex(i, 12)}`;
}

/** The actions of the seeded log, by i % 20: most of a log is licences given and taken back. */
const ACTION_OF = sql`case
  when i % 20 < 10 then 'license.grant'
  when i % 20 < 13 then 'license.revoke'
  when i % 20 < 16 then 'device.update'
  when i % 20 < 18 then 'user.update'
  when i % 20 = 18 then 'catalogApp.update'
  else 'device.create' end`;

export async function seedReads(
  allot: BenchAllot,
  tenantId: string,
  spaceId: string,
  options: ReadsOptions,
) {
  const db = allot.ctx.db.kysely;
  const pg = allot.dialect === 'postgres';
  const seeded = await seedIntelligence(allot, tenantId, spaceId, {
    licenses: options.licenses,
    devices: options.devices,
    historyDays: 1,
  });
  const sample = await db
    .selectFrom('devices')
    .select('id')
    .where('tenantId', '=', tenantId)
    .limit(1)
    .executeTakeFirstOrThrow();
  const tag = sample.id.split('-')[1]!;
  const L = options.licenses;
  const D = options.devices;
  const U = Math.ceil(D / DEVICES_PER_USER);
  const now = allot.ctx.clock.now();
  const created = sql.lit(new Date(now.getTime() - 400 * DAY_MS).toISOString());
  const t = sql.lit(tenantId);
  const s = sql.lit(spaceId);
  const pre = (what: string) => sql.lit(`${what}-${tag}-`);

  // Users, each the primary user of 5 devices (device d: user d / 5).
  await insertRange(
    allot,
    0,
    U - 1,
    'users',
    [
      'id',
      'tenant_id',
      'space_id',
      'email',
      'display_name',
      'enrolment',
      'created_at',
      'updated_at',
    ],
    sql`${pre('usr')} || i, ${t}, ${s}, 'user' || i || '.' || ${sql.lit(tag)} || '@example.org',
      'Pupil ' || i, 'none', ${created}, ${created}`,
  );
  const start = sql.lit(`dev-${tag}-`.length + 1);
  await sql`update devices set primary_user_id = ${pre('usr')} ||
    (cast(substr(id, ${start}) as integer) / ${sql.lit(DEVICES_PER_USER)})
    where tenant_id = ${t}`.execute(db);

  // The log: entry i at its time, about licence i·7919 % L, device i·31 % D, user i·13 % U or
  // catalog app i % PRODUCTS, as its action goes.
  const A = options.activity;
  const end = now.getTime() - 60_000;
  const at = (expression: RawBuilder<unknown>) =>
    pg
      ? sql`to_char(to_timestamp((${expression}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql`strftime('%Y-%m-%dT%H:%M:%fZ', (${expression}) / 1000.0, 'unixepoch')`;
  const msOf = sql`(${sql.lit(end - ACTIVITY_SPAN_MS)} + (cast(i as bigint) * ${sql.lit(
    ACTIVITY_SPAN_MS,
  )}) / ${sql.lit(A)})`;
  const hex = (expression: RawBuilder<unknown>, width: number) =>
    pg
      ? sql`lpad(to_hex(${expression}), ${sql.lit(width)}, '0')`
      : sql`printf('%0${sql.raw(String(width))}x', ${expression})`;
  const id = sql`${hex(sql`${msOf} / 65536`, 8)} || '-' || ${hex(sql`${msOf} % 65536`, 4)} ||
    '-7000-8000-' || ${hex(sql`i`, 12)}`;
  const license = sql`(cast(i as bigint) * 7919 % ${sql.lit(L)})`;
  const licenseDevice = sql`(${license} % ${sql.lit(D)})`;
  const licenseProduct = sql`((${license} / ${sql.lit(D)} + ${license} % ${sql.lit(D)}) % ${sql.lit(PRODUCTS)})`;
  const device = sql`(cast(i as bigint) * 31 % ${sql.lit(D)})`;
  const user = sql`(cast(i as bigint) * 13 % ${sql.lit(U)})`;
  const subjectType = sql`case when i % 20 < 13 then 'license' when i % 20 < 16 or i % 20 = 19
    then 'device' when i % 20 < 18 then 'user' else 'catalogApp' end`;
  const subjectId = sql`case when i % 20 < 13 then ${pre('lic')} || ${license}
    when i % 20 < 16 or i % 20 = 19 then ${pre('dev')} || ${device}
    when i % 20 < 18 then ${pre('usr')} || ${user} else ${pre('app')} || (i % ${sql.lit(PRODUCTS)}) end`;
  const subjectName = sql`case when i % 20 < 13 then ${pre('iPad')} || ${licenseDevice}
    when i % 20 < 16 or i % 20 = 19 then ${pre('iPad')} || ${device}
    when i % 20 < 18 then 'Pupil ' || ${user} else 'Bench app ' || (i % ${sql.lit(PRODUCTS)}) end`;
  const grant = sql`'{"productId":"' || ${pre('prd')} || ${licenseProduct} ||
    '","licenseType":"device","distribution":"fcfs","deviceId":"' || ${pre('dev')} ||
    ${licenseDevice} || '"}'`;
  const before = sql`case when i % 20 < 10 then null
    when i % 20 < 13 then ${grant}
    when i % 20 < 16 then '{"name":"iPad ' || (i % 97) || '"}'
    when i % 20 < 18 then '{"displayName":"Pupil ' || (i % 89) || '"}'
    when i % 20 = 18 then '{"updateMode":"automatic"}' else null end`;
  const after = sql`case when i % 20 < 10 then ${grant}
    when i % 20 < 13 then '{"state":"revoked","reason":"unassigned"}'
    when i % 20 < 16 then '{"name":"iPad ' || (i % 89) || '"}'
    when i % 20 < 18 then '{"displayName":"Pupil ' || (i % 97) || '"}'
    when i % 20 = 18 then '{"updateMode":"immediate"}'
    else '{"serialNumber":"SN' || ${device} || '","platform":"ipados"}' end`;
  const actor = sql`case when i % 20 < 13 then 'system' else 'token' end`;
  for (let from = 0; from < A; from += ACTIVITY_CHUNK) {
    await insertRange(
      allot,
      from,
      Math.min(A, from + ACTIVITY_CHUNK) - 1,
      'activity',
      [
        'id',
        'tenant_id',
        'space_id',
        'actor_type',
        'actor_id',
        'actor_name',
        'action',
        'subject_type',
        'subject_id',
        'subject_name',
        'before',
        'after',
        'created_at',
      ],
      sql`${id}, ${t}, ${s}, ${actor}, null, case when i % 20 < 13 then 'check-in'
        else 'console' end, ${ACTION_OF}, ${subjectType}, ${subjectId}, ${subjectName},
        ${before}, ${after}, ${at(msOf)}`,
    );
  }
  // PostgreSQL plans with the statistics of full tables, as a deployment would have them.
  if (pg) await sql`analyze`.execute(db);
  return { tag, users: U, activityEndMs: end, accountIds: seeded.accountIds };
}

/** One kind of read: a description, and the URL of its n-th request. */
interface ReadKind {
  kind: string;
  what: string;
  url: (n: number) => string;
  headers?: Record<string, string>;
  /** Items of the answer (to show it did the work). */
  items: (body: any) => number;
}

const cursor = (id: string) => Buffer.from(id).toString('base64url');

/** Runs `requests` of the kind, `concurrency` in flight; latencies and errors. */
async function measure(
  allot: BenchAllot,
  token: string,
  kind: ReadKind,
  options: ReadsOptions,
): Promise<ReadTiming> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let items = 0;
  let firstError: string | null = null;
  const cpu = process.cpuUsage();
  const worker = async () => {
    for (;;) {
      const n = next;
      next += 1;
      if (n >= options.requests) return;
      const url = kind.url(n);
      const started = performance.now();
      const response = await allot.app.inject({
        method: 'GET',
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${token}`, ...kind.headers },
      });
      latencies.push(performance.now() - started);
      if (response.statusCode !== 200) {
        errors += 1;
        firstError ??= `${url}: ${response.statusCode} ${response.body.slice(0, 200)}`;
        continue;
      }
      items += kind.items(JSON.parse(response.body));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const used = process.cpuUsage(cpu);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    kind: kind.kind,
    what: kind.what,
    requests: sorted.length,
    errors,
    firstError,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    itemsPerAnswer: items / Math.max(1, sorted.length - errors),
    cpuMs: (used.user + used.system) / 1000 / Math.max(1, sorted.length),
  };
}

/** A number from n, spread over 0 … size-1 (a multiplicative hash: varied, reproducible). */
const spread = (n: number, size: number) => Number((BigInt(n + 1) * 2654435761n) % BigInt(size));

export async function benchReads(allot: BenchAllot, options: ReadsOptions): Promise<ReadsResult> {
  const whole = new RssSampler();
  const tenant = await allot.newTenant(`bench-reads-${Date.now().toString(36)}`);
  const space = await allot.ctx.db.kysely
    .selectFrom('spaces')
    .select('id')
    .where('tenantId', '=', tenant.id)
    .where('isDefault', '=', 1)
    .executeTakeFirstOrThrow();
  const seedRss = new RssSampler();
  const started = performance.now();
  const seeded = await seedReads(allot, tenant.id, space.id, options);
  const seedMs = performance.now() - started;
  const seedSummary = seedRss.stop();
  const { tag, users: U, activityEndMs: end } = seeded;
  const L = options.licenses;
  const D = options.devices;
  const A = options.activity;
  const token = tenant.admin.token;

  const licenseProduct = (i: number) => (Math.floor(i / D) + (i % D)) % PRODUCTS;
  // A licence of the same product as the app, for a cursor deep in the app's list.
  const licenseOfProduct = (p: number, n: number) => {
    for (let i = spread(n, L); ; i = (i + 1) % L) if (licenseProduct(i) === p) return i;
  };
  const items = (body: any) => (body.items as unknown[]).length;
  const kinds: ReadKind[] = [
    {
      kind: 'licence overview',
      what: 'GET /licenses/overview (sorts, pages by cursor)',
      url: (n) => {
        const sort = ['usage', 'name', '-usage', '-name'][n % 4]!;
        const page = n % 3 === 2 ? `&cursor=${cursor(String(20 * (n % 5)))}` : '';
        return `/licenses/overview?sort=${sort}&limit=20${page}`;
      },
      items,
    },
    {
      kind: 'overview per account',
      what: 'GET /licenses/overview/accounts',
      url: () => '/licenses/overview/accounts',
      items,
    },
    {
      kind: "an app's licences",
      what: 'GET /catalog-apps/{id}/licenses (half deep pages)',
      url: (n) => {
        const p = spread(n, PRODUCTS);
        const deep = n % 2 === 1 ? `&cursor=${cursor(`lic-${tag}-${licenseOfProduct(p, n)}`)}` : '';
        const tab = n % 4 === 3 ? '&distribution=fcfs' : '';
        return `/catalog-apps/app-${tag}-${p}/licenses?limit=50${tab}${deep}`;
      },
      items,
    },
    {
      kind: "a user's licences",
      what: 'GET /users/{id}/licenses',
      url: (n) => `/users/usr-${tag}-${spread(n, U)}/licenses?limit=50`,
      items,
    },
    {
      kind: "a device's apps",
      what: 'GET /devices/{id}/apps',
      url: (n) => `/devices/dev-${tag}-${spread(n, D)}/apps?limit=50`,
      items,
    },
    {
      kind: 'activity, newest first',
      what: 'GET /activity?sort=-at (half deep pages)',
      url: (n) => {
        const deep = n % 2 === 1 ? `&cursor=${cursor(activityId(spread(n, A), A, end))}` : '';
        return `/activity?sort=-at&limit=50${deep}`;
      },
      items,
    },
    {
      kind: 'activity, oldest first',
      what: 'GET /activity (half deep pages)',
      url: (n) => {
        const deep = n % 2 === 1 ? `&cursor=${cursor(activityId(spread(n, A), A, end))}` : '';
        return `/activity?limit=50${deep}`;
      },
      items,
    },
    {
      kind: 'activity of an action',
      what: 'GET /activity?action=…&sort=-at (half deep pages)',
      url: (n) => {
        const action = ['license.revoke', 'user.update', 'catalogApp.update', 'device.create'][
          n % 4
        ]!;
        const deep = n % 2 === 1 ? `&cursor=${cursor(activityId(spread(n, A), A, end))}` : '';
        return `/activity?action=${action}&sort=-at&limit=50${deep}`;
      },
      items,
    },
    {
      kind: 'activity of an app',
      what: 'GET /activity?subjectId={app}&sort=-at (half deep pages)',
      url: (n) => {
        const deep = n % 2 === 1 ? `&cursor=${cursor(activityId(spread(n, A), A, end))}` : '';
        return `/activity?subjectId=app-${tag}-${spread(n, PRODUCTS)}&sort=-at&limit=50${deep}`;
      },
      items,
    },
    {
      kind: 'activity of a device',
      what: 'GET /activity?subjectId={device}&sort=-at',
      url: (n) => `/activity?subjectId=dev-${tag}-${spread(n, D)}&sort=-at&limit=50`,
      items,
    },
  ];

  const readsRss = new RssSampler();
  const timings: ReadTiming[] = [];
  for (const kind of kinds) timings.push(await measure(allot, token, kind, options));
  const readsSummary = readsRss.stop();

  // The whole log as CSV, read from the stream as a client would, never held.
  const exportRss = new RssSampler();
  const exportStarted = performance.now();
  const response = await allot.app.inject({
    method: 'GET',
    url: '/api/v1/activity',
    headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
    payloadAsStream: true,
  });
  let bytes = 0;
  let rows = 0;
  for await (const chunk of response.stream() as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1;
  }
  const exportMs = performance.now() - exportStarted;
  const exportSummary = exportRss.stop();
  return {
    seeded: { licenses: L, devices: D, users: U, activity: A },
    seedMs,
    timings,
    export: {
      ms: exportMs,
      bytes,
      // The header line is not an entry (an entry's JSON holds no raw line break).
      rows: rows - 1,
      rss: exportSummary,
      status: response.statusCode,
    },
    rss: { seed: seedSummary, reads: readsSummary, export: exportSummary, whole: whole.stop() },
  };
}

/** Prints the reads' figures; false when a read failed or the export is not the whole log. */
export function printReads(result: ReadsResult, options: ReadsOptions): boolean {
  const s = result.seeded;
  console.log(
    `reads at scale: ${count(s.licenses)} licences, ${count(s.devices)} devices, ${count(s.users)} ` +
      `users, ${count(s.activity)} activity entries, seeded in ${seconds(result.seedMs)}; ` +
      `${options.requests} requests of each kind, ${options.concurrency} in flight ` +
      `(target: p95 < ${READS_TARGETS.p95Ms} ms):`,
  );
  const rows = [
    [
      'read',
      'request',
      'items',
      'errors',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'CPU ms',
      'target',
    ],
  ];
  for (const t of result.timings) {
    rows.push([
      t.kind,
      t.what,
      t.itemsPerAnswer.toFixed(1),
      count(t.errors),
      ms(t.p50),
      ms(t.p95),
      ms(t.p99),
      ms(t.max),
      t.cpuMs.toFixed(1),
      t.errors > 0 ? 'ERRORS' : verdict(t.p95 < READS_TARGETS.p95Ms),
    ]);
  }
  console.log(indent(table(rows)));
  for (const t of result.timings) {
    if (t.firstError !== null) console.warn(`  ! ${t.kind}: ${t.firstError}`);
  }
  const e = result.export;
  const whole = e.rows === s.activity;
  console.log(
    `  CSV export of the whole log (GET /activity, Accept: text/csv, streamed): ` +
      `${count(e.rows)} rows${whole ? '' : ` WRONG (expected ${count(s.activity)})`}, ` +
      `${(e.bytes / 1024 ** 2).toFixed(0)} MB in ${seconds(e.ms)} ` +
      `(${count((e.rows / e.ms) * 1000)} rows/s); peak RSS meanwhile ${e.rss.peakMb.toFixed(0)} MB`,
  );
  const r = result.rss;
  const peak = r.whole.peakMb;
  console.log(
    `  RSS of the process (sampled every 50 ms): seed ${r.seed.peakMb.toFixed(0)} MB, reads ` +
      `${r.reads.peakMb.toFixed(0)} MB, export ${r.export.peakMb.toFixed(0)} MB; peak ` +
      `${peak.toFixed(0)} MB (target < ${READS_TARGETS.rssMb} MB: ${verdict(peak < READS_TARGETS.rssMb)})`,
  );
  return e.status === 200 && whole && result.timings.every((t) => t.errors === 0);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column <= 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  return [
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}

/**
 * `npx tsx bench/reads.ts`: this benchmark alone, with bench/options.ts's sizes (BENCH_READS_*,
 * BENCH_SMOKE, BENCH_DIALECTS, DATABASE_URL), without the others of run.ts.
 */
async function main(): Promise<void> {
  const { readBenchOptions } = await import('./options.js');
  const { postgresUnreachable, startAllot } = await import('./setup.js');
  const { load, machine } = await import('./stats.js');
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
      console.log(`== ${dialect}`);
      if (!printReads(await benchReads(allot, options.reads), options.reads)) {
        process.exitCode = 1;
      }
    } finally {
      await allot.close();
    }
    console.log(`load average: ${load()}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
