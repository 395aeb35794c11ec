import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import { createDevice } from '../factories/directory.js';
import {
  defaultSpaceId,
  grant,
  insertAccount,
  insertInstall,
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

async function seen(deviceId: string, daysAgo: number | null) {
  await t.ctx.db.kysely
    .updateTable('devices')
    .set({
      lastCheckInAt:
        daysAgo === null ? null : new Date(clock.now().getTime() - daysAgo * DAY).toISOString(),
    })
    .where('id', '=', deviceId)
    .execute();
}

/**
 * Keynote (10 USD) on three iPads: installed on one seen today (in use), installed on one not
 * seen for 40 days (idle) and not installed on one never seen (idle); Pages (5 EUR) installed
 * on the recent one; Numbers (no price) on it too, in a second space.
 */
async function world() {
  const tenant = await t.newTenant();
  const spaceId = await defaultSpaceId(t, tenant.id);
  const annex = (await tenant.admin.post('/spaces', { name: 'Annex' })).body;
  const main = await insertAccount(t, tenant.id, { spaceId, name: 'Main' });
  const annexAccount = await insertAccount(t, tenant.id, { spaceId: annex.id, name: 'Annex' });
  const keynote = await insertProduct(t, tenant.id, {
    name: 'Keynote',
    cost: { amount: 10, currency: 'USD' },
  });
  const pages = await insertProduct(t, tenant.id, {
    name: 'Pages',
    cost: { amount: 5, currency: 'EUR' },
  });
  const numbers = await insertProduct(t, tenant.id, { name: 'Numbers' });
  const pool = async (accountId: string, productId: string) =>
    insertPool(t, tenant.id, { accountId, productId, total: 10 });
  const pools = {
    keynote: await pool(main, keynote),
    pages: await pool(main, pages),
    numbers: await pool(annexAccount, numbers),
  };
  const recent = await createDevice(tenant.admin, {
    serialNumber: `CSTRECENT${tenant.id.slice(-3)}`,
  });
  const stale = await createDevice(tenant.admin, {
    serialNumber: `CSTSTALE0${tenant.id.slice(-3)}`,
  });
  const never = await createDevice(tenant.admin, {
    serialNumber: `CSTNEVER0${tenant.id.slice(-3)}`,
  });
  const annexDevice = await createDevice(tenant.admin, {
    serialNumber: `CSTANNEX0${tenant.id.slice(-3)}`,
    spaceId: annex.id,
  });
  await seen(recent.id, 0);
  await seen(stale.id, 40);
  await seen(never.id, null);
  await seen(annexDevice.id, 1);
  const give = async (
    poolId: string,
    device: { id: string; serialNumber: string },
    space: string,
    installed: boolean,
  ) => {
    const license = await grant(t, {
      tenantId: tenant.id,
      spaceId: space,
      poolId,
      catalogAppId: null,
      subject: { type: 'device', id: device.id, name: device.serialNumber },
      serialNumber: device.serialNumber,
    });
    if (installed) {
      await insertInstall(t, {
        tenantId: tenant.id,
        deviceId: device.id,
        catalogAppId: newId(),
        licenseId: license.id,
      });
    }
  };
  await give(pools.keynote, recent, spaceId, true);
  await give(pools.keynote, stale, spaceId, true);
  await give(pools.keynote, never, spaceId, false);
  await give(pools.pages, recent, spaceId, true);
  await give(pools.numbers, annexDevice, annex.id, true);
  return { ...tenant, spaceId, annex, main, annexAccount, keynote, pages, numbers };
}

describe('cost report', () => {
  it('R-X5: cost held and idle per app, in each currency', async () => {
    const w = await world();
    const res = await w.admin.get('/costs?groupBy=app');
    expect(res.status, res.text).toBe(200);
    const byName = Object.fromEntries(res.body.items.map((l: any) => [l.name, l]));
    expect(byName.Keynote).toEqual({
      key: w.keynote,
      name: 'Keynote',
      currency: 'USD',
      held: { count: 3, amount: 30 },
      idle: { count: 2, amount: 20 },
    });
    expect(byName.Pages).toMatchObject({
      currency: 'EUR',
      held: { count: 1, amount: 5 },
      idle: { count: 0, amount: 0 },
    });
    // A product without a price is counted, not priced.
    expect(byName.Numbers).toMatchObject({
      currency: null,
      held: { count: 1, amount: null },
      idle: { count: 0, amount: null },
    });
  });

  it('R-X5: per store, account and space, never adding different currencies', async () => {
    const w = await world();
    const stores = (await w.admin.get('/costs?groupBy=store')).body.items;
    // One line per currency, priced ones first.
    expect(stores).toEqual([
      {
        key: 'apple',
        name: 'apple',
        currency: 'EUR',
        held: { count: 1, amount: 5 },
        idle: { count: 0, amount: 0 },
      },
      {
        key: 'apple',
        name: 'apple',
        currency: 'USD',
        held: { count: 3, amount: 30 },
        idle: { count: 2, amount: 20 },
      },
      {
        key: 'apple',
        name: 'apple',
        currency: null,
        held: { count: 1, amount: null },
        idle: { count: 0, amount: null },
      },
    ]);

    const accounts = (await w.admin.get('/costs?groupBy=account')).body.items;
    expect(accounts.map((l: any) => [l.name, l.currency, l.held.count])).toEqual(
      expect.arrayContaining([
        ['Main', 'USD', 3],
        ['Main', 'EUR', 1],
        ['Annex', null, 1],
      ]),
    );
    expect(accounts).toHaveLength(3);
    const spaces = (await w.admin.get('/costs?groupBy=space')).body.items;
    expect(spaces.filter((l: any) => l.key === w.annex.id)).toMatchObject([
      { name: 'Annex', currency: null, held: { count: 1 } },
    ]);

    // A reader confined to the annex sees its licences only; another tenant sees nothing.
    const reader = t.client(
      (await w.admin.post('/api-tokens', { name: 'r', role: 'readOnly', spaceId: w.annex.id })).body
        .token,
    );
    const scoped = await reader.get('/costs?groupBy=app');
    expect(scoped.status, scoped.text).toBe(200);
    expect(scoped.body.items.map((l: any) => l.name)).toEqual(['Numbers']);
    const other = await t.newTenant();
    expect((await other.admin.get('/costs?groupBy=app')).body.items).toEqual([]);
    expect((await w.admin.get('/costs?groupBy=currency')).status).toBe(400);
  });

  it('R-X5: exports the report as CSV', async () => {
    const w = await world();
    const res = await w.admin.get('/costs?groupBy=app', { accept: 'text/csv' });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/csv');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('group,key,name,currency,held,heldCost,idle,idleCost');
    expect(lines).toContain(`app,${w.keynote},Keynote,USD,3,30,2,20`);
    expect(lines).toContain(`app,${w.numbers},Numbers,,1,,0,`);
    expect(lines).toHaveLength(4);
  });

  it("R-X5: a space's reclaim policy sets how long a device may go unseen before its licences are idle", async () => {
    const w = await world();
    const at = clock.now().toISOString();
    // The reclaim policy of R-X3 (its table), with a 60-day device rule, not enabled.
    await t.ctx.db.kysely
      .insertInto('reclaimPolicies')
      .values({
        id: newId(),
        tenantId: w.id,
        spaceId: w.spaceId,
        enabled: 0,
        deviceInactiveDays: 60,
        notInstalledDays: null,
        userDeactivated: 0,
        intervalHours: 24,
        lastRunAt: null,
        nextRunAt: null,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
    const keynote = (await w.admin.get('/costs?groupBy=app')).body.items.find(
      (l: any) => l.key === w.keynote,
    );
    // The iPad not seen for 40 days is within 60: only the licence never installed is idle.
    expect(keynote).toMatchObject({ held: { count: 3 }, idle: { count: 1, amount: 10 } });
  });

  it('R-X5: a licence installed on two devices seen lately is in use once, and a revoked one is not counted', async () => {
    const tenant = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenant.id);
    const accountId = await insertAccount(t, tenant.id, { spaceId, name: 'Main' });
    const productId = await insertProduct(t, tenant.id, {
      name: 'Keynote',
      cost: { amount: 10, currency: 'USD' },
    });
    const poolId = await insertPool(t, tenant.id, { accountId, productId, total: 10 });
    const ipad = await createDevice(tenant.admin, {
      serialNumber: `CSTTWOA${tenant.id.slice(-4)}`,
    });
    const mac = await createDevice(tenant.admin, { serialNumber: `CSTTWOB${tenant.id.slice(-4)}` });
    await seen(ipad.id, 1);
    await seen(mac.id, 2);
    const license = await grant(t, {
      tenantId: tenant.id,
      spaceId,
      poolId,
      catalogAppId: null,
      subject: { type: 'user', id: newId(), name: 'ada@example.com' },
    });
    for (const device of [ipad, mac]) {
      await insertInstall(t, {
        tenantId: tenant.id,
        deviceId: device.id,
        catalogAppId: newId(),
        licenseId: license.id,
      });
    }
    const held = async () =>
      (await tenant.admin.get('/costs?groupBy=account')).body.items.find(
        (l: any) => l.key === accountId,
      );
    expect(await held()).toMatchObject({
      held: { count: 1, amount: 10 },
      idle: { count: 0, amount: 0 },
    });
    // Revoked: neither held nor in use, although its installs still name it.
    await t.ctx.db.kysely
      .updateTable('licenses')
      .set({ state: 'revoked' })
      .where('id', '=', license.id)
      .execute();
    expect(await held()).toBeUndefined();
  });
});
