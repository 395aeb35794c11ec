/**
 * A full sync of a big location (issue: "1,000 assets and 100,000 assignments") against the
 * store's rate limit: the emulator enforces Apple's 15 requests/s per token, the connector
 * paces itself to the same limit, so the sync can take no less than (requests it must send)
 * / 15 seconds. The figure is the ratio of the measured time to that floor (target ≤ 1.2×).
 *
 * The assignments are seeded straight into the emulator for serial numbers and users Allot
 * never created, so Allot counts them as untracked (R-T5): what is measured is the cost of
 * reading and comparing them, not of adopting them. The sync runs as the `account.sync` job
 * (POST /accounts/{id}/sync with full: true, then the job runner), twice: the first one
 * learns the 100,000 untracked assignments, the second finds nothing changed.
 */
import type { AppleEmulator } from '../src/emulators/apple/index.js';
import { newId } from '../src/ids.js';
import { runQueuedJobs } from '../src/jobs/runner.js';
import { syncJobHandlers } from '../src/jobs/accountTasks.js';
import { expectStatus, type BenchAllot } from './setup.js';

export interface SyncOptions {
  assets: number;
  assignments: number;
  /** Share of the assignments held by users (the rest by serial numbers). */
  userShare: number;
  /** Assignments per user and per serial number (distinct assets). */
  perSubject: number;
  /** The store's limit, requests per second per token. */
  requestsPerSecond: number;
}

export interface SyncRun {
  name: string;
  totalMs: number;
  /** From the sync's start to the end of its last store request. */
  readMs: number;
  /** The rest: the ledger transaction and the job's bookkeeping. */
  applyMs: number;
  /** Wire pages per endpoint, from the emulator's request log. */
  pages: { assets: number; assignments: number; users: number; other: number };
  /** Metadata lookups (not on the wire API, but paced by the same connector). */
  lookups: number;
  /** Answers 429 (rate limited) seen by the emulator. */
  rateLimited: number;
  floorMs: number;
  ratio: number;
  untracked: number;
}

export interface SyncBenchResult {
  runs: SyncRun[];
  seeded: { assets: number; assignments: number; users: number };
}

export async function benchSync(
  allot: BenchAllot,
  apple: AppleEmulator,
  options: SyncOptions,
): Promise<SyncBenchResult> {
  const tag = newId().slice(-8);
  const { admin } = await allot.newTenant(`bench-sync-${tag}`);
  const perAsset = Math.ceil(options.assignments / options.assets);
  const adamIds = Array.from({ length: options.assets }, (_, i) => String(500_001 + i));
  const { locationId, sToken } = apple.createLocation({
    organizationName: 'Bench School',
    locationName: `Sync ${tag}`,
    assets: adamIds.map((adamId) => ({ adamId, totalCount: perAsset + 10 })),
  });
  const account = expectStatus(
    await admin.post('/accounts', {
      store: 'apple',
      name: `Sync ${tag}`,
      token: sToken,
      appleId: `vpp-sync-${tag}@example.org`,
      accountType: 'education',
    }),
    201,
    'account',
  );
  // The first sync (assets only) is setup; the assignments arrive afterwards.
  await allot.settle();
  const seeded = apple.seed(locationId, { assignments: assignments(adamIds, tag, options) });

  const runs: SyncRun[] = [];
  for (const name of ['first full sync (learns them)', 'repeat full sync (no change)']) {
    runs.push(await fullSync(allot, apple, admin, account.id as string, name, options));
  }
  return {
    runs,
    seeded: {
      assets: options.assets,
      assignments: seeded.assignments,
      // Users the seed created for the clientUserIds it did not know.
      users: apple.listUsers(locationId).length,
    },
  };
}

/**
 * Subject k holds `perSubject` consecutive assets, so every (asset, subject) pair is distinct
 * and every asset ends with the same number of licences assigned.
 */
function assignments(adamIds: string[], tag: string, options: SyncOptions) {
  const users = Math.round(options.assignments * options.userShare);
  return Array.from({ length: options.assignments }, (_, i) => {
    const adamId = adamIds[i % adamIds.length]!;
    const k = Math.floor(i / options.perSubject);
    return i < users
      ? { adamId, clientUserId: `bench-${tag}-user-${k}` }
      : { adamId, serialNumber: `SYNC${tag.toUpperCase()}${String(k).padStart(7, '0')}` };
  });
}

async function fullSync(
  allot: BenchAllot,
  apple: AppleEmulator,
  admin: Awaited<ReturnType<BenchAllot['newTenant']>>['admin'],
  accountId: string,
  name: string,
  options: SyncOptions,
): Promise<SyncRun> {
  const { jobId } = expectStatus(
    await admin.post(`/accounts/${accountId}/sync`, { full: true }),
    202,
    'sync request',
  );
  // The store's budget is refilled, as it would be between two syncs hours apart.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  allot.traffic.reset();
  apple.resetStats();
  const started = performance.now();
  const ran = await runQueuedJobs(allot.ctx, syncJobHandlers);
  const totalMs = performance.now() - started;
  const job = expectStatus(await admin.get(`/jobs/${jobId}`), 200, 'job');
  if (ran !== 1 || job.state !== 'succeeded') {
    throw new Error(`the sync job did not succeed (${ran} ran): ${JSON.stringify(job)}`);
  }
  const lastResponse = Math.max(started, ...allot.traffic.requests.map((r) => r.endedAt));
  const pages = { assets: 0, assignments: 0, users: 0, other: 0 };
  let rateLimited = 0;
  for (const request of apple.requestLog) {
    if (request.status === 429) rateLimited += 1;
    if (request.method !== 'GET' || request.status !== 200) continue;
    if (request.path === '/assets') pages.assets += 1;
    else if (request.path === '/assignments') pages.assignments += 1;
    else if (request.path === '/users') pages.users += 1;
    else pages.other += 1;
  }
  const lookups = allot.traffic.byPath()['/lookup'] ?? 0;
  const requests = pages.assets + pages.assignments + pages.users + pages.other + lookups;
  const floorMs = (requests / options.requestsPerSecond) * 1000;
  return {
    name,
    totalMs,
    readMs: lastResponse - started,
    applyMs: totalMs - (lastResponse - started),
    pages,
    lookups,
    rateLimited,
    floorMs,
    ratio: totalMs / floorMs,
    untracked: Number(job.result?.untrackedLicenses ?? NaN),
  };
}
