/**
 * R-T7: the worker runs the syncs of different accounts at once (the jobs loop on SQLite,
 * pg-boss's `allot.job` workers on PostgreSQL) and never two syncs of one account. The store is
 * held, not slept on: a gate in the connectors' fetch keeps each sync's first read (`GET
 * /assets`) waiting until the test opens it, and records every store request with its token
 * and times, from which the overlaps are read.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/context.js';
import { startAppleEmulator } from '../../src/emulators/apple/index.js';
import { syncJobHandlers } from '../../src/jobs/accountTasks.js';
import { runQueuedJob } from '../../src/jobs/runner.js';
import type { Worker } from '../../src/jobs/worker.js';
import type { AppleWorld } from '../helpers/emulator.js';
import { addAppleAccount } from '../helpers/appleFlow.js';
import { createTestApp, FAST_APPLE, usingPostgres, type Client } from '../helpers/testApp.js';

interface StoreRequest {
  token: string;
  method: string;
  path: string;
  startedAt: number;
  endedAt: number | null;
}

/** The store's side of the connectors: every request logged, first reads held while closed. */
class StoreGate {
  readonly log: StoreRequest[] = [];
  private closed = false;
  private held: Array<{ token: string; release: () => void }> = [];
  private watchers = new Set<() => void>();

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const authorization = new Headers(init?.headers).get('authorization') ?? '';
    const entry: StoreRequest = {
      token: authorization.replace(/^Bearer /, ''),
      method: init?.method ?? 'GET',
      path: url.pathname,
      startedAt: Date.now(),
      endedAt: null,
    };
    if (this.closed && entry.method === 'GET' && url.pathname.endsWith('/mdm/v2/assets')) {
      await new Promise<void>((release) => {
        this.held.push({ token: entry.token, release });
        for (const watcher of this.watchers) watcher();
      });
      entry.startedAt = Date.now();
    }
    this.log.push(entry);
    try {
      return await globalThis.fetch(input, init);
    } finally {
      entry.endedAt = Date.now();
    }
  };

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    for (const { release } of this.held.splice(0)) release();
  }

  /** The tokens whose first read is being held, one entry per held request. */
  heldTokens(): string[] {
    return this.held.map((h) => h.token);
  }

  /** Resolves once `check` holds of the held requests; fails after `timeoutMs`. */
  async whenHeld(what: string, check: (tokens: string[]) => boolean, timeoutMs = 20_000) {
    if (check(this.heldTokens())) return;
    let watcher = () => undefined as void;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        watcher = () => {
          if (check(this.heldTokens())) resolve();
        };
        this.watchers.add(watcher);
        timer = setTimeout(
          () => reject(new Error(`not held: ${what} (${this.held.length} requests held)`)),
          timeoutMs,
        );
      });
    } finally {
      this.watchers.delete(watcher);
      clearTimeout(timer);
    }
  }

  /** From the first request of a token to the end of its last. */
  span(token: string, from = 0): { start: number; end: number } {
    const mine = this.log.filter((r) => r.token === token && r.startedAt >= from);
    return {
      start: Math.min(...mine.map((r) => r.startedAt)),
      end: Math.max(...mine.map((r) => r.endedAt ?? Infinity)),
    };
  }
}

