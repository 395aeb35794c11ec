import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addIsvSubscription,
  checkIn,
  directoryUsers,
  outboxOf,
  userGroup,
  windowsDevice,
} from '../helpers/microsoftFlow.js';
import { defaultSpaceId, insertAccount } from '../factories/ledger.js';
import { createTestApp, type Client, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const emails = (...names: string[]) => names.map((n) => `${n}@fabrikam.example.com`);

async function seats(admin: Client, accountId: string) {
  const account = (await admin.get(`/accounts/${accountId}`)).body;
  return (await admin.get(`/products/${account.productId}`)).body.pools[0];
}

describe('assigning ISV seats, as in the Microsoft 365 admin center', () => {
  it('R-T12, R-V2: seats go to users and to the users of groups, once each, with no store call', async () => {
    const { admin } = await t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 5, purchasedThrough: 'vendor' });
    const [ana, ben, cy, dee] = await directoryUsers(admin, emails('ana', 'ben', 'cy', 'dee'));
    const team = await userGroup(admin, 'Design', [ben!, cy!]);

    const first = await admin.post(`/accounts/${account.id}/seats/assign`, {
      userIds: [ana!.id],
      groupIds: [team.id],
    });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({
      assigned: 3,
      alreadyAssigned: 0,
      seats: { total: 5, inUse: 3, available: 2 },
    });
    const again = await admin.post(`/accounts/${account.id}/seats/assign`, {
      userIds: [ana!.id, dee!.id],
    });
    expect(again.body).toMatchObject({ assigned: 1, alreadyAssigned: 1 });

    const licenses = (await admin.get(`/licenses?accountId=${account.id}`)).body.items;
    expect(licenses).toHaveLength(4);
    for (const license of licenses) {
      expect(license).toMatchObject({
        store: 'isv',
        licenseType: 'user',
        catalogAppId: null,
        storeState: 'confirmed',
        state: 'active',
        lastAction: 'seats.assign',
      });
    }
    expect(await outboxOf(t, account.id)).toEqual([]);
    const userView = (await admin.get(`/users/${ana!.id}/licenses`)).body.items;
    expect(userView).toEqual([
      expect.objectContaining({ name: 'Design Suite', store: 'isv', licenseType: 'user' }),
    ]);
    const log = (await admin.get('/activity?action=account.seats.assign')).body.items;
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ store: 'isv', subject: { id: account.id } });

    // R-V2: a user who leaves the organisation gives the seat back.
    expect((await admin.delete(`/users/${dee!.id}`)).status).toBe(200);
    expect(await seats(admin, account.id)).toMatchObject({ inUse: 3, available: 2 });
  });

  it('R-A12: more users than seats left is refused, all or nothing, with the forecast and the three remedies', async () => {
    const { admin } = await t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 2, purchasedThrough: 'marketplace' });
    const users = await directoryUsers(admin, emails('ana', 'ben', 'cy'));
    const everyone = await userGroup(admin, 'Everyone', users);
    const refused = await admin.post(`/accounts/${account.id}/seats/assign`, {
      groupIds: [everyone.id],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_LICENSES',
      details: {
        forecast: { needed: 3, available: 2, shortfall: 1 },
        remedies: [
          expect.objectContaining({ code: 'uninstallFromSomeDevices' }),
          expect.objectContaining({ code: 'narrowAssignment' }),
          expect.objectContaining({ code: 'buyMoreLicenses' }),
        ],
      },
    });
    expect(await seats(admin, account.id)).toMatchObject({ inUse: 0 });
    // Buying a seat in the marketplace is the third way out.
    expect((await admin.patch(`/accounts/${account.id}`, { seats: 3 })).status).toBe(200);
    const assigned = await admin.post(`/accounts/${account.id}/seats/assign`, {
      groupIds: [everyone.id],
    });
    expect(assigned.body.seats).toEqual({ total: 3, inUse: 3, available: 0 });
  });

  it('R-T12: unassigning from more than one user needs confirmation', async () => {
    const { admin } = await t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 5, purchasedThrough: 'vendor' });
    const users = await directoryUsers(admin, emails('ana', 'ben', 'cy'));
    const group = await userGroup(admin, 'Two', users.slice(1));
    await admin.post(`/accounts/${account.id}/seats/assign`, { userIds: users.map((u) => u.id) });

    const one = await admin.post(`/accounts/${account.id}/seats/unassign`, {
      userIds: [users[0].id],
    });
    expect(one.status, one.text).toBe(200);
    expect(one.body).toEqual({ unassigned: 1, seats: { total: 5, inUse: 2, available: 3 } });

    const bulk = await admin.post(`/accounts/${account.id}/seats/unassign`, {
      groupIds: [group.id],
    });
    expect(bulk.status).toBe(400);
    expect(bulk.body.error).toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      details: { field: 'confirm', users: 2 },
    });
    expect(bulk.body.error.message).toContain('confirm=true');
    expect(await seats(admin, account.id)).toMatchObject({ inUse: 2 });

    const confirmed = await admin.post(`/accounts/${account.id}/seats/unassign`, {
      groupIds: [group.id],
      confirm: true,
    });
    expect(confirmed.body).toEqual({ unassigned: 2, seats: { total: 5, inUse: 0, available: 5 } });
    const revoked = (await admin.get(`/licenses?accountId=${account.id}&state=revoked`)).body.items;
    expect(revoked.map((l: any) => l.lastAction)).toEqual([
      'revoke.adminRevoked',
      'revoke.adminRevoked',
      'revoke.adminRevoked',
    ]);
  });

  it('R-T12: seats are only for ISV subscriptions, and only for users of the subscription’s space', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const apple = await insertAccount(t, tenantId, { spaceId, store: 'apple' });
    const [ana] = await directoryUsers(admin, emails('ana'));
    const notIsv = await admin.post(`/accounts/${apple}/seats/assign`, { userIds: [ana!.id] });
    expect(notIsv.status).toBe(409);
    expect(notIsv.body.error.code).toBe('NOT_A_SEAT_SUBSCRIPTION');

    const account = await addIsvSubscription(admin, { seats: 5, purchasedThrough: 'vendor' });
    const branch = (await admin.post('/spaces', { name: 'Branch' })).body;
    const elsewhere = (
      await admin.post('/users', {
        email: 'far@fabrikam.example.com',
        displayName: 'Far',
        spaceId: branch.id,
      })
    ).body;
    const mismatch = await admin.post(`/accounts/${account.id}/seats/assign`, {
      userIds: [elsewhere.id],
    });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error.code).toBe('SPACE_MISMATCH');
    const nobody = await admin.post(`/accounts/${account.id}/seats/assign`, {});
    expect(nobody.status).toBe(400);
  });

  it('R-A12, R-T12, R-V2: in the catalog, an ISV app is assigned within its seats, licensed at check-in without an install command, and freed when the user is deleted', async () => {
    const { admin } = await t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 2, purchasedThrough: 'marketplace' });
    const users = await directoryUsers(admin, emails('ana', 'ben', 'cy'));
    const everyone = await userGroup(admin, 'Everyone', users);
    const contractors = await userGroup(admin, 'Contractors', users.slice(2));
    const app = (await admin.post('/catalog-apps', { productId: account.productId })).body;
    expect(app).toMatchObject({ store: 'isv', name: 'Design Suite' });

    const body = { target: { type: 'group', groupId: everyone.id }, intent: 'required' };
    const refused = await admin.post(`/catalog-apps/${app.id}/assignments`, body);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_LICENSES',
      details: { forecast: { needed: 3, available: 2, shortfall: 1 } },
    });
    const narrowed = await admin.post(`/catalog-apps/${app.id}/assignments`, {
      ...body,
      excludeGroupIds: [contractors.id],
    });
    expect(narrowed.status).toBe(201);

    const laptop = await windowsDevice(admin, users[0]);
    const result = await checkIn(admin, laptop.serialNumber);
    expect(result).toEqual({
      deviceId: laptop.id,
      commands: [],
      apps: [{ catalogAppId: app.id, state: 'pending', reason: 'installedByVendor' }],
    });
    expect(await seats(admin, account.id)).toMatchObject({ inUse: 1, available: 1 });
    expect(await outboxOf(t, account.id)).toEqual([]);

    expect((await admin.delete(`/users/${users[0].id}`)).status).toBe(200);
    expect(await seats(admin, account.id)).toMatchObject({ inUse: 0, available: 2 });
    const licenses = (await admin.get(`/licenses?accountId=${account.id}`)).body.items;
    expect(licenses).toEqual([
      expect.objectContaining({ state: 'revoked', lastAction: 'revoke.userDeleted', store: 'isv' }),
    ]);
  });
});
