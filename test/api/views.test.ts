import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAppleAccount, catalogApp, device, settle } from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';

let w: AppleWorld;
beforeAll(async () => {
  w = await startAppleWorld();
});
afterAll(async () => w.close());

const asset = (adamId: string, name: string, extra: Record<string, unknown> = {}) => ({
  adamId,
  name,
  bundleId: `org.example.${name.toLowerCase().replace(/\W/g, '')}`,
  totalCount: 10,
  price: 4.99,
  version: '3.1',
  supportedPlatforms: ['iOS', 'macOS'],
  ...extra,
});

describe('per-user and per-device views', () => {
  it('R-M2: a user sees each app with version, cost, date, licence type, state and platforms, and can revoke', async () => {
    const { admin } = await w.t.newTenant();
    const { account, locationId } = await addAppleAccount(w, admin, {
      assets: [asset('400001', 'Atlas'), asset('400002', 'Sketchbook')],
    });
    await catalogApp(admin, '400001', { target: { type: 'allDevices' }, intent: 'required' });
    await catalogApp(admin, '400002', {
      target: { type: 'allUsers' },
      intent: 'required',
      licenseType: 'user',
    });
    const { device: ipad, user } = await device(admin);
    await admin.post(`/users/${user.id}/invite`);
    await settle(w.t);
    w.apple.acceptInvitation(locationId, user.id);
    await admin.post(`/accounts/${account.id}/sync`, {});
    await settle(w.t);
    await admin.post('/check-in', { serialNumber: ipad.serialNumber });

    const licenses = (await admin.get(`/users/${user.id}/licenses`)).body.items;
    expect(licenses).toHaveLength(2);
    const byName = Object.fromEntries(licenses.map((l: any) => [l.name, l]));
    expect(byName.Atlas).toMatchObject({
      version: '3.1',
      costPerLicense: { amount: 499, currency: 'USD' },
      licenseType: 'device',
      state: 'active',
      platforms: expect.arrayContaining(['ios']),
      assignedAt: expect.any(String),
    });
    expect(byName.Sketchbook).toMatchObject({
      licenseType: 'user',
      subject: { type: 'user', id: user.id },
    });
    const revoked = await admin.post(`/licenses/${byName.Sketchbook.id}/revoke`);
    expect(revoked.body.state).toBe('revoked');
    expect(
      (await admin.get(`/users/${user.id}/licenses?state=active`)).body.items.map(
        (l: any) => l.name,
      ),
    ).toEqual(['Atlas']);
  });

  it('R-M3: a device lists its managed apps with licence type and serial number, searchable by name or bundle ID', async () => {
    const { admin } = await w.t.newTenant();
    await addAppleAccount(w, admin, {
      assets: [asset('400003', 'Atlas'), asset('400004', 'Harmony')],
    });
    await catalogApp(admin, '400003', { target: { type: 'allDevices' }, intent: 'required' });
    await catalogApp(admin, '400004', { target: { type: 'allDevices' }, intent: 'required' });
    const { device: mac } = await device(admin, { platform: 'macos' });
    await admin.post('/check-in', { serialNumber: mac.serialNumber });
    await admin.post('/check-in', {
      serialNumber: mac.serialNumber,
      installed: [{ bundleId: 'org.example.atlas', version: '3.1' }],
    });

    const apps = (await admin.get(`/devices/${mac.id}/apps`)).body.items;
    expect(apps).toHaveLength(2);
    const atlas = apps.find((a: any) => a.name === 'Atlas');
    expect(atlas).toMatchObject({
      bundleId: 'org.example.atlas',
      version: '3.1',
      source: 'apple',
      state: 'installed',
      installedAt: expect.any(String),
      license: { licenseType: 'device', serialNumber: mac.serialNumber },
    });
    expect(atlas.platforms).toEqual(expect.arrayContaining(['macos']));
    expect(apps.find((a: any) => a.name === 'Harmony').state).toBe('pending');
    expect(
      (await admin.get(`/devices/${mac.id}/apps?q=harm`)).body.items.map((a: any) => a.name),
    ).toEqual(['Harmony']);
    expect(
      (await admin.get(`/devices/${mac.id}/apps?q=org.example.atl`)).body.items.map(
        (a: any) => a.name,
      ),
    ).toEqual(['Atlas']);
  });
});
