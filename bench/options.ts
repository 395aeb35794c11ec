/** The benchmark's sizes, read once from the environment (defaults are the issue's). */
import type { CheckInOptions, Transport } from './checkIn.js';
import { DEFAULT_DATABASE_URL, type DialectName } from './setup.js';
import type { ScimOptions } from './scim.js';
import type { SyncOptions } from './sync.js';
import type { ParallelSyncOptions } from './parallelSync.js';
import type { IntelligenceOptions } from './intelligence.js';
import { DEFAULT_JOB_CONCURRENCY } from '../src/jobs/worker.js';
import type { MdmOptions } from './mdm.js';
import type { ReadsOptions } from './reads.js';

export interface BenchOptions {
  /** BENCH_SMOKE=1: every benchmark once at a tiny size, only to show that it runs. */
  smoke: boolean;
  dialects: DialectName[];
  /** BENCH_ONLY: the benchmarks to run (all when unset). */
  only: ReadonlySet<BenchName>;
  databaseUrl: string;
  checkIn: CheckInOptions;
  sync: SyncOptions;
  parallelSync: ParallelSyncOptions;
  scim: ScimOptions;
  mdm: MdmOptions;
  intelligence: IntelligenceOptions;
  reads: ReadsOptions;
}

type Env = Record<string, string | undefined>;

/** The benchmarks of `npm run bench`, in the order they run. */
export const BENCH_NAMES = [
  'checkins',
  'sync',
  'scim',
  'parallel',
  'mdm',
  'intelligence',
  'reads',
] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

/** The sizes of a smoke run (BENCH_SMOKE=1); a variable set explicitly still wins. */
const SMOKE = {
  devices: 20,
  warmupDevices: 5,
  roundSeconds: 10,
  assets: 20,
  assignments: 200,
  parallelLocations: 3,
  parallelAssignments: 200,
  scimUsers: 200,
  scimGroups: 5,
  mdmDevices: 20,
  intelLicenses: 2000,
  intelDevices: 400,
  intelHistoryDays: 30,
  readsLicenses: 2000,
  readsDevices: 400,
  readsActivity: 5000,
  readsRequests: 16,
};

