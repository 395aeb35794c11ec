import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  getLicenseRow,
  getPool,
  grant,
  insertAccount,
  insertPool,
  insertProduct,
} from '../helpers/ledgerFixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** A tenant with one app and two Apple accounts holding it (the first without auto-distribute). */
async function world() {
  const tenant = await t.newTenant();
  const { admin, id: tenantId } = tenant;
  const spaceId = await defaultSpaceId(t, tenantId);
  const productId = await insertProduct(t, tenantId, { name: 'GarageBand' });
  const listed = await insertAccount(t, tenantId, { spaceId, name: 'Main', priority: 1 });
  const auto = await insertAccount(t, tenantId, {
    spaceId,
    name: 'Auto',
    priority: 2,
    autoDistributeToAllUsers: true,
  });
  const listedPool = await insertPool(t, tenantId, { accountId: listed, productId, total: 10 });
  const autoPool = await insertPool(t, tenantId, { accountId: auto, productId, total: 4 });
  const app = (await admin.post('/catalog-apps', { productId })).body;
  const user = async (name: string) =>
    (await admin.post('/users', { email: `${name}@example.org`, displayName: name })).body;
  const device = async (serialNumber: string, primaryUserId?: string) =>
    (await admin.post('/devices', { serialNumber, platform: 'ipados', primaryUserId })).body;
  return {
    ...tenant,
    tenantId,
    spaceId,
    productId,
    listed,
    auto,
    listedPool,
    autoPool,
    app,
    user,
    device,
  };
}

