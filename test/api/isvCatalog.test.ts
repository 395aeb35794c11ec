/**
 * ISV seats and the catalog: seats assigned on the subscription before (or after) its app is
 * added to a space's catalog are that app's licences in the views of R-M4.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addIsvSubscription,
  checkIn,
  directoryUsers,
  userGroup,
  windowsDevice,
} from '../helpers/microsoftFlow.js';
import { grant } from '../factories/ledger.js';
import { createTestApp, type Client, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const emails = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}@fabrikam.example.com`);

/** The licence tabs of a catalog app (R-M4), one page of 100. */
async function tabs(client: Client, appId: string, query = '') {
  const response = await client.get(`/catalog-apps/${appId}/licenses?limit=100${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body as { accounts: any[]; items: any[]; nextCursor: string | null };
}

/** Every in-use seat of each account shows as a licence of the app, per distribution type. */
function expectCountsAgree(usage: { accounts: any[]; items: any[] }) {
  for (const account of usage.accounts) {
    const listed = usage.items.filter((i) => i.accountId === account.accountId);
    expect(account.licenses.fcfs + account.licenses.reserved).toBe(account.inUse);
    expect(listed).toHaveLength(account.inUse);
  }
}

describe('ISV seats and the catalog', () => {
  it('R-M4, R-T12: seats assigned before the app was added to the catalog are its licences, and the counts agree', async () => {
    const { admin } = await t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 15, purchasedThrough: 'vendor' });
    const users = await directoryUsers(admin, emails('seat', 12));
    const everyone = await userGroup(admin, 'Designers', users);
    const assigned = await admin.post(`/accounts/${account.id}/seats/assign`, {
      groupIds: [everyone.id],
    });
    expect(assigned.body.seats).toEqual({ total: 15, inUse: 12, available: 3 });

    const app = (await admin.post('/catalog-apps', { productId: account.productId })).body;
    const all = await tabs(admin, app.id);
    expect(all.accounts).toEqual([
      expect.objectContaining({
        accountId: account.id,
        total: 15,
        inUse: 12,
        available: 3,
        licenses: { fcfs: 12, reserved: 0 },
        prohibitedUsers: 0,
      }),
    ]);
    expect(all.items).toHaveLength(12);
    expect(new Set(all.items.map((i) => i.subject.id))).toEqual(new Set(users.map((u) => u.id)));
    for (const item of all.items) {
      expect(item).toMatchObject({
        accountId: account.id,
        distribution: 'fcfs',
        licenseType: 'user',
        lastAction: 'seats.assign',
        // The licence was not given through a catalog app: no assignment of the app takes it back.
        license: { state: 'active', store: 'isv', catalogAppId: null },
      });
    }
    expectCountsAgree(all);
    expect((await tabs(admin, app.id, '&distribution=fcfs')).items).toHaveLength(12);
    expect((await tabs(admin, app.id, '&distribution=reserved')).items).toEqual([]);
    const one = await tabs(admin, app.id, `&q=${encodeURIComponent(users[4].email)}`);
    expect(one.items.map((i) => i.subject.id)).toEqual([users[4].id]);

    // The app's activity log shows the seats given before it was in the catalog.
    const activity = (await admin.get(`/catalog-apps/${app.id}/activity?limit=100`)).body.items;
    expect(activity.filter((e: any) => e.action === 'license.grant')).toHaveLength(12);
    expect(activity.map((e: any) => e.action)).toContain('catalogApp.create');

    // A seat assigned after the app was added is listed the same way.
    const [late] = await directoryUsers(admin, emails('late', 1));
    await admin.post(`/accounts/${account.id}/seats/assign`, { userIds: [late!.id] });
    const after = await tabs(admin, app.id);
    expect(after.accounts[0]).toMatchObject({ inUse: 13, licenses: { fcfs: 13, reserved: 0 } });
    expectCountsAgree(after);
  });

  it('R-M4, R-A7, R-A12: a seat held before the app is assigned is the one its install uses; nothing is counted twice', async () => {
    const { admin } = await t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 2, purchasedThrough: 'vendor' });
    const [ana, ben] = await directoryUsers(admin, emails('reuse', 2));
    await admin.post(`/accounts/${account.id}/seats/assign`, { userIds: [ana!.id, ben!.id] });
    const app = (await admin.post('/catalog-apps', { productId: account.productId })).body;

    // R-A12: both users hold a seat already, so assigning the app to them needs none.
    const assignment = await admin.post(`/catalog-apps/${app.id}/assignments`, {
      target: { type: 'allUsers' },
      intent: 'required',
    });
    expect(assignment.status, assignment.text).toBe(201);
    expect(assignment.body.forecast).toMatchObject({ needed: 0, shortfall: 0 });

    const laptop = await windowsDevice(admin, ana);
    const result = await checkIn(admin, laptop.serialNumber);
    expect(result.apps).toEqual([
      { catalogAppId: app.id, state: 'pending', reason: 'installedByVendor' },
    ]);
    const usage = await tabs(admin, app.id);
    expect(usage.accounts[0]).toMatchObject({ inUse: 2, licenses: { fcfs: 2, reserved: 0 } });
    expect(usage.items).toHaveLength(2);
    expectCountsAgree(usage);
    const device = (await admin.get(`/devices/${laptop.id}/apps`)).body.items;
    expect(device).toEqual([
      expect.objectContaining({
        catalogAppId: app.id,
        license: expect.objectContaining({ subject: expect.objectContaining({ id: ana!.id }) }),
      }),
    ]);
  });

  it('R-M4, R-V2: the app leaving the catalog takes back only the licences given through it; added again, it lists the seats again', async () => {
    const { admin } = await t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 5, purchasedThrough: 'vendor' });
    const users = await directoryUsers(admin, emails('keep', 3));
    await admin.post(`/accounts/${account.id}/seats/assign`, { userIds: users.map((u) => u.id) });
    const app = (await admin.post('/catalog-apps', { productId: account.productId })).body;
    expect((await tabs(admin, app.id)).items).toHaveLength(3);

    const deleted = await admin.delete(`/catalog-apps/${app.id}`);
    expect(deleted.body).toEqual({ revokedLicenses: 0 });
    const again = (await admin.post('/catalog-apps', { productId: account.productId })).body;
    const usage = await tabs(admin, again.id);
    expect(usage.accounts[0]).toMatchObject({ inUse: 3, licenses: { fcfs: 3, reserved: 0 } });
    expect(usage.items).toHaveLength(3);
  });

  it('R-M4, R-S2: a space the app is delegated to sees the seats of its own subscription assigned before the delegation', async () => {
    const { admin } = await t.newTenant();
    const branch = (await admin.post('/spaces', { name: 'Branch' })).body;
    const branchToken = (
      await admin.post('/api-tokens', { name: 'branch', role: 'readOnly', spaceId: branch.id })
    ).body.token as string;
    const branchAdmin = t.client(branchToken);

    // Branch's own subscription, its seats assigned before the app reaches Branch's catalog.
    const created = await admin.post('/accounts', {
      store: 'isv',
      name: 'Design Suite (Branch)',
      productName: 'Design Suite',
      publisher: 'Fabrikam',
      seats: 4,
      purchasedThrough: 'vendor',
      spaceId: branch.id,
    });
    expect(created.status, created.text).toBe(201);
    const branchSub = created.body;
    const branchUsers = [];
    for (const [i, name] of ['Bo', 'Bea', 'Bill'].entries()) {
      branchUsers.push(
        (
          await admin.post('/users', {
            email: `branch${i}@fabrikam.example.com`,
            displayName: name,
            spaceId: branch.id,
          })
        ).body,
      );
    }
    await admin.post(`/accounts/${branchSub.id}/seats/assign`, {
      userIds: branchUsers.slice(0, 2).map((u) => u.id),
    });

    const app = (await admin.post('/catalog-apps', { productId: branchSub.productId })).body;
    expect(app.spaceId).not.toBe(branch.id);
    expect((await tabs(admin, app.id)).items).toEqual([]);
    expect((await branchAdmin.get(`/catalog-apps/${app.id}/licenses`)).status).toBe(404);
    await admin.post(`/catalog-apps/${app.id}/delegations`, { spaceId: branch.id });

    for (const client of [admin, branchAdmin]) {
      const usage = await tabs(client, app.id);
      expect(usage.accounts).toEqual([
        expect.objectContaining({
          accountId: branchSub.id,
          spaceId: branch.id,
          inUse: 2,
          licenses: { fcfs: 2, reserved: 0 },
        }),
      ]);
      expect(usage.items.map((i) => i.subject.name).sort()).toEqual(['Bea', 'Bo']);
      expectCountsAgree(usage);
    }

    // Withdrawing the delegation takes the app out of Branch: its seats stay with the
    // subscription (they were not given through the app) and no longer show as the app's.
    const withdrawn = await admin.delete(`/catalog-apps/${app.id}/delegations/${branch.id}`);
    expect(withdrawn.body).toEqual({ revokedLicenses: 0 });
    expect((await tabs(admin, app.id)).items).toEqual([]);
    expect((await branchAdmin.get(`/catalog-apps/${app.id}/licenses`)).status).toBe(404);
    const seats = (await admin.get(`/licenses?accountId=${branchSub.id}&state=active`)).body.items;
    expect(seats).toHaveLength(2);
  });

  it('R-M4, R-S2: a space the app is delegated to sees its licences drawn from the accounts of the app’s space, without their pools', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const branch = (await admin.post('/spaces', { name: 'Branch' })).body;
    const branchAdmin = t.client(
      (await admin.post('/api-tokens', { name: 'branch', role: 'readOnly', spaceId: branch.id }))
        .body.token as string,
    );
    const home = await addIsvSubscription(admin, { seats: 3, purchasedThrough: 'vendor' });
    const [ann] = await directoryUsers(admin, emails('home', 1));
    await admin.post(`/accounts/${home.id}/seats/assign`, { userIds: [ann!.id] });
    const app = (await admin.post('/catalog-apps', { productId: home.productId })).body;
    await admin.post(`/catalog-apps/${app.id}/delegations`, { spaceId: branch.id });
    const bill = (
      await admin.post('/users', {
        email: 'bill@fabrikam.example.com',
        displayName: 'Bill',
        spaceId: branch.id,
      })
    ).body;
    // What a check-in of Bill's device through the delegated app gives when Branch holds no
    // seat of the product: a licence of Branch drawn from the app's space (R-A2).
    const pool = await t.ctx.db.kysely
      .selectFrom('pools')
      .select('id')
      .where('accountId', '=', home.id)
      .executeTakeFirstOrThrow();
    await grant(t, {
      tenantId,
      spaceId: branch.id,
      poolId: pool.id,
      catalogAppId: app.id,
      subject: { type: 'user', id: bill.id, name: 'Bill' },
    });

    const tenantWide = await tabs(admin, app.id);
    expect(tenantWide.accounts).toEqual([
      expect.objectContaining({ accountId: home.id, inUse: 2, licenses: { fcfs: 2, reserved: 0 } }),
    ]);
    expect(tenantWide.items.map((i) => i.subject.name).sort()).toEqual(['Bill', ann!.displayName]);
    expectCountsAgree(tenantWide);

    const branchView = await tabs(branchAdmin, app.id);
    expect(branchView.accounts).toEqual([]);
    expect(branchView.items).toEqual([
      expect.objectContaining({
        accountId: home.id,
        subject: expect.objectContaining({ id: bill.id }),
      }),
    ]);
  });
});
