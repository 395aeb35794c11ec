/** The load harness's sizes and durations, read once from the environment (see README.md). */
import { LOAD_SCENARIOS, type CheckInScenario } from '../scenarios.js';
import type { Runner } from './allotProcess.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Configuration {
  dialect: Dialect;
  processes: number;
}

export interface LoadOptions {
  /** LOAD_SMOKE=1: each configuration once at a tiny size, only to show that it runs. */
  smoke: boolean;
  configurations: Configuration[];
  databaseUrl: string;
  /** The check-ins sent (bench/scenarios.ts): the share of devices taking licences, the report. */
  scenario: CheckInScenario;
  devices: number;
  /** Load steps as percentages of the measured peak. */
  steps: number[];
  warmupSeconds: number;
  peakSeconds: number;
  stepSeconds: number;
  /** Connections per server process (the driver opens processes × this many). */
  connectionsPerProcess: number;
  /**
   * PostgreSQL connections for Allot's tables, in all, shared evenly by a configuration's
   * processes (each gets ALLOT_DATABASE_POOL_SIZE = this ÷ processes, rounded up).
   */
  databaseConnections: number;
  timeoutSeconds: number;
  runner: Runner | 'auto';
  /**
   * `all`: every process runs `--role=all` (API and worker) and takes load; `split`: the
   * processes run `--role=api` and one more runs `--role=worker`, taking no requests.
   */
  topology: 'all' | 'split';
}

type Env = Record<string, string | undefined>;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readInteger(env: Env, name: string, fallback: number, min: number, max = Infinity) {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new Error(`${name}: expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function readConfigurations(env: Env): Configuration[] {
  const raw = nonEmpty(env.LOAD_CONFIGS) ?? 'sqlite:1,postgres:1,postgres:2,postgres:4';
  return raw.split(',').map((item) => {
    const match = /^(sqlite|postgres):(\d+)$/.exec(item.trim());
    if (match === null || Number(match[2]) < 1) {
      throw new Error(`LOAD_CONFIGS: expected items like postgres:2 or sqlite:1, got "${item}"`);
    }
    if (match[1] === 'sqlite' && match[2] !== '1') {
      throw new Error('LOAD_CONFIGS: SQLite runs one process (sqlite:1)');
    }
    return { dialect: match[1] as Dialect, processes: Number(match[2]) };
  });
}

function readSteps(env: Env): number[] {
  const raw = nonEmpty(env.LOAD_STEPS) ?? '25,50,70,100,120';
  const steps = raw.split(',').map((s) => Number(s.trim()));
  if (steps.some((s) => !Number.isInteger(s) || s < 1 || s > 1000)) {
    throw new Error(`LOAD_STEPS: expected percentages like 25,50,70,100,120, got "${raw}"`);
  }
  return steps;
}

function readRunner(env: Env): Runner | 'auto' {
  const raw = nonEmpty(env.LOAD_RUNNER) ?? 'auto';
  if (raw !== 'auto' && raw !== 'tsx' && raw !== 'dist') {
    throw new Error(`LOAD_RUNNER: expected auto, tsx or dist, got "${raw}"`);
  }
  return raw;
}

function readTopology(env: Env): 'all' | 'split' {
  const raw = nonEmpty(env.LOAD_TOPOLOGY) ?? 'all';
  if (raw !== 'all' && raw !== 'split') {
    throw new Error(`LOAD_TOPOLOGY: expected all or split, got "${raw}"`);
  }
  return raw;
}

function readScenario(env: Env): CheckInScenario {
  const raw = nonEmpty(env.LOAD_SCENARIO) ?? 'fleet';
  const scenario = LOAD_SCENARIOS.find((s) => s.key === raw);
  if (scenario === undefined) {
    const known = LOAD_SCENARIOS.map((s) => s.key).join(' or ');
    throw new Error(`LOAD_SCENARIO: expected ${known}, got "${raw}"`);
  }
  return scenario;
}

/** Variables of earlier versions, now defined by bench/scenarios.ts for both benchmarks. */
const REPLACED = ['LOAD_APPS', 'LOAD_USERS', 'LOAD_PREALLOCATED_PERCENT'];

/** The sizes of a smoke run (LOAD_SMOKE=1); a variable set explicitly still wins. */
const SMOKE = {
  configurations: 'sqlite:1,postgres:1',
  devices: 200,
  warmupSeconds: 0,
  peakSeconds: 2,
  steps: '50',
  stepSeconds: 2,
};

export function readLoadOptions(env: Env): LoadOptions {
  for (const name of REPLACED) {
    if (nonEmpty(env[name]) !== undefined) {
      throw new Error(
        `${name} is gone: bench/scenarios.ts defines the fleet for both benchmarks; ` +
          'LOAD_SCENARIO chooses the check-ins (README.md)',
      );
    }
  }
  const raw = nonEmpty(env.LOAD_SMOKE) ?? '0';
  if (raw !== '0' && raw !== '1') throw new Error(`LOAD_SMOKE: expected 0 or 1, got "${raw}"`);
  const smoke = raw === '1';
  // The smoke run's configurations and steps, unless set explicitly.
  const withSmoke: Env = {
    ...(smoke && {
      LOAD_CONFIGS: SMOKE.configurations,
      LOAD_STEPS: SMOKE.steps,
    }),
    ...env,
  };
  return {
    smoke,
    configurations: readConfigurations(withSmoke),
    databaseUrl: nonEmpty(env.DATABASE_URL) ?? DEFAULT_DATABASE_URL,
    scenario: readScenario(env),
    devices: readInteger(env, 'LOAD_DEVICES', smoke ? SMOKE.devices : 100_000, 1),
    steps: readSteps(withSmoke),
    warmupSeconds: readInteger(env, 'LOAD_WARMUP_SECONDS', smoke ? SMOKE.warmupSeconds : 5, 0),
    peakSeconds: readInteger(env, 'LOAD_PEAK_SECONDS', smoke ? SMOKE.peakSeconds : 15, 1),
    stepSeconds: readInteger(env, 'LOAD_STEP_SECONDS', smoke ? SMOKE.stepSeconds : 20, 1),
    connectionsPerProcess: readInteger(env, 'LOAD_CONNECTIONS', 16, 1),
    databaseConnections: readInteger(env, 'LOAD_DATABASE_CONNECTIONS', 6, 1, 400),
    timeoutSeconds: readInteger(env, 'LOAD_TIMEOUT_SECONDS', 10, 1),
    runner: readRunner(env),
    topology: readTopology(env),
  };
}
