/**
 * Full syncs of many Apple locations at once (issue 16: "20 locations of 20,000 assignments
 * each, all at once, within 1.2× of one location's floor"). Apple's limit is per token: each
 * location has its own token at the emulator, which enforces 15 requests/s on each, so
 * locations that sync side by side do not slow each other down at the store. The floor is one
 * location's, as bench/sync.ts computes it: (the requests one location's sync must send) / 15
 * per second.
 *
 * Every location is added and synced while it has no assignments; then its assignments are
 * seeded straight into the emulator for subjects Allot never created (counted untracked, as in
 * bench/sync.ts). With the worker running (the jobs loop on SQLite, pg-boss on PostgreSQL), a
 * full sync of every account is requested through the API, one after the other as fast as they
 * go, and timed from the first request to the end of the last job (its `finishedAt`).
 */
import type { AppleEmulator } from '../src/emulators/apple/index.js';
import { newId } from '../src/ids.js';
import { syncJobHandlers } from '../src/jobs/accountTasks.js';
import { expectStatus, type BenchAllot } from './setup.js';

export interface ParallelSyncOptions {
  locations: number;
  /** Assignments of each location (100 per asset, as in bench/sync.ts). */
  assignments: number;
  /** Share of the assignments held by users (the rest by serial numbers). */
  userShare: number;
  /** Assignments per user and per serial number (distinct assets). */
  perSubject: number;
  /** The store's limit, requests per second per token. */
  requestsPerSecond: number;
  /** Jobs the worker runs at once (ALLOT_JOB_CONCURRENCY). */
  concurrency: number;
}

export interface ParallelSyncResult {
  locations: number;
  assets: number;
  assignments: number;
  /** From the first sync request to the end of the last job. */
  totalMs: number;
  /** From the first sync request to the last answer from the store. */
  lastAnswerMs: number;
  /** The longest single job, from its start to its end. */
  longestJobMs: number;
  /** The most jobs running at the same moment. */
  mostRunning: number;
  /** Store requests of all the syncs: wire pages and metadata lookups. */
  requests: number;
  rateLimited: number;
  /** One location's floor: its share of the requests / the rate limit. */
  floorMs: number;
  ratio: number;
  /** Jobs that did not succeed (each with its error), or that did not end. */
  failures: string[];
}

const ASSIGNMENTS_PER_ASSET = 100;
/** However slow the machine, a run that takes this long has stopped making progress. */
const GIVE_UP_MS = 30 * 60_000;

