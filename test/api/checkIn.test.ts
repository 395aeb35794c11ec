import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAppleAccount,
  appState,
  catalogApp,
  device,
  productOf,
  settle,
} from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import type { Client } from '../helpers/testApp.js';

let w: AppleWorld;
beforeAll(async () => {
  w = await startAppleWorld();
});
afterAll(async () => w.close());

export const asset = (adamId: string, totalCount: number, extra: Record<string, unknown> = {}) => ({
  adamId,
  name: `App ${adamId}`,
  bundleId: `com.example.app${adamId}`,
  totalCount,
  ...extra,
});

const requiredOnDevices = { target: { type: 'allDevices' }, intent: 'required' };

async function poolOf(admin: Client, adamId: string, accountId: string) {
  const product = await productOf(admin, adamId);
  return product.pools.find((p: any) => p.accountId === accountId);
}

async function checkIn(
  admin: Client,
  serialNumber: string,
  installed?: Array<{ bundleId: string; version?: string }>,
) {
  const response = await admin.post('/check-in', {
    serialNumber,
    ...(installed ? { installed } : {}),
  });
  expect(response.status, response.text).toBe(200);
  return response.body;
}

/** A user who has joined the Apple programme of the location (R-A10). */
async function joinedUser(admin: Client, locationId: string, accountId: string, user: any) {
  await admin.post(`/users/${user.id}/invite`);
  await settle(w.t);
  w.apple.acceptInvitation(locationId, user.id);
  await admin.post(`/accounts/${accountId}/sync`, {});
  await settle(w.t);
  expect((await admin.get(`/users/${user.id}`)).body.enrolment).toBe('joined');
}

