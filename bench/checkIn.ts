/**
 * Check-ins per second (issue: "≥ 1,000/s on SQLite, ≥ 500/s on PostgreSQL, p99 < 50 ms"):
 * one Apple location with 10 apps, 10 catalog apps required on All Devices, N devices, and
 * POST /api/v1/check-in driven with a fixed number of requests in flight, in three rounds:
 *   1. allocation: each device's first check-in takes 10 licences (10 install commands);
 *   2. installed: the device reports the 10 apps, their installs move to `installed`;
 *   3. steady state: the same report again, nothing changes but lastCheckInAt.
 * A few warm-up devices go through every round first, unmeasured (JIT, caches, pools).
 * A round stops sending after its time budget (so a slow build still finishes the run); the
 * later rounds then use the devices the allocation round reached.
 */
import { sql } from 'kysely';
import type { AppleEmulator } from '../src/emulators/apple/index.js';
import { newId } from '../src/ids.js';
import { expectStatus, type BenchAllot, type Client } from './setup.js';
import { summarise, type LatencySummary } from './stats.js';

export type Transport = 'inject' | 'http';

export interface CheckInOptions {
  devices: number;
  concurrency: number;
  transport: Transport;
  appsPerDevice: number;
  warmupDevices: number;
  /** A round sends no new check-in after this long. */
  roundBudgetMs: number;
}

export interface RoundResult {
  name: string;
  checkIns: number;
  errors: number;
  wallMs: number;
  perSecond: number;
  latency: LatencySummary;
  /**
   * CPU time of this process (user + system) per check-in, in milliseconds: Allot, the client
   * and SQLite all run here, so on a busy machine it says what the wall-clock rate cannot.
   */
  cpuMs: number;
  /** True when the time budget ran out before every device had checked in. */
  cut: boolean;
}

export interface CheckInResult {
  rounds: RoundResult[];
  /** Licences held after the rounds, and what they should be (allocated devices × apps). */
  licenses: { held: number; expected: number };
}

interface World {
  tenantAdmin: Client;
  catalogAppIds: string[];
  bundleIds: string[];
  serials: string[];
  warmup: string[];
}

type Check = (body: any) => string | null;

interface Round {
  name: string;
  body: (serial: string) => object;
  check: Check;
}