/** Waits until every job has ended; fails after `timeoutMs`. */
async function jobsEnded(admin: Client, ids: string[], timeoutMs = 20_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await Promise.all(ids.map(async (id) => (await admin.get(`/jobs/${id}`)).body));
    if (jobs.every((j) => j.state === 'succeeded' || j.state === 'failed')) return jobs;
    if (Date.now() > deadline) throw new Error(`jobs not ended: ${JSON.stringify(jobs)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`R-T7: parallel syncs through the worker (${usingPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  const gate = new StoreGate();
  let w: AppleWorld;
  let worker: Worker | null = null;
  const ASSETS = [{ adamId: '770001', name: 'Parallel', totalCount: 10 }];

  beforeAll(async () => {
    const apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 5 });
    const t = await createTestApp({
      env: { ALLOT_APPLE_API_URL: apple.url },
      apple: { ...FAST_APPLE, fetch: gate.fetch },
    });
    w = {
      apple,
      t,
      async close() {
        await t.close();
        await apple.close();
      },
    };
  });
  afterEach(async () => {
    gate.open();
    await worker?.stop();
    worker = null;
  });
  afterAll(async () => {
    await w?.close();
  });

  const startWorker = async () => {
    worker = await w.t.ctx.jobs.startWorker(w.t.ctx, syncJobHandlers, {
      jobConcurrency: 4,
      pollingIntervalMs: 500,
    });
  };
  const syncNow = async (admin: Client, accountId: string): Promise<string> => {
    const response = await admin.post(`/accounts/${accountId}/sync`, {});
    expect(response.status).toBe(202);
    // What the server's request hook does after every write.
    w.t.ctx.jobs.kick();
    return response.body.jobId as string;
  };

  it('R-T7: the syncs of two accounts are at the store at the same time', async () => {
    const { admin } = await w.t.newTenant();
    const a = await addAppleAccount(w, admin, { assets: ASSETS });
    const b = await addAppleAccount(w, admin, { assets: ASSETS });
    gate.close();
    const jobIds = [await syncNow(admin, a.account.id), await syncNow(admin, b.account.id)];
    const from = Date.now();
    await startWorker();

    // Both first reads wait at the store together: the second sync did not queue behind the first.
    await gate.whenHeld(
      'both accounts',
      (held) => held.includes(a.sToken) && held.includes(b.sToken),
    );
    const running = await Promise.all(
      jobIds.map(async (id) => (await admin.get(`/jobs/${id}`)).body),
    );
    expect(running.map((j) => j.state)).toEqual(['running', 'running']);

    gate.open();
    const jobs = await jobsEnded(admin, jobIds);
    expect(jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
    const spanA = gate.span(a.sToken, from);
    const spanB = gate.span(b.sToken, from);
    expect(spanA.start, 'A began before B ended').toBeLessThan(spanB.end);
    expect(spanB.start, 'B began before A ended').toBeLessThan(spanA.end);
    const [jobA, jobB] = jobs;
    expect(Date.parse(jobA.startedAt)).toBeLessThan(Date.parse(jobB.finishedAt));
    expect(Date.parse(jobB.startedAt)).toBeLessThan(Date.parse(jobA.finishedAt));
  });

  it('R-T7: a second sync of an account waits for the first, while another account syncs', async () => {
    const { admin } = await w.t.newTenant();
    const c = await addAppleAccount(w, admin, { assets: ASSETS });
    const d = await addAppleAccount(w, admin, { assets: ASSETS });
    gate.close();
    await startWorker();
    const first = await syncNow(admin, c.account.id);
    await gate.whenHeld('the first sync of C', (held) => held.includes(c.sToken));

    // Queued while the first runs (a push notification, an impatient "sync now"), then another
    // account's sync queued after it: the worker passes over the second sync of C to reach D.
    const second = await syncNow(admin, c.account.id);
    expect(second).not.toBe(first);
    const other = await syncNow(admin, d.account.id);
    await gate.whenHeld('the sync of D', (held) => held.includes(d.sToken));
    expect(gate.heldTokens().filter((token) => token === c.sToken)).toHaveLength(1);
    expect((await admin.get(`/jobs/${second}`)).body.state).toBe('queued');

    // Another process asked to run it now (pg-boss hands it to whichever worker) turns it away.
    const elsewhere = await createAppContext(w.t.config, {
      apple: { ...FAST_APPLE, fetch: gate.fetch },
    });
    try {
      expect(await runQueuedJob(elsewhere, syncJobHandlers, second)).toBe(false);
    } finally {
      await elsewhere.close();
    }
    expect((await admin.get(`/jobs/${second}`)).body.state).toBe('queued');

    gate.open();
    const [one, two, three] = await jobsEnded(admin, [first, second, other]);
    expect([one.state, two.state, three.state]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(Date.parse(two.startedAt)).toBeGreaterThanOrEqual(Date.parse(one.finishedAt));
    // At the store: no request of C was in flight when its second sync began.
    const secondStart = Date.parse(two.startedAt);
    const straddling = gate.log.filter(
      (r) =>
        r.token === c.sToken && r.startedAt < secondStart && (r.endedAt ?? Infinity) > secondStart,
    );
    expect(straddling).toEqual([]);
    const afterSecond = gate.log.filter((r) => r.token === c.sToken && r.startedAt >= secondStart);
    expect(afterSecond.some((r) => r.path.endsWith('/mdm/v2/assets'))).toBe(true);
  });
});
