import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator } from '../../src/emulators/apple/index.js';
import { connectorFor } from '../../src/services/accounts/connections.js';
import { jobHandlers } from '../../src/jobs/handlers.js';
import { runQueuedJobs } from '../../src/jobs/runner.js';
import { runHistoryTasks } from '../../src/services/intelligence/historyTasks.js';
import { addAppleAccount, catalogApp, device, settle } from '../helpers/appleFlow.js';
import type { AppleWorld } from '../helpers/emulator.js';
import { createTestApp, ManualClock, type Client } from '../helpers/testApp.js';

const HOUR = 3600 * 1000;

// Allot's clock is moved by hand (the daily check); the emulator keeps the real time.
const clock = new ManualClock(new Date());
let w: AppleWorld;
beforeAll(async () => {
  const apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 5 });
  const t = await createTestApp({ clock, env: { ALLOT_APPLE_API_URL: apple.url } });
  w = {
    apple,
    t,
    async close() {
      await t.close();
      await apple.close();
    },
  };
});
afterAll(async () => w.close());

/** The minute's history work, as the worker runs it. */
const tick = () => runHistoryTasks(w.t.ctx, clock.now());

/** POST /drift/check, then the jobs runner runs the queued job; returns the finished job. */
async function checkNow(admin: Client): Promise<any> {
  const queued = await admin.post('/drift/check');
  expect(queued.status, queued.text).toBe(202);
  expect((await admin.get(`/jobs/${queued.body.jobId}`)).body.state).toBe('queued');
  expect(await runQueuedJobs(w.t.ctx, jobHandlers)).toBe(1);
  const job = await admin.get(`/jobs/${queued.body.jobId}`);
  expect(job.body.state, JSON.stringify(job.body)).toBe('succeeded');
  return job.body;
}

async function driftNotifications(tenantId: string, subjectId: string) {
  return w.t.ctx.db.kysely
    .selectFrom('notifications')
    .select(['state', 'message'])
    .where('tenantId', '=', tenantId)
    .where('kind', '=', 'drift')
    .where('subjectId', '=', subjectId)
    .orderBy('id')
    .execute();
}

/** An Apple account with one app on two iPads, every store call sent. */
async function syncedWorld(adamId: string) {
  const tenant = await w.t.newTenant();
  const { account } = await addAppleAccount(w, tenant.admin, {
    assets: [{ adamId, name: 'Drift', bundleId: `com.example.drift${adamId}`, totalCount: 5 }],
  });
  await catalogApp(tenant.admin, adamId, { target: { type: 'allDevices' }, intent: 'required' });
  const ipads = [];
  for (let i = 0; i < 2; i += 1) ipads.push((await device(tenant.admin)).device);
  for (const d of ipads) await tenant.admin.post('/check-in', { serialNumber: d.serialNumber });
  await settle(w.t);
  const row = await w.t.ctx.db.kysely
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', account.id)
    .executeTakeFirstOrThrow();
  return { ...tenant, account, row, ipads };
}

