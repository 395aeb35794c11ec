import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMicrosoftAccount,
  checkIn,
  directoryUsers,
  msCatalogApp,
  msProduct,
  NOTES,
  OFFLINE_SKU,
  outboxOf,
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
import type { Client } from '../helpers/testApp.js';
import { connectorFor as storeConnector } from '../stores/microsoft/helpers.js';

let w: MicrosoftWorld;
beforeAll(async () => {
  w = await startMicrosoftWorld();
});
afterAll(async () => w.close());

async function syncNow(admin: Client, accountId: string) {
  const { jobId } = (await admin.post(`/accounts/${accountId}/sync`, {})).body;
  await settle(w.t);
  return (await admin.get(`/jobs/${jobId}`)).body;
}

describe('Microsoft Store sync', () => {
  it('R-T11: online and offline apps are named in the chosen language with their licence type; free apps sync; encrypted packages are skipped and reported', async () => {
    const { admin } = await w.t.newTenant();
    const { account } = await addMicrosoftAccount(w, admin, {
      language: 'fr-FR',
      products: [
        {
          productId: NOTES,
          name: 'Notes',
          localizedNames: { 'fr-FR': 'Bloc-notes' },
          seats: 10,
          price: 4.99,
          currency: 'EUR',
        },
        { productId: NOTES, skuId: OFFLINE_SKU, name: 'Notes', licenseType: 'offline', seats: 4 },
        { productId: READER, name: 'Reader', free: true },
        { productId: VAULT, name: 'Vault', encrypted: true, seats: 5 },
      ],
    });
    const products = (await admin.get('/products?store=microsoft')).body.items;
    expect(
      products
        .map((p: any) => [p.name, p.storeProductId, p.costPerLicense, p.deviceAssignable])
        .sort(),
    ).toEqual([
      ['Bloc-notes (Online)', `${NOTES}/0016`, { amount: 499, currency: 'EUR' }, false],
      ['Notes (Offline)', `${NOTES}/0017`, null, true],
      ['Reader (Online)', `${READER}/0016`, null, false],
    ]);
    const models = await w.t.ctx.db.kysely
      .selectFrom('products')
      .select(['storeProductId', 'licenseModel'])
      .where('store', '=', 'microsoft')
      .where('storeProductId', 'in', [`${NOTES}/0016`, `${NOTES}/0017`])
      .orderBy('storeProductId')
      .execute();
    expect(models.map((m) => m.licenseModel)).toEqual(['online', 'offline']);
    expect((await msProduct(admin, NOTES, OFFLINE_SKU)).pools[0]).toMatchObject({ total: 4 });
    expect((await msProduct(admin, READER)).pools[0]).toMatchObject({
      unlimited: true,
      available: null,
    });
    // The encrypted app is in the job's result and in the account's status reason.
    expect(account.statusReason).toMatch(/encrypted packages.*Vault \(Online\)/);
    const job = await syncNow(admin, account.id);
    expect(job.result.skippedApps).toEqual([
      { storeProductId: `${VAULT}/0016`, name: 'Vault (Online)', reason: 'encryptedPackage' },
    ]);
    expect(await msProduct(admin, VAULT)).toBeUndefined();
  });

  it('R-T11: only sync adds Microsoft Store apps to the catalog, in the default space; adding or deleting one by hand is refused with the reason', async () => {
    const { admin } = await w.t.newTenant();
    await addMicrosoftAccount(w, admin, {
      products: [{ productId: SKETCH, name: 'Sketch', seats: 2 }],
    });
    const spaces = (await admin.get('/spaces')).body.items;
    const app = await msCatalogApp(admin, SKETCH);
    expect(app).toMatchObject({
      name: 'Sketch (Online)',
      store: 'microsoft',
      spaceId: spaces.find((s: any) => s.isDefault).id,
    });
    const other = (await admin.post('/spaces', { name: 'Branch' })).body;
    const product = await msProduct(admin, SKETCH);
    const added = await admin.post('/catalog-apps', { productId: product.id, spaceId: other.id });
    expect(added.status).toBe(409);
    expect(added.body.error).toMatchObject({
      code: 'STORE_MANAGED_APP',
      details: { store: 'microsoft' },
    });
    expect(added.body.error.message).toContain('sync');
    const deleted = await admin.delete(`/catalog-apps/${app.id}`);
    expect(deleted.status).toBe(409);
    expect(deleted.body.error.code).toBe('STORE_MANAGED_APP');
    expect(deleted.body.error.message).toContain('refunded');
    // Other spaces get it by delegation.
    expect(
      (await admin.post(`/catalog-apps/${app.id}/delegations`, { spaceId: other.id })).status,
    ).toBe(201);
    // A sync does not add it twice.
    const account = (await admin.get('/accounts?store=microsoft')).body.items[0];
    await syncNow(admin, account.id);
    const apps = (await admin.get('/catalog-apps')).body.items;
    expect(apps.filter((a: any) => a.productId === product.id)).toHaveLength(1);
  });

  it('R-T5: seats someone else assigned in the store are untracked; a seat the store no longer holds is released', async () => {
    const { admin } = await w.t.newTenant();
    const upns = ['ana@contoso.example.com', 'ben@contoso.example.com'];
    const { account, tenantDirectoryId, credentials } = await addMicrosoftAccount(w, admin, {
      users: [...upns, 'outsider@contoso.example.com'],
      products: [{ productId: NOTES, name: 'Notes', seats: 5 }],
    });
    const users = await directoryUsers(admin, upns);
    const group = await userGroup(admin, 'Staff', users);
    const notes = await msCatalogApp(admin, NOTES);
    await admin.post(`/catalog-apps/${notes.id}/assignments`, {
      target: { type: 'group', groupId: group.id },
      intent: 'required',
    });
    for (const user of users) await checkIn(admin, (await windowsDevice(admin, user)).serialNumber);
    await settle(w.t);
    expect(storeSeats(w, tenantDirectoryId)).toEqual(upns.map((u) => `${NOTES}/0016 ${u}`));

    // Someone assigns a seat in the Store portal to a user Allot does not manage, and
    // reclaims Ben's.
    w.microsoft.seedSeats(tenantDirectoryId, [
      { productId: NOTES, userName: 'outsider@contoso.example.com' },
    ]);
    await storeConnector(w.microsoft, credentials).disassociate({
      products: [{ storeProductId: `${NOTES}/0016` }],
      subjects: [{ clientUserId: upns[1]! }],
    });
    const job = await syncNow(admin, account.id);
    expect(job.result).toMatchObject({ untrackedLicenses: 1 });
    expect((await admin.get(`/accounts/${account.id}`)).body.untrackedLicenses).toBe(1);
    expect((await msProduct(admin, NOTES)).pools[0]).toMatchObject({
      total: 4,
      inUse: 1,
      untracked: 1,
    });
    expect(job.result.releasedLicenses).toBe(1);
    const benLicenses = (await admin.get(`/licenses?subjectId=${users[1].id}`)).body.items;
    expect(benLicenses).toEqual([
      expect.objectContaining({
        state: 'revoked',
        lastAction: 'store.removed',
        store: 'microsoft',
      }),
    ]);
  });

  it('R-T11, R-V2: a refunded app disappears at the next sync; its licences are revoked and Windows uninstalls it; the store is not called again', async () => {
    const { admin } = await w.t.newTenant();
    const upn = 'ana@contoso.example.com';
    const { account, tenantDirectoryId } = await addMicrosoftAccount(w, admin, {
      users: [upn],
      products: [
        { productId: NOTES, name: 'Notes', seats: 5, packageIdentityName: 'Contoso.Notes' },
        {
          productId: NOTES,
          skuId: OFFLINE_SKU,
          name: 'Notes',
          licenseType: 'offline',
          seats: 5,
          packageIdentityName: 'Contoso.NotesOffline',
        },
      ],
    });
    const [ana] = await directoryUsers(admin, [upn]);
    const staff = await userGroup(admin, 'Staff', [ana]);
    const online = await msCatalogApp(admin, NOTES);
    const offline = await msCatalogApp(admin, NOTES, OFFLINE_SKU);
    for (const app of [online, offline]) {
      const created = await admin.post(`/catalog-apps/${app.id}/assignments`, {
        target: { type: 'group', groupId: staff.id },
        intent: 'required',
      });
      expect(created.status).toBe(201);
    }
    const laptop = await windowsDevice(admin, ana);
    await checkIn(admin, laptop.serialNumber);
    await settle(w.t);
    await checkIn(admin, laptop.serialNumber, [
      { bundleId: 'Contoso.Notes' },
      { bundleId: 'Contoso.NotesOffline' },
    ]);
    expect(storeSeats(w, tenantDirectoryId)).toEqual([`${NOTES}/0016 ${upn}`]);
    const calls = (await outboxOf(w.t, account.id)).length;

    w.microsoft.refund(tenantDirectoryId, NOTES);
    const job = await syncNow(admin, account.id);
    expect(job.result).toMatchObject({ refundedApps: ['Notes (Online)'], revokedLicenses: 1 });
    expect((await admin.get(`/catalog-apps/${online.id}`)).status).toBe(404);
    expect((await msProduct(admin, NOTES)).pools).toEqual([]);
    const overview = (await admin.get('/licenses/overview')).body.items;
    expect(overview.map((p: any) => p.name)).toEqual(['Notes (Offline)']);
    const licenses = (await admin.get(`/users/${ana.id}/licenses`)).body.items;
    expect(licenses.map((l: any) => [l.name, l.store, l.state, l.lastAction]).sort()).toEqual([
      ['Notes (Offline)', 'microsoft', 'active', 'checkIn'],
      ['Notes (Online)', 'microsoft', 'revoked', 'revoke.appRefunded'],
    ]);
    // The refund already took the seat back: no reclaim is sent.
    expect(await outboxOf(w.t, account.id)).toHaveLength(calls);
    const apps = (await admin.get(`/devices/${laptop.id}/apps`)).body.items;
    expect(apps.find((a: any) => a.catalogAppId === online.id)).toMatchObject({
      state: 'uninstallPending',
      reason: 'appRefunded',
      store: 'microsoft',
    });
    const next = await checkIn(admin, laptop.serialNumber, [
      { bundleId: 'Contoso.Notes' },
      { bundleId: 'Contoso.NotesOffline' },
    ]);
    expect(next.commands).toEqual([
      expect.objectContaining({ type: 'uninstall', catalogAppId: online.id }),
    ]);
    const removed = (await admin.get('/activity?action=catalogApp.delete')).body.items;
    expect(removed).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ type: 'system' }),
        after: { revokedLicenses: 1, cause: 'appRefunded' },
        store: 'microsoft',
      }),
    ]);
    // Reported again at every sync: nothing more happens.
    expect((await syncNow(admin, account.id)).result.refundedApps).toEqual([]);

    // Bought again, it comes back at the next sync.
    w.microsoft.buy(tenantDirectoryId, { productId: NOTES, seats: 2 });
    await syncNow(admin, account.id);
    expect((await msCatalogApp(admin, NOTES)).id).not.toBe(online.id);
    expect((await msProduct(admin, NOTES)).pools[0]).toMatchObject({ total: 2, inUse: 0 });
  });

  it('R-T10, R-T7: a refused client secret puts the account in error with a Microsoft remedy; a store outage makes it degraded', async () => {
    const { admin } = await w.t.newTenant();
    const { account, tenantDirectoryId } = await addMicrosoftAccount(w, admin, {
      products: [{ productId: NOTES, name: 'Notes', seats: 2 }],
    });
    w.microsoft.injectFaults({ status: 503, count: 8 });
    const outage = await syncNow(admin, account.id);
    w.microsoft.clearFaults();
    expect(outage.state).toBe('failed');
    expect((await admin.get(`/accounts/${account.id}`)).body.status).toBe('degraded');

    w.microsoft.credentials(tenantDirectoryId, 'expire');
    const job = await syncNow(admin, account.id);
    expect(job.state).toBe('failed');
    expect((await admin.get(`/accounts/${account.id}`)).body).toMatchObject({
      status: 'error',
      authProblem: 'tokenExpired',
      statusReason: 'The client secret of the Store management app has expired.',
    });
    const alerts = (await admin.get('/notifications?kind=authError')).body.items;
    expect(alerts).toEqual([
      expect.objectContaining({
        severity: 'alert',
        store: 'microsoft',
        remedy: 'Create a new client secret for the management app in Entra ID.',
      }),
    ]);
  });
});