export function readBenchOptions(env: Env): BenchOptions {
  const smoke = readFlag(env, 'BENCH_SMOKE');
  return {
    smoke,
    dialects: readDialects(env),
    only: readOnly(env),
    databaseUrl: nonEmpty(env.DATABASE_URL) ?? DEFAULT_DATABASE_URL,
    checkIn: {
      devices: readInteger(env, 'BENCH_DEVICES', smoke ? SMOKE.devices : 2000, 1),
      concurrency: readInteger(env, 'BENCH_CONCURRENCY', 16, 1),
      transport: readTransport(env),
      warmupDevices: smoke ? SMOKE.warmupDevices : 50,
      roundBudgetMs:
        readInteger(env, 'BENCH_ROUND_SECONDS', smoke ? SMOKE.roundSeconds : 25, 1) * 1000,
      floor: !readFlag(env, 'BENCH_NO_FLOOR'),
    },
    sync: {
      assets: readInteger(env, 'BENCH_ASSETS', smoke ? SMOKE.assets : 1000, 1),
      assignments: readInteger(env, 'BENCH_ASSIGNMENTS', smoke ? SMOKE.assignments : 100_000, 0),
      userShare: 0.2,
      perSubject: 4,
      requestsPerSecond: 15,
    },
    // Issue 16: 20 locations of 20,000 assignments, synced at once by the worker.
    parallelSync: {
      locations: readInteger(
        env,
        'BENCH_PARALLEL_LOCATIONS',
        smoke ? SMOKE.parallelLocations : 20,
        1,
      ),
      assignments: readInteger(
        env,
        'BENCH_PARALLEL_ASSIGNMENTS',
        smoke ? SMOKE.parallelAssignments : 20_000,
        0,
      ),
      userShare: 0.2,
      perSubject: 4,
      requestsPerSecond: 15,
      concurrency: readInteger(env, 'ALLOT_JOB_CONCURRENCY', DEFAULT_JOB_CONCURRENCY, 1),
    },
    // Issue 14: 20,000 users, 500 groups of 40 members, 4 requests in flight as Entra sends them.
    scim: {
      users: readInteger(env, 'BENCH_SCIM_USERS', smoke ? SMOKE.scimUsers : 20_000, 1),
      groups: readInteger(env, 'BENCH_SCIM_GROUPS', smoke ? SMOKE.scimGroups : 500, 0),
      membersPerGroup: readInteger(env, 'BENCH_SCIM_GROUP_MEMBERS', 40, 1),
      membersPerPatch: readInteger(env, 'BENCH_SCIM_MEMBERS_PER_PATCH', 10, 1),
      concurrency: readInteger(env, 'BENCH_SCIM_CONCURRENCY', 4, 1),
    },
    // Issue 15: 10,000 devices enrolled through the webhook, then each given 5 required apps.
    mdm: {
      devices: readInteger(env, 'BENCH_MDM_DEVICES', smoke ? SMOKE.mdmDevices : 10_000, 1),
      apps: readInteger(env, 'BENCH_MDM_APPS', 5, 1),
      concurrency: readInteger(env, 'BENCH_MDM_CONCURRENCY', 16, 1),
      commandsPerSecond: readInteger(env, 'BENCH_MDM_RATE', 500, 1),
    },
    // Licence intelligence (R-X1–R-X7): 1,000,000 licences, 200,000 devices, 2 years of history.
    intelligence: {
      licenses: readInteger(
        env,
        'BENCH_INTEL_LICENSES',
        smoke ? SMOKE.intelLicenses : 1_000_000,
        1,
      ),
      devices: readInteger(env, 'BENCH_INTEL_DEVICES', smoke ? SMOKE.intelDevices : 200_000, 1),
      historyDays: readInteger(
        env,
        'BENCH_INTEL_HISTORY_DAYS',
        smoke ? SMOKE.intelHistoryDays : 730,
        1,
      ),
    },
    // Issue 16: reads at scale, 1,000,000 licences, 200,000 devices, 5,000,000 activity entries.
    reads: {
      licenses: readInteger(
        env,
        'BENCH_READS_LICENSES',
        smoke ? SMOKE.readsLicenses : 1_000_000,
        1,
      ),
      devices: readInteger(env, 'BENCH_READS_DEVICES', smoke ? SMOKE.readsDevices : 200_000, 1),
      activity: readInteger(
        env,
        'BENCH_READS_ACTIVITY',
        smoke ? SMOKE.readsActivity : 5_000_000,
        1,
      ),
      concurrency: readInteger(env, 'BENCH_READS_CONCURRENCY', 8, 1),
      requests: readInteger(env, 'BENCH_READS_REQUESTS', smoke ? SMOKE.readsRequests : 200, 1),
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readFlag(env: Env, name: string): boolean {
  const raw = nonEmpty(env[name]) ?? '0';
  if (raw !== '0' && raw !== '1') throw new Error(`${name}: expected 0 or 1, got "${raw}"`);
  return raw === '1';
}

function readInteger(env: Env, name: string, fallback: number, min: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min) {
    throw new Error(`${name}: expected an integer ≥ ${min}, got "${raw}"`);
  }
  return value;
}

function readTransport(env: Env): Transport {
  const raw = nonEmpty(env.BENCH_TRANSPORT) ?? 'inject';
  if (raw !== 'inject' && raw !== 'http') {
    throw new Error(`BENCH_TRANSPORT: expected inject or http, got "${raw}"`);
  }
  return raw;
}

function readOnly(env: Env): ReadonlySet<BenchName> {
  const raw = nonEmpty(env.BENCH_ONLY);
  if (raw === undefined) return new Set(BENCH_NAMES);
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(BENCH_NAMES as readonly string[]).includes(name)) {
      throw new Error(`BENCH_ONLY: expected some of ${BENCH_NAMES.join(', ')}, got "${name}"`);
    }
  }
  return new Set(names as BenchName[]);
}

function readDialects(env: Env): DialectName[] {
  const raw = nonEmpty(env.BENCH_DIALECTS) ?? 'sqlite,postgres';
  const names = raw.split(',').map((d) => d.trim());
  for (const name of names) {
    if (name !== 'sqlite' && name !== 'postgres') {
      throw new Error(`BENCH_DIALECTS: expected sqlite and/or postgres, got "${name}"`);
    }
  }
  return names as DialectName[];
}