describe('drift', () => {
  it('R-X7: GET /drift shows the last comparison with each store; POST /drift/check runs one now', async () => {
    const x = await syncedWorld('600001');
    const before = await x.admin.get('/drift');
    expect(before.status, before.text).toBe(200);
    expect(before.body).toEqual({
      checkedAt: null,
      trigger: null,
      clean: null,
      stores: [],
      ledger: [],
    });

    const job = await checkNow(x.admin);
    expect(job.result).toMatchObject({ clean: true, differences: 0 });
    const clean = await x.admin.get('/drift');
    expect(clean.body).toMatchObject({
      checkedAt: clock.now().toISOString(),
      trigger: 'requested',
      clean: true,
      stores: [{ accountId: x.account.id, store: 'apple', state: 'clean', differences: [] }],
      ledger: [],
    });

    // Someone takes a licence back in the store behind Allot's back.
    await connectorFor(w.t.ctx, x.row).disassociate({
      products: [{ storeProductId: '600001', pricingParam: 'STDQ' }],
      subjects: [{ serialNumber: x.ipads[1].serialNumber }],
    });
    clock.advance(HOUR);
    const found = await checkNow(x.admin);
    expect(found.result).toMatchObject({ clean: false, differences: 1 });
    const drift = await x.admin.get('/drift');
    expect(drift.body).toMatchObject({ clean: false, ledger: [] });
    expect(drift.body.stores).toEqual([
      expect.objectContaining({
        accountId: x.account.id,
        state: 'drift',
        differences: [
          expect.objectContaining({
            kind: 'storeMissing',
            accountId: x.account.id,
            message: expect.stringContaining(x.ipads[1].serialNumber),
          }),
        ],
      }),
    ]);
    // Another tenant sees neither the comparison nor its differences.
    const other = await w.t.newTenant();
    expect((await other.admin.get('/drift')).body.checkedAt).toBeNull();
  });

  it("R-X7: a requested comparison asks only the requesting tenant's stores", async () => {
    const x = await syncedWorld('600004');
    await syncedWorld('600005');
    const listings = () => w.apple.requestLog.filter((r) => r.path === '/assignments').length;
    const before = listings();
    const job = await checkNow(x.admin);
    expect(job.result).toMatchObject({ clean: true });
    // One page of x's one location; the other tenants' locations (this one's and the earlier
    // tests') are not read.
    expect(listings() - before).toBe(1);
  });

  it('R-X7: a comparison with differences raises a drift notification, cleared once clean', async () => {
    const x = await syncedWorld('600002');
    const product = [{ storeProductId: '600002', pricingParam: 'STDQ' }];
    const subjects = [{ serialNumber: x.ipads[0].serialNumber }];
    await connectorFor(w.t.ctx, x.row).disassociate({ products: product, subjects });
    clock.advance(HOUR);
    await checkNow(x.admin);
    expect(await driftNotifications(x.id, x.account.id)).toMatchObject([{ state: 'active' }]);
    const listed = await x.admin.get('/notifications?kind=drift&state=active');
    expect(listed.body.items.map((n: any) => n.subject.id)).toEqual([x.account.id]);

    // Checked again while still different: still the one notification.
    clock.advance(HOUR);
    await checkNow(x.admin);
    expect(await driftNotifications(x.id, x.account.id)).toHaveLength(1);

    // The store holds the licence again: the next comparison is clean and clears it.
    await connectorFor(w.t.ctx, x.row).associate({ products: product, subjects });
    clock.advance(HOUR);
    await checkNow(x.admin);
    expect(await driftNotifications(x.id, x.account.id)).toMatchObject([{ state: 'cleared' }]);
    expect((await x.admin.get('/drift')).body.clean).toBe(true);
  });

  it('R-X7: a scheduled check compares every tenant once a day; a reader may look, not ask', async () => {
    const x = await syncedWorld('600003');
    const scheduled = () =>
      w.t.ctx.db.kysely
        .selectFrom('driftChecks')
        .select('checkedAt')
        .where('tenantId', '=', x.id)
        .where('trigger', '=', 'scheduled')
        .execute();
    // The first daily check waits a day after the task is first seen (not at start-up).
    await tick();
    clock.advance(HOUR);
    await tick();
    expect(await scheduled()).toHaveLength(0);
    clock.advance(24 * HOUR);
    await tick();
    expect(await scheduled()).toHaveLength(1);
    const report = await x.admin.get('/drift');
    expect(report.body).toMatchObject({ trigger: 'scheduled', clean: true });
    clock.advance(HOUR);
    await tick();
    expect(await scheduled()).toHaveLength(1);

    const reader = w.t.client(
      (await x.admin.post('/api-tokens', { name: 'r', role: 'readOnly' })).body.token,
    );
    expect((await reader.get('/drift')).status).toBe(200);
    expect((await reader.post('/drift/check')).status).toBe(403);
  });
});
