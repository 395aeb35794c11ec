import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  grant,
  insertAccount,
  insertPool,
  insertProduct,
} from '../factories/ledger.js';
import { createDevice, createUser } from '../factories/directory.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const EARLY = '2026-05-31T06:00:00.000Z';
const LATE = '2026-06-01T06:00:00.000Z';

describe('licence overview', () => {
  it('R-M1: per product name, cost, total, in use, reserved, available, usage and as-of, and per account', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const other = (await admin.post('/spaces', { name: 'Annex' })).body;
    const main = await insertAccount(t, tenantId, { spaceId, name: 'Main', priority: 1 });
    const second = await insertAccount(t, tenantId, { spaceId, name: 'Second', priority: 2 });
    const annex = await insertAccount(t, tenantId, { spaceId: other.id, name: 'Annex' });
    const keynote = await insertProduct(t, tenantId, {
      name: 'Keynote',
      cost: { amount: 999, currency: 'USD' },
    });
    const pages = await insertProduct(t, tenantId, { name: 'Pages' });
    const free = await insertProduct(t, tenantId, { name: 'Free Maps' });
    const keyMain = await insertPool(t, tenantId, {
      accountId: main,
      productId: keynote,
      total: 10,
      asOf: LATE,
    });
    await insertPool(t, tenantId, { accountId: second, productId: keynote, total: 5, asOf: EARLY });
    const pagesMain = await insertPool(t, tenantId, {
      accountId: main,
      productId: pages,
      total: 4,
    });
    await insertPool(t, tenantId, { accountId: main, productId: free, total: 0, unlimited: true });
    await insertPool(t, tenantId, { accountId: annex, productId: pages, total: 2 });
    const take = async (poolId: string, n: number) => {
      for (let i = 0; i < n; i += 1) {
        await grant(t, {
          tenantId,
          spaceId,
          poolId,
          catalogAppId: null,
          subject: { type: 'device', id: `device-${poolId}-${i}`, name: `D${i}` },
        });
      }
    };
    await take(keyMain, 3);
    await take(pagesMain, 3);

    const overview = await admin.get(`/licenses/overview?spaceId=${spaceId}`);
    expect(overview.status).toBe(200);
    expect(overview.body.items.map((p: any) => [p.name, p.usagePercent])).toEqual([
      ['Pages', 75],
      ['Keynote', 20],
      ['Free Maps', 0],
    ]);
    expect(overview.body.items[1]).toEqual({
      productId: keynote,
      name: 'Keynote',
      store: 'apple',
      costPerLicense: { amount: 999, currency: 'USD' },
      total: 15,
      inUse: 3,
      reserved: 0,
      available: 12,
      usagePercent: 20,
      asOf: EARLY,
      accounts: [
        {
          accountId: main,
          name: 'Main',
          spaceId,
          total: 10,
          inUse: 3,
          reserved: 0,
          available: 7,
          asOf: LATE,
        },
        {
          accountId: second,
          name: 'Second',
          spaceId,
          total: 5,
          inUse: 0,
          reserved: 0,
          available: 5,
          asOf: EARLY,
        },
      ],
    });
    expect(overview.body.items[2]).toMatchObject({ costPerLicense: null, available: null });

    const byName = await admin.get(`/licenses/overview?spaceId=${spaceId}&sort=name`);
    expect(byName.body.items.map((p: any) => p.name)).toEqual(['Free Maps', 'Keynote', 'Pages']);
    const search = await admin.get(`/licenses/overview?q=KEY`);
    expect(search.body.items.map((p: any) => p.name)).toEqual(['Keynote']);
    const oneAccount = await admin.get(`/licenses/overview?accountId=${second}`);
    expect(oneAccount.body.items).toEqual([
      expect.objectContaining({ name: 'Keynote', total: 5, accounts: [expect.anything()] }),
    ]);
    // Tenant-wide without a space: Pages sums both spaces.
    const everywhere = await admin.get('/licenses/overview?q=pages');
    expect(everywhere.body.items[0]).toMatchObject({ total: 6, inUse: 3, usagePercent: 50 });

    const first = await admin.get(`/licenses/overview?spaceId=${spaceId}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const rest = await admin.get(
      `/licenses/overview?spaceId=${spaceId}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body).toMatchObject({ items: [{ name: 'Free Maps' }], nextCursor: null });

    // R-S2: the annex's administrator sees the annex only.
    const annexToken = (
      await admin.post('/api-tokens', { name: 'annex', role: 'readOnly', spaceId: other.id })
    ).body.token;
    const seen = await t.client(annexToken).get('/licenses/overview');
    expect(seen.body.items).toEqual([
      expect.objectContaining({
        name: 'Pages',
        total: 2,
        accounts: [expect.objectContaining({ accountId: annex })],
      }),
    ]);
    expect((await t.client(annexToken).get(`/licenses/overview?spaceId=${spaceId}`)).status).toBe(
      404,
    );
  });
});

