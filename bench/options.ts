/** The benchmark's sizes, read once from the environment (defaults are the issue's). */
import type { CheckInOptions, Transport } from './checkIn.js';
import { DEFAULT_DATABASE_URL, type DialectName } from './setup.js';
import type { SyncOptions } from './sync.js';

export interface BenchOptions {
  dialects: DialectName[];
  databaseUrl: string;
  checkIn: CheckInOptions;
  sync: SyncOptions;
}

type Env = Record<string, string | undefined>;

export function readBenchOptions(env: Env): BenchOptions {
  return {
    dialects: readDialects(env),
    databaseUrl: nonEmpty(env.DATABASE_URL) ?? DEFAULT_DATABASE_URL,
    checkIn: {
      devices: readInteger(env, 'BENCH_DEVICES', 2000, 1),
      concurrency: readInteger(env, 'BENCH_CONCURRENCY', 16, 1),
      transport: readTransport(env),
      appsPerDevice: 10,
      warmupDevices: 50,
      roundBudgetMs: readInteger(env, 'BENCH_ROUND_SECONDS', 25, 1) * 1000,
    },
    sync: {
      assets: readInteger(env, 'BENCH_ASSETS', 1000, 1),
      assignments: readInteger(env, 'BENCH_ASSIGNMENTS', 100_000, 0),
      userShare: 0.2,
      perSubject: 4,
      requestsPerSecond: 15,
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
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
