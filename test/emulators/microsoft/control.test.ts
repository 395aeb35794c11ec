import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';
import { control, requestToken, storeApi } from './helpers.js';

let emulator: MicrosoftEmulator;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({ maxRequestsPerSecond: 3 });
});

beforeEach(() => emulator.clearFaults());

afterAll(async () => {
  await emulator.close();
});

describe('Microsoft emulator: control API over HTTP', () => {
  it('creates an account, buys, refunds, adds users, hands out seats and reads the store', async () => {
    const created = await control(emulator, 'POST', '/accounts', {
      organizationName: 'Contoso',
      tenantDirectoryId: 'contoso-directory',
      clientId: 'allot-app',
      products: [{ productId: '9WZDNCRFJ3PZ', name: 'Notes', seats: 1 }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenantDirectoryId: 'contoso-directory',
      clientId: 'allot-app',
      clientSecret: expect.any(String),
      secretExpiresAt: expect.any(String),
    });
    const base = '/accounts/contoso-directory';
    const users = await control(emulator, 'POST', `${base}/users`, {
      users: ['ana@contoso.com', { userPrincipalName: 'ben@contoso.com', displayName: 'Ben' }],
    });
    expect(users.body.users).toHaveLength(2);
    const bought = await control(emulator, 'POST', `${base}/products`, {
      productId: '9WZDNCRFJ3PZ',
      seats: 2,
    });
    expect(bought.body).toMatchObject({ seatCapacity: 3, availableSeats: 3 });
    const newApp = await control(emulator, 'POST', `${base}/products`, {
      productId: '9NBLGGH4NNS1',
      licenseType: 'offline',
      seats: 4,
    });
    expect(newApp.body).toMatchObject({ licenseType: 'Offline', seatCapacity: 4 });
    const seeded = await control(emulator, 'POST', `${base}/seats`, {
      seats: [{ productId: '9WZDNCRFJ3PZ', userName: 'ana@contoso.com' }],
    });
    expect(seeded.body).toEqual({ assigned: 1 });
    const inventory = await control(emulator, 'GET', `${base}/inventory`);
    expect(inventory.body.products[0]).toMatchObject({
      name: 'Notes',
      availableSeats: 2,
      assignedTo: ['ana@contoso.com'],
    });
    const refunded = await control(emulator, 'POST', `${base}/products/9WZDNCRFJ3PZ/0016/refund`);
    expect(refunded.body).toMatchObject({ status: 'Removed', assignedTo: [] });
    expect((await control(emulator, 'GET', `${base}/seats`)).body.seats).toEqual([
      expect.objectContaining({ userName: 'ana@contoso.com', state: 'Revoked' }),
    ]);
    const again = await control(emulator, 'POST', `${base}/products/9WZDNCRFJ3PZ/0016/refund`);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_REFUNDED' } } });

    const rotated = await control(emulator, 'POST', `${base}/credentials`, { action: 'rotate' });
    const old = await requestToken(emulator, 'contoso-directory', {
      grant_type: 'client_credentials',
      client_id: 'allot-app',
      client_secret: created.body.clientSecret,
      resource: 'https://onestore.microsoft.com',
    });
    expect(old.status).toBe(401);
    expect(rotated.body.clientSecret).not.toBe(created.body.clientSecret);
  });

  it('validates control input with Allot error bodies', async () => {
    expect((await control(emulator, 'POST', '/accounts', {})).status).toBe(400);
    const badProduct = await control(emulator, 'POST', '/accounts', {
      organizationName: 'X',
      products: [{ productId: 'has space' }],
    });
    expect(badProduct.body).toMatchObject({ error: { details: { field: 'productId' } } });
    expect((await control(emulator, 'GET', '/accounts/nobody/inventory')).status).toBe(404);
    const action = await control(emulator, 'POST', '/accounts/nobody/credentials', { action: 'x' });
    expect(action.status).toBe(404);
  });

  it('injects 503s with Retry-After on the next calls, then answers normally', async () => {
    const credentials = emulator.createAccount({ organizationName: 'Faulty' });
    const api = await storeApi(emulator, credentials);
    const injected = await control(emulator, 'POST', '/faults', {
      status: 503,
      count: 2,
      retryAfterSeconds: 7,
      path: '/V1/',
    });
    expect(injected.body).toEqual({ pending: 2 });
    const first = await api.get('/Inventory');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body).toMatchObject({ code: 'ServiceUnavailable' });
    expect((await api.get('/Inventory')).status).toBe(503);
    expect((await api.get('/Inventory')).status).toBe(200);
    const log = (await control(emulator, 'GET', '/requests')).body.requests;
    expect(log.slice(-3).map((r: any) => r.status)).toEqual([503, 503, 200]);
  });

  it('rate limits each tenant with 429 and Retry-After', async () => {
    const credentials = emulator.createAccount({ organizationName: 'Busy' });
    const api = await storeApi(emulator, credentials);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await api.get('/Inventory'));
    const limited = answers.find((a) => a.status === 429);
    expect(limited?.headers.get('retry-after')).toBe('1');
    expect(limited?.body).toMatchObject({ code: 'TooManyRequests' });
  });
});
