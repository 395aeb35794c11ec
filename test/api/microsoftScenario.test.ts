import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMicrosoftAccount,
  checkIn,
  directoryUsers,
  msCatalogApp,
  msProduct,
  NOTES,
  OFFLINE_SKU,
  READER,
  settle,
  SKETCH,
  startMicrosoftWorld,
  storeSeats,
  userGroup,
  VAULT,
  windowsDevice,
  type MicrosoftWorld,
} from '../helpers/microsoftFlow.js';

let w: MicrosoftWorld;
beforeAll(async () => {
  w = await startMicrosoftWorld();
});
afterAll(async () => w.close());

describe('the Microsoft Store end to end (issue scenario)', () => {
  it('R-T11, R-A12, R-A11: binds a tenant, syncs 5 apps, refuses an assignment it cannot cover, accepts it narrowed, and the store holds seats for exactly the right users', async () => {
    const { admin } = await w.t.newTenant();
    const upns = ['ana', 'ben', 'cy', 'dee', 'eve'].map((n) => `${n}@contoso.example.com`);

    // Bind the tenant to its Store account and sync five apps.
    const { account, tenantDirectoryId } = await addMicrosoftAccount(w, admin, {
      users: upns,
      products: [
        {
          productId: NOTES,
          name: 'Notes',
          seats: 3,
          price: 4.99,
          packageIdentityName: 'Contoso.Notes',
        },
        { productId: NOTES, skuId: OFFLINE_SKU, name: 'Notes', licenseType: 'offline', seats: 10 },
        { productId: READER, name: 'Reader', free: true },
        { productId: VAULT, name: 'Vault', encrypted: true, seats: 5 },
        { productId: SKETCH, name: 'Sketch', seats: 2 },
      ],
    });
    expect(account).toMatchObject({ store: 'microsoft', status: 'healthy', tenantDirectoryId });
    expect(account.statusReason).toContain('Vault (Online)');
    const sync = (await admin.get('/activity?action=account.sync')).body.items[0].after;
    expect(sync).toMatchObject({
      outcome: 'synced',
      products: 4,
      skippedApps: [
        { storeProductId: `${VAULT}/0016`, name: 'Vault (Online)', reason: 'encryptedPackage' },
      ],
    });
    const products = (await admin.get('/products?store=microsoft')).body.items;
    expect(products.map((p: any) => p.name).sort()).toEqual([
      'Notes (Offline)',
      'Notes (Online)',
      'Reader (Online)',
      'Sketch (Online)',
    ]);
    expect((await msProduct(admin, READER)).pools[0]).toMatchObject({
      unlimited: true,
      total: null,
    });
    expect((await msProduct(admin, NOTES)).pools[0]).toMatchObject({
      total: 3,
      inUse: 0,
      available: 3,
    });

    // Five designers with a Windows laptop each.
    const users = await directoryUsers(admin, upns);
    const devices = [];
    for (const user of users) devices.push(await windowsDevice(admin, user));
    const designers = await userGroup(admin, 'Designers', users);

    // R-A12: five seats needed, three bought: refused with the forecast and the three remedies.
    const notes = await msCatalogApp(admin, NOTES);
    const body = { target: { type: 'group', groupId: designers.id }, intent: 'required' };
    const refused = await admin.post(`/catalog-apps/${notes.id}/assignments`, body);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_LICENSES',
      details: {
        forecast: { needed: 5, available: 3, shortfall: 2 },
        remedies: [
          expect.objectContaining({ code: 'uninstallFromSomeDevices' }),
          expect.objectContaining({ code: 'narrowAssignment' }),
          expect.objectContaining({ code: 'buyMoreLicenses' }),
        ],
      },
    });
    expect((await admin.get(`/catalog-apps/${notes.id}/assignments`)).body.items).toEqual([]);

    // Narrow the group to three designers: accepted.
    for (const user of users.slice(3)) {
      expect((await admin.delete(`/groups/${designers.id}/members/${user.id}`)).status).toBe(204);
    }
    const accepted = await admin.post(`/catalog-apps/${notes.id}/assignments`, body);
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.body.forecast).toMatchObject({ needed: 3, available: 3, shortfall: 0 });

    // Every laptop checks in: the Store installs online apps, so no install command is sent.
    for (const [i, device] of devices.entries()) {
      const result = await checkIn(admin, device.serialNumber);
      expect(result.commands).toEqual([]);
      const state = result.apps.find((a: any) => a.catalogAppId === notes.id);
      if (i < 3)
        expect(state).toEqual({
          catalogAppId: notes.id,
          state: 'pending',
          reason: 'installedByStore',
        });
      else expect(state).toBeUndefined();
    }
    await settle(w.t);

    // The store holds a seat of Notes (Online) for exactly the three designers.
    expect(storeSeats(w, tenantDirectoryId)).toEqual(
      upns.slice(0, 3).map((u) => `${NOTES}/0016 ${u}`),
    );
    const product = await msProduct(admin, NOTES);
    expect(product.pools[0]).toMatchObject({ total: 3, inUse: 3, available: 0 });
    const licenses = (await admin.get(`/licenses?productId=${product.id}`)).body.items;
    expect(
      licenses.map((l: any) => [l.store, l.licenseType, l.storeState, l.subject.id]).sort(),
    ).toEqual(
      users
        .slice(0, 3)
        .map((u) => ['microsoft', 'user', 'confirmed', u.id])
        .sort(),
    );

    // The device reports the app the Store installed.
    const installed = await checkIn(admin, devices[0].serialNumber, [
      { bundleId: 'Contoso.Notes' },
    ]);
    expect(installed.apps.find((a: any) => a.catalogAppId === notes.id)).toMatchObject({
      state: 'installed',
    });

    // A later sync keeps the seats as Allot's: nothing untracked.
    await admin.post(`/accounts/${account.id}/sync`, {});
    await settle(w.t);
    expect((await admin.get(`/accounts/${account.id}`)).body).toMatchObject({
      status: 'healthy',
      untrackedLicenses: 0,
    });
    expect((await msProduct(admin, NOTES)).pools[0]).toMatchObject({ total: 3, inUse: 3 });
  });
});
