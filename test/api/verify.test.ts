import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator } from '../../src/emulators/apple/index.js';
import { connectorFor } from '../../src/services/accounts/connections.js';
import { verifyLedger } from '../../src/services/ledger/verifyLedger.js';
import { addAppleAccount, catalogApp, device, settle } from '../helpers/appleFlow.js';
import type { AppleWorld } from '../helpers/emulator.js';
import {
  addIsvSubscription,
  checkIn,
  directoryUsers,
  windowsDevice,
} from '../helpers/microsoftFlow.js';
import { createTestApp, ManualClock, type Client } from '../helpers/testApp.js';

const DAY = 24 * 3600 * 1000;

// Allot's clock is moved by hand (grace periods end); the emulator keeps the real time.
const clock = new ManualClock(new Date());
let w: AppleWorld;
beforeAll(async () => {
  const apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 5 });
  const t = await createTestApp({ clock, env: { ALLOT_APPLE_API_URL: apple.url } });
  w = {
    apple,
    t,
    async close() {
      await t.close();
      await apple.close();
    },
  };
});
afterAll(async () => w.close());

/** The drifts of one tenant (the other test files' tenants share the database). */
async function driftsOf(tenantId: string) {
  return (await verifyLedger(w.t.ctx)).filter((d) => d.tenantId === tenantId);
}

/** The active licence a device holds (its device licence). */
async function licenseOf(admin: Client, deviceId: string): Promise<any> {
  const items = (await admin.get(`/licenses?subjectId=${deviceId}&state=active`)).body.items;
  expect(items).toHaveLength(1);
  return items[0];
}

async function installOf(deviceId: string) {
  return w.t.ctx.db.kysely
    .selectFrom('installs')
    .selectAll()
    .where('deviceId', '=', deviceId)
    .executeTakeFirstOrThrow();
}

