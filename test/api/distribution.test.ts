import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/services/ledger/verifyLedger.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  getLicenseRow,
  getPool,
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
  const user = (name: string) => createUser(admin, { displayName: name });
  const device = (serialNumber: string, primaryUserId?: string) =>
    createDevice(admin, { serialNumber, primaryUserId });
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

  it('R-A4, R-A5: a user both reserved and prohibited holds no seat, and verify agrees', async () => {
    const w = await world();
    const ann = await w.user('ann');
    const cal = await w.user('cal');
    const url = `/catalog-apps/${w.app.id}/distribution/${w.listed}`;
    await w.admin.put(url, { reservedUserIds: [ann.id, cal.id], prohibitedUserIds: [cal.id] });
    // Cal is prohibited on this account: no seat waits for him, only Ann's.
    expect((await getPool(t, w.listedPool)).reserved).toBe(1);
    const drifts = await verifyLedger(t.ctx, { stores: false });
    expect(drifts.filter((d) => d.subjectId === w.listedPool)).toEqual([]);
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

describe('the default list and the list set for an app (R-A2)', () => {
  /** One auto-distributing Apple account (R-T2 default) holding an app required on every device. */
  async function autoWorld() {
    const tenant = await t.newTenant();
    const { admin, id: tenantId } = tenant;
    const spaceId = await defaultSpaceId(t, tenantId);
    const productId = await insertProduct(t, tenantId, { name: 'Keynote' });
    const account = await insertAccount(t, tenantId, {
      spaceId,
      name: 'Auto',
      autoDistributeToAllUsers: true,
    });
    const poolId = await insertPool(t, tenantId, { accountId: account, productId, total: 5 });
    const app = (await admin.post('/catalog-apps', { productId })).body;
    const assigned = await admin.post(`/catalog-apps/${app.id}/assignments`, {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    expect(assigned.status, assigned.text).toBe(201);
    let n = 0;
    const ipad = async (groupId?: string) => {
      n += 1;
      const user = await createUser(admin, {
        email: `u${n}@example.org`,
        displayName: `User ${n}`,
      });
      if (groupId !== undefined) {
        await admin.post(`/groups/${groupId}/members`, { userIds: [user.id] });
      }
      const serialNumber = `DMPAUTO${String(n).padStart(5, '0')}`;
      const device = await createDevice(admin, { serialNumber, primaryUserId: user.id });
      return { device, user };
    };
    const checkIn = async (serialNumber: string) => {
      const response = await admin.post('/check-in', { serialNumber });
      expect(response.status, response.text).toBe(200);
      return response.body.apps.find((a: any) => a.catalogAppId === app.id);
    };
    const view = async () =>
      (await admin.get(`/catalog-apps/${app.id}/distribution`)).body.items.find(
        (d: any) => d.accountId === account,
      );
    const licensesOf = async (subjectId: string) =>
      (await admin.get(`/licenses?subjectId=${subjectId}`)).body.items;
    return { admin, tenantId, account, poolId, app, ipad, checkIn, view, licensesOf };
  }

  it('R-A2, R-V7: set to one group, the account licenses only that group, and the view shows exactly it', async () => {
    const w = await autoWorld();
    const teachers = (await w.admin.post('/groups', { name: 'Teachers', kind: 'user' })).body;
    // The default: All Users, and the view says it is the default.
    expect(await w.view()).toMatchObject({
      source: 'accountDefault',
      autoDistributeToAllUsers: true,
      fcfsGroupIds: ['allUsers'],
    });
    const early = await w.ipad();
    expect(await w.checkIn(early.device.serialNumber)).toMatchObject({ state: 'pending' });
    const [earlyLicense] = await w.licensesOf(early.device.id);
    expect(earlyLicense).toMatchObject({ accountId: w.account, state: 'active' });

    const put = await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${w.account}`, {
      fcfsGroupIds: [teachers.id],
    });
    expect(put.status, put.text).toBe(200);
    const listed = {
      source: 'explicit',
      fcfsGroupIds: [teachers.id],
      reservedUserIds: [],
      reservedDeviceIds: [],
      prohibitedUserIds: [],
    };
    expect(put.body).toMatchObject(listed);
    expect(await w.view()).toMatchObject(listed);
    // R-V7, R-V4: the device no longer listed loses its licence, with the grace period.
    const [revoked] = await w.licensesOf(early.device.id);
    expect(revoked).toMatchObject({ id: earlyLicense.id, state: 'revoked' });
    expect(revoked.graceUntil).not.toBeNull();
    expect((await getPool(t, w.poolId)).inUse).toBe(0);

    const outside = await w.ipad();
    const inside = await w.ipad(teachers.id);
    expect(await w.checkIn(outside.device.serialNumber)).toMatchObject({
      state: 'noLicense',
      reason: 'noLicenseAvailable',
    });
    expect(await w.checkIn(early.device.serialNumber)).toMatchObject({ state: 'noLicense' });
    expect(await w.checkIn(inside.device.serialNumber)).toMatchObject({ state: 'pending' });
    expect(await w.licensesOf(outside.device.id)).toEqual([]);
    expect(await w.licensesOf(inside.device.id)).toEqual([
      expect.objectContaining({ accountId: w.account, state: 'active' }),
    ]);
    expect((await getPool(t, w.poolId)).inUse).toBe(1);
  });

  it('R-A2, R-A3: a distribution of reservations only serves the reserved devices, no one FCFS', async () => {
    const w = await autoWorld();
    const cart = await w.ipad();
    const other = await w.ipad();
    const put = await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${w.account}`, {
      reservedDeviceIds: [cart.device.id],
    });
    expect(put.body).toMatchObject({
      source: 'explicit',
      fcfsGroupIds: [],
      reservedDeviceIds: [cart.device.id],
      pool: { reserved: 1, available: 4 },
    });
    expect(await w.checkIn(other.device.serialNumber)).toMatchObject({ state: 'noLicense' });
    expect(await w.checkIn(cart.device.serialNumber)).toMatchObject({ state: 'pending' });
    expect(await w.licensesOf(cart.device.id)).toEqual([
      expect.objectContaining({ distribution: 'reserved' }),
    ]);
    // Keeping All Users beside the reservation serves everyone again.
    await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${w.account}`, {
      fcfsGroupIds: ['allUsers'],
      reservedDeviceIds: [cart.device.id],
    });
    expect(await w.checkIn(other.device.serialNumber)).toMatchObject({ state: 'pending' });
  });

  it('R-A2, R-V7: a licence drawn from the account of the app’s own space survives a reconciliation in a delegated space', async () => {
    const w = await autoWorld();
    const branch = (await w.admin.post('/spaces', { name: 'Branch' })).body;
    await w.admin.post(`/catalog-apps/${w.app.id}/delegations`, { spaceId: branch.id });
    const productId = w.app.productId as string;
    const branchAccount = await insertAccount(t, w.tenantId, { spaceId: branch.id, priority: 1 });
    await insertPool(t, w.tenantId, { accountId: branchAccount, productId, total: 3 });
    await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, {
      target: { type: 'allDevices' },
      intent: 'required',
      spaceId: branch.id,
    });
    const there = (
      await w.admin.post('/devices', {
        serialNumber: 'DMPBRANCH0001',
        platform: 'ipados',
        spaceId: branch.id,
      })
    ).body;
    const bea = (
      await w.admin.post('/users', {
        email: 'bea@example.org',
        displayName: 'Bea',
        spaceId: branch.id,
      })
    ).body;
    // The branch account lists nobody: the licence comes from the app's own space (default list).
    expect(await w.checkIn(there.serialNumber)).toMatchObject({ state: 'pending' });
    expect(await w.licensesOf(there.id)).toEqual([
      expect.objectContaining({ accountId: w.account, state: 'active' }),
    ]);
    // A change of the branch account's list reconciles the app: the device is still listed on
    // the account its licence came from.
    await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${branchAccount}`, {
      prohibitedUserIds: [bea.id],
    });
    expect(await w.licensesOf(there.id)).toEqual([
      expect.objectContaining({ accountId: w.account, state: 'active' }),
    ]);
  });
});
