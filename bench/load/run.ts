/**
 * The load harness (`npm run bench:load`, README.md): for each configuration — SQLite ×1 and
 * PostgreSQL ×1, ×2, ×4 by default — loads the data, starts that many `allot serve` processes,
 * measures the peak check-in throughput from a separate driver process, then drives 25 %, 50 %,
 * 70 %, 100 % and 120 % of that peak and prints throughput, latency, errors and peak RSS.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import {
  chooseRunner,
  freePort,
  REPO_ROOT,
  startAllotProcess,
  type AllotProcess,
  type Runner,
} from './allotProcess.js';
import type { ServerRole } from '../../src/server.js';
import { answerProblem, checkInBody, FLEET, SCENARIOS, type CheckInAnswer } from '../scenarios.js';
import { buildDataset, type Dataset } from './dataset.js';
import type { DriveResult, DriveSpec } from './drive.js';
import { readLoadOptions, type Configuration, type LoadOptions } from './options.js';
import {
  configurationTable,
  describeConfiguration,
  summaryTable,
  type ConfigurationReport,
  type StepReport,
} from './report.js';

function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2));
  return [
    `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}, ` +
      `Node ${process.version}`,
    `load average (1, 5, 15 min): ${load.join(', ')}`,
  ].join('\n');
}

async function postgresVersion(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string; max: string }>(
      "select split_part(version(), ' on ', 1) as v, current_setting('max_connections') as max",
    );
    return `${rows[0]!.v}, max_connections ${rows[0]!.max}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Seconds each fixed-rate step is driven at its rate before it is measured. */
const STEP_WARMUP_SECONDS = 2;

/** Runs the driver in its own process and returns what it measured. */
async function drive(spec: DriveSpec, workDir: string): Promise<DriveResult> {
  const specFile = path.join(workDir, 'drive-spec.json');
  fs.writeFileSync(specFile, JSON.stringify(spec));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load/drive.ts', specFile], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const guard = setTimeout(
    () => child.kill('SIGKILL'),
    (spec.warmupSeconds + spec.durationSeconds + 60) * 1000,
  );
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(guard);
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) {
    throw new Error(`the driver failed (exit ${code}): ${stderr.slice(-2000)}`);
  }
  return JSON.parse(last) as DriveResult;
}

