import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAppleAccount,
  appState,
  catalogApp,
  device,
  productOf,
  settle,
  appleAsset,
  requiredOnDevices,
} from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import type { Client } from '../helpers/testApp.js';

let w: AppleWorld;
beforeAll(async () => {
  w = await startAppleWorld();
});
afterAll(async () => w.close());

const asset = appleAsset;

async function inUse(admin: Client, adamId: string): Promise<number> {
  const product = await productOf(admin, adamId);
  return product.pools.reduce((sum: number, p: any) => sum + p.inUse, 0);
}

async function installedWithLicence(
  admin: Client,
  adamId: string,
  options: { platform?: string } = {},
) {
  const catalog = await catalogApp(admin, adamId, requiredOnDevices);
  const { device: d, user } = await device(admin, options);
  await admin.post('/check-in', { serialNumber: d.serialNumber });
  await admin.post('/check-in', {
    serialNumber: d.serialNumber,
    installed: [{ bundleId: `com.example.app${adamId}` }],
  });
  const license = (await admin.get(`/licenses?subjectId=${d.id}&state=active`)).body.items[0];
  expect(license).toBeDefined();
  return { catalog, device: d, user, license };
}

describe('revocation', () => {
  it('R-V1: under an uninstall intent the licence is freed once the app is reported gone', async () => {
    const { admin } = await w.t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('300001', 3)] });
    const { catalog, device: d } = await installedWithLicence(admin, '300001');
    const assignment = (await admin.get(`/catalog-apps/${catalog.id}/assignments`)).body.items[0];
    expect(
      (await admin.patch(`/assignments/${assignment.id}`, { intent: 'uninstall' })).status,
    ).toBe(200);
    const commanded = (await admin.post('/check-in', { serialNumber: d.serialNumber })).body;
    expect(commanded.commands).toEqual([
      expect.objectContaining({ type: 'uninstall', catalogAppId: catalog.id }),
    ]);
    expect(await inUse(admin, '300001')).toBe(1);
    const gone = (await admin.post('/check-in', { serialNumber: d.serialNumber, installed: [] }))
      .body;
    expect(appState(gone, catalog.id).state).toBe('removed');
    expect(await inUse(admin, '300001')).toBe(0);
  });

  it('R-V2: retiring, wiping or unenrolling a device revokes its device licences', async () => {
    const { admin } = await w.t.newTenant();
    const { locationId } = await addAppleAccount(w, admin, { assets: [asset('300002', 5)] });
    const { device: d } = await installedWithLicence(admin, '300002');
    await settle(w.t);
    expect(w.apple.listAssignments(locationId)).toHaveLength(1);
    const retired = await admin.post(`/devices/${d.id}/retire`);
    expect(retired.body).toMatchObject({ state: 'retired', revokedLicenses: 1 });
    expect(await inUse(admin, '300002')).toBe(0);
    await settle(w.t);
    expect(w.apple.listAssignments(locationId)).toHaveLength(0);
    for (const exit of ['wipe', 'unenroll']) {
      const { device: other } = await device(admin);
      await admin.post('/check-in', { serialNumber: other.serialNumber });
      expect((await admin.post(`/devices/${other.id}/${exit}`)).body.revokedLicenses).toBe(1);
    }
    expect(await inUse(admin, '300002')).toBe(0);
  });

  it('R-V2: deleting a user revokes their licences, and their devices\u2019 when deleted too', async () => {
    const { admin } = await w.t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('300003', 5)] });
    const { user } = await installedWithLicence(admin, '300003');
    expect(await inUse(admin, '300003')).toBe(1);
    expect((await admin.delete(`/users/${user.id}?deleteDevices=true`)).body).toEqual({
      deletedDevices: 1,
    });
    expect(await inUse(admin, '300003')).toBe(0);
  });

  it('R-V3, R-V4: an administrator revokes one licence (30-day grace on iOS) or all of an app', async () => {
    const { admin } = await w.t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('300004', 5)] });
    const { catalog, license } = await installedWithLicence(admin, '300004');
    const revoked = await admin.post(`/licenses/${license.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe('revoked');
    const days =
      (Date.parse(revoked.body.graceUntil) - Date.parse(revoked.body.revokedAt)) / 86_400_000;
    expect(days).toBe(30);
    expect(await inUse(admin, '300004')).toBe(0);
    // Revoking again changes nothing.
    expect((await admin.post(`/licenses/${license.id}/revoke`)).body.revokedAt).toBe(
      revoked.body.revokedAt,
    );

    const { device: a } = await device(admin);
    const { device: b } = await device(admin, { platform: 'macos' });
    await admin.post('/check-in', { serialNumber: a.serialNumber });
    await admin.post('/check-in', { serialNumber: b.serialNumber });
    expect(await inUse(admin, '300004')).toBe(2);
    expect((await admin.post(`/catalog-apps/${catalog.id}/revoke-all`)).body).toEqual({
      revoked: 2,
    });
    expect(await inUse(admin, '300004')).toBe(0);
    const macLicense = (await admin.get(`/licenses?subjectId=${b.id}`)).body.items[0];
    expect(macLicense.graceUntil).toBeNull(); // R-V4: on macOS the app simply stays
  });

  it('R-V5: deleting an app uninstalls it from iOS devices and leaves it on macOS', async () => {
    const { admin } = await w.t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('300005', 5)] });
    const { catalog, device: ipad } = await installedWithLicence(admin, '300005');
    const { device: mac } = await device(admin, { platform: 'macos' });
    await admin.post('/check-in', {
      serialNumber: mac.serialNumber,
      installed: [{ bundleId: 'com.example.app300005' }],
    });
    const deleted = await admin.delete(`/catalog-apps/${catalog.id}`);
    expect([200, 204]).toContain(deleted.status);
    expect(await inUse(admin, '300005')).toBe(0);
    const ipadApps = (await admin.get(`/devices/${ipad.id}/apps`)).body.items;
    const macApps = (await admin.get(`/devices/${mac.id}/apps`)).body.items;
    expect(ipadApps.map((a: any) => a.state)).toEqual(['uninstallPending']);
    expect(macApps.map((a: any) => a.state)).toEqual(['installed']);
  });

  it('R-V6: moving a device revokes the origin licence and allocates in the destination', async () => {
    const { admin } = await w.t.newTenant();
    const sales = (await admin.post('/spaces', { name: 'Sales' })).body;
    await addAppleAccount(w, admin, { assets: [asset('300006', 5)] });
    await addAppleAccount(w, admin, { assets: [asset('300006', 1)], spaceId: sales.id });
    await installedWithLicence(admin, '300006');
    await catalogApp(admin, '300006', requiredOnDevices, sales.id);
    const { device: mover } = await device(admin, { user: null });
    await admin.post('/check-in', { serialNumber: mover.serialNumber });
    const moved = await admin.post(`/devices/${mover.id}/move`, { spaceId: sales.id });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toEqual({ revoked: 1, allocated: 1, noLicense: 0 });
    const { device: second } = await device(admin, { user: null });
    await admin.post('/check-in', { serialNumber: second.serialNumber });
    const again = await admin.post(`/devices/${second.id}/move`, { spaceId: sales.id });
    expect(again.body).toEqual({ revoked: 1, allocated: 0, noLicense: 1 });
  });

  it('R-V7: leaving the target group loses the licence', async () => {
    const { admin } = await w.t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('300007', 5)] });
    const pilots = (await admin.post('/groups', { name: 'Pilot', kind: 'device' })).body;
    const catalog = await catalogApp(admin, '300007', {
      target: { type: 'group', groupId: pilots.id },
      intent: 'required',
    });
    const { device: d } = await device(admin);
    await admin.post(`/groups/${pilots.id}/members`, { deviceIds: [d.id] });
    await admin.post('/check-in', { serialNumber: d.serialNumber });
    expect(await inUse(admin, '300007')).toBe(1);
    await admin.delete(`/groups/${pilots.id}/members/${d.id}`);
    expect(await inUse(admin, '300007')).toBe(0);
    const apps = (await admin.get(`/devices/${d.id}/apps`)).body.items;
    expect(apps).toEqual([
      expect.objectContaining({ catalogAppId: catalog.id, state: 'uninstallPending' }),
    ]);
  });
});
