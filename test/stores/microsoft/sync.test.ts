import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type ControlProductInput,
  type MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';
import { microsoftProductName } from '../../../src/stores/microsoft/index.js';
import { connectorFor, fakeClock } from './helpers.js';

const clock = fakeClock();
let emulator: MicrosoftEmulator;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({ now: clock.now });
});

afterAll(async () => {
  await emulator.close();
});

const NOTES = '9WZDNCRFJ3PZ';
const READER = '9NBLGGH4NNS1';
const VAULT = '9PFHDD62MXS1';

function account(products: ControlProductInput[], users: string[] = []) {
  return emulator.createAccount({ organizationName: 'Contoso', products, users });
}

function catalog() {
  return account(
    [
      {
        productId: NOTES,
        name: 'Notes',
        localizedNames: { 'fr-FR': 'Bloc-notes' },
        seats: 10,
        price: 4.99,
      },
      { productId: NOTES, skuId: '0017', name: 'Notes', licenseType: 'offline', seats: 20 },
      { productId: READER, name: 'Reader', free: true },
      { productId: VAULT, name: 'Vault', encrypted: true, seats: 5 },
    ],
    ['ana@contoso.com', 'ben@contoso.com', 'cy@contoso.com'],
  );
}

describe('Microsoft connector: reading the store', () => {
  it('R-T11: lists online and offline entries across pages as StoreAssets; free apps are unlimited', async () => {
    const credentials = catalog();
    emulator.seedSeats(credentials.tenantDirectoryId, [
      { productId: NOTES, userName: 'ana@contoso.com' },
    ]);
    const connector = connectorFor(emulator, credentials, { pageSize: 1 });
    const mark = emulator.requestLog.length;
    const assets = await connector.listAssets();
    const inventoryCalls = emulator.requestLog
      .slice(mark)
      .filter((r) => r.path === '/V1/Inventory').length;
    expect(inventoryCalls).toBe(4);
    expect(assets.delta).toBe(false);
    expect(assets.items.map((a) => a.storeProductId).sort()).toEqual(
      [`${VAULT}/0016`, `${READER}/0016`, `${NOTES}/0016`, `${NOTES}/0017`].sort(),
    );
    const online = assets.items.find((a) => a.storeProductId === `${NOTES}/0016`);
    expect(online).toEqual({
      storeProductId: `${NOTES}/0016`,
      kind: 'app',
      deviceAssignable: false,
      revocable: true,
      platforms: ['windows'],
      total: 10,
      assigned: 1,
      available: 9,
      retired: 0,
      unlimited: false,
      productId: NOTES,
      skuId: '0016',
      licenseType: 'online',
      distributionPolicy: 'restricted',
      status: 'active',
      lastModified: new Date(clock.now()).toISOString(),
    });
    expect(assets.items.find((a) => a.storeProductId === `${NOTES}/0017`)).toMatchObject({
      licenseType: 'offline',
      deviceAssignable: true,
      revocable: false,
      total: 20,
      available: 20,
    });
    expect(assets.items.find((a) => a.productId === READER)).toMatchObject({
      unlimited: true,
      total: null,
      available: null,
      distributionPolicy: 'open',
    });
  });

  it('R-T11: a refunded product comes back as removed, and deltas follow modifiedSince', async () => {
    const credentials = catalog();
    const connector = connectorFor(emulator, credentials);
    clock.advance(60_000);
    emulator.buy(credentials.tenantDirectoryId, { productId: NOTES, seats: 5 });
    const full = await connector.listAssets();
    expect(full.items).toHaveLength(4);
    expect(full.versionId).toBe(new Date(clock.now()).toISOString());

    clock.advance(3_600_000);
    emulator.refund(credentials.tenantDirectoryId, VAULT);
    const delta = await connector.listAssets({ sinceVersionId: full.versionId });
    expect(delta.delta).toBe(true);
    // modifiedSince is inclusive: the entry changed at the version itself comes again.
    expect(delta.items.map((a) => [a.storeProductId, a.status])).toEqual([
      [`${VAULT}/0016`, 'removed'],
      [`${NOTES}/0016`, 'active'],
    ]);
    expect(delta.items[0]).toMatchObject({ total: 0, available: 0 });
    expect(delta.versionId).toBe(new Date(clock.now()).toISOString());
    const later = new Date(clock.now() + 1).toISOString();
    const none = await connector.listAssets({ sinceVersionId: later });
    expect(none).toMatchObject({ items: [], versionId: later });
  });

  it('R-T11: looks names up in the account language and flags encrypted and free apps', async () => {
    const credentials = catalog();
    const connector = connectorFor(emulator, credentials, { language: 'fr-FR' });
    const infos = await connector.lookupProducts([
      `${NOTES}/0016`,
      `${NOTES}/0017`,
      `${READER}/0016`,
      `${VAULT}/0016`,
      'UNKNOWN/0016',
    ]);
    expect(infos).toHaveLength(4);
    const notes = infos.find((i) => i.storeProductId === `${NOTES}/0016`);
    expect(notes).toMatchObject({
      name: 'Bloc-notes',
      language: 'fr-FR',
      kind: 'app',
      encrypted: false,
      free: false,
      price: { amount: 499, currency: 'USD' },
      bundleId: expect.any(String),
    });
    // No French name: the store falls back to its default language, and says so.
    expect(infos.find((i) => i.storeProductId === `${NOTES}/0017`)).toMatchObject({
      name: 'Notes',
      language: 'en-US',
    });
    expect(infos.find((i) => i.productId === READER)).toMatchObject({ free: true, price: null });
    expect(infos.find((i) => i.productId === VAULT)).toMatchObject({
      encrypted: true,
      packageFormat: 'eAppxBundle',
    });
    expect(microsoftProductName('Bloc-notes', 'online')).toBe('Bloc-notes (Online)');
    expect(microsoftProductName('Notes', 'offline')).toBe('Notes (Offline)');
  });

  it('lists the active seats of every online product across seat pages', async () => {
    const upns = Array.from(
      { length: 130 },
      (_, i) => `u${String(i).padStart(3, '0')}@contoso.com`,
    );
    const credentials = account(
      [
        { productId: NOTES, seats: 200 },
        { productId: NOTES, skuId: '0017', licenseType: 'offline', seats: 5 },
        { productId: READER, free: true },
      ],
      upns,
    );
    const tenant = credentials.tenantDirectoryId;
    emulator.seedSeats(
      tenant,
      upns.map((userName) => ({ productId: NOTES, userName })),
    );
    emulator.seedSeats(tenant, [{ productId: READER, userName: 'u001@contoso.com' }]);
    const connector = connectorFor(emulator, credentials);
    await connector.disassociate({
      products: [{ storeProductId: `${NOTES}/0016` }],
      subjects: [{ clientUserId: 'u000@contoso.com' }],
    });
    const assignments = await connector.listAssignments();
    expect(assignments).toMatchObject({ versionId: null, delta: false });
    expect(assignments.items).toHaveLength(130);
    expect(assignments.items).toContainEqual({
      storeProductId: `${READER}/0016`,
      clientUserId: 'u001@contoso.com',
    });
    expect(assignments.items).not.toContainEqual({
      storeProductId: `${NOTES}/0016`,
      clientUserId: 'u000@contoso.com',
    });
    // Offline products have no seats to read: no 409 on the way.
    expect(emulator.requestLog.some((r) => r.path.includes('/0017/Seats'))).toBe(false);
  });
});
