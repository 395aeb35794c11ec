import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHistoryTasks } from '../../src/services/intelligence/historyTasks.js';
import { RETENTION_DAYS } from '../../src/services/intelligence/history.js';
import { createDevice } from '../factories/directory.js';
import {
  defaultSpaceId,
  grant,
  insertAccount,
  insertPool,
  insertProduct,
  release,
} from '../factories/ledger.js';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';

const DAY = 24 * 3600 * 1000;
const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

/** The minute's history work, as the worker runs it. */
const tick = () => runHistoryTasks(t.ctx, clock.now());

async function world() {
  const tenant = await t.newTenant();
  const spaceId = await defaultSpaceId(t, tenant.id);
  const accountId = await insertAccount(t, tenant.id, { spaceId, name: 'Main' });
  const productId = await insertProduct(t, tenant.id, { name: 'Keynote' });
  const poolId = await insertPool(t, tenant.id, { accountId, productId, total: 5 });
  return { ...tenant, spaceId, accountId, productId, poolId };
}

describe('usage history', () => {
  it('R-X1: keeps a daily series of total, in use, reserved and available, refreshed through the day', async () => {
    clock.set(new Date('2026-06-01T09:00:00.000Z'));
    const w = await world();
    const ipads: any[] = [];
    for (let i = 0; i < 3; i += 1)
      ipads.push(await createDevice(w.admin, { serialNumber: `HISTIPAD000${i}` }));
    const licenses: Awaited<ReturnType<typeof grant>>[] = [];
    // Day 1: one licence; day 2: three; day 3: two (one released during the day).
    for (const [day, count] of [1, 3].entries()) {
      while (licenses.length < count) {
        const device = ipads[licenses.length]!;
        licenses.push(
          await grant(t, {
            tenantId: w.id,
            spaceId: w.spaceId,
            poolId: w.poolId,
            catalogAppId: null,
            subject: { type: 'device', id: device.id, name: device.serialNumber },
            serialNumber: device.serialNumber,
          }),
        );
      }
      await tick();
      clock.set(new Date(Date.parse('2026-06-01T09:00:00.000Z') + (day + 1) * DAY));
    }
    await tick();
    clock.advance(3600 * 1000);
    await release(t, licenses[2]!);
    await tick(); // the same day's row follows the change

    const res = await w.admin.get(
      `/usage/history?productId=${w.productId}&from=2026-06-01&to=2026-06-03`,
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      from: '2026-06-01',
      to: '2026-06-03',
      step: 'day',
      points: [
        { at: '2026-06-01', total: 5, inUse: 1, reserved: 0, available: 4 },
        { at: '2026-06-02', total: 5, inUse: 3, reserved: 0, available: 2 },
        { at: '2026-06-03', total: 5, inUse: 2, reserved: 0, available: 3 },
      ],
    });

    // Weekly: 2026-06-01 is a Monday; the week shows its last recorded day.
    const weekly = await w.admin.get(
      `/usage/history?accountId=${w.accountId}&from=2026-06-01&to=2026-06-03&step=week`,
    );
    expect(weekly.body.points).toEqual([
      { at: '2026-06-01', total: 5, inUse: 2, reserved: 0, available: 3 },
    ]);

    // Another tenant's series is not visible.
    const other = await t.newTenant();
    const theirs = await other.admin.get(`/usage/history?from=2026-06-01&to=2026-06-03`);
    expect(theirs.body.points).toEqual([]);
  });

  it('R-X1: sums the pools of a product per space, and a space-scoped reader sees its own space', async () => {
    clock.set(new Date('2026-07-01T09:00:00.000Z'));
    const w = await world();
    const annex = (await w.admin.post('/spaces', { name: 'Annex' })).body;
    const annexAccount = await insertAccount(t, w.id, { spaceId: annex.id, name: 'Annex' });
    await insertPool(t, w.id, {
      accountId: annexAccount,
      productId: w.productId,
      total: 20,
      inUse: 7,
      reserved: 2,
    });
    await tick();
    const all = await w.admin.get(`/usage/history?productId=${w.productId}&from=2026-07-01`);
    expect(all.body.points).toEqual([
      { at: '2026-07-01', total: 25, inUse: 7, reserved: 2, available: 16 },
    ]);
    const reader = t.client(
      (await w.admin.post('/api-tokens', { name: 'r', role: 'readOnly', spaceId: annex.id })).body
        .token,
    );
    const scoped = await reader.get(`/usage/history?from=2026-07-01`);
    expect(scoped.status, scoped.text).toBe(200);
    expect(scoped.body.points).toEqual([
      { at: '2026-07-01', total: 20, inUse: 7, reserved: 2, available: 11 },
    ]);
    // Asking for another space is a 404, as for any resource out of scope (R-S2).
    expect((await reader.get(`/usage/history?spaceId=${w.spaceId}`)).status).toBe(404);
  });

  it('R-X1: a range longer than the two years kept is refused naming the field; older rows are purged', async () => {
    clock.set(new Date('2026-08-01T09:00:00.000Z'));
    const w = await world();
    await tick();
    const tooLong = await w.admin.get(`/usage/history?from=2024-01-01&to=2026-08-01`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.field).toBe('from');
    const reversed = await w.admin.get(`/usage/history?from=2026-08-02&to=2026-08-01`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.field).toBe('from');
    const notADay = await w.admin.get(`/usage/history?from=2026-02-30`);
    expect(notADay.status).toBe(400);
    expect(notADay.body.error.details.field).toBe('from');

    // Two years on, the row is still there; a day past the retention, it is gone.
    clock.set(new Date(Date.parse('2026-08-01T09:00:00.000Z') + RETENTION_DAYS * DAY));
    await tick();
    const rows = () =>
      t.ctx.db.kysely
        .selectFrom('usageHistory')
        .select('day')
        .where('tenantId', '=', w.id)
        .where('day', '=', '2026-08-01')
        .execute();
    expect(await rows()).toHaveLength(1);
    clock.advance(2 * DAY);
    await tick();
    expect(await rows()).toHaveLength(0);
  });
});
