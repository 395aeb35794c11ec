import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type ControlProductInput,
  type MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';
import { accessToken, storeApi } from './helpers.js';

let emulator: MicrosoftEmulator;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator();
});

afterAll(async () => {
  await emulator.close();
});

const APP = '9WZDNCRFJ3PZ';
const seats = `/Inventory/${APP}/0016/Seats`;
const users = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@contoso.com`);

async function account(products: ControlProductInput[], upns: string[] = users(3)) {
  const credentials = emulator.createAccount({
    organizationName: 'Contoso',
    products,
    users: upns,
  });
  return {
    tenant: credentials.tenantDirectoryId,
    credentials,
    api: await storeApi(emulator, credentials),
  };
}

describe('Microsoft emulator: seats', () => {
  it('assigns, reads and reclaims one seat', async () => {
    const { tenant, api } = await account([{ productId: APP, seats: 2 }]);
    const assigned = await api.post(`${seats}/User0@Contoso.com`);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({
      assignedTo: 'user0@contoso.com',
      state: 'Active',
      productKey: { productId: APP, skuId: '0016' },
      dateAssigned: expect.any(String),
    });
    // Assigning again answers the same seat and uses nothing more.
    expect((await api.post(`${seats}/user0@contoso.com`)).status).toBe(200);
    expect(emulator.listInventory(tenant)[0]).toMatchObject({
      availableSeats: 1,
      assignedTo: ['user0@contoso.com'],
    });
    expect((await api.get(`${seats}/user0@contoso.com`)).body.state).toBe('Active');
    const reclaimed = await api.del(`${seats}/user0@contoso.com`);
    expect(reclaimed.body.state).toBe('Revoked');
    expect(emulator.listInventory(tenant)[0]?.availableSeats).toBe(2);
    expect((await api.get(`/Users/user0@contoso.com/Seats`)).body.seats).toEqual([
      expect.objectContaining({ state: 'Revoked' }),
    ]);
  });

  it('answers 404 for a missing inventory, user or seat', async () => {
    const { api } = await account([{ productId: APP, seats: 2 }]);
    const cases: Array<[Promise<any>, string]> = [
      [api.post('/Inventory/MISSING/0016/Seats/user0@contoso.com'), 'Inventory'],
      [api.post(`${seats}/stranger@contoso.com`), 'User'],
      [api.get(`${seats}/user1@contoso.com`), 'Seat'],
      [api.del(`${seats}/user1@contoso.com`), 'Seat'],
      [api.get('/Users/stranger@contoso.com/Seats'), 'User'],
    ];
    for (const [call, itemType] of cases) {
      const answer = await call;
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ code: 'NotFound', itemType });
    }
  });

  it('answers 409 Not online for seat operations on an offline-licensed product', async () => {
    const { api } = await account([{ productId: APP, licenseType: 'offline', seats: 5 }]);
    for (const answer of [
      await api.get(seats),
      await api.post(`${seats}/user0@contoso.com`),
      await api.post(seats, { seatAction: 'Assign', usernames: ['user0@contoso.com'] }),
    ]) {
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: 'NotOnline', message: 'Not online' });
    }
  });

  it('R-A12: refuses a seat when none is left (409 single, per-user failure in bulk)', async () => {
    const { api } = await account([{ productId: APP, seats: 1 }]);
    await api.post(`${seats}/user0@contoso.com`);
    const single = await api.post(`${seats}/user1@contoso.com`);
    expect(single).toMatchObject({ status: 409, body: { code: 'NoSeatsAvailable' } });
    const bulk = await api.post(seats, {
      seatAction: 'Assign',
      usernames: ['user1@contoso.com', 'user0@contoso.com', 'ghost@contoso.com'],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toEqual({
      seatDetails: [],
      failedSeatOperations: [
        {
          failureReason: 'NoSeatsAvailable',
          productKey: { productId: APP, skuId: '0016' },
          userName: 'user1@contoso.com',
        },
        {
          failureReason: 'AlreadyAssigned',
          productKey: { productId: APP, skuId: '0016' },
          userName: 'user0@contoso.com',
        },
        {
          failureReason: 'UserNotFound',
          productKey: { productId: APP, skuId: '0016' },
          userName: 'ghost@contoso.com',
        },
      ],
    });
  });

  it('bulk-assigns and bulk-reclaims with per-user results', async () => {
    const { tenant, api } = await account([{ productId: APP, seats: 10 }], users(5));
    const assigned = await api.post(seats, { seatAction: 'Assign', userNames: users(3) });
    expect(assigned.body.seatDetails).toHaveLength(3);
    expect(assigned.body.failedSeatOperations).toEqual([]);
    const reclaimed = await api.post(seats, {
      seatAction: 'reclaim',
      usernames: ['user0@contoso.com', 'user4@contoso.com'],
    });
    expect(reclaimed.body.seatDetails).toEqual([
      expect.objectContaining({ assignedTo: 'user0@contoso.com', state: 'Revoked' }),
    ]);
    expect(reclaimed.body.failedSeatOperations).toEqual([
      expect.objectContaining({ failureReason: 'NotAssigned', userName: 'user4@contoso.com' }),
    ]);
    expect(emulator.listInventory(tenant)[0]?.assignedTo).toEqual([
      'user1@contoso.com',
      'user2@contoso.com',
    ]);
  });

  it('answers 400 for malformed bulk bodies and 409 for assigning a refunded product', async () => {
    const { tenant, api, credentials } = await account([{ productId: APP, seats: 10 }], users(101));
    for (const body of [
      { seatAction: 'Give', usernames: ['user0@contoso.com'] },
      { seatAction: 'Assign', usernames: [] },
      { seatAction: 'Assign', usernames: users(101) },
      { seatAction: 'Assign', usernames: ['user0@contoso.com', 'USER0@contoso.com'] },
      { seatAction: 'Assign' },
    ]) {
      expect((await api.post(seats, body)).status).toBe(400);
    }
    const raw = await fetch(`${emulator.url}${seats}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessToken(emulator, credentials)}` },
      body: '{',
    });
    expect(raw.status).toBe(400);
    emulator.refund(tenant, APP);
    const removed = await api.post(seats, {
      seatAction: 'Assign',
      usernames: ['user0@contoso.com'],
    });
    expect(removed).toMatchObject({ status: 409, body: { code: 'InventoryRemoved' } });
  });

  it("pages seat listings (at most 100 per page) and lists one user's seats", async () => {
    const { tenant, api } = await account(
      [
        { productId: APP, seats: 150 },
        { productId: '9NBLGGH4NNS1', free: true },
      ],
      users(150),
    );
    emulator.seedSeats(
      tenant,
      users(150).map((userName) => ({ productId: APP, userName })),
    );
    expect((await api.get(`${seats}?maxResults=101`)).status).toBe(400);
    const first = await api.get(`${seats}?maxResults=100`);
    expect(first.body.seats).toHaveLength(100);
    const second = await api.get(
      `${seats}?maxResults=100&continuationToken=${encodeURIComponent(first.body.continuationToken)}`,
    );
    expect(second.body).toMatchObject({ continuationToken: null });
    expect(second.body.seats).toHaveLength(50);
    expect((await api.get(seats)).body.seats).toHaveLength(25);

    // Free apps are distributed openly: seats beyond the (zero) capacity are fine.
    const free = await api.post('/Inventory/9NBLGGH4NNS1/0016/Seats/user7@contoso.com');
    expect(free.status).toBe(200);
    const mine = await api.get('/Users/user7@contoso.com/Seats');
    expect(mine.body.seats.map((s: any) => s.productKey.productId)).toEqual(['9NBLGGH4NNS1', APP]);
  });
});