describe('distribution', () => {
  it('R-A3: combines FCFS groups, reserved users and devices, and prohibited users on one account', async () => {
    const w = await world();
    const teachers = (await w.admin.post('/groups', { name: 'Teachers', kind: 'user' })).body;
    const ann = await w.user('ann');
    const bob = await w.user('bob');
    const cart = await w.device('DMPCART00001');
    const put = await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${w.listed}`, {
      fcfsGroupIds: [teachers.id, 'allUsers'],
      reservedUserIds: [ann.id, ann.id],
      reservedDeviceIds: [cart.id],
      prohibitedUserIds: [bob.id],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      accountId: w.listed,
      accountName: 'Main',
      source: 'explicit',
      autoDistributeToAllUsers: false,
      fcfsGroupIds: [teachers.id, 'allUsers'].sort(),
      reservedUserIds: [ann.id],
      reservedDeviceIds: [cart.id],
      prohibitedUserIds: [bob.id],
      // R-A4: each unfulfilled reservation holds a seat.
      pool: { total: 10, inUse: 0, reserved: 2, available: 8 },
    });

    const got = await w.admin.get(`/catalog-apps/${w.app.id}/distribution`);
    expect(got.status).toBe(200);
    expect(got.body.items).toEqual([
      expect.objectContaining({
        accountId: w.listed,
        source: 'explicit',
        reservedUserIds: [ann.id],
      }),
      expect.objectContaining({
        accountId: w.auto,
        source: 'accountDefault',
        autoDistributeToAllUsers: true,
        fcfsGroupIds: ['allUsers'],
        reservedUserIds: [],
        prohibitedUserIds: [],
      }),
    ]);

    // Emptying every list keeps the distribution explicit: nobody is listed any more.
    const cleared = await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${w.listed}`, {});
    expect(cleared.body).toMatchObject({
      source: 'explicit',
      fcfsGroupIds: [],
      reservedUserIds: [],
      pool: { reserved: 0 },
    });
    const activity = await w.admin.get(`/catalog-apps/${w.app.id}/activity`);
    const updates = activity.body.items.filter((e: any) => e.action === 'distribution.update');
    expect(updates).toHaveLength(2);
    expect(updates[1].before).toMatchObject({ accountId: w.listed, reservedUserIds: [ann.id] });
  });

  it('R-A4: the pool reserves a seat only for reserved subjects that hold no licence yet', async () => {
    const w = await world();
    const ann = await w.user('ann');
    const cal = await w.user('cal');
    const cart = await w.device('DMPCART00002');
    await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, {
      target: { type: 'allUsers' },
      intent: 'available',
    });
    const url = `/catalog-apps/${w.app.id}/distribution/${w.listed}`;
    await w.admin.put(url, { reservedUserIds: [ann.id, cal.id], reservedDeviceIds: [cart.id] });
    expect((await getPool(t, w.listedPool)).reserved).toBe(3);
    // Ann takes her reserved seat (as a check-in would): the reservation is fulfilled.
    await grant(t, {
      tenantId: w.tenantId,
      spaceId: w.spaceId,
      poolId: w.listedPool,
      catalogAppId: w.app.id,
      subject: { type: 'user', id: ann.id, name: 'ann' },
      distribution: 'reserved',
    });
    expect(await getPool(t, w.listedPool)).toMatchObject({ inUse: 1, reserved: 2 });
    // A recount keeps that: Ann holds a licence, Cal and the cart still wait.
    const again = await w.admin.put(url, {
      reservedUserIds: [ann.id, cal.id],
      reservedDeviceIds: [cart.id],
    });
    expect(again.body.pool).toMatchObject({ inUse: 1, reserved: 2, available: 7 });
    // Cal's reservation withdrawn: the seat goes back to FCFS.
    const fewer = await w.admin.put(url, {
      reservedUserIds: [ann.id],
      reservedDeviceIds: [cart.id],
    });
    expect(fewer.body.pool).toMatchObject({ reserved: 1, available: 8 });
    // The other account's pool is untouched.
    expect((await getPool(t, w.autoPool)).reserved).toBe(0);
  });

  it('R-A5, R-V5: prohibiting a user or taking a group off the list revokes their licences', async () => {
    const w = await world();
    const pupils = (await w.admin.post('/groups', { name: 'Pupils', kind: 'user' })).body;
    const staff = (await w.admin.post('/groups', { name: 'Staff', kind: 'user' })).body;
    const ann = await w.user('ann');
    const bob = await w.user('bob');
    const dee = await w.user('dee');
    await w.admin.post(`/groups/${pupils.id}/members`, { userIds: [ann.id, bob.id] });
    await w.admin.post(`/groups/${staff.id}/members`, { userIds: [dee.id] });
    await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, {
      target: { type: 'allUsers' },
      intent: 'available',
    });
    const url = `/catalog-apps/${w.app.id}/distribution/${w.listed}`;
    await w.admin.put(url, { fcfsGroupIds: [pupils.id, staff.id] });
    const held = new Map<string, string>();
    for (const u of [ann, bob, dee]) {
      const license = await grant(t, {
        tenantId: w.tenantId,
        spaceId: w.spaceId,
        poolId: w.listedPool,
        catalogAppId: w.app.id,
        subject: { type: 'user', id: u.id, name: u.displayName },
      });
      held.set(u.id, license.id);
    }
    expect((await getPool(t, w.listedPool)).inUse).toBe(3);

    await w.admin.put(url, { fcfsGroupIds: [pupils.id, staff.id], prohibitedUserIds: [bob.id] });
    expect((await getLicenseRow(t, held.get(bob.id)!)).state).toBe('revoked');
    expect((await getLicenseRow(t, held.get(ann.id)!)).state).toBe('active');

    await w.admin.put(url, { fcfsGroupIds: [pupils.id], prohibitedUserIds: [bob.id] });
    expect((await getLicenseRow(t, held.get(dee.id)!)).state).toBe('revoked');
    expect((await getLicenseRow(t, held.get(ann.id)!)).state).toBe('active');
    expect((await getPool(t, w.listedPool)).inUse).toBe(1);
  });

  it('R-A3: refuses subjects and accounts that do not exist, live elsewhere, or lack the product', async () => {
    const w = await world();
    const other = (await w.admin.post('/spaces', { name: 'Elsewhere' })).body;
    const far = (await w.admin.post('/groups', { name: 'Far', kind: 'user', spaceId: other.id }))
      .body;
    const farUser = (
      await w.admin.post('/users', {
        email: 'far@example.org',
        displayName: 'Far',
        spaceId: other.id,
      })
    ).body;
    const url = `/catalog-apps/${w.app.id}/distribution/${w.listed}`;

    const missing = await w.admin.put(url, { fcfsGroupIds: ['nope'] });
    expect(missing.status).toBe(404);
    const farGroup = await w.admin.put(url, { fcfsGroupIds: [far.id] });
    expect(farGroup.status).toBe(409);
    expect(farGroup.body.error).toMatchObject({
      code: 'SPACE_MISMATCH',
      details: { field: 'fcfsGroupIds' },
    });
    const farProhibited = await w.admin.put(url, { prohibitedUserIds: [farUser.id] });
    expect(farProhibited.body.error.details.field).toBe('prohibitedUserIds');
    const notADevice = await w.admin.put(url, { reservedDeviceIds: [farUser.id] });
    expect(notADevice.status).toBe(404);

    // An account of a space without the app, and one that does not hold the product.
    const elsewhere = await insertAccount(t, w.tenantId, { spaceId: other.id });
    await insertPool(t, w.tenantId, { accountId: elsewhere, productId: w.productId, total: 1 });
    const wrongSpace = await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${elsewhere}`, {});
    expect(wrongSpace.status).toBe(409);
    expect(wrongSpace.body.error.code).toBe('SPACE_MISMATCH');
    const empty = await insertAccount(t, w.tenantId, { spaceId: w.spaceId, priority: 3 });
    const notHeld = await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${empty}`, {});
    expect(notHeld.status).toBe(409);
    expect(notHeld.body.error.code).toBe('PRODUCT_NOT_HELD');

    const stranger = await t.newTenant();
    expect((await stranger.admin.put(url, {})).status).toBe(404);
    const reader = (await w.admin.post('/api-tokens', { name: 'r', role: 'readOnly' })).body.token;
    expect((await t.client(reader).put(url, {})).status).toBe(403);
    const manager = (await w.admin.post('/api-tokens', { name: 'm', role: 'appManager' })).body
      .token;
    expect((await t.client(manager).put(url, { fcfsGroupIds: ['allUsers'] })).status).toBe(200);
  });
});
