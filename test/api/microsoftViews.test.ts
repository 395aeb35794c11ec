import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAppleAccount, catalogApp } from '../helpers/appleFlow.js';
import {
  addIsvSubscription,
  addMicrosoftAccount,
  checkIn,
  directoryUsers,
  msCatalogApp,
  NOTES,
  settle,
  startMicrosoftWorld,
  userGroup,
  windowsDevice,
  type MicrosoftWorld,
} from '../helpers/microsoftFlow.js';

let w: MicrosoftWorld;
beforeAll(async () => {
  w = await startMicrosoftWorld();
});
afterAll(async () => w.close());

describe('one view across stores', () => {
  it('R-M1, R-M2, R-M3, R-M5, R-M7: Apple, Microsoft and ISV licences side by side, each with its store', async () => {
    const { admin } = await w.t.newTenant();
    const upn = 'ana@contoso.example.com';
    await addAppleAccount(w, admin, {
      assets: [{ adamId: '700001', name: 'Maps Pro', bundleId: 'com.example.maps', totalCount: 1 }],
    });
    await addMicrosoftAccount(w, admin, {
      users: [upn],
      products: [{ productId: NOTES, name: 'Notes', seats: 1 }],
    });
    const isv = await addIsvSubscription(admin, { seats: 1, purchasedThrough: 'vendor' });
    const [ana] = await directoryUsers(admin, [upn]);
    const staff = await userGroup(admin, 'Staff', [ana]);

    const maps = await catalogApp(admin, '700001', {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const notes = await msCatalogApp(admin, NOTES);
    await admin.post(`/catalog-apps/${notes.id}/assignments`, {
      target: { type: 'group', groupId: staff.id },
      intent: 'required',
    });
    await admin.post(`/accounts/${isv.id}/seats/assign`, { userIds: [ana.id] });
    const ipad = (
      await admin.post('/devices', {
        serialNumber: 'DMPANA0001',
        platform: 'ipados',
        primaryUserId: ana.id,
      })
    ).body;
    const laptop = await windowsDevice(admin, ana);
    await checkIn(admin, ipad.serialNumber);
    await checkIn(admin, laptop.serialNumber);
    await settle(w.t);

    // R-M1: the overview lists every store's products.
    const overview = (await admin.get('/licenses/overview?sort=name')).body.items;
    expect(overview.map((p: any) => [p.name, p.store, p.inUse, p.total])).toEqual([
      ['Design Suite', 'isv', 1, 1],
      ['Maps Pro', 'apple', 1, 1],
      ['Notes (Online)', 'microsoft', 1, 1],
    ]);

    // R-M2: the user's licences, and the device licence of their iPad.
    const mine = (await admin.get(`/users/${ana.id}/licenses`)).body.items;
    expect(mine.map((l: any) => [l.name, l.store, l.licenseType]).sort()).toEqual([
      ['Design Suite', 'isv', 'user'],
      ['Maps Pro', 'apple', 'device'],
      ['Notes (Online)', 'microsoft', 'user'],
    ]);
    const all = (await admin.get('/licenses')).body.items;
    expect(all.map((l: any) => l.store).sort()).toEqual(['apple', 'isv', 'microsoft']);

    // R-M3: each device's apps say where they come from.
    const ipadApps = (await admin.get(`/devices/${ipad.id}/apps`)).body.items;
    expect(ipadApps).toEqual([
      expect.objectContaining({ catalogAppId: maps.id, store: 'apple', source: 'apple' }),
    ]);
    const laptopApps = (await admin.get(`/devices/${laptop.id}/apps`)).body.items;
    expect(laptopApps).toEqual([
      expect.objectContaining({
        catalogAppId: notes.id,
        store: 'microsoft',
        license: expect.objectContaining({ store: 'microsoft' }),
      }),
    ]);

    // R-M5, R-M6: every pool is full: one usage alert per store.
    const alerts = (await admin.get('/notifications?kind=usage')).body.items;
    const full = alerts.filter((n: any) => n.threshold === 100);
    expect(full.map((n: any) => [n.subject.name, n.store]).sort()).toEqual([
      ['Design Suite', 'isv'],
      ['Maps Pro', 'apple'],
      ['Notes (Online)', 'microsoft'],
    ]);

    // R-M7: the activity log names the store of each grant and account.
    const grants = (await admin.get('/activity?action=license.grant')).body.items;
    expect(grants.map((e: any) => e.store).sort()).toEqual(['apple', 'isv', 'microsoft']);
    const accounts = (await admin.get('/activity?action=account.create')).body.items;
    expect(accounts.map((e: any) => e.store).sort()).toEqual(['apple', 'isv', 'microsoft']);
    expect((await admin.get('/accounts')).body.items.map((a: any) => a.store).sort()).toEqual([
      'apple',
      'isv',
      'microsoft',
    ]);
  });
});
