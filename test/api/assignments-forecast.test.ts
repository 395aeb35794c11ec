import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  getPool,
  insertAccount,
  insertPool,
  insertProduct,
} from '../factories/ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function syncedCatalogApp(tenantId: string, spaceId: string, productId: string) {
  const id = newId();
  const at = new Date().toISOString();
  await t.ctx.db.kysely
    .insertInto('catalogApps')
    .values({
      id,
      tenantId,
      spaceId,
      productId,
      description: null,
      installOnDevice: 1,
      updateMode: 'immediate',
      createdAt: at,
      updatedAt: at,
    })
    .execute();
  return { id };
}

/** Three users in a group (one of them also in `few`), an app of `store` with `total` seats. */
async function world(store: 'apple' | 'microsoft' | 'isv', total: number, unlimited = false) {
  const tenant = await t.newTenant();
  const { admin, id: tenantId } = tenant;
  const spaceId = await defaultSpaceId(t, tenantId);
  const productId = await insertProduct(t, tenantId, { name: `Suite ${store}`, store });
  const accountId = await insertAccount(t, tenantId, {
    spaceId,
    store,
    autoDistributeToAllUsers: true,
  });
  const poolId = await insertPool(t, tenantId, { accountId, productId, total, unlimited });
  // Microsoft Store apps enter the catalog by sync only (R-T11): that one is written directly.
  const app =
    store === 'microsoft'
      ? await syncedCatalogApp(tenantId, spaceId, productId)
      : (await admin.post('/catalog-apps', { productId })).body;
  const all = (await admin.post('/groups', { name: 'All staff', kind: 'user' })).body;
  const few = (await admin.post('/groups', { name: 'Interns', kind: 'user' })).body;
  const ids: string[] = [];
  for (const name of ['ada', 'ben', 'cy']) {
    const user = (await admin.post('/users', { email: `${name}@example.org`, displayName: name }))
      .body;
    ids.push(user.id);
  }
  await admin.post(`/groups/${all.id}/members`, { userIds: ids });
  await admin.post(`/groups/${few.id}/members`, { userIds: [ids[0]] });
  const body = { target: { type: 'group', groupId: all.id }, intent: 'required' };
  return { ...tenant, poolId, app, all, few, body };
}

describe('assignment forecast', () => {
  it('R-A12: on Apple the assignment is saved and the shortfall reported', async () => {
    const w = await world('apple', 2);
    const preview = await w.admin.post(`/catalog-apps/${w.app.id}/assignments/forecast`, w.body);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      forecast: { needed: 3, available: 2, shortfall: 1 },
      store: 'apple',
      blocked: false,
    });
    // R-X2: three more holders for two seats: the pool runs out at once, trend or not.
    expect(preview.body.forecast.exhaustion).toMatchObject({ demand: 3, slopePerDay: null });
    expect(preview.body.forecast.exhaustion.runsOutOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The forecast saves nothing.
    expect((await w.admin.get(`/catalog-apps/${w.app.id}/assignments`)).body.items).toHaveLength(0);

    const saved = await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, w.body);
    expect(saved.status).toBe(201);
    expect(saved.body.forecast).toMatchObject({ needed: 3, available: 2, shortfall: 1 });
    expect((await w.admin.get(`/catalog-apps/${w.app.id}/assignments`)).body.items).toHaveLength(1);
    // R-A1: still no licence taken.
    expect((await getPool(t, w.poolId)).inUse).toBe(0);
  });

  for (const store of ['microsoft', 'isv'] as const) {
    it(`R-A12: ${store} refuses an assignment it cannot cover, with the forecast and the three remedies; a narrower one is accepted`, async () => {
      const w = await world(store, 2);
      const preview = await w.admin.post(`/catalog-apps/${w.app.id}/assignments/forecast`, w.body);
      expect(preview.body).toMatchObject({ store, blocked: true, forecast: { shortfall: 1 } });

      const refused = await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, w.body);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('INSUFFICIENT_LICENSES');
      expect(refused.body.error.details.forecast).toEqual({
        needed: 3,
        available: 2,
        shortfall: 1,
      });
      expect(refused.body.error.details.remedies.map((r: any) => r.code)).toEqual([
        'uninstallFromSomeDevices',
        'narrowAssignment',
        'buyMoreLicenses',
      ]);
      expect(refused.body.error.message).toContain('narrow the assignment');
      expect((await w.admin.get(`/catalog-apps/${w.app.id}/assignments`)).body.items).toHaveLength(
        0,
      );

      const narrowed = await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, {
        ...w.body,
        excludeGroupIds: [w.few.id],
      });
      expect(narrowed.status).toBe(201);
      expect(narrowed.body.forecast).toMatchObject({ needed: 2, available: 2, shortfall: 0 });
    });
  }

  it('R-A12: going back from uninstall to an install intent is forecast again where the store blocks', async () => {
    const w = await world('microsoft', 2);
    const uninstall = await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, {
      ...w.body,
      intent: 'uninstall',
    });
    expect(uninstall.status).toBe(201);
    expect(uninstall.body.forecast).toMatchObject({ needed: 0, available: 2, shortfall: 0 });
    const back = await w.admin.patch(`/assignments/${uninstall.body.id}`, { intent: 'available' });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('INSUFFICIENT_LICENSES');
    expect((await w.admin.get(`/assignments/${uninstall.body.id}`)).body.intent).toBe('uninstall');
  });

  it('R-A12: a free (unlimited) app never falls short', async () => {
    const w = await world('isv', 0, true);
    const saved = await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, w.body);
    expect(saved.status).toBe(201);
    expect(saved.body.forecast).toMatchObject({ needed: 3, available: null, shortfall: 0 });
  });
});
