import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIsvSubscription, directoryUsers } from '../helpers/microsoftFlow.js';
import { createTestApp, type Client, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const body = {
  store: 'isv',
  name: 'Design Suite (marketplace)',
  productName: 'Design Suite',
  publisher: 'Fabrikam',
  seats: 10,
  purchasedThrough: 'marketplace',
  costPerSeat: { amount: 1200, currency: 'eur' },
};

async function seatsInUse(admin: Client, accountId: string, count: number) {
  const users = await directoryUsers(
    admin,
    Array.from({ length: count }, (_, i) => `user${i}@fabrikam.example.com`),
  );
  const assigned = await admin.post(`/accounts/${accountId}/seats/assign`, {
    userIds: users.map((u) => u.id),
  });
  expect(assigned.status, assigned.text).toBe(200);
  return users;
}

describe('ISV subscriptions', () => {
  it('R-T12: a subscription has a product, a pool of its seats, a publisher, a cost per seat and how it was bought', async () => {
    const { admin } = await t.newTenant();
    const created = await admin.post('/accounts', body);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      store: 'isv',
      name: 'Design Suite (marketplace)',
      status: 'healthy',
      organizationName: 'Fabrikam',
      publisher: 'Fabrikam',
      seats: 10,
      purchasedThrough: 'marketplace',
      productId: expect.any(String),
      syncJobId: null,
      warnings: [],
    });
    const product = (await admin.get(`/products/${created.body.productId}`)).body;
    expect(product).toMatchObject({
      store: 'isv',
      kind: 'app',
      name: 'Design Suite',
      costPerLicense: { amount: 1200, currency: 'EUR' },
      deviceAssignable: false,
      pools: [{ accountId: created.body.id, total: 10, inUse: 0, available: 10, asOf: null }],
    });
    const overview = (await admin.get('/licenses/overview')).body.items;
    expect(overview).toEqual([
      expect.objectContaining({ name: 'Design Suite', store: 'isv', total: 10, available: 10 }),
    ]);
    const activity = (await admin.get('/activity?action=account.create')).body.items;
    expect(activity).toEqual([
      expect.objectContaining({
        store: 'isv',
        after: expect.objectContaining({ costPerSeat: { amount: 1200, currency: 'eur' } }),
      }),
    ]);
    // Allot is the ledger: there is no store to sync with.
    const sync = await admin.post(`/accounts/${created.body.id}/sync`, {});
    expect(sync.status).toBe(409);
    expect(sync.body.error.code).toBe('NO_STORE_CONNECTION');
  });

  it('R-T12: seats bought through the marketplace change here, never below the seats in use, and each change is logged', async () => {
    const { admin } = await t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 5, purchasedThrough: 'marketplace' });
    await seatsInUse(admin, account.id, 3);

    const more = await admin.patch(`/accounts/${account.id}`, { seats: 8 });
    expect(more.status, more.text).toBe(200);
    expect(more.body.seats).toBe(8);
    expect((await admin.get(`/products/${account.productId}`)).body.pools[0]).toMatchObject({
      total: 8,
      inUse: 3,
      available: 5,
    });
    const fewer = await admin.patch(`/accounts/${account.id}`, { seats: 3 });
    expect(fewer.body.seats).toBe(3);

    const below = await admin.patch(`/accounts/${account.id}`, { seats: 2 });
    expect(below.status).toBe(409);
    expect(below.body.error).toMatchObject({
      code: 'SEATS_BELOW_IN_USE',
      details: { requested: 2, inUse: 3 },
    });
    expect(below.body.error.message).toContain('3 seats are in use');
    expect((await admin.get(`/accounts/${account.id}`)).body.seats).toBe(3);

    const log = (await admin.get('/activity?action=account.seats.change')).body.items;
    expect(log.map((e: any) => [e.before.seats, e.after.seats, e.after.delta, e.store])).toEqual([
      [5, 8, 3, 'isv'],
      [8, 3, -5, 'isv'],
    ]);
    expect((await admin.get('/activity?action=account.update')).body.items).toEqual([]);
  });

  it('R-T12: a vendor-bought count is read-only and says to contact the vendor', async () => {
    const { admin } = await t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 5, purchasedThrough: 'vendor' });
    const patched = await admin.patch(`/accounts/${account.id}`, { seats: 6 });
    expect(patched.status).toBe(422);
    expect(patched.body.error).toMatchObject({
      code: 'SEATS_READ_ONLY',
      details: { source: 'vendor' },
    });
    expect(patched.body.error.message).toContain('contact the vendor');
    expect((await admin.get(`/accounts/${account.id}`)).body.seats).toBe(5);
    // Renaming is still allowed.
    const renamed = await admin.patch(`/accounts/${account.id}`, { name: 'Vendor seats' });
    expect(renamed.body).toMatchObject({ name: 'Vendor seats', seats: 5 });
  });

  it('R-T12: the subscription body is validated', async () => {
    const { admin } = await t.newTenant();
    const missing: Partial<typeof body> = { ...body };
    delete missing.purchasedThrough;
    const noSource = await admin.post('/accounts', missing);
    expect(noSource.status).toBe(400);
    expect(noSource.body.error.details.field).toBe('purchasedThrough');
    const currency = await admin.post('/accounts', {
      ...body,
      costPerSeat: { amount: 5, currency: 'euro' },
    });
    expect(currency.status).toBe(400);
    expect(currency.body.error.details.field).toBe('costPerSeat.currency');
    const negative = await admin.post('/accounts', { ...body, seats: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details.field).toBe('seats');
    expect((await admin.get('/accounts')).body.items).toEqual([]);
  });
});
