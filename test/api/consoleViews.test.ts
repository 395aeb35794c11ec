/**
 * Read-only views the console needs: what deleting a catalog app would do, and each store
 * account's apps and licence totals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  getPool,
  grant,
  insertAccount,
  insertInstall,
  insertPool,
  insertProduct,
} from '../factories/ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('GET /catalog-apps/{id}/deletion-preview', () => {
  it('counts what DELETE would revoke and remove, and changes nothing', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const other = (await admin.post('/spaces', { name: 'Branch' })).body;
    const productId = await insertProduct(t, tenantId, { name: 'Pages' });
    const accountId = await insertAccount(t, tenantId, { spaceId });
    const poolId = await insertPool(t, tenantId, { accountId, productId, total: 5 });
    const app = (await admin.post('/catalog-apps', { productId })).body;
    await admin.post(`/catalog-apps/${app.id}/delegations`, { spaceId: other.id });
    await admin.post(`/catalog-apps/${app.id}/assignments`, {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const ipad = (
      await admin.post('/devices', { serialNumber: 'DMPPRV000001', platform: 'ipados' })
    ).body;
    const license = await grant(t, {
      tenantId,
      spaceId,
      poolId,
      catalogAppId: app.id,
      subject: { type: 'device', id: ipad.id, name: ipad.serialNumber },
      serialNumber: ipad.serialNumber,
    });
    await insertInstall(t, {
      tenantId,
      deviceId: ipad.id,
      catalogAppId: app.id,
      licenseId: license.id,
    });

    const preview = await admin.get(`/catalog-apps/${app.id}/deletion-preview`);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toEqual({
      catalogAppId: app.id,
      name: 'Pages',
      licensesToRevoke: 1,
      installs: 1,
      assignments: 1,
      distributionEntries: 0,
      delegatedSpaceIds: [other.id],
      blockedBy: null,
    });
    // Nothing changed: the app, its licence and its assignment are still there.
    expect((await admin.get(`/catalog-apps/${app.id}`)).status).toBe(200);
    expect((await getPool(t, poolId)).inUse).toBe(1);
    const deleted = await admin.delete(`/catalog-apps/${app.id}`);
    expect(deleted.body).toEqual({ revokedLicenses: preview.body.licensesToRevoke });
  });

  it('says when the store manages the app, and is refused to a reader and for an unknown app', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const productId = await insertProduct(t, tenantId, { name: 'Notes', store: 'microsoft' });
    const accountId = await insertAccount(t, tenantId, { spaceId, store: 'microsoft' });
    await insertPool(t, tenantId, { accountId, productId, total: 0, unlimited: true });
    // The Microsoft sync puts its apps in the catalog; a test puts it there directly.
    const app = { id: newId() };
    await t.ctx.db.kysely
      .insertInto('catalogApps')
      .values({
        id: app.id,
        tenantId,
        spaceId,
        productId,
        description: null,
        installOnDevice: 1,
        updateMode: 'automatic',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const preview = await admin.get(`/catalog-apps/${app.id}/deletion-preview`);
    expect(preview.body.blockedBy).toMatchObject({ code: 'STORE_MANAGED_APP' });
    expect(preview.body.licensesToRevoke).toBe(0);

    const created = await admin.post('/api-tokens', { name: 'reader', role: 'readOnly' });
    const reader = t.client(created.body.token);
    expect((await reader.get(`/catalog-apps/${app.id}/deletion-preview`)).status).toBe(403);
    const missing = await admin.get('/catalog-apps/01J0000000000000000000000Z/deletion-preview');
    expect(missing.status).toBe(404);
  });
});

describe('GET /licenses/overview/accounts', () => {
  it('sums each account’s pools, free apps apart, including accounts with no app', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const apple = await insertAccount(t, tenantId, { spaceId, name: 'Apple', priority: 1 });
    const empty = await insertAccount(t, tenantId, { spaceId, name: 'Empty', priority: 2 });
    const paid = await insertProduct(t, tenantId, { name: 'Keynote' });
    const other = await insertProduct(t, tenantId, { name: 'Logic' });
    const free = await insertProduct(t, tenantId, { name: 'Numbers' });
    await insertPool(t, tenantId, { accountId: apple, productId: paid, total: 10, inUse: 4 });
    await insertPool(t, tenantId, {
      accountId: apple,
      productId: other,
      total: 5,
      inUse: 1,
      reserved: 2,
    });
    await insertPool(t, tenantId, {
      accountId: apple,
      productId: free,
      total: 0,
      inUse: 18,
      unlimited: true,
    });

    const totals = await admin.get(`/licenses/overview/accounts?spaceId=${spaceId}`);
    expect(totals.status, totals.text).toBe(200);
    const byId = new Map(totals.body.items.map((i: any) => [i.accountId, i]));
    expect(byId.get(apple)).toMatchObject({
      apps: 3,
      freeApps: 1,
      freeInUse: 18,
      total: 15,
      inUse: 5,
      reserved: 2,
      available: 8,
    });
    expect(byId.get(empty)).toMatchObject({ apps: 0, total: 0, inUse: 0, available: 0 });
  });
});

describe('GET /licenses/overview?sort=', () => {
  it('orders by usage or name, and a leading - reverses either', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const accountId = await insertAccount(t, tenantId, { spaceId });
    for (const [name, inUse] of [
      ['Alpha', 1],
      ['Bravo', 9],
      ['Charlie', 5],
    ] as const) {
      const productId = await insertProduct(t, tenantId, { name });
      await insertPool(t, tenantId, { accountId, productId, total: 10, inUse });
    }
    const names = async (sort: string) =>
      (await admin.get(`/licenses/overview?sort=${sort}`)).body.items.map((p: any) => p.name);
    expect(await names('usage')).toEqual(['Bravo', 'Charlie', 'Alpha']);
    expect(await names('-usage')).toEqual(['Alpha', 'Charlie', 'Bravo']);
    expect(await names('name')).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(await names('-name')).toEqual(['Charlie', 'Bravo', 'Alpha']);
  });
});
