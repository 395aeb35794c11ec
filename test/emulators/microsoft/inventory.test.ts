import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type ControlProductInput,
  type MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';
import { fakeClock, storeApi } from './helpers.js';

const clock = fakeClock();
let emulator: MicrosoftEmulator;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({ now: clock.now });
});

afterAll(async () => {
  await emulator.close();
});

const id = (n: number) => `9N${String(n).padStart(10, '0')}`;

function account(products: ControlProductInput[], users: string[] = []) {
  const credentials = emulator.createAccount({ organizationName: 'Contoso', products, users });
  return { credentials, store: () => storeApi(emulator, credentials) };
}

describe('Microsoft emulator: inventory', () => {
  it('pages /Inventory with continuation tokens, 25 entries by default', async () => {
    const { store } = account(
      Array.from({ length: 30 }, (_, i) => ({ productId: id(i), seats: i })),
    );
    const api = await store();
    const first = await api.get('/Inventory');
    expect(first.status).toBe(200);
    expect(first.body.inventoryEntries).toHaveLength(25);
    expect(first.body.continuationToken).toEqual(expect.any(String));
    const second = await api.get(
      `/Inventory?continuationToken=${encodeURIComponent(first.body.continuationToken)}`,
    );
    expect(second.body.inventoryEntries).toHaveLength(5);
    expect(second.body.continuationToken).toBeNull();
    const all = [...first.body.inventoryEntries, ...second.body.inventoryEntries];
    expect(new Set(all.map((e: any) => e.productKey.productId)).size).toBe(30);
    expect(all[3]).toEqual({
      productKey: { productId: id(3), skuId: '0016' },
      seatCapacity: 3,
      availableSeats: 3,
      lastModified: new Date(clock.now()).toISOString(),
      licenseType: 'Online',
      distributionPolicy: 'Restricted',
      status: 'Active',
    });

    const small = await api.get('/Inventory?maxResults=7');
    expect(small.body.inventoryEntries).toHaveLength(7);
  });

  it('answers 400 for bad parameters and tokens reused with other filters', async () => {
    const { store } = account([{ productId: id(1) }, { productId: id(2) }]);
    const api = await store();
    for (const query of [
      'maxResults=0',
      'maxResults=101',
      'maxResults=abc',
      'modifiedSince=yesterday',
      'licenseTypes=rented',
      'continuationToken=garbage',
    ]) {
      const answer = await api.get(`/Inventory?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.code).toBe('InvalidParameter');
    }
    const first = await api.get('/Inventory?maxResults=1');
    const token = encodeURIComponent(first.body.continuationToken);
    const mixed = await api.get(
      `/Inventory?maxResults=1&licenseTypes=offline&continuationToken=${token}`,
    );
    expect(mixed.status).toBe(400);
  });

  it('R-T11: filters by licence type (online and offline entries) and by modifiedSince', async () => {
    const { credentials, store } = account([
      { productId: id(1), seats: 2 },
      { productId: id(1), skuId: '0017', licenseType: 'offline', seats: 9 },
      { productId: id(2), seats: 1 },
    ]);
    const api = await store();
    const online = await api.get('/Inventory?licenseTypes=online');
    expect(online.body.inventoryEntries.map((e: any) => e.licenseType)).toEqual([
      'Online',
      'Online',
    ]);
    const offline = await api.get('/Inventory?licenseTypes=offline');
    expect(offline.body.inventoryEntries).toEqual([
      expect.objectContaining({ licenseType: 'Offline', seatCapacity: 9, availableSeats: 9 }),
    ]);
    const both = await api.get('/Inventory?licenseTypes=online&licenseTypes=offline');
    expect(both.body.inventoryEntries).toHaveLength(3);

    clock.advance(60_000);
    const since = new Date(clock.now()).toISOString();
    emulator.buy(credentials.tenantDirectoryId, { productId: id(2), seats: 4 });
    const changed = await api.get(`/Inventory?modifiedSince=${since}`);
    expect(changed.body.inventoryEntries).toEqual([
      expect.objectContaining({ productKey: { productId: id(2), skuId: '0016' }, seatCapacity: 5 }),
    ]);
  });

  it('R-T11: a refund leaves the entry listed as Removed, without seats', async () => {
    const { credentials, store } = account([{ productId: id(5), seats: 3 }], ['ana@contoso.com']);
    emulator.seedSeats(credentials.tenantDirectoryId, [
      { productId: id(5), userName: 'ana@contoso.com' },
    ]);
    emulator.refund(credentials.tenantDirectoryId, id(5));
    const api = await store();
    const inventory = await api.get('/Inventory');
    expect(inventory.body.inventoryEntries[0]).toMatchObject({
      status: 'Removed',
      seatCapacity: 0,
      availableSeats: 0,
    });
    const seats = await api.get(`/Inventory/${id(5)}/0016/Seats`);
    expect(seats.body.seats).toEqual([expect.objectContaining({ state: 'Revoked' })]);
  });

  it('R-T11: product details name the app in the asked language, with free and encrypted flags', async () => {
    const { store } = account([
      {
        productId: id(7),
        name: 'Notes',
        localizedNames: { 'fr-FR': 'Bloc-notes', 'de-DE': 'Notizen' },
        price: 4.99,
        seats: 1,
      },
      { productId: id(8), name: 'Reader', free: true },
      { productId: id(9), name: 'Vault', encrypted: true, seats: 1 },
    ]);
    const api = await store();
    const fr = await api.get(`/Products/${id(7)}/0016?language=fr-FR`);
    expect(fr.body).toMatchObject({
      productKey: { productId: id(7), skuId: '0016' },
      displayName: 'Bloc-notes',
      language: 'fr-FR',
      supportedLanguages: ['en-US', 'fr-FR', 'de-DE'],
      packageFormat: 'appxBundle',
      isFree: false,
      price: { listPrice: 4.99, currencyCode: 'USD' },
    });
    expect((await api.get(`/Products/${id(7)}/0016?language=fr-CA`)).body.displayName).toBe(
      'Bloc-notes',
    );
    expect((await api.get(`/Products/${id(7)}/0016?language=ja-JP`)).body).toMatchObject({
      displayName: 'Notes',
      language: 'en-US',
    });
    expect((await api.get(`/Products/${id(7)}/0016/LocalizedDetails/de-DE`)).body).toMatchObject({
      language: 'de-DE',
      displayName: 'Notizen',
    });
    expect((await api.get(`/Products/${id(8)}/0016`)).body).toMatchObject({
      isFree: true,
      price: null,
    });
    expect((await api.get(`/Products/${id(9)}/0016`)).body.packageFormat).toBe('eAppxBundle');
    const inventory = await api.get('/Inventory');
    expect(inventory.body.inventoryEntries[1]).toMatchObject({ distributionPolicy: 'Open' });

    expect((await api.get(`/Products/${id(7)}/0016?language=!!`)).status).toBe(400);
    expect((await api.get(`/Products/NOPE/0016`)).body).toMatchObject({
      code: 'NotFound',
      itemType: 'Inventory',
      values: ['NOPE/0016'],
    });
  });

  it('answers 404 for unknown endpoints and 405 for unknown methods', async () => {
    const { store } = account([]);
    const api = await store();
    expect((await api.get('/Nothing')).status).toBe(404);
    expect((await api.del('/Inventory')).status).toBe(405);
    // Literal segments match without case, as the Store's IIS does.
    expect((await api.get('/inventory')).status).toBe(200);
  });
});
