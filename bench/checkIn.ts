/**
 * Check-ins per second, beside their floor (bench/README.md): one Apple location, the fleet's
 * apps required on All Devices (scenarios.ts), and two sets of fresh devices of that world: one
 * checked in through Allot (`POST /api/v1/check-in`), the other by the floor (bench/floor: the
 * same statements written directly on the driver), each with a fixed number in flight, in the
 * rounds of BENCH_ROUNDS — allocation, installed reported, steady state. Allot runs a round,
 * then the floor runs it. A few warm-up devices go through every round first, unmeasured (JIT,
 * caches, pools). A round stops sending after its time budget (so a slow build still finishes
 * the run); the later rounds then use the devices the allocation round reached.
 */
import { sql } from 'kysely';
import type { AppleEmulator } from '../src/emulators/apple/index.js';
import { newId } from '../src/ids.js';
import { openFloor, reportedOf, type FloorCheckIn } from './floor/index.js';
import {
  answerProblem,
  BENCH_ROUNDS,
  checkInBody,
  FLEET,
  type CheckInAnswer,
  type CheckInScenario,
} from './scenarios.js';
import { expectStatus, requiredAppleApps, type BenchAllot, type Client } from './setup.js';
import { summarise, type LatencySummary } from './stats.js';

export type Transport = 'inject' | 'http';

export interface CheckInOptions {
  devices: number;
  concurrency: number;
  transport: Transport;
  warmupDevices: number;
  /** A round sends no new check-in after this long. */
  roundBudgetMs: number;
  /** Whether the floor runs each round too. */
  floor: boolean;
}

export interface RoundResult {
  checkIns: number;
  errors: number;
  wallMs: number;
  perSecond: number;
  latency: LatencySummary;
  /**
   * CPU time of this process (user + system) per check-in, in milliseconds: Allot (or the
   * floor), the client and SQLite all run here, so on a busy machine it says what the
   * wall-clock rate cannot.
   */
  cpuMs: number;
  /** True when the time budget ran out before every device had checked in. */
  cut: boolean;
}

export interface CheckInResult {
  rounds: Array<{ scenario: CheckInScenario; allot: RoundResult; floor: RoundResult | null }>;
  /** The floor's driver, as printed. */
  floorDriver: string;
  /** Licences held after the rounds, and what they should be (allocated devices × apps). */
  licenses: { allot: Held; floor: Held | null };
}

export interface Held {
  held: number;
  expected: number;
}

interface World {
  tenantAdmin: Client;
  catalogAppIds: string[];
  bundleIds: string[];
  allot: Devices;
  floor: Devices;
}

/** One set of devices: the serial numbers' prefix, the warm-up devices, the measured ones. */
interface Devices {
  prefix: string;
  warmup: string[];
  serials: string[];
}

/** One check-in: what is wrong with its outcome, or null. */
type Attempt = (serial: string) => Promise<string | null>;

export async function benchCheckIns(
  allot: BenchAllot,
  apple: AppleEmulator,
  options: CheckInOptions,
): Promise<CheckInResult> {
  const world = await setUp(allot, apple, options);
  const send = await sender(allot, world.tenantAdmin.token, options.transport);
  const floor = options.floor ? await openFloor(allot, world.tenantAdmin.token) : null;
  const rounds: CheckInResult['rounds'] = [];
  try {
    let allotDevices: readonly string[] = world.allot.serials;
    let floorDevices: readonly string[] = world.floor.serials;
    for (const scenario of BENCH_ROUNDS) {
      const throughAllot: Attempt = async (serial) => {
        const response = await send(checkInBody(scenario, serial, world.bundleIds));
        return response.status === 200
          ? answerProblem(scenario, response.body as CheckInAnswer)
          : `HTTP ${response.status}: ${JSON.stringify(response.body)}`;
      };
      await drive(world.allot.warmup, options.concurrency, Infinity, throughAllot);
      const { done, ...allotResult } = await drive(
        allotDevices,
        options.concurrency,
        options.roundBudgetMs,
        throughAllot,
      );
      allotDevices = done;
      // Allot's last check-in times, written behind, are written now rather than in the floor's round.
      await allot.ctx.db.checkInTimes.flush();
      let floorResult: RoundResult | null = null;
      if (floor !== null) {
        const throughFloor = floorAttempt(floor, scenario, world.bundleIds);
        await drive(world.floor.warmup, options.concurrency, Infinity, throughFloor);
        await floor.finish();
        const { done: floorDone, ...measured } = await drive(
          floorDevices,
          options.concurrency,
          options.roundBudgetMs,
          throughFloor,
        );
        await floor.finish();
        floorDevices = floorDone;
        floorResult = measured;
      }
      rounds.push({ scenario, allot: allotResult, floor: floorResult });
    }
  } finally {
    await floor?.close();
  }
  const allocated = (r: RoundResult | null | undefined, devices: Devices) =>
    (devices.warmup.length + (r?.checkIns ?? 0)) * FLEET.appsPerDevice;
  const { storage } = allot;
  return {
    rounds,
    floorDriver:
      storage.dialect === 'sqlite'
        ? 'better-sqlite3'
        : `pg, a pool of ${storage.poolSize} connections as Allot's`,
    licenses: {
      allot: {
        held: await licencesHeld(allot, world.allot.prefix),
        expected: allocated(rounds[0]?.allot, world.allot),
      },
      floor:
        floor === null
          ? null
          : {
              held: await licencesHeld(allot, world.floor.prefix),
              expected: allocated(rounds[0]?.floor, world.floor),
            },
    },
  };
}

