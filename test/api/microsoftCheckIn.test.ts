import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMicrosoftAccount,
  checkIn,
  directoryUsers,
  msCatalogApp,
  msProduct,
  NOTES,
  OFFLINE_SKU,
  outboxOf,
  settle,
  startMicrosoftWorld,
  storeSeats,
  userGroup,
  windowsDevice,
  type MicrosoftWorld,
} from '../helpers/microsoftFlow.js';
import type { Client } from '../helpers/testApp.js';

let w: MicrosoftWorld;
beforeAll(async () => {
  w = await startMicrosoftWorld();
});
afterAll(async () => w.close());

const ONLINE_PACKAGE = 'Contoso.Notes';
const OFFLINE_PACKAGE = 'Contoso.NotesOffline';

/** A Store account with Notes online (3 seats) and offline (3 seats), and three users. */
async function world(upns = ['ana', 'ben', 'cy'].map((n) => `${n}@contoso.example.com`)) {
  const { admin } = await w.t.newTenant();
  const setup = await addMicrosoftAccount(w, admin, {
    users: upns,
    products: [
      { productId: NOTES, name: 'Notes', seats: 3, packageIdentityName: ONLINE_PACKAGE },
      {
        productId: NOTES,
        skuId: OFFLINE_SKU,
        name: 'Notes',
        licenseType: 'offline',
        seats: 3,
        packageIdentityName: OFFLINE_PACKAGE,
      },
    ],
  });
  const users = await directoryUsers(admin, upns);
  const online = await msCatalogApp(admin, NOTES);
  const offline = await msCatalogApp(admin, NOTES, OFFLINE_SKU);
  return { admin, ...setup, users, online, offline };
}

async function assign(admin: Client, appId: string, body: Record<string, unknown>) {
  const created = await admin.post(`/catalog-apps/${appId}/assignments`, body);
  expect(created.status, created.text).toBe(201);
  return created.body;
}

