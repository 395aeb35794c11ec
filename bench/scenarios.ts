/**
 * What the two check-in benchmarks check in, defined once: `npm run bench` (bench/checkIn.ts,
 * in-process, round by round, beside its floor) and `npm run bench:load` (bench/load/, over HTTP
 * to `allot serve` processes) set up the same fleet and send the same check-ins, so that their
 * figures can be compared (bench/README.md, "How the two benchmarks relate").
 */

/**
 * The fleet: Apple apps, each required on All Devices and given as device licences; iPadOS
 * devices, each with a primary user (several devices per user); no groups.
 */
export const FLEET = {
  /** Apps required on All Devices: the licences a device takes, the installs it reports. */
  appsPerDevice: 10,
  /** Devices per primary user. */
  devicesPerUser: 5,
  platform: 'ipados',
  /** The version every device reports for every app. */
  version: '1.0',
  /**
   * Licences per app for each device that may take one: the pools stay under a third used, so
   * under the lowest usage notification threshold (50 %), and no check-in raises one.
   */
  licencesPerDevice: 3,
} as const;

export type ScenarioKey = 'allocation' | 'installed' | 'steady' | 'fleet';

/** One kind of check-in, as a share of devices that take their licences and what they report. */
export interface CheckInScenario {
  key: ScenarioKey;
  /** As printed. */
  name: string;
  /**
   * Share (0–1) of the devices checked in that hold no licence yet: their check-in takes
   * `FLEET.appsPerDevice` licences. The others hold theirs already.
   */
  allocatingShare: number;
  /** What each check-in reports installed: nothing, or every app of the fleet. */
  reports: 'nothing' | 'everyApp';
  /** Whether the devices holding their licences had already reported their apps installed. */
  installedBefore: boolean;
  /** What a check-in of this scenario does, for the READMEs and the first lines printed. */
  does: string;
}

const n = FLEET.appsPerDevice;

export const SCENARIOS: Record<ScenarioKey, CheckInScenario> = {
  allocation: {
    key: 'allocation',
    name: `allocation (${n} licences each)`,
    allocatingShare: 1,
    reports: 'nothing',
    installedBefore: false,
    does: `a device's first check-in: ${n} licences taken, ${n} install commands back`,
  },
  installed: {
    key: 'installed',
    name: `installed reported (${n} installs change)`,
    allocatingShare: 0,
    reports: 'everyApp',
    installedBefore: false,
    does: `the device reports its ${n} apps installed: ${n} installs move to installed`,
  },
  steady: {
    key: 'steady',
    name: 'steady state (nothing changes)',
    allocatingShare: 0,
    reports: 'everyApp',
    installedBefore: true,
    does: 'the same report again: nothing changes but the last check-in time',
  },
  fleet: {
    key: 'fleet',
    name: 'fleet (10 % allocating)',
    allocatingShare: 0.1,
    reports: 'everyApp',
    installedBefore: true,
    does:
      `steady-state check-ins, except that a tenth of the devices hold no licence before their ` +
      `first check-in (${n} licences taken, the apps reported installed at once)`,
  },
};

/** The rounds of `npm run bench`, in order: each device goes through all three. */
export const BENCH_ROUNDS: readonly CheckInScenario[] = [
  SCENARIOS.allocation,
  SCENARIOS.installed,
  SCENARIOS.steady,
];

/** The scenarios `npm run bench:load` can drive (LOAD_SCENARIO); `fleet` by default. */
export const LOAD_SCENARIOS: readonly CheckInScenario[] = [SCENARIOS.fleet, SCENARIOS.steady];

/** Whether the i-th device of a fleet of that scenario holds its licences before the load. */
export function holdsLicences(scenario: CheckInScenario, i: number): boolean {
  // Spread evenly over the devices, in whole percents.
  const held = Math.round((1 - scenario.allocatingShare) * 100);
  return Math.floor(((i + 1) * held) / 100) > Math.floor((i * held) / 100);
}

/** The body of `POST /api/v1/check-in` for a device of the scenario. */
export function checkInBody(
  scenario: CheckInScenario,
  serialNumber: string,
  bundleIds: readonly string[],
): { serialNumber: string; installed?: Array<{ bundleId: string; version: string }> } {
  if (scenario.reports === 'nothing') return { serialNumber };
  return {
    serialNumber,
    installed: bundleIds.map((bundleId) => ({ bundleId, version: FLEET.version })),
  };
}

/** What a check-in answered, as far as the benchmarks look at it. */
export interface CheckInAnswer {
  commands: Array<{ type: string }>;
  apps: Array<{ state: string }>;
}

/**
 * What is wrong with a check-in's answer for the scenario, or null: a first check-in that
 * reports nothing gets an install command per app, every app pending; a check-in that reports
 * every app gets no command, every app installed.
 */
export function answerProblem(scenario: CheckInScenario, answer: CheckInAnswer): string | null {
  const ok =
    scenario.reports === 'nothing'
      ? answer.commands.filter((c) => c.type === 'install').length === n &&
        answer.apps.length === n &&
        answer.apps.every((a) => a.state === 'pending')
      : answer.commands.length === 0 &&
        answer.apps.length === n &&
        answer.apps.every((a) => a.state === 'installed');
  if (ok) return null;
  const expected =
    scenario.reports === 'nothing'
      ? `${n} install commands, ${n} apps pending`
      : `no command, ${n} apps installed`;
  return `expected ${expected}, got ${JSON.stringify(answer).slice(0, 300)}`;
}
