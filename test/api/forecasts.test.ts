import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../src/domain/exhaustion.js';
import { forecastForAssignment } from '../../src/services/catalog/assignmentForecast.js';
import { newId } from '../../src/ids.js';
import { runHistoryTasks } from '../../src/services/intelligence/historyTasks.js';
import { createDevice, createGroup } from '../factories/directory.js';
import {
  defaultSpaceId,
  insertAccount,
  insertInstall,
  insertPool,
  insertProduct,
} from '../factories/ledger.js';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';

const DAY = 24 * 3600 * 1000;
const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
/** Each world starts a month after the last: the periodic tasks' clock only moves forward. */
let worlds = 0;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

/** Sets a pool's counts, as a sync or the day's check-ins would. */
async function setPool(poolId: string, counts: { inUse?: number; total?: number }) {
  await t.ctx.db.kysely.updateTable('pools').set(counts).where('id', '=', poolId).execute();
}

/**
 * A pool of 40 seats whose use grows by two a day from 10, recorded over ten days by the
 * minute's history task; the clock ends on the tenth day (28 in use: 12 left, 6 days).
 */
async function growingPool() {
  const tenant = await t.newTenant();
  const spaceId = await defaultSpaceId(t, tenant.id);
  const accountId = await insertAccount(t, tenant.id, { spaceId, name: 'Main' });
  const productId = await insertProduct(t, tenant.id, { name: 'Pages' });
  const poolId = await insertPool(t, tenant.id, { accountId, productId, total: 40 });
  const start = Date.parse('2026-06-01T09:00:00.000Z') + worlds * 30 * DAY;
  worlds += 1;
  for (let day = 0; day < 10; day += 1) {
    clock.set(new Date(start + day * DAY));
    await setPool(poolId, { inUse: 10 + 2 * day });
    await runHistoryTasks(t.ctx, clock.now());
  }
  return { ...tenant, spaceId, accountId, productId, poolId, today: dayOf(clock.now()) };
}

async function forecastNotifications(tenantId: string, poolId: string) {
  return t.ctx.db.kysely
    .selectFrom('notifications')
    .select(['state', 'severity', 'message'])
    .where('tenantId', '=', tenantId)
    .where('kind', '=', 'forecast')
    .where('subjectId', '=', poolId)
    .orderBy('id')
    .execute();
}

describe('exhaustion forecast', () => {
  it('R-X2: each pool shows when it runs out from its history, with the range', async () => {
    const w = await growingPool();
    const res = await w.admin.get(`/forecasts?spaceId=${w.spaceId}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      poolId: w.poolId,
      productId: w.productId,
      accountId: w.accountId,
      total: 40,
      inUse: 28,
      demand: 0,
      runsOutOn: addDays(w.today, 6),
      // An exact trend: the range is the date itself.
      earliest: addDays(w.today, 6),
      latest: addDays(w.today, 6),
    });
    expect(res.body.items[0].slopePerDay).toBeCloseTo(2, 6);

    // Another tenant sees none of it; an unknown space is a 404.
    const other = await t.newTenant();
    expect((await other.admin.get('/forecasts')).body.items).toEqual([]);
    expect((await other.admin.get(`/forecasts?spaceId=${w.spaceId}`)).status).toBe(404);
  });

  it('R-X2: subjects refused a licence are pending demand that brings the date forward', async () => {
    const w = await growingPool();
    const app = (await w.admin.post('/catalog-apps', { productId: w.productId })).body;
    for (const serial of ['FCSTIPAD0001', 'FCSTIPAD0002']) {
      const device = await createDevice(w.admin, { serialNumber: serial });
      const installId = await insertInstall(t, {
        tenantId: w.id,
        deviceId: device.id,
        catalogAppId: app.id,
        licenseId: null,
      });
      // As a check-in leaves a targeted device for which no licence was left (R-A6).
      await t.ctx.db.kysely
        .updateTable('installs')
        .set({ state: 'noLicense', productId: w.productId })
        .where('id', '=', installId)
        .execute();
    }
    const res = await w.admin.get('/forecasts');
    expect(res.body.items[0]).toMatchObject({ demand: 2, runsOutOn: addDays(w.today, 5) });

    // The waitlist (R-X4) is demand too; a device both refused and queued counts once.
    const queued = await createDevice(w.admin, { serialNumber: 'FCSTIPAD0003' });
    const refused = (await w.admin.get('/devices?limit=50')).body.items.find(
      (d: any) => d.serialNumber === 'FCSTIPAD0001',
    );
    for (const deviceId of [queued.id, refused.id]) {
      await t.ctx.db.kysely
        .insertInto('waitlistEntries')
        .values({
          id: newId(),
          tenantId: w.id,
          catalogAppId: app.id,
          productId: w.productId,
          deviceId,
          reason: 'noLicense',
          queuedAt: clock.now().toISOString(),
        })
        .execute();
    }
    const withQueue = await w.admin.get('/forecasts');
    expect(withQueue.body.items[0]).toMatchObject({ demand: 3 });
  });

  it('R-X2: a pool running out within 30 days raises a forecast notification, cleared once it no longer does', async () => {
    const w = await growingPool();
    // Raised once, the first hour the forecast came within 30 days (the second day).
    const raised = await forecastNotifications(w.id, w.poolId);
    expect(raised).toMatchObject([{ state: 'active', severity: 'warning' }]);
    expect(raised[0]!.message).toContain('Pages on Main runs out around');
    const listed = await w.admin.get('/notifications?kind=forecast');
    expect(listed.body.items.map((n: any) => n.subject.id)).toEqual([w.poolId]);

    // More seats bought: 1,000 seats at two a day is far beyond 30 days.
    await setPool(w.poolId, { total: 1000 });
    clock.advance(30 * 60 * 1000);
    await runHistoryTasks(t.ctx, clock.now());
    // Forecasts are refreshed hourly: half an hour later, still active.
    expect((await forecastNotifications(w.id, w.poolId))[0]!.state).toBe('active');
    clock.advance(31 * 60 * 1000);
    await runHistoryTasks(t.ctx, clock.now());
    expect(await forecastNotifications(w.id, w.poolId)).toMatchObject([{ state: 'cleared' }]);
  });

  it('R-X2, R-A12: an assignment forecast shows when the licences run out if it is saved', async () => {
    const w = await growingPool();
    const app = (await w.admin.post('/catalog-apps', { productId: w.productId })).body;
    const devices = [];
    for (const serial of ['ASGNIPAD0001', 'ASGNIPAD0002', 'ASGNIPAD0003', 'ASGNIPAD0004']) {
      devices.push((await createDevice(w.admin, { serialNumber: serial })).id);
    }
    const group = await createGroup(w.admin, {
      name: 'Lab',
      kind: 'device',
      deviceIds: devices,
    });
    const product = await t.ctx.db.kysely
      .selectFrom('products')
      .selectAll()
      .where('id', '=', w.productId)
      .executeTakeFirstOrThrow();
    const forecast = await forecastForAssignment(t.ctx.db.kysely, w.id, {
      catalogAppId: app.id,
      product,
      spaceId: w.spaceId,
      assignment: {
        id: 'new',
        catalogAppId: app.id,
        target: { type: 'group', groupId: group.id },
        intent: 'required',
        excludeGroupIds: [],
      },
      now: clock.now(),
    });
    expect(forecast).toMatchObject({
      needed: 4,
      available: 12,
      shortfall: 0,
      // Four more seats taken at once: 8 left at two a day.
      exhaustion: { demand: 4, runsOutOn: addDays(w.today, 4) },
    });
  });
});
