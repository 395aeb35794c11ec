/**
 * R-V8, R-T7 on PostgreSQL: two worker processes (two contexts, each with its own pg-boss
 * connection) share one schema. A scheduled run (the sync schedule's cron) and a kicked outbox
 * delivery each run once, in one of them; the API side only sends. SQLite has one process and
 * no pg-boss: skipped there.
 */
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../src/context.js';
import { bossSchema, QUEUES } from '../../src/jobs/boss.js';
import { syncJobHandlers } from '../../src/jobs/accountTasks.js';
import type { Worker } from '../../src/jobs/worker.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import { addAppleAccount, catalogApp, device } from '../helpers/appleFlow.js';
import { FAST_APPLE, usingPostgres } from '../helpers/testApp.js';

interface LogLine {
  msg: string;
  queue?: string;
  jobId?: string;
  result?: { sent?: number };
  process: string;
}

async function waitFor<T>(what: string, check: () => Promise<T | null>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!usingPostgres)(
  'R-V8, R-T7: jobs shared by two worker processes (PostgreSQL)',
  () => {
    let w: AppleWorld;
    const lines: LogLine[] = [];
    const contexts: AppContext[] = [];
    const workers: Worker[] = [];

    /** A second "process": its own context (pools, pg-boss connection) on the same schema. */
    async function workerProcess(name: string): Promise<void> {
      const logger = pino(
        { level: 'debug' },
        { write: (line: string) => void lines.push({ ...JSON.parse(line), process: name }) },
      );
      const ctx = await createAppContext(w.t.config, { logger, apple: FAST_APPLE });
      contexts.push(ctx);
      workers.push(await ctx.jobs.startWorker(ctx, syncJobHandlers, { pollingIntervalMs: 500 }));
    }

    /** The `background job done` lines of a queue, from both processes. */
    const runs = (queue: string) =>
      lines.filter((l) => l.msg === 'background job done' && l.queue === queue);

    beforeAll(async () => {
      w = await startAppleWorld();
    });
    afterAll(async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
      await Promise.all(contexts.map((ctx) => ctx.close()));
      await w?.close();
    });

    it('R-V8, R-T7: a scheduled run and a kicked store call each run once across two workers', async () => {
      const { admin } = await w.t.newTenant();
      const { locationId, account } = await addAppleAccount(w, admin, {
        assets: [{ adamId: '880001', name: 'Shared', totalCount: 10 }],
      });
      await catalogApp(admin, '880001', {
        target: { type: 'allDevices' },
        intent: 'required',
      });
      const startedAt = Date.now();
      await workerProcess('a');
      await workerProcess('b');

      // The sync schedule's cron fires once a minute; each firing is one pg-boss job, worked once.
      await waitFor('a run of the sync schedule', async () =>
        runs(QUEUES.syncSchedule).length > 0 ? true : null,
      );
      // Two pollings more: a second process working the same run would have done so by now.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const boss = bossSchema(w.t.config.databaseSchema);
      const { rows: fired } = await sqlRows<{ id: string; state: string }>(
        `SELECT id, state FROM "${boss}".job WHERE name = $1
       UNION ALL SELECT id, state FROM "${boss}".archive WHERE name = $1`,
        [QUEUES.syncSchedule],
      );
      const ranIds = runs(QUEUES.syncSchedule).map((l) => l.jobId);
      expect(new Set(ranIds).size, 'no run worked twice').toBe(ranIds.length);
      const completed = fired.filter((j) => j.state === 'completed').map((j) => j.id);
      expect([...ranIds].sort()).toEqual([...completed].sort());
      // One firing per minute, whatever the number of processes.
      const minutes = Math.floor(Date.now() / 60_000) - Math.floor(startedAt / 60_000) + 1;
      expect(fired.length, 'one run per firing').toBeLessThanOrEqual(minutes);

      // A check-in through the API records a store call; the API side kicks (it only sends).
      const before = lines.length;
      const requestsBefore = w.apple.requestLog.length;
      const { device: ipad } = await device(admin);
      const checkIn = await admin.post('/check-in', { serialNumber: ipad.serialNumber });
      expect(checkIn.status).toBe(200);
      w.t.ctx.jobs.kick();
      await waitFor('the associate call at the store', async () =>
        w.apple.listAssignments(locationId).some((a) => a.serialNumber === ipad.serialNumber)
          ? true
          : null,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const associates = w.apple.requestLog
        .slice(requestsBefore)
        .filter((r) => r.path === '/assets/associate' && r.status === 200);
      expect(associates).toHaveLength(1);
      const sending = lines
        .slice(before)
        .filter(
          (l) =>
            l.msg === 'background job done' &&
            l.queue === QUEUES.outbox &&
            (l.result?.sent ?? 0) > 0,
        );
      expect(sending, 'one drain, in one process, sent the call').toHaveLength(1);
      const licenses = (await admin.get(`/licenses?accountId=${account.id}&state=active`)).body
        .items;
      expect(licenses.map((l: any) => l.storeState)).toEqual(['confirmed']);
    });

    async function sqlRows<R extends pg.QueryResultRow>(text: string, values: unknown[]) {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      try {
        return await client.query<R>(text, values);
      } finally {
        await client.end();
      }
    }
  },
);