describe('allocation at check-in', () => {
  it('R-A1: an assignment consumes nothing; the install at check-in takes one licence', async () => {
    const { admin } = await w.t.newTenant();
    const { account, locationId } = await addAppleAccount(w, admin, {
      assets: [asset('100001', 5)],
    });
    const catalog = await catalogApp(admin, '100001', requiredOnDevices);
    const { device: ipad } = await device(admin);
    expect((await poolOf(admin, '100001', account.id)).inUse).toBe(0);

    const result = await checkIn(admin, ipad.serialNumber);
    expect(appState(result, catalog.id)).toMatchObject({ state: 'pending' });
    expect(result.commands).toEqual([
      expect.objectContaining({
        type: 'install',
        catalogAppId: catalog.id,
        storeProductId: '100001',
        licenseType: 'device',
      }),
    ]);
    expect((await poolOf(admin, '100001', account.id)).inUse).toBe(1);
    await settle(w.t);
    expect(w.apple.listAssignments(locationId)).toEqual([
      expect.objectContaining({ adamId: '100001', serialNumber: ipad.serialNumber }),
    ]);
    const again = await checkIn(admin, ipad.serialNumber, [
      { bundleId: 'com.example.app100001', version: '1.0' },
    ]);
    expect(again.commands).toEqual([]);
    expect((await poolOf(admin, '100001', account.id)).inUse).toBe(1);
    const apps = (await admin.get(`/devices/${ipad.id}/apps`)).body.items;
    expect(apps).toEqual([
      expect.objectContaining({
        catalogAppId: catalog.id,
        state: 'installed',
        license: expect.objectContaining({
          licenseType: 'device',
          serialNumber: ipad.serialNumber,
        }),
      }),
    ]);
  });

  it('R-A1, R-A7, R-A10: a user licence needs enrolment, then serves every device of the user once', async () => {
    const { admin } = await w.t.newTenant();
    const { account, locationId } = await addAppleAccount(w, admin, {
      assets: [asset('100002', 5)],
    });
    const catalog = await catalogApp(admin, '100002', {
      target: { type: 'allUsers' },
      intent: 'required',
      licenseType: 'user',
    });
    const { device: first, user } = await device(admin);
    const { device: second } = await device(admin, { user });

    // R-A10: not joined yet → awaitingEnrolment, and the invitation goes out.
    const waiting = await checkIn(admin, first.serialNumber);
    expect(appState(waiting, catalog.id)).toMatchObject({ state: 'awaitingEnrolment' });
    expect((await admin.get(`/users/${user.id}`)).body.enrolment).toBe('invited');
    await settle(w.t);
    expect(w.apple.listUsers(locationId)).toEqual([
      expect.objectContaining({ clientUserId: user.id }),
    ]);
    w.apple.acceptInvitation(locationId, user.id);
    await admin.post(`/accounts/${account.id}/sync`, {});
    await settle(w.t);
    expect((await admin.get(`/users/${user.id}`)).body.enrolment).toBe('joined');

    expect(appState(await checkIn(admin, first.serialNumber), catalog.id).state).toBe('pending');
    expect(appState(await checkIn(admin, second.serialNumber), catalog.id).state).toBe('pending');
    const licenses = (await admin.get(`/licenses?productId=${catalog.productId}&state=active`)).body
      .items;
    expect(licenses).toHaveLength(1);
    expect(licenses[0]).toMatchObject({
      licenseType: 'user',
      subject: { type: 'user', id: user.id },
    });
    expect((await poolOf(admin, '100002', account.id)).inUse).toBe(1);
    await settle(w.t);
    expect(w.apple.listAssignments(locationId)).toEqual([
      expect.objectContaining({ adamId: '100002', clientUserId: user.id }),
    ]);
  });

  it('R-A2, R-T9: accounts are tried in priority order, the next only when the first has none', async () => {
    const { admin } = await w.t.newTenant();
    const first = await addAppleAccount(w, admin, { assets: [asset('100003', 1)], name: 'First' });
    const second = await addAppleAccount(w, admin, {
      assets: [asset('100003', 5)],
      name: 'Second',
    });
    expect(first.account.priority).toBe(1);
    expect(second.account.priority).toBe(2);
    const catalog = await catalogApp(admin, '100003', requiredOnDevices);
    const { device: a } = await device(admin);
    const { device: b } = await device(admin);
    await checkIn(admin, a.serialNumber);
    await checkIn(admin, b.serialNumber);
    const licenses = (await admin.get(`/licenses?productId=${catalog.productId}`)).body.items;
    expect(licenses.map((l: any) => [l.subject.id, l.accountId])).toEqual([
      [a.id, first.account.id],
      [b.id, second.account.id],
    ]);
  });

  it('R-A2, R-A3: an account gives only to subjects on its list for the app', async () => {
    const { admin } = await w.t.newTenant();
    const { account } = await addAppleAccount(w, admin, {
      assets: [asset('100004', 5)],
      autoDistributeToAllUsers: false,
    });
    const teachers = (await admin.post('/groups', { name: 'Teachers', kind: 'user' })).body;
    const catalog = await catalogApp(admin, '100004', requiredOnDevices);
    const put = await admin.put(`/catalog-apps/${catalog.id}/distribution/${account.id}`, {
      fcfsGroupIds: [teachers.id],
      reservedUserIds: [],
      reservedDeviceIds: [],
      prohibitedUserIds: [],
    });
    expect(put.status, put.text).toBe(200);
    const { device: teacherIpad, user: teacher } = await device(admin);
    const { device: studentIpad } = await device(admin);
    await admin.post(`/groups/${teachers.id}/members`, { userIds: [teacher.id] });
    expect(appState(await checkIn(admin, teacherIpad.serialNumber), catalog.id).state).toBe(
      'pending',
    );
    expect(appState(await checkIn(admin, studentIpad.serialNumber), catalog.id)).toMatchObject({
      state: 'noLicense',
      reason: 'noLicenseAvailable',
    });
  });

  it('R-A4: a reservation comes first and holds its seat against first-come-first-served', async () => {
    const { admin } = await w.t.newTenant();
    const first = await addAppleAccount(w, admin, {
      assets: [asset('100005', 5)],
      name: 'Priority',
    });
    const second = await addAppleAccount(w, admin, {
      assets: [asset('100005', 2)],
      name: 'Reserved',
    });
    const catalog = await catalogApp(admin, '100005', requiredOnDevices);
    const { device: reserved } = await device(admin);
    const { device: walkIn } = await device(admin);
    const { device: late } = await device(admin);
    await admin.put(`/catalog-apps/${catalog.id}/distribution/${second.account.id}`, {
      fcfsGroupIds: ['allUsers'],
      reservedUserIds: [],
      reservedDeviceIds: [reserved.id],
      prohibitedUserIds: [],
    });
    const secondPool = await poolOf(admin, '100005', second.account.id);
    expect(secondPool).toMatchObject({ total: 2, inUse: 0, reserved: 1, available: 1 });
    await checkIn(admin, reserved.serialNumber);
    const licenses = (await admin.get(`/licenses?subjectId=${reserved.id}`)).body.items;
    expect(licenses).toEqual([
      expect.objectContaining({ accountId: second.account.id, distribution: 'reserved' }),
    ]);
    // FCFS takers start with the priority account, then may use the unreserved seat only.
    await admin.patch(`/accounts/${first.account.id}`, { priority: 2 });
    await checkIn(admin, walkIn.serialNumber);
    await checkIn(admin, late.serialNumber);
    const after = await poolOf(admin, '100005', second.account.id);
    expect(after).toMatchObject({ total: 2, inUse: 2, reserved: 0, available: 0 });
    expect((await admin.get(`/licenses?subjectId=${late.id}`)).body.items[0].accountId).toBe(
      first.account.id,
    );
  });

  it('R-A5: a prohibited user gets no licence from that account', async () => {
    const { admin } = await w.t.newTenant();
    const { account } = await addAppleAccount(w, admin, { assets: [asset('100006', 5)] });
    const catalog = await catalogApp(admin, '100006', requiredOnDevices);
    const { device: ipad, user } = await device(admin);
    await admin.put(`/catalog-apps/${catalog.id}/distribution/${account.id}`, {
      fcfsGroupIds: ['allUsers'],
      reservedUserIds: [],
      reservedDeviceIds: [],
      prohibitedUserIds: [user.id],
    });
    expect(appState(await checkIn(admin, ipad.serialNumber), catalog.id)).toMatchObject({
      state: 'noLicense',
    });
    expect((await admin.get(`/licenses?subjectId=${ipad.id}`)).body.items).toEqual([]);
  });

  it('R-A6: without a licence a required app shows noLicense; an available one offers a purchase', async () => {
    const { admin } = await w.t.newTenant();
    const { account, locationId } = await addAppleAccount(w, admin, {
      assets: [asset('100007', 1), asset('100008', 0)],
    });
    const requiredApp = await catalogApp(admin, '100007', requiredOnDevices);
    const offered = await catalogApp(admin, '100008', {
      target: { type: 'allUsers' },
      intent: 'available',
    });
    const { device: first } = await device(admin);
    const { device: second, user } = await device(admin);
    await joinedUser(admin, locationId, account.id, user);
    await checkIn(admin, first.serialNumber);
    const result = await checkIn(admin, second.serialNumber);
    expect(appState(result, requiredApp.id)).toMatchObject({
      state: 'noLicense',
      reason: 'noLicenseAvailable',
    });
    expect(appState(result, offered.id)).toBeUndefined();
    const request = await admin.post(`/devices/${second.id}/install-requests`, {
      catalogAppId: offered.id,
    });
    expect(request.status, request.text).toBe(200);
    expect(request.body).toMatchObject({
      state: 'noLicense',
      reason: 'purchaseRequired',
      command: null,
    });
  });

  it('R-A8: device licences for required installs and shared devices, user licences for requests', async () => {
    const { admin } = await w.t.newTenant();
    const { locationId, account } = await addAppleAccount(w, admin, {
      assets: [asset('100009', 10), asset('100010', 10, { deviceAssignable: false })],
    });
    const requiredApp = await catalogApp(admin, '100009', {
      target: { type: 'allUsers' },
      intent: 'available',
    });
    await admin.post(`/catalog-apps/${requiredApp.id}/assignments`, requiredOnDevices);
    const userOnly = await catalogApp(admin, '100010', {
      target: { type: 'allDevices' },
      intent: 'available',
    });
    const { device: cart } = await device(admin, { user: null, shared: true });
    const { device: ipad, user } = await device(admin);
    await joinedUser(admin, locationId, account.id, user);

    const shared = await checkIn(admin, cart.serialNumber);
    expect(shared.commands.find((c: any) => c.catalogAppId === requiredApp.id)?.licenseType).toBe(
      'device',
    );
    const own = await checkIn(admin, ipad.serialNumber);
    expect(own.commands.find((c: any) => c.catalogAppId === requiredApp.id)?.licenseType).toBe(
      'device',
    );
    const request = await admin.post(`/devices/${ipad.id}/install-requests`, {
      catalogAppId: userOnly.id,
    });
    expect(request.body).toMatchObject({
      state: 'pending',
      command: expect.objectContaining({ licenseType: 'user' }),
    });
    // A device without a primary user cannot hold the user-only app.
    const cartRequest = await admin.post(`/devices/${cart.id}/install-requests`, {
      catalogAppId: userOnly.id,
    });
    expect(cartRequest.body).toMatchObject({
      state: 'noLicense',
      reason: 'noCompatibleLicenseType',
    });
  });

  it('R-A9: an immediate-update app is updated at the next check-in', async () => {
    const { admin } = await w.t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('100011', 3, { version: '2.0' })] });
    const catalog = await catalogApp(admin, '100011', requiredOnDevices);
    const { device: ipad } = await device(admin);
    await checkIn(admin, ipad.serialNumber);
    const result = await checkIn(admin, ipad.serialNumber, [
      { bundleId: 'com.example.app100011', version: '1.0' },
    ]);
    expect(result.commands).toEqual([
      expect.objectContaining({ type: 'update', catalogAppId: catalog.id }),
    ]);
  });

  it('R-A11: exclusion groups keep a device out of an assignment', async () => {
    const { admin } = await w.t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('100012', 3)] });
    const excluded = (await admin.post('/groups', { name: 'Exam devices', kind: 'device' })).body;
    const catalog = await catalogApp(admin, '100012', {
      ...requiredOnDevices,
      excludeGroupIds: [excluded.id],
    });
    const { device: exam } = await device(admin);
    await admin.post(`/groups/${excluded.id}/members`, { deviceIds: [exam.id] });
    expect(appState(await checkIn(admin, exam.serialNumber), catalog.id)).toBeUndefined();
  });

  it('refuses check-ins of unknown or retired devices with a clear error', async () => {
    const { admin } = await w.t.newTenant();
    const unknown = await admin.post('/check-in', { serialNumber: 'NOPE0000' });
    expect(unknown.status).toBe(404);
    const { device: ipad } = await device(admin);
    await admin.post(`/devices/${ipad.id}/retire`);
    const retired = await admin.post('/check-in', { serialNumber: ipad.serialNumber });
    expect(retired.status).toBe(409);
    expect(retired.body.error.code).toBe('DEVICE_NOT_ACTIVE');
  });
});

