import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/services/access/actor.js';
import { setUserActive } from '../../src/services/directory/users.js';
import { runReclaimTasks } from '../../src/services/intelligence/reclaimTasks.js';
import {
  addAppleAccount,
  appState,
  catalogApp,
  device,
  settle,
  appleAsset,
} from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import { ManualClock, type TestApp } from '../helpers/testApp.js';

const clock = new ManualClock(new Date());
let w: AppleWorld;
let t: TestApp;
beforeAll(async () => {
  w = await startAppleWorld({ clock });
  t = w.t;
});
afterAll(async () => w.close());

const asset = appleAsset;

describe('waitlist', () => {
  it('R-X4: refused devices queue in order (reservations first) and are served at once on a revocation and on a purchase seen at sync', async () => {
    const { admin } = await t.newTenant();
    const { account, locationId } = await addAppleAccount(w, admin, {
      assets: [asset('720001', 1)],
    });
    const app = await catalogApp(admin, '720001', {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const queue = async () => {
      const response = await admin.get(`/waitlist?catalogAppId=${app.id}`);
      expect(response.status).toBe(200);
      return response.body.items as any[];
    };
    const checkIn = async (d: any) => {
      clock.advance(60_000);
      return (await admin.post('/check-in', { serialNumber: d.serialNumber })).body;
    };
    const licenceOf = async (d: any) =>
      (await admin.get(`/licenses?subjectId=${d.id}&state=active`)).body.items[0];

    const [a, b, c, d] = [
      await device(admin),
      await device(admin),
      await device(admin),
      await device(admin),
    ];
    expect(appState(await checkIn(a.device), app.id).state).toBe('pending');
    expect(appState(await checkIn(b.device), app.id)).toMatchObject({
      state: 'noLicense',
      reason: 'noLicenseAvailable',
    });
    await checkIn(c.device);
    // Checking in again while refused keeps the device's place.
    await checkIn(b.device);
    await admin.put(`/catalog-apps/${app.id}/distribution/${account.id}`, {
      fcfsGroupIds: ['allUsers'],
      reservedDeviceIds: [d.device.id],
    });
    expect(appState(await checkIn(d.device), app.id).state).toBe('noLicense');
    expect((await queue()).map((e) => [e.position, e.device.id, e.reserved])).toEqual([
      [1, d.device.id, true],
      [2, b.device.id, false],
      [3, c.device.id, false],
    ]);
    const page = await admin.get(`/waitlist?catalogAppId=${app.id}&limit=2`);
    expect(page.body.items).toHaveLength(2);
    const rest = await admin.get(
      `/waitlist?catalogAppId=${app.id}&limit=2&cursor=${page.body.nextCursor}`,
    );
    expect(rest.body.items.map((e: any) => e.device.id)).toEqual([c.device.id]);

    // A revocation frees the seat: the reservation is served at once, without a check-in.
    const revoked = await admin.post(`/licenses/${(await licenceOf(a.device)).id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(await licenceOf(d.device)).toMatchObject({ distribution: 'reserved', state: 'active' });
    expect((await queue()).map((e) => e.device.id)).toEqual([b.device.id, c.device.id]);
    await settle(t);
    expect(w.apple.listAssignments(locationId).map((x: any) => x.serialNumber)).toEqual([
      d.device.serialNumber,
    ]);
    // The install command waits for the device's next check-in.
    const next = await checkIn(d.device);
    expect(next.commands).toEqual([
      expect.objectContaining({ type: 'install', catalogAppId: app.id }),
    ]);

    // A purchase seen at sync serves the next in line at once.
    w.apple.buy(locationId, { adamId: '720001', totalCount: 1 });
    expect((await admin.post(`/accounts/${account.id}/sync`, {})).status).toBe(202);
    await settle(t);
    expect(await licenceOf(b.device)).toMatchObject({ state: 'active' });
    expect(await licenceOf(c.device)).toBeUndefined();
    expect((await queue()).map((e) => e.device.id)).toEqual([c.device.id]);
    expect(
      w.apple
        .listAssignments(locationId)
        .map((x: any) => x.serialNumber)
        .sort(),
    ).toEqual([b.device.serialNumber, d.device.serialNumber].sort());
  });

  it('R-X4: GET /waitlist without an app lists every queue of the scope, app by app, each in its order', async () => {
    const { admin } = await t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('720101', 1), asset('720102', 1)] });
    const apps = [
      await catalogApp(admin, '720101', { target: { type: 'allDevices' }, intent: 'required' }),
      await catalogApp(admin, '720102', { target: { type: 'allDevices' }, intent: 'required' }),
    ];
    const devices = [await device(admin), await device(admin), await device(admin)];
    for (const d of devices) {
      clock.advance(60_000);
      await admin.post('/check-in', { serialNumber: d.device.serialNumber });
    }
    const all = await admin.get('/waitlist');
    expect(all.status, all.text).toBe(200);
    // The first device holds both licences; the two others wait for each app, in turn.
    const byApp = [...apps].sort((x: any, y: any) => x.name.localeCompare(y.name));
    expect(
      all.body.items.map((e: any) => [e.catalogAppId, e.appName, e.position, e.device.id]),
    ).toEqual(
      byApp.flatMap((app: any) => [
        [app.id, app.name, 1, devices[1]!.device.id],
        [app.id, app.name, 2, devices[2]!.device.id],
      ]),
    );
    // Pages are offsets into that list: the third item is the second app's first place.
    const first = await admin.get('/waitlist?limit=2');
    const second = await admin.get(`/waitlist?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: any) => [e.catalogAppId, e.position])).toEqual([
      [byApp[1].id, 1],
      [byApp[1].id, 2],
    ]);
  });

  it('R-X4: a device leaves the queue when retired, when its user is deactivated, or when no longer targeted', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('720002', 0)] });
    const group = (await admin.post('/groups', { name: 'Carts', kind: 'device' })).body;
    const app = await catalogApp(admin, '720002', {
      target: { type: 'group', groupId: group.id },
      intent: 'required',
    });
    const [a, b, c, d] = [
      await device(admin),
      await device(admin),
      await device(admin),
      await device(admin),
    ];
    await admin.post(`/groups/${group.id}/members`, {
      deviceIds: [a.device.id, b.device.id, c.device.id, d.device.id],
    });
    for (const each of [a, b, c, d]) {
      clock.advance(1000);
      await admin.post('/check-in', { serialNumber: each.device.serialNumber });
    }
    const queued = async () =>
      (await admin.get(`/waitlist?catalogAppId=${app.id}`)).body.items.map((e: any) => e.device.id);
    expect(await queued()).toEqual([a.device.id, b.device.id, c.device.id, d.device.id]);
    const rows = async () =>
      (
        await t.ctx.db.kysely
          .selectFrom('waitlistEntries')
          .select('deviceId')
          .where('catalogAppId', '=', app.id)
          .execute()
      ).map((r) => r.deviceId);

    expect((await admin.post(`/devices/${a.device.id}/retire`)).status).toBe(200);
    await t.ctx.db.transaction((trx) =>
      setUserActive(trx, systemActor(tenantId), d.user.id, false, clock.now()),
    );
    // Retired and deactivated devices are out of the queue at once.
    expect(await queued()).toEqual([b.device.id, c.device.id]);
    // The device group no longer holds b: the minute's sweep drops it with the others' rows.
    expect((await admin.delete(`/groups/${group.id}/members/${b.device.id}`)).status).toBe(204);
    await runReclaimTasks(t.ctx, clock.now());
    expect(await rows()).toEqual([c.device.id]);
    expect(await queued()).toEqual([c.device.id]);
  });

  it('R-X3, R-X4: a reclaim serves the waitlist at once, and a restore then finds the seat taken', async () => {
    const { admin } = await t.newTenant();
    await addAppleAccount(w, admin, { assets: [asset('720003', 1)] });
    const app = await catalogApp(admin, '720003', {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const [a, b] = [await device(admin), await device(admin)];
    await admin.post('/check-in', { serialNumber: a.device.serialNumber });
    clock.advance(1000);
    await admin.post('/check-in', { serialNumber: b.device.serialNumber });
    expect((await admin.get(`/waitlist?catalogAppId=${app.id}`)).body.items).toHaveLength(1);
    const held = (await admin.get(`/licenses?subjectId=${a.device.id}`)).body.items[0];

    clock.advance(31 * 86_400_000);
    await admin.put(`/spaces/${app.spaceId}/reclaim-policy`, {
      enabled: true,
      deviceInactiveDays: 30,
    });
    await admin.post('/check-in', { serialNumber: b.device.serialNumber });
    await runReclaimTasks(t.ctx, clock.now());
    expect((await admin.get(`/licenses/${held.id}`)).body.state).toBe('revoked');
    const served = (await admin.get(`/licenses?subjectId=${b.device.id}&state=active`)).body;
    expect(served.items).toHaveLength(1);
    expect((await admin.get(`/waitlist?catalogAppId=${app.id}`)).body.items).toEqual([]);
    const restore = await admin.post(`/licenses/${held.id}/restore`);
    expect(restore.status).toBe(409);
    expect(restore.body.error.code).toBe('NO_LICENSE_AVAILABLE');
  });
});