export async function benchParallelSync(
  allot: BenchAllot,
  apple: AppleEmulator,
  options: ParallelSyncOptions,
): Promise<ParallelSyncResult> {
  const tag = newId().slice(-8);
  const { admin } = await allot.newTenant(`bench-parallel-${tag}`);
  const assets = Math.max(1, Math.ceil(options.assignments / ASSIGNMENTS_PER_ASSET));
  const adamIds = Array.from({ length: assets }, (_, i) => String(600_001 + i));

  const locations: Array<{ locationId: string; accountId: string }> = [];
  for (let i = 0; i < options.locations; i += 1) {
    const name = `Parallel ${tag} ${i + 1}`;
    const { locationId, sToken } = apple.createLocation({
      organizationName: 'Bench District',
      locationName: name,
      assets: adamIds.map((adamId) => ({
        adamId,
        totalCount: ASSIGNMENTS_PER_ASSET + 10,
      })),
    });
    const account = expectStatus(
      await admin.post('/accounts', {
        store: 'apple',
        name,
        token: sToken,
        appleId: `vpp-parallel-${tag}-${i}@example.org`,
        accountType: 'education',
      }),
      201,
      'account',
    );
    locations.push({ locationId, accountId: account.id as string });
  }
  // The first syncs (assets only) are setup; the assignments arrive afterwards.
  await allot.settle();
  for (const [i, { locationId }] of locations.entries()) {
    apple.seed(locationId, { assignments: assignments(adamIds, `${tag}l${i}`, options) });
  }
  // The store's budget of every token is refilled, as it would be between syncs hours apart.
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const worker = await allot.ctx.jobs.startWorker(allot.ctx, syncJobHandlers, {
    jobConcurrency: options.concurrency,
    pollingIntervalMs: 500,
  });
  try {
    allot.traffic.reset();
    apple.resetStats();
    const startedAt = Date.now();
    const started = performance.now();
    const jobIds: string[] = [];
    for (const { accountId } of locations) {
      const { jobId } = expectStatus(
        await admin.post(`/accounts/${accountId}/sync`, { full: true }),
        202,
        'sync request',
      );
      jobIds.push(jobId as string);
      // What the server's request hook does after every write.
      allot.ctx.jobs.kick();
    }
    const jobs = await ended(allot, jobIds);

    const finished = jobs.map((j) => Date.parse(j.finishedAt ?? ''));
    const totalMs = Math.max(...finished) - startedAt;
    const lastAnswer = Math.max(started, ...allot.traffic.requests.map((r) => r.endedAt));
    let pages = 0;
    let rateLimited = 0;
    for (const request of apple.requestLog) {
      if (request.status === 429) rateLimited += 1;
      if (request.method === 'GET' && request.status === 200) pages += 1;
    }
    const requests = pages + (allot.traffic.byPath()['/lookup'] ?? 0);
    const floorMs = (requests / options.locations / options.requestsPerSecond) * 1000;
    return {
      locations: options.locations,
      assets,
      assignments: options.assignments,
      totalMs,
      lastAnswerMs: lastAnswer - started,
      longestJobMs: Math.max(...jobs.map((j) => runtimeOf(j))),
      mostRunning: mostAtOnce(jobs),
      requests,
      rateLimited,
      floorMs,
      ratio: totalMs / floorMs,
      failures: jobs
        .filter((j) => j.state !== 'succeeded')
        .map((j) => `${j.id}: ${j.state}${j.error === null ? '' : ` (${j.error})`}`),
    };
  } finally {
    await worker.stop();
  }
}

/** As bench/sync.ts: subject k holds `perSubject` consecutive assets, each pair distinct. */
function assignments(adamIds: string[], tag: string, options: ParallelSyncOptions) {
  const users = Math.round(options.assignments * options.userShare);
  return Array.from({ length: options.assignments }, (_, i) => {
    const adamId = adamIds[i % adamIds.length]!;
    const k = Math.floor(i / options.perSubject);
    return i < users
      ? { adamId, clientUserId: `bench-${tag}-user-${k}` }
      : { adamId, serialNumber: `PAR${tag.toUpperCase()}${String(k).padStart(7, '0')}` };
  });
}

interface JobTimes {
  id: string;
  state: string;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Waits until every job has ended (read from the jobs table, every 50 ms). */
async function ended(allot: BenchAllot, ids: string[]): Promise<JobTimes[]> {
  const deadline = Date.now() + GIVE_UP_MS;
  for (;;) {
    const jobs = await allot.ctx.db.kysely
      .selectFrom('jobs')
      .select(['id', 'state', 'error', 'startedAt', 'finishedAt'])
      .where('id', 'in', ids)
      .execute();
    if (jobs.length === ids.length && jobs.every((j) => j.finishedAt !== null)) return jobs;
    if (Date.now() > deadline) {
      throw new Error(`the syncs did not end: ${JSON.stringify(jobs.map((j) => j.state))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function runtimeOf(job: JobTimes): number {
  return Date.parse(job.finishedAt ?? '') - Date.parse(job.startedAt ?? job.finishedAt ?? '');
}

/** The most jobs whose [start, end) intervals overlap at one moment. */
function mostAtOnce(jobs: JobTimes[]): number {
  const edges = jobs.flatMap((j) => [
    { at: Date.parse(j.startedAt ?? j.finishedAt ?? ''), step: 1 },
    { at: Date.parse(j.finishedAt ?? ''), step: -1 },
  ]);
  // Ends before starts at the same millisecond: touching jobs did not overlap.
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) {
    now += edge.step;
    most = Math.max(most, now);
  }
  return most;
}