/** A check-in by the floor, its outcome checked as Allot's answer is. */
function floorAttempt(
  floor: FloorCheckIn,
  scenario: CheckInScenario,
  bundleIds: readonly string[],
): Attempt {
  return async (serial) => {
    const body = checkInBody(scenario, serial, bundleIds);
    const outcome = await floor.checkIn(serial, reportedOf(body.installed), new Date());
    if (outcome.problem !== null) return outcome.problem;
    return answerProblem(scenario, {
      commands: Array.from({ length: outcome.commands }, () => ({ type: 'install' })),
      apps: Array.from({ length: outcome.apps }, (_, i) => ({
        state: i < outcome.installed ? 'installed' : 'pending',
      })),
    });
  };
}

async function licencesHeld(allot: BenchAllot, prefix: string): Promise<number> {
  const row = await allot.ctx.db.kysely
    .selectFrom('licenses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('serialNumber', 'like', `${prefix}%`)
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Runs the serials' check-ins with `concurrency` in flight until all are done or the budget is
 * spent; the wall time runs from the first check-in to the last answer.
 */
async function drive(
  serials: readonly string[],
  concurrency: number,
  budgetMs: number,
  attempt: Attempt,
): Promise<RoundResult & { done: string[] }> {
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
      let problem: string | null;
      try {
        problem = await attempt(serial);
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      latencies.push(performance.now() - sent);
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

/**
 * The location, account, catalog apps, assignments, users and devices (scenarios.ts, FLEET);
 * none of it is measured.
 */
async function setUp(
  allot: BenchAllot,
  apple: AppleEmulator,
  options: CheckInOptions,
): Promise<World> {
  const tag = newId().slice(-8).toUpperCase();
  const { admin } = await allot.newTenant(`bench-checkin-${tag}`);
  const adamIds = Array.from({ length: FLEET.appsPerDevice }, (_, i) => String(410_001 + i));
  const perSet = options.devices + options.warmupDevices;
  // Allot's devices and the floor's alike.
  const licencesEach = Math.max(5000, FLEET.licencesPerDevice * 2 * perSet);
  const apps = await requiredAppleApps(allot, apple, admin, {
    name: `Check-in ${tag}`,
    tag,
    assets: adamIds.map((adamId) => ({
      adamId,
      bundleId: `com.example.bench${adamId}`,
      totalCount: licencesEach,
    })),
  });
  const catalogAppIds = apps.map((a) => a.catalogAppId);
  const bundleIds = apps.map((a) => a.bundleId);

  const devices = (set: 'A' | 'F'): Devices => {
    const prefix = `BENCH${tag}${set}`;
    const all = Array.from({ length: perSet }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
    return {
      prefix,
      warmup: all.slice(0, options.warmupDevices),
      serials: all.slice(options.warmupDevices),
    };
  };
  const throughAllot = devices('A');
  const byFloor = devices('F');
  const serials = [
    ...throughAllot.warmup,
    ...throughAllot.serials,
    ...byFloor.warmup,
    ...byFloor.serials,
  ];
  // The first device through the API tells the tenant's default space; the rest in batches.
  const first = expectStatus(
    await admin.post('/devices', { serialNumber: serials[0], platform: FLEET.platform }),
    201,
    'device',
  );
  await insertFleet(allot, first.spaceId as string, first.id as string, serials);
  // What an operator's PostgreSQL has, kept by autovacuum: statistics for the planner. (SQLite
  // keeps none unless asked, and Allot does not ask: taken while the licences are few, they
  // would steer it to scans as the licences grow.)
  if (allot.dialect === 'postgres') await sql`analyze`.execute(allot.ctx.db.kysely);
  return { tenantAdmin: admin, catalogAppIds, bundleIds, allot: throughAllot, floor: byFloor };
}

/**
 * The users and the devices (the first one exists already), written straight into their
 * tables: a primary user for every FLEET.devicesPerUser devices.
 */
async function insertFleet(
  allot: BenchAllot,
  spaceId: string,
  firstDeviceId: string,
  serials: readonly string[],
): Promise<void> {
  const db = allot.ctx.db.kysely;
  const space = await db
    .selectFrom('spaces')
    .select('tenantId')
    .where('id', '=', spaceId)
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const users = Array.from(
    { length: Math.ceil(serials.length / FLEET.devicesPerUser) },
    (_, i) => ({
      id: newId(),
      tenantId: space.tenantId,
      spaceId,
      email: `bench-user-${i}@example.org`,
      displayName: `Bench User ${i}`,
      enrolment: 'none',
      createdAt: now,
      updatedAt: now,
    }),
  );
  for (let i = 0; i < users.length; i += 500) {
    await db
      .insertInto('users')
      .values(users.slice(i, i + 500))
      .execute();
  }
  const userOf = (i: number) => users[Math.floor(i / FLEET.devicesPerUser)]!.id;
  await db
    .updateTable('devices')
    .set({ primaryUserId: userOf(0) })
    .where('id', '=', firstDeviceId)
    .execute();
  for (let i = 1; i < serials.length; i += 500) {
    await db
      .insertInto('devices')
      .values(
        serials.slice(i, i + 500).map((serialNumber, j) => ({
          id: newId(),
          tenantId: space.tenantId,
          spaceId,
          serialNumber,
          platform: FLEET.platform,
          name: null,
          primaryUserId: userOf(i + j),
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