describe('app licence usage', () => {
  it('R-M4: one tab per distribution type, per account, searchable by user name; and the activity log', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const productId = await insertProduct(t, tenantId, { name: 'Swift Playgrounds' });
    const main = await insertAccount(t, tenantId, { spaceId, name: 'Main', priority: 1 });
    const second = await insertAccount(t, tenantId, {
      spaceId,
      name: 'Second',
      priority: 2,
      autoDistributeToAllUsers: true,
    });
    const mainPool = await insertPool(t, tenantId, { accountId: main, productId, total: 10 });
    const secondPool = await insertPool(t, tenantId, { accountId: second, productId, total: 10 });
    const app = (await admin.post('/catalog-apps', { productId })).body;
    const user = (name: string) => createUser(admin, { displayName: name });
    const ann = await user('Ann Archer');
    const res = await user('Rex Reserved');
    const pro = await user('Pia Prohibited');
    const zed = await user('Zed Prohibited');
    const dora = await user('Dora Explorer');
    const doraPad = await createDevice(admin, {
      serialNumber: 'DMPDORA00001',
      primaryUserId: dora.id,
    });
    await admin.put(`/catalog-apps/${app.id}/distribution/${main}`, {
      fcfsGroupIds: ['allUsers'],
      reservedUserIds: [res.id],
      prohibitedUserIds: [pro.id, zed.id],
    });
    const license = (poolId: string, subject: any, distribution: 'fcfs' | 'reserved' = 'fcfs') =>
      grant(t, {
        tenantId,
        spaceId,
        poolId,
        catalogAppId: app.id,
        subject,
        distribution,
        serialNumber: subject.serial,
      });
    const annLicense = await license(mainPool, { type: 'user', id: ann.id, name: ann.displayName });
    await license(mainPool, { type: 'user', id: res.id, name: res.displayName }, 'reserved');
    await license(mainPool, {
      type: 'device',
      id: doraPad.id,
      name: 'DMPDORA00001',
      serial: 'DMPDORA00001',
    });
    const piaElsewhere = await license(secondPool, {
      type: 'user',
      id: pro.id,
      name: pro.displayName,
    });
    const url = `/catalog-apps/${app.id}/licenses`;

    const fcfs = await admin.get(`${url}?distribution=fcfs`);
    expect(fcfs.status).toBe(200);
    expect(fcfs.body.accounts).toEqual([
      expect.objectContaining({
        accountId: main,
        name: 'Main',
        total: 10,
        inUse: 3,
        licenses: { fcfs: 2, reserved: 1 },
        prohibitedUsers: 2,
      }),
      expect.objectContaining({
        accountId: second,
        inUse: 1,
        licenses: { fcfs: 1, reserved: 0 },
        prohibitedUsers: 0,
      }),
    ]);
    expect(fcfs.body.items.map((i: any) => i.subject.name)).toEqual([
      'Ann Archer',
      'DMPDORA00001',
      'Pia Prohibited',
    ]);
    expect(fcfs.body.items[0]).toEqual({
      accountId: main,
      distribution: 'fcfs',
      subject: { type: 'user', id: ann.id, name: 'Ann Archer' },
      licenseType: 'user',
      assignedAt: annLicense.assignedAt,
      lastAction: 'test.grant',
      license: expect.objectContaining({ id: annLicense.id, state: 'active' }),
    });

    const reserved = await admin.get(`${url}?distribution=reserved`);
    expect(reserved.body.items.map((i: any) => [i.subject.name, i.distribution])).toEqual([
      ['Rex Reserved', 'reserved'],
    ]);

    const prohibited = await admin.get(`${url}?distribution=prohibited`);
    expect(prohibited.body.items).toEqual([
      expect.objectContaining({
        accountId: main,
        distribution: 'prohibited',
        subject: { type: 'user', id: pro.id, name: 'Pia Prohibited' },
        licenseType: 'user',
        license: expect.objectContaining({ id: piaElsewhere.id, accountId: second }),
      }),
      expect.objectContaining({
        subject: { type: 'user', id: zed.id, name: 'Zed Prohibited' },
        licenseType: null,
        assignedAt: null,
        license: null,
      }),
    ]);
    const pageOne = await admin.get(`${url}?distribution=prohibited&limit=1`);
    expect(pageOne.body.items).toHaveLength(1);
    const pageTwo = await admin.get(
      `${url}?distribution=prohibited&limit=1&cursor=${pageOne.body.nextCursor}`,
    );
    expect(pageTwo.body).toMatchObject({ items: [{ subject: { id: zed.id } }], nextCursor: null });

    // Searchable by user name: a device licence is found by its primary user's name.
    const dorasDevice = await admin.get(`${url}?q=dora`);
    expect(dorasDevice.body.items.map((i: any) => i.subject.id)).toEqual([doraPad.id]);
    expect((await admin.get(`${url}?q=archer`)).body.items).toHaveLength(1);
    expect((await admin.get(`${url}?distribution=prohibited&q=zed`)).body.items).toHaveLength(1);
    const secondOnly = await admin.get(`${url}?accountId=${second}`);
    expect(secondOnly.body.items.map((i: any) => i.subject.id)).toEqual([pro.id]);
    expect(secondOnly.body.accounts).toHaveLength(1);

    // The activity log: the app's changes and its licences'.
    expect((await admin.post(`/licenses/${annLicense.id}/revoke`)).status).toBe(200);
    const activity = await admin.get(`/catalog-apps/${app.id}/activity`);
    expect(activity.body.items.map((e: any) => e.action)).toEqual([
      'catalogApp.create',
      'distribution.update',
      'license.revoke',
    ]);
    expect(activity.body.items[2].subject).toMatchObject({ type: 'license', id: annLicense.id });
    expect((await admin.get(`${url}?distribution=fcfs&q=archer`)).body.items).toHaveLength(0);
  });
});
