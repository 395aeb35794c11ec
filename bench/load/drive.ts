/**
 * The load driver, run as its own process (`tsx bench/load/drive.ts spec.json`) so that it does
 * not share an event loop with the servers or the harness. It sends `POST /api/v1/check-in`
 * for random devices, spread round robin over every server's URL, and prints one JSON line
 * (DriveResult):
 * - unthrottled (the peak): autocannon, its connections spread over the URLs, each sending its
 *   next request as soon as the last one is answered;
 * - at a fixed rate: requests evenly spaced in time (open loop), each latency counted from the
 *   moment the request was due, so a server falling behind shows in the latencies. autocannon's
 *   own rate limit is not used for this: it lets every connection send its quota for the second
 *   in one burst at the start of each second (lib/httpClient.js), which measures a saturated
 *   server for part of every second however low the rate.
 */
import fs from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';
import { checkInBody, SCENARIOS, type ScenarioKey } from '../scenarios.js';

export interface DriveSpec {
  urls: string[];
  token: string;
  /** A JSON array of serial numbers to pick from at random. */
  serialsFile: string;
  /** The fleet's apps, reported as the scenario says (bench/scenarios.ts). */
  bundleIds: string[];
  scenario: ScenarioKey;
  connections: number;
  durationSeconds: number;
  /** Requests per second in all, evenly spaced; null = as fast as the servers answer. */
  rate: number | null;
  /**
   * At a fixed rate, seconds sent at that rate first and not counted: the driver is a new
   * process at each step, and its first second (its connections opening, its code not yet
   * compiled) would otherwise count as the servers' latency.
   */
  warmupSeconds: number;
  timeoutSeconds: number;
}

export interface DriveResult {
  requests: number;
  durationSeconds: number;
  perSecond: number;
  /** Latency of the 2xx answers, in ms. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  /** Connection errors and timeouts (no answer). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU the driver itself used, as a share of one core: near 100 % means it was the limit. */
  driverCpuPercent: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function unthrottled(spec: DriveSpec): Promise<DriveResult> {
  const body = checkInBodies(spec);
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const instance = autocannon({
    url: spec.urls,
    connections: spec.connections,
    duration: spec.durationSeconds,
    timeout: spec.timeoutSeconds,
    headers: { authorization: `Bearer ${spec.token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        path: '/api/v1/check-in',
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  const wallSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]),
  );
  return summarise({
    latencies,
    statusCodes,
    seconds: result.duration,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuPercent: ((used.user + used.system) / 1e6 / wallSeconds) * 100,
  });
}

/** A new check-in body for a random device at each call, as the scenario says. */
function checkInBodies(spec: DriveSpec): () => string {
  const serials = JSON.parse(fs.readFileSync(spec.serialsFile, 'utf8')) as string[];
  const scenario = SCENARIOS[spec.scenario];
  return () =>
    JSON.stringify(
      checkInBody(scenario, serials[Math.floor(Math.random() * serials.length)]!, spec.bundleIds),
    );
}

function summarise(run: {
  latencies: number[];
  statusCodes: Record<string, number>;
  seconds: number;
  errors: number;
  timeouts: number;
  cpuPercent: number;
}): DriveResult {
  const sorted = Float64Array.from(run.latencies).sort();
  const answered = Object.values(run.statusCodes).reduce((sum, n) => sum + n, 0);
  const ok = Object.entries(run.statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: answered,
    durationSeconds: run.seconds,
    perSecond: answered / run.seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
    non2xx: answered - ok,
    errors: run.errors,
    timeouts: run.timeouts,
    statusCodes: run.statusCodes,
    driverCpuPercent: run.cpuPercent,
  };
}

/**
 * `rate` requests per second for the duration, evenly spaced, round robin over the URLs; at
 * most `connections` sockets (a request due while all are busy waits for one, and its latency
 * includes the wait).
 */
async function paced(spec: DriveSpec, rate: number): Promise<DriveResult> {
  const body = checkInBodies(spec);
  const targets = spec.urls.map((url) => ({
    url: new URL('/api/v1/check-in', url),
    agent: new http.Agent({
      keepAlive: true,
      maxSockets: Math.max(1, Math.ceil(spec.connections / spec.urls.length)),
    }),
  }));
  const headers = { authorization: `Bearer ${spec.token}`, 'content-type': 'application/json' };
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let lastAnswer = 0;
  const intervalMs = 1000 / rate;
  const warmup = Math.round(rate * spec.warmupSeconds);
  const total = warmup + Math.max(1, Math.round(rate * spec.durationSeconds));
  const started = performance.now();
  const measuredFrom = started + warmup * intervalMs;
  let cpu = process.cpuUsage();

  const send = (index: number, due: number) =>
    new Promise<void>((resolve) => {
      const target = targets[index % targets.length]!;
      const request = http.request(target.url, { method: 'POST', agent: target.agent, headers });
      request.setTimeout(spec.timeoutSeconds * 1000, () => {
        if (index >= warmup) timeouts += 1;
        request.destroy(new Error('timeout'));
      });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => {
          const now = performance.now();
          lastAnswer = now;
          if (index < warmup) return resolve();
          const code = String(response.statusCode ?? 0);
          statusCodes[code] = (statusCodes[code] ?? 0) + 1;
          if (code.startsWith('2')) latencies.push(now - due);
          resolve();
        });
      });
      request.on('error', () => {
        if (index >= warmup) errors += 1;
        resolve();
      });
      request.end(body());
    });

  const inFlight: Array<Promise<void>> = [];
  for (let sent = 0; sent < total;) {
    const now = performance.now();
    const due = Math.min(total, Math.floor((now - started) / intervalMs) + 1);
    for (; sent < due; sent += 1) {
      if (sent === warmup) cpu = process.cpuUsage();
      inFlight.push(send(sent, started + sent * intervalMs));
    }
    const next = started + sent * intervalMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  await Promise.all(inFlight);
  for (const target of targets) target.agent.destroy();
  const used = process.cpuUsage(cpu);
  const seconds =
    (Math.max(lastAnswer, measuredFrom + spec.durationSeconds * 1000) - measuredFrom) / 1000;
  return summarise({
    latencies,
    statusCodes,
    seconds,
    errors,
    timeouts,
    cpuPercent:
      ((used.user + used.system) / 1e6 / ((performance.now() - measuredFrom) / 1000)) * 100,
  });
}

async function drive(spec: DriveSpec): Promise<DriveResult> {
  return spec.rate === null ? unthrottled(spec) : paced(spec, spec.rate);
}

const specFile = process.argv[2];
if (specFile === undefined) {
  console.error('usage: tsx bench/load/drive.ts <spec.json>');
  process.exit(2);
}
drive(JSON.parse(fs.readFileSync(specFile, 'utf8')) as DriveSpec).then(
  (result) => {
    console.log(JSON.stringify(result));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