describe('the consistency checker', () => {
  it('R-A13, R-V8: finds no drift after allocations and revocations reached the store, and names each drift it finds', async () => {
    const { admin, id: tenantId } = await w.t.newTenant();
    const { account, locationId } = await addAppleAccount(w, admin, {
      assets: [{ adamId: '500001', name: 'Ledger', bundleId: 'com.example.ledger', totalCount: 5 }],
    });
    await catalogApp(admin, '500001', { target: { type: 'allDevices' }, intent: 'required' });
    const devices = [];
    for (let i = 0; i < 3; i += 1) devices.push((await device(admin)).device);
    for (const d of devices) await admin.post('/check-in', { serialNumber: d.serialNumber });
    await admin.post(`/devices/${devices[0].id}/retire`);
    await settle(w.t);
    const mine = (drifts: Awaited<ReturnType<typeof verifyLedger>>) =>
      drifts.filter((d) => d.tenantId === tenantId);
    expect(mine(await verifyLedger(w.t.ctx))).toEqual([]);

    // Someone takes a licence back in the store behind Allot's back, and a counter goes wrong.
    const row = await w.t.ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    await connectorFor(w.t.ctx, row).disassociate({
      products: [{ storeProductId: '500001', pricingParam: 'STDQ' }],
      subjects: [{ serialNumber: devices[1].serialNumber }],
    });
    await w.t.ctx.db.kysely
      .updateTable('pools')
      .set({ inUse: 7 })
      .where('accountId', '=', account.id)
      .execute();
    const drifts = mine(await verifyLedger(w.t.ctx));
    expect(drifts.map((d) => d.kind).sort()).toEqual(['poolInUse', 'storeMissing']);
    expect(drifts.find((d) => d.kind === 'poolInUse')?.message).toContain(
      'inUse 7, active licences 2',
    );
    expect(drifts.find((d) => d.kind === 'storeMissing')?.message).toContain(
      devices[1].serialNumber,
    );

    // A store that no longer answers for the account is reported, not skipped silently.
    w.apple.setTokenState(locationId, { action: 'revoke' });
    expect(mine(await verifyLedger(w.t.ctx)).map((d) => d.kind)).toContain('storeUnreachable');
  });

  it('R-V4, R-V3: a revoked iOS app in its grace period is no drift; once the grace has ended and the device still has it, it is (installGraceEnded) until the device is dealt with', async () => {
    const { admin, id: tenantId } = await w.t.newTenant();
    await addAppleAccount(w, admin, {
      assets: [{ adamId: '500101', name: 'Grace', bundleId: 'com.example.grace', totalCount: 5 }],
    });
    const app = await catalogApp(admin, '500101', {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const { device: ipad } = await device(admin, { platform: 'ipados' });
    const installed = [{ bundleId: 'com.example.grace', version: '1.0' }];
    await checkIn(admin, ipad.serialNumber, installed);
    await settle(w.t);
    expect((await installOf(ipad.id)).state).toBe('installed');
    expect(await driftsOf(tenantId)).toEqual([]);

    const license = await licenseOf(admin, ipad.id);
    const revoked = await admin.post(`/licenses/${license.id}/revoke`);
    expect(revoked.status, revoked.text).toBe(200);
    const graceUntil = new Date(revoked.body.graceUntil as string);
    expect(graceUntil.getTime() - new Date(revoked.body.revokedAt as string).getTime()).toBe(
      30 * DAY,
    );
    await settle(w.t);
    // The revoke leaves the app installed on the iPad, relying on the revoked licence.
    expect(await installOf(ipad.id)).toMatchObject({ state: 'installed', licenseId: license.id });
    expect(await driftsOf(tenantId)).toEqual([]);
    clock.advance(29 * DAY);
    expect(await driftsOf(tenantId)).toEqual([]);

    clock.set(graceUntil);
    const drifts = await driftsOf(tenantId);
    const install = await installOf(ipad.id);
    expect(drifts).toEqual([
      expect.objectContaining({ kind: 'installGraceEnded', subjectId: install.id }),
    ]);
    expect(drifts[0]!.message).toContain(license.id);
    expect(drifts[0]!.message).toContain(graceUntil.toISOString());

    // The device checks in, still targeted and still reporting the app: it gets a new licence.
    const result = await checkIn(admin, ipad.serialNumber, installed);
    expect(result.apps).toEqual([
      expect.objectContaining({ catalogAppId: app.id, state: 'installed' }),
    ]);
    await settle(w.t);
    expect(await driftsOf(tenantId)).toEqual([]);
  });

  it('R-V4, R-V5: a revoked macOS app stays installed, whatever the time, and an uninstall pending is no drift either', async () => {
    const { admin, id: tenantId } = await w.t.newTenant();
    await addAppleAccount(w, admin, {
      assets: [{ adamId: '500102', name: 'Keep', bundleId: 'com.example.keep', totalCount: 5 }],
    });
    const app = await catalogApp(admin, '500102');
    const group = (await admin.post('/groups', { name: 'Lab', kind: 'device' })).body;
    const assignment = await admin.post(`/catalog-apps/${app.id}/assignments`, {
      target: { type: 'group', groupId: group.id },
      intent: 'required',
    });
    expect(assignment.status, assignment.text).toBe(201);
    const { device: mac } = await device(admin, { platform: 'macos' });
    const { device: ipad } = await device(admin, { platform: 'ipados' });
    await admin.post(`/groups/${group.id}/members`, { deviceIds: [mac.id, ipad.id] });
    const installed = [{ bundleId: 'com.example.keep', version: '1.0' }];
    await checkIn(admin, mac.serialNumber, installed);
    await checkIn(admin, ipad.serialNumber, installed);
    await settle(w.t);

    const license = await licenseOf(admin, mac.id);
    const revoked = (await admin.post(`/licenses/${license.id}/revoke`)).body;
    expect(revoked).toMatchObject({ state: 'revoked', graceUntil: null });
    await settle(w.t);
    expect(await installOf(mac.id)).toMatchObject({ state: 'installed', licenseId: license.id });
    expect(await driftsOf(tenantId)).toEqual([]);

    // R-V5: the iPad leaves the group: its app is to be uninstalled, which is no drift.
    await admin.delete(`/groups/${group.id}/members/${ipad.id}`);
    await settle(w.t);
    expect((await installOf(ipad.id)).state).toBe('uninstallPending');
    clock.advance(365 * DAY);
    expect(await driftsOf(tenantId)).toEqual([]);
  });

  it('R-V4: an app revoked where no grace period applies (Windows) is drift while the device still has it (installLicenseInactive)', async () => {
    const { admin, id: tenantId } = await w.t.newTenant();
    const account = await addIsvSubscription(admin, { seats: 2, purchasedThrough: 'vendor' });
    const [ana] = await directoryUsers(admin, ['ana@fabrikam.example.com']);
    const app = (await admin.post('/catalog-apps', { productId: account.productId })).body;
    await admin.post(`/catalog-apps/${app.id}/assignments`, {
      target: { type: 'allUsers' },
      intent: 'required',
    });
    const laptop = await windowsDevice(admin, ana);
    await checkIn(admin, laptop.serialNumber);
    const license = (await admin.get(`/licenses?subjectId=${ana!.id}&state=active`)).body.items[0];
    expect(await driftsOf(tenantId)).toEqual([]);

    const revoked = (await admin.post(`/licenses/${license.id}/revoke`)).body;
    expect(revoked).toMatchObject({ state: 'revoked', graceUntil: null });
    expect(await driftsOf(tenantId)).toEqual([
      expect.objectContaining({
        kind: 'installLicenseInactive',
        subjectId: (await installOf(laptop.id)).id,
      }),
    ]);
  });
});
