import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHistoryTasks } from '../../src/services/intelligence/historyTasks.js';
import { runReclaimTasks } from '../../src/services/intelligence/reclaimTasks.js';
import { createDevice } from '../factories/directory.js';
import {
  defaultSpaceId,
  grant,
  insertAccount,
  insertPool,
  insertProduct,
} from '../factories/ledger.js';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';

const DAY = 24 * 3600 * 1000;
const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

const tick = () => runHistoryTasks(t.ctx, clock.now());
const nextDay = () => clock.advance(DAY);
const setTotal = (poolId: string, total: number) =>
  t.ctx.db.kysely.updateTable('pools').set({ total }).where('id', '=', poolId).execute();

describe('usage events', () => {
  it('R-X1: the purchases and reductions the daily totals record, and the reclaims the log records, per day', async () => {
    clock.set(new Date('2026-06-01T09:00:00.000Z'));
    const { id: tenantId, admin } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const accountId = await insertAccount(t, tenantId, { spaceId, name: 'Main' });
    const otherAccount = await insertAccount(t, tenantId, { spaceId, name: 'Second' });
    const productId = await insertProduct(t, tenantId, { name: 'Numbers' });
    const poolId = await insertPool(t, tenantId, { accountId, productId, total: 5 });
    const otherPool = await insertPool(t, tenantId, {
      accountId: otherAccount,
      productId,
      total: 3,
    });
    const ipad = await createDevice(admin, { serialNumber: 'EVENTSIPAD01' });
    await grant(t, {
      tenantId,
      spaceId,
      poolId,
      catalogAppId: null,
      subject: { type: 'device', id: ipad.id, name: ipad.serialNumber },
      serialNumber: ipad.serialNumber,
    });
    await tick(); // 06-01: 5 and 3
    nextDay();
    await setTotal(poolId, 8);
    await tick(); // 06-02: 5 bought 3 more
    nextDay();
    await setTotal(otherPool, 1);
    await setTotal(poolId, 10);
    await tick(); // 06-03: one pool grew by 2, the other shrank by 2

    // The licence has not been installed for 10 days: an enabled policy takes it back.
    clock.set(new Date('2026-06-12T09:00:00.000Z'));
    const put = await admin.put(`/spaces/${spaceId}/reclaim-policy`, {
      enabled: true,
      notInstalledDays: 10,
    });
    expect(put.status, put.text).toBe(200);
    await runReclaimTasks(t.ctx, clock.now());
    await tick();

    const res = await admin.get(
      `/usage/events?productId=${productId}&from=2026-06-01&to=2026-06-12`,
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      from: '2026-06-01',
      to: '2026-06-12',
      items: [
        { at: '2026-06-02', kind: 'purchase', count: 3 },
        { at: '2026-06-03', kind: 'purchase', count: 2 },
        { at: '2026-06-03', kind: 'reduction', count: 2 },
        { at: '2026-06-12', kind: 'reclaim', count: 1 },
      ],
    });

    // Per account: the second account only shrank; a purchase on the range's first day is seen
    // (the day before is compared).
    const second = await admin.get(
      `/usage/events?accountId=${otherAccount}&from=2026-06-01&to=2026-06-12`,
    );
    expect(second.body.items).toEqual([{ at: '2026-06-03', kind: 'reduction', count: 2 }]);
    const fromThird = await admin.get(
      `/usage/events?accountId=${accountId}&from=2026-06-03&to=2026-06-03`,
    );
    expect(fromThird.body.items).toEqual([{ at: '2026-06-03', kind: 'purchase', count: 2 }]);

    // Another tenant sees none of it.
    const other = await t.newTenant();
    const theirs = await other.admin.get(`/usage/events?from=2026-06-01&to=2026-06-12`);
    expect(theirs.body.items).toEqual([]);
  });

  it('R-X1: a range longer than the history kept, or reversed, is refused naming the field', async () => {
    const { admin } = await t.newTenant();
    const tooLong = await admin.get(`/usage/events?from=2024-01-01&to=2026-08-01`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.field).toBe('from');
    const reversed = await admin.get(`/usage/events?from=2026-08-02&to=2026-08-01`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.field).toBe('from');
  });
});