describe('a user prohibited on every account holding the app (R-A5, R-A6)', () => {
  /** Two Apple accounts holding two apps: one offered (available), one required as a user licence. */
  async function twoAccounts() {
    const { admin } = await w.t.newTenant();
    const assets = [asset('100013', 5), asset('100014', 5)];
    const first = await addAppleAccount(w, admin, { assets, name: 'First' });
    const second = await addAppleAccount(w, admin, { assets, name: 'Second' });
    const offered = await catalogApp(admin, '100013', {
      target: { type: 'allUsers' },
      intent: 'available',
    });
    const required = await catalogApp(admin, '100014', {
      target: { type: 'allUsers' },
      intent: 'required',
      licenseType: 'user',
    });
    /** Keeps All Users and prohibits the users on these accounts, for both apps. */
    const prohibit = async (userIds: string[], accounts = [first, second]) => {
      for (const app of [offered, required]) {
        for (const { account } of accounts) {
          const put = await admin.put(`/catalog-apps/${app.id}/distribution/${account.id}`, {
            fcfsGroupIds: ['allUsers'],
            prohibitedUserIds: userIds,
          });
          expect(put.status, put.text).toBe(200);
        }
      }
    };
    const request = async (deviceId: string) => {
      const response = await admin.post(`/devices/${deviceId}/install-requests`, {
        catalogAppId: offered.id,
      });
      expect(response.status, response.text).toBe(200);
      return response.body;
    };
    const enrolmentOf = async (userId: string) =>
      (await admin.get(`/users/${userId}`)).body.enrolment;
    return { admin, first, second, offered, required, prohibit, request, enrolmentOf };
  }

  it('R-A5, R-A6: an available app answers purchaseRequired to a user who has not joined, with no invitation', async () => {
    const a = await twoAccounts();
    const { device: ipad, user } = await device(a.admin);
    const { device: otherIpad, user: other } = await device(a.admin);
    await a.prohibit([user.id, other.id], [a.first, a.second]);
    expect(await a.request(ipad.id)).toEqual({
      state: 'noLicense',
      reason: 'purchaseRequired',
      command: null,
    });
    expect(await a.enrolmentOf(user.id)).toBe('none');
    // The next check-in decides the requested app the same way.
    const result = await checkIn(a.admin, ipad.serialNumber);
    expect(appState(result, a.offered.id)).toEqual({
      catalogAppId: a.offered.id,
      state: 'noLicense',
      reason: 'purchaseRequired',
    });
    // Prohibited on the first account only, a user who has not joined is waited for: a licence
    // can come from the second (R-A10).
    await a.prohibit([], [a.second]);
    expect(await a.request(otherIpad.id)).toMatchObject({
      state: 'awaitingEnrolment',
      reason: 'awaitingEnrolment',
    });
    expect(await a.enrolmentOf(other.id)).toBe('invited');
  });

  it('R-A5, R-A6: an available app answers purchaseRequired to a user who has joined', async () => {
    const a = await twoAccounts();
    const { device: ipad, user } = await device(a.admin);
    await joinedUser(a.admin, a.first.locationId, a.first.account.id, user);
    await a.prohibit([user.id]);
    expect(await a.request(ipad.id)).toEqual({
      state: 'noLicense',
      reason: 'purchaseRequired',
      command: null,
    });
  });

  it('R-A5, R-A6: a required user-licensed app is noLicense, not awaitingEnrolment', async () => {
    const a = await twoAccounts();
    const { device: ipad, user } = await device(a.admin);
    await a.prohibit([user.id]);
    const result = await checkIn(a.admin, ipad.serialNumber);
    expect(appState(result, a.required.id)).toEqual({
      catalogAppId: a.required.id,
      state: 'noLicense',
      reason: 'noLicenseAvailable',
    });
    expect(result.commands).toEqual([]);
    expect(await a.enrolmentOf(user.id)).toBe('none');
  });
});