describe('Microsoft Store apps at check-in', () => {
  it('R-T11, R-A1: an online app takes a user seat at the store, by UPN, and the Store installs it: no install command', async () => {
    const { admin, users, online, tenantDirectoryId, account } = await world();
    const staff = await userGroup(admin, 'Staff', users.slice(0, 1));
    await assign(admin, online.id, {
      target: { type: 'group', groupId: staff.id },
      intent: 'required',
    });
    const first = await windowsDevice(admin, users[0]);
    const second = await windowsDevice(admin, users[0]);
    const result = await checkIn(admin, first.serialNumber);
    expect(result).toMatchObject({
      commands: [],
      apps: [{ catalogAppId: online.id, state: 'pending', reason: 'installedByStore' }],
    });
    const calls = await outboxOf(w.t, account.id);
    expect(calls.map((c) => [c.operation, JSON.parse(c.payload).clientUserId])).toEqual([
      ['associate', users[0].email],
    ]);
    await settle(w.t);
    expect(storeSeats(w, tenantDirectoryId)).toEqual([`${NOTES}/0016 ${users[0].email}`]);
    // R-A1: one licence per user, whatever the number of devices.
    await checkIn(admin, second.serialNumber);
    expect((await msProduct(admin, NOTES)).pools[0]).toMatchObject({ inUse: 1 });
    const reported = await checkIn(admin, first.serialNumber, [{ bundleId: ONLINE_PACKAGE }]);
    expect(reported.apps).toEqual([{ catalogAppId: online.id, state: 'installed', reason: null }]);
    expect(reported.commands).toEqual([]);
  });

  it('R-A11: an offline app is installed by Allot; in device context it takes one device licence, and the store is never called', async () => {
    const { admin, users, offline, account, tenantDirectoryId } = await world();
    const staff = await userGroup(admin, 'Staff', users.slice(0, 1));
    const labs = (await admin.post('/groups', { name: 'Lab PCs', kind: 'device' })).body;
    const laptop = await windowsDevice(admin, users[0]);
    const labPc = await windowsDevice(admin, null);
    await admin.post(`/groups/${labs.id}/members`, { deviceIds: [labPc.id] });
    await assign(admin, offline.id, {
      target: { type: 'group', groupId: staff.id },
      intent: 'required',
    });
    const context = await assign(admin, offline.id, {
      target: { type: 'group', groupId: labs.id },
      intent: 'required',
      deviceContext: true,
    });
    expect(context).toMatchObject({ deviceContext: true, forecast: { needed: 1, available: 3 } });

    const forUser = await checkIn(admin, laptop.serialNumber);
    expect(forUser.commands).toEqual([
      expect.objectContaining({
        type: 'install',
        catalogAppId: offline.id,
        storeProductId: `${NOTES}/${OFFLINE_SKU}`,
        bundleId: OFFLINE_PACKAGE,
        licenseType: 'user',
      }),
    ]);
    const forDevice = await checkIn(admin, labPc.serialNumber);
    expect(forDevice.commands).toEqual([
      expect.objectContaining({ type: 'install', catalogAppId: offline.id, licenseType: 'device' }),
    ]);
    const licenses = (await admin.get(`/licenses?accountId=${account.id}`)).body.items;
    expect(licenses.map((l: any) => [l.licenseType, l.subject.id, l.storeState]).sort()).toEqual(
      [
        ['device', labPc.id, 'confirmed'],
        ['user', users[0].id, 'confirmed'],
      ].sort(),
    );
    expect(await outboxOf(w.t, account.id)).toEqual([]);
    await settle(w.t);
    expect(storeSeats(w, tenantDirectoryId)).toEqual([]);
    const apps = (await admin.get(`/devices/${labPc.id}/apps`)).body.items;
    expect(apps).toEqual([
      expect.objectContaining({
        store: 'microsoft',
        source: 'microsoft',
        license: expect.objectContaining({
          licenseType: 'device',
          serialNumber: labPc.serialNumber,
          store: 'microsoft',
        }),
      }),
    ]);
  });

  it('R-A11: device context is only for offline apps', async () => {
    const { admin, online } = await world();
    const refused = await admin.post(`/catalog-apps/${online.id}/assignments`, {
      target: { type: 'allDevices' },
      intent: 'required',
      deviceContext: true,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('DEVICE_CONTEXT_UNSUPPORTED');
  });

  it('R-V2: a user who leaves the group, or is deleted, loses the seat, and the store takes it back', async () => {
    const { admin, users, online, tenantDirectoryId } = await world();
    const staff = await userGroup(admin, 'Staff', users);
    await assign(admin, online.id, {
      target: { type: 'group', groupId: staff.id },
      intent: 'required',
    });
    for (const user of users) await checkIn(admin, (await windowsDevice(admin, user)).serialNumber);
    await settle(w.t);
    expect(storeSeats(w, tenantDirectoryId)).toHaveLength(3);

    expect((await admin.delete(`/groups/${staff.id}/members/${users[0].id}`)).status).toBe(204);
    expect((await admin.delete(`/users/${users[1].id}`)).status).toBe(200);
    await settle(w.t);
    expect(storeSeats(w, tenantDirectoryId)).toEqual([`${NOTES}/0016 ${users[2].email}`]);
    const revoked = (await admin.get(`/licenses?state=revoked`)).body.items;
    expect(revoked.map((l: any) => [l.subject.id, l.lastAction]).sort()).toEqual(
      [
        [users[0].id, 'revoke.noLongerTargeted'],
        [users[1].id, 'revoke.userDeleted'],
      ].sort(),
    );
    expect((await msProduct(admin, NOTES)).pools[0]).toMatchObject({ inUse: 1, available: 2 });
  });

  it('R-V2: a device deleted with its user loses its device-context licence too', async () => {
    const { admin, users, offline } = await world();
    const laptop = await windowsDevice(admin, users[0]);
    await assign(admin, offline.id, {
      target: { type: 'allDevices' },
      intent: 'required',
      deviceContext: true,
    });
    const result = await checkIn(admin, laptop.serialNumber);
    expect(result.commands).toEqual([expect.objectContaining({ licenseType: 'device' })]);
    expect((await msProduct(admin, NOTES, OFFLINE_SKU)).pools[0]).toMatchObject({ inUse: 1 });
    const deleted = await admin.delete(`/users/${users[0].id}?deleteDevices=true`);
    expect(deleted.body).toEqual({ deletedDevices: 1 });
    expect((await msProduct(admin, NOTES, OFFLINE_SKU)).pools[0]).toMatchObject({ inUse: 0 });
    const licenses = (await admin.get('/licenses')).body.items;
    expect(licenses).toEqual([
      expect.objectContaining({
        licenseType: 'device',
        state: 'revoked',
        lastAction: 'revoke.userDeleted',
        store: 'microsoft',
      }),
    ]);
  });

  it('R-A12: a wider assignment that the seats cannot cover is refused with real accounts; narrowing it with an exclusion is accepted', async () => {
    const upns = ['ana', 'ben', 'cy', 'dee'].map((n) => `${n}@contoso.example.com`);
    const { admin, users, online } = await world(upns);
    const everyone = await userGroup(admin, 'Everyone', users);
    const interns = await userGroup(admin, 'Interns', users.slice(3));
    const body = { target: { type: 'group', groupId: everyone.id }, intent: 'available' };
    const preview = await admin.post(`/catalog-apps/${online.id}/assignments/forecast`, body);
    expect(preview.body).toMatchObject({
      forecast: { needed: 4, available: 3, shortfall: 1 },
      store: 'microsoft',
      blocked: true,
    });
    const refused = await admin.post(`/catalog-apps/${online.id}/assignments`, body);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.forecast).toEqual({ needed: 4, available: 3, shortfall: 1 });
    const narrowed = await admin.post(`/catalog-apps/${online.id}/assignments`, {
      ...body,
      excludeGroupIds: [interns.id],
    });
    expect(narrowed.status).toBe(201);
    expect(narrowed.body.forecast).toMatchObject({ needed: 3, available: 3, shortfall: 0 });
  });

  it('R-T8: deleting the account revokes its licences and the store takes the seats back by UPN', async () => {
    const { admin, users, online, account, tenantDirectoryId } = await world();
    const staff = await userGroup(admin, 'Staff', users.slice(0, 2));
    await assign(admin, online.id, {
      target: { type: 'group', groupId: staff.id },
      intent: 'required',
    });
    for (const user of users.slice(0, 2)) {
      await checkIn(admin, (await windowsDevice(admin, user)).serialNumber);
    }
    await settle(w.t);
    expect(storeSeats(w, tenantDirectoryId)).toHaveLength(2);
    const deleted = await admin.delete(`/accounts/${account.id}?confirm=true`);
    expect(deleted.body).toEqual({ revokedLicenses: 2 });
    await settle(w.t);
    expect(storeSeats(w, tenantDirectoryId)).toEqual([]);
  });

  it('R-A13, R-V8: a seat the store no longer has is rolled back, reported, and the account synced', async () => {
    const { admin, users, online, tenantDirectoryId } = await world();
    const staff = await userGroup(admin, 'Staff', users.slice(0, 1));
    await assign(admin, online.id, {
      target: { type: 'group', groupId: staff.id },
      intent: 'required',
    });
    // Someone hands the three seats out in the Store portal; Allot has not synced since.
    w.microsoft.addUsers(tenantDirectoryId, ['x@contoso.example.com', 'y@contoso.example.com']);
    w.microsoft.seedSeats(
      tenantDirectoryId,
      ['x', 'y', 'z'].map((n) => ({ productId: NOTES, userName: `${n}@contoso.example.com` })),
    );
    const laptop = await windowsDevice(admin, users[0]);
    expect((await checkIn(admin, laptop.serialNumber)).apps[0]).toMatchObject({ state: 'pending' });
    await settle(w.t);
    const licenses = (await admin.get(`/licenses?subjectId=${users[0].id}`)).body.items;
    expect(licenses).toEqual([
      expect.objectContaining({ state: 'revoked', storeState: 'refused', store: 'microsoft' }),
    ]);
    const apps = (await admin.get(`/devices/${laptop.id}/apps`)).body.items;
    expect(apps[0]).toMatchObject({ state: 'noLicense', reason: 'storeRefused' });
    const refused = (await admin.get('/notifications?kind=storeRefused')).body.items;
    expect(refused).toEqual([expect.objectContaining({ severity: 'alert', store: 'microsoft' })]);
    // The sync it queued counts the portal's seats as another product's.
    await settle(w.t);
    expect((await msProduct(admin, NOTES)).pools[0]).toMatchObject({
      total: 0,
      inUse: 0,
      untracked: 3,
    });
  });
});