export async function benchCheckIns(
  allot: BenchAllot,
  apple: AppleEmulator,
  options: CheckInOptions,
): Promise<CheckInResult> {
  const world = await setUp(allot, apple, options);
  const send = await sender(allot, world.tenantAdmin.token, options.transport);
  const run = (serials: readonly string[], round: Round, budgetMs: number) =>
    drive(
      serials,
      options.concurrency,
      budgetMs,
      (serial) => send(round.body(serial)),
      round.check,
    );
  const installed = world.bundleIds.map((bundleId) => ({ bundleId, version: '1.0' }));
  const n = options.appsPerDevice;

  const rounds: Round[] = [
    {
      name: `allocation (${n} licences each)`,
      body: (serialNumber) => ({ serialNumber }),
      check: (b) =>
        b.commands.filter((c: any) => c.type === 'install').length === n &&
        b.apps.every((a: any) => a.state === 'pending')
          ? null
          : `expected ${n} install commands, got ${JSON.stringify(b).slice(0, 300)}`,
    },
    {
      name: `installed reported (${n} installs change)`,
      body: (serialNumber) => ({ serialNumber, installed }),
      check: installedCheck(n),
    },
    {
      name: 'steady state (nothing changes)',
      body: (serialNumber) => ({ serialNumber, installed }),
      check: installedCheck(n),
    },
  ];

  const results: RoundResult[] = [];
  let devices: readonly string[] = world.serials;
  for (const round of rounds) {
    await run(world.warmup, round, Infinity);
    const { done, ...result } = await run(devices, round, options.roundBudgetMs);
    results.push({ name: round.name, ...result });
    devices = done;
  }

  const held = await allot.ctx.db.kysely
    .selectFrom('licenses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('catalogAppId', 'in', world.catalogAppIds)
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  const allocated = world.warmup.length + (results[0]?.checkIns ?? 0);
  return {
    rounds: results,
    licenses: { held: Number(held.n), expected: allocated * options.appsPerDevice },
  };
}

function installedCheck(n: number): Check {
  return (b) =>
    b.commands.length === 0 &&
    b.apps.length === n &&
    b.apps.every((a: any) => a.state === 'installed')
      ? null
      : `expected ${n} installed apps and no command, got ${JSON.stringify(b).slice(0, 300)}`;
}

/**
 * Sends the serials' check-ins with `concurrency` in flight until all are sent or the budget
 * is spent; the wall time runs from the first request to the last answer.
 */
async function drive(
  serials: readonly string[],
  concurrency: number,
  budgetMs: number,
  send: (serial: string) => Promise<{ status: number; body: any }>,
  check: Check,
): Promise<Omit<RoundResult, 'name'> & { done: string[] }> {
  const latencies: number[] = [];
  const failures: string[] = [];
  const done: string[] = [];
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (next < serials.length && performance.now() - started < budgetMs) {
      const serial = serials[next++]!;
      const sent = performance.now();
      const response = await send(serial);
      latencies.push(performance.now() - sent);
      const problem =
        response.status === 200
          ? check(response.body)
          : `HTTP ${response.status}: ${JSON.stringify(response.body)}`;
      if (problem === null) done.push(serial);
      else failures.push(`${serial}: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, serials.length) }, worker));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (failures.length > 0) {
    console.warn(`  ! ${failures.length} check-ins failed; first: ${failures[0]}`);
  }
  return {
    checkIns: latencies.length,
    errors: failures.length,
    wallMs,
    perSecond: (latencies.length / wallMs) * 1000,
    latency: summarise(latencies),
    cpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
    cut: next < serials.length,
    done,
  };
}

type Send = (body: object) => Promise<{ status: number; body: any }>;

/** POST /api/v1/check-in through app.inject(), or with fetch to the app listening on loopback. */
async function sender(allot: BenchAllot, token: string, transport: Transport): Promise<Send> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (transport === 'inject') {
    const send = async (body: object) => {
      const response = await allot.app.inject({
        method: 'POST',
        url: '/api/v1/check-in',
        headers,
        payload: JSON.stringify(body),
      });
      return { status: response.statusCode, body: JSON.parse(response.body) as unknown };
    };
    return send;
  }
  // Stopped by app.close() in BenchAllot.close().
  const address = await allot.app.listen({ port: 0, host: '127.0.0.1' });
  const send = async (body: object) => {
    const response = await fetch(`${address}/api/v1/check-in`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  return send;
}

/** The location, account, catalog apps, assignments and devices; none of it is measured. */
async function setUp(
  allot: BenchAllot,
  apple: AppleEmulator,
  options: CheckInOptions,
): Promise<World> {
  const tag = newId().slice(-8);
  const { admin } = await allot.newTenant(`bench-checkin-${tag}`);
  const adamIds = Array.from({ length: options.appsPerDevice }, (_, i) => String(410_001 + i));
  const licencesEach = Math.max(5000, options.devices + options.warmupDevices);
  const { sToken } = apple.createLocation({
    organizationName: 'Bench School',
    locationName: `Check-in ${tag}`,
    assets: adamIds.map((adamId) => ({
      adamId,
      name: `App ${adamId}`,
      bundleId: `com.example.bench${adamId}`,
      totalCount: licencesEach,
    })),
  });
  const account = expectStatus(
    await admin.post('/accounts', {
      store: 'apple',
      name: `Check-in ${tag}`,
      token: sToken,
      appleId: `vpp-${tag}@example.org`,
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
  const catalogAppIds: string[] = [];
  const bundleIds: string[] = [];
  for (const adamId of adamIds) {
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
    catalogAppIds.push(app.id as string);
    bundleIds.push(product.bundleId as string);
  }

  const serial = (i: number) => `BENCH${tag.toUpperCase()}${String(i).padStart(6, '0')}`;
  const all = Array.from({ length: options.devices + options.warmupDevices }, (_, i) => serial(i));
  // The first device through the API tells the tenant's default space; the rest in batches.
  const first = expectStatus(
    await admin.post('/devices', { serialNumber: all[0], platform: 'ipados' }),
    201,
    'device',
  );
  await insertDevices(allot, first.spaceId as string, all.slice(1));
  // What an operator's PostgreSQL has, kept by autovacuum: statistics for the planner. (SQLite
  // keeps none unless asked, and Allot does not ask: taken while the licences are few, they
  // would steer it to scans as the licences grow.)
  if (allot.dialect === 'postgres') await sql`analyze`.execute(allot.ctx.db.kysely);
  return {
    tenantAdmin: admin,
    catalogAppIds,
    bundleIds,
    warmup: all.slice(0, options.warmupDevices),
    serials: all.slice(options.warmupDevices),
  };
}

async function insertDevices(allot: BenchAllot, spaceId: string, serials: string[]) {
  const space = await allot.ctx.db.kysely
    .selectFrom('spaces')
    .select('tenantId')
    .where('id', '=', spaceId)
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  for (let i = 0; i < serials.length; i += 500) {
    await allot.ctx.db.kysely
      .insertInto('devices')
      .values(
        serials.slice(i, i + 500).map((serialNumber) => ({
          id: newId(),
          tenantId: space.tenantId,
          spaceId,
          serialNumber,
          platform: 'ipados',
          name: null,
          primaryUserId: null,
          shared: 0,
          state: 'active',
          lastCheckInAt: null,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .execute();
  }
}