/** One steady-state check-in of a device that holds its licences: 200, nothing to install. */
async function sanityCheck(server: AllotProcess, dataset: Dataset): Promise<void> {
  if (dataset.preallocatedSerial === null) return;
  const steady = SCENARIOS.steady;
  const response = await fetch(`${server.url}/api/v1/check-in`, {
    method: 'POST',
    headers: { authorization: `Bearer ${dataset.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(checkInBody(steady, dataset.preallocatedSerial, dataset.bundleIds)),
  });
  const body = (await response.json()) as CheckInAnswer;
  const problem =
    response.status === 200 ? answerProblem(steady, body) : JSON.stringify(body).slice(0, 500);
  if (problem !== null) {
    throw new Error(
      `sanity check: a device holding its licences got ${response.status}: ${problem}`,
    );
  }
}

async function runConfiguration(
  configuration: Configuration,
  options: LoadOptions,
  apple: AppleEmulator,
  runner: Runner,
  workDir: string,
): Promise<ConfigurationReport> {
  const name = describeConfiguration(configuration);
  const report: ConfigurationReport = { configuration, steps: [], peakRssMb: [] };
  console.log(`\n${name}: loading data …`);
  const dataset = await buildDataset(configuration, options, apple, workDir);
  const servers: AllotProcess[] = [];
  let worker: AllotProcess | null = null;
  const peakKb: number[] = [];
  const notePeaks = () =>
    servers.forEach((s, i) => (peakKb[i] = Math.max(peakKb[i] ?? 0, s.peakRssKb() ?? 0)));
  try {
    console.log(
      `${name}: ${options.devices} devices, ${dataset.users} users, ${FLEET.appsPerDevice} apps required ` +
        `on All Devices, ${dataset.preallocated} devices holding their licences; ` +
        `set up in ${dataset.setupSeconds.toFixed(0)} s`,
    );
    const role = options.topology === 'split' ? 'api' : 'all';
    const start = async (i: number, as: ServerRole) =>
      startAllotProcess({
        env: dataset.env,
        port: await freePort(),
        role: as,
        runner,
        logFile: path.join(workDir, `${configuration.dialect}-${configuration.processes}-${i}.log`),
      });
    // The first one alone (it checks the migrations), then the others together.
    servers.push(await start(0, role));
    servers.push(
      ...(await Promise.all(
        Array.from({ length: configuration.processes - 1 }, (_, i) => start(i + 1, role)),
      )),
    );
    if (options.topology === 'split') worker = await start(configuration.processes, 'worker');
    await sanityCheck(servers[0]!, dataset);
    const spec = (seconds: number, rate: number | null): DriveSpec => ({
      urls: servers.map((s) => s.url),
      token: dataset.token,
      serialsFile: dataset.serialsFile,
      bundleIds: dataset.bundleIds,
      scenario: options.scenario.key,
      connections: options.connectionsPerProcess * servers.length,
      durationSeconds: seconds,
      rate,
      warmupSeconds: rate === null ? 0 : STEP_WARMUP_SECONDS,
      timeoutSeconds: options.timeoutSeconds,
    });
    const step = async (label: string, seconds: number, target: number | null) => {
      notePeaks();
      const reset = servers.map((s) => s.resetPeakRss());
      const before = await dataset.activeLicenses();
      const result = await drive(spec(seconds, target), workDir);
      const entry: StepReport = {
        label,
        target,
        result,
        newLicenses: (await dataset.activeLicenses()) - before,
        rssMb: servers.map((s, i) => {
          const kb = reset[i] ? s.peakRssKb() : null;
          return kb === null ? null : kb / 1024;
        }),
      };
      notePeaks();
      const dead = servers.filter((s) => !s.alive());
      if (dead.length > 0) {
        throw new Error(`a server died during "${label}":\n${dead[0]!.logTail()}`);
      }
      // A smoke run's load is light: any answer but 2xx means the harness or Allot is broken.
      if (options.smoke && result.non2xx + result.errors > 0) {
        throw new Error(
          `"${label}": ${result.non2xx} non-2xx answers (${JSON.stringify(result.statusCodes)}), ` +
            `${result.errors} without an answer\n${servers[0]!.logTail()}`,
        );
      }
      return entry;
    };

    if (options.warmupSeconds > 0) await step('warm-up', options.warmupSeconds, null);
    const peak = await step('peak', options.peakSeconds, null);
    report.steps.push(peak);
    console.log(`${name}: peak ${peak.result.perSecond.toFixed(0)} check-ins/s`);
    for (const percent of options.steps) {
      const target = Math.max(1, Math.round((peak.result.perSecond * percent) / 100));
      report.steps.push(await step(`${percent} %`, options.stepSeconds, target));
    }
  } catch (error) {
    report.failure = error instanceof Error ? error.message : String(error);
    console.log(`${name}: FAILED: ${report.failure}`);
  } finally {
    notePeaks();
    report.peakRssMb = peakKb.map((kb) => (kb === 0 ? null : kb / 1024));
    if (worker !== null) {
      const kb = worker.peakRssKb();
      report.workerPeakRssMb = kb === null ? null : kb / 1024;
    }
    await Promise.all([...servers, ...(worker === null ? [] : [worker])].map((s) => s.stop()));
    await dataset.cleanup();
  }
  if (report.steps.length > 0) {
    console.log(configurationTable(report));
    for (const s of report.steps) {
      const refused = Object.entries(s.result.statusCodes).filter(
        ([code]) => !code.startsWith('2'),
      );
      if (refused.length > 0) {
        console.log(
          `  ${s.label}: non-2xx answers ${refused.map(([c, n]) => `${c}×${n}`).join(', ')}`,
        );
      }
    }
    console.log(
      `  peak RSS per process over the run: ${report.peakRssMb.map((v) => (v === null ? '?' : Math.round(v))).join(', ')} MB` +
        (report.workerPeakRssMb === undefined
          ? ''
          : `; worker ${report.workerPeakRssMb === null ? '?' : Math.round(report.workerPeakRssMb)} MB`),
    );
  }
  return report;
}

async function main(): Promise<void> {
  const options = readLoadOptions(process.env);
  const { runner, why } = chooseRunner(options.runner);
  console.log(machine());
  if (options.smoke) console.log('SMOKE RUN (LOAD_SMOKE=1): tiny sizes; the figures mean nothing');
  console.log(
    `check-ins (bench/scenarios.ts): ${options.scenario.name}: ${options.scenario.does}; ` +
      `${FLEET.appsPerDevice} apps required on All Devices, ${FLEET.devicesPerUser} devices per primary user`,
  );
  console.log(
    `servers: node ${runner === 'dist' ? 'bin/allot.js' : '--import tsx src/main.ts'} serve ` +
      (options.topology === 'split'
        ? '--role=api × N, plus one --role=worker taking no requests'
        : '--role=all × N') +
      ` (${why})`,
  );
  if (options.configurations.some((c) => c.dialect === 'postgres')) {
    console.log(`PostgreSQL: ${await postgresVersion(options.databaseUrl)}`);
    console.log(
      `PostgreSQL connections for Allot's tables: ${options.databaseConnections} in all per ` +
        'configuration, shared evenly by its processes (LOAD_DATABASE_CONNECTIONS)',
    );
  }
  console.log(
    `load: ${options.connectionsPerProcess} HTTP connections per process; warm-up ${options.warmupSeconds} s, ` +
      `peak ${options.peakSeconds} s, then ${options.steps.join(', ')} % of it for ${options.stepSeconds} s each`,
  );
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-load-'));
  // Apple's page size; no rate limit, so store calls never slow what is measured.
  const apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 20 });
  const reports: ConfigurationReport[] = [];
  try {
    for (const configuration of options.configurations) {
      reports.push(await runConfiguration(configuration, options, apple, runner, workDir));
    }
  } finally {
    await apple.close();
    if (reports.every((r) => r.failure === undefined)) {
      fs.rmSync(workDir, { recursive: true, force: true });
    } else {
      console.log(`\nserver logs kept in ${workDir}`);
    }
  }
  console.log(`\nSummary (indicative; ${machine().split('\n')[1]})`);
  console.log(summaryTable(reports));
  if (reports.some((r) => r.failure !== undefined)) process.exitCode = 1;
}

await main();
