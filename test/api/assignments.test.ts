import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  getLicenseRow,
  getPool,
  grant,
  insertAccount,
  insertPool,
  insertProduct,
} from '../factories/ledger.js';
import { createDevice, createGroup, createUser } from '../factories/directory.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/**
 * A space with users Uma (whose iPad is `uPad`), Vic and Wes; a user-less iPad; a shared
 * cart iPad. Groups: Class (Uma, Vic), Devices (the user-less iPad), Mixed (Wes, the cart),
 * Vic only. An Apple account with plenty of seats, listing everyone.
 */
async function world() {
  const tenant = await t.newTenant();
  const { admin, id: tenantId } = tenant;
  const spaceId = await defaultSpaceId(t, tenantId);
  const productId = await insertProduct(t, tenantId, { name: 'iMovie' });
  const accountId = await insertAccount(t, tenantId, { spaceId, autoDistributeToAllUsers: true });
  const poolId = await insertPool(t, tenantId, { accountId, productId, total: 100 });
  const app = (await admin.post('/catalog-apps', { productId })).body;
  const uma = await createUser(admin, { displayName: 'uma' });
  const vic = await createUser(admin, { displayName: 'vic' });
  const wes = await createUser(admin, { displayName: 'wes' });
  const uPad = await createDevice(admin, { serialNumber: 'DMPUMA000001', primaryUserId: uma.id });
  const loose = await createDevice(admin, { serialNumber: 'DMPLOOSE0001' });
  const cart = await createDevice(admin, { serialNumber: 'DMPCART00001', shared: true });
  const klass = await createGroup(admin, {
    name: 'Class',
    kind: 'user',
    userIds: [uma.id, vic.id],
  });
  const devices = await createGroup(admin, {
    name: 'Devices',
    kind: 'device',
    deviceIds: [loose.id],
  });
  const mixed = await createGroup(admin, {
    name: 'Mixed',
    kind: 'mixed',
    userIds: [wes.id],
    deviceIds: [cart.id],
  });
  const vicOnly = await createGroup(admin, { name: 'Vic', kind: 'user', userIds: [vic.id] });
  return {
    ...tenant,
    tenantId,
    spaceId,
    productId,
    poolId,
    app,
    people: { uma, vic, wes },
    devicesOf: { uPad, loose, cart },
    groups: { klass, devices, mixed, vicOnly },
  };
}

describe('assignments', () => {
  it('R-A11: targets user, device and mixed groups, All Users and All Devices, with exclusions and intents', async () => {
    const w = await world();
    const { klass, devices, mixed, vicOnly } = w.groups;
    const needed = async (body: object) => {
      const r = await w.admin.post(`/catalog-apps/${w.app.id}/assignments/forecast`, body);
      expect(r.status).toBe(200);
      return r.body.forecast.needed as number;
    };
    const required = { intent: 'required' };
    // A user group reaches its users and, through Uma, her iPad: Uma's install there takes a
    // device licence (required), Vic without a device a user licence — one each, never two.
    expect(await needed({ ...required, target: { type: 'group', groupId: klass.id } })).toBe(2);
    // Available: user licences, one per user whatever their devices.
    expect(
      await needed({ intent: 'available', target: { type: 'group', groupId: klass.id } }),
    ).toBe(2);
    expect(await needed({ ...required, target: { type: 'group', groupId: devices.id } })).toBe(1);
    expect(await needed({ ...required, target: { type: 'group', groupId: mixed.id } })).toBe(2);
    // All Users: every user, those with a device counted through it (uPad, Vic, Wes).
    expect(await needed({ ...required, target: { type: 'allUsers' } })).toBe(3);
    // All Devices: every device, no user.
    expect(await needed({ ...required, target: { type: 'allDevices' } })).toBe(3);
    // An exclusion wins, also through a device's primary user.
    expect(
      await needed({ ...required, target: { type: 'allDevices' }, excludeGroupIds: [klass.id] }),
    ).toBe(2);
    expect(
      await needed({ ...required, target: { type: 'allUsers' }, excludeGroupIds: [vicOnly.id] }),
    ).toBe(2);
    // Uninstall needs nothing.
    expect(await needed({ intent: 'uninstall', target: { type: 'allUsers' } })).toBe(0);

    const created = await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, {
      target: { type: 'group', groupId: klass.id },
      intent: 'available',
      licenseType: 'user',
      excludeGroupIds: [vicOnly.id, vicOnly.id],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      catalogAppId: w.app.id,
      spaceId: w.spaceId,
      target: { type: 'group', groupId: klass.id },
      intent: 'available',
      licenseType: 'user',
      deviceContext: false,
      excludeGroupIds: [vicOnly.id],
      forecast: { needed: 1, available: 100, shortfall: 0 },
    });
    await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const listed = await w.admin.get(`/catalog-apps/${w.app.id}/assignments`);
    expect(listed.body.items.map((a: any) => a.target.type)).toEqual(['group', 'allDevices']);
    expect((await w.admin.get(`/assignments/${created.body.id}`)).body.intent).toBe('available');

    // R-A1: nothing is consumed by assigning.
    expect(await getPool(t, w.poolId)).toMatchObject({ inUse: 0, reserved: 0 });
    expect((await w.admin.get(`/licenses?productId=${w.productId}`)).body.items).toHaveLength(0);
  });

  it('R-A7, R-A12: a subject already holding a licence needs none', async () => {
    const w = await world();
    const body = { intent: 'available', target: { type: 'allUsers' } };
    const url = `/catalog-apps/${w.app.id}/assignments/forecast`;
    expect((await w.admin.post(url, body)).body.forecast.needed).toBe(3);
    await grant(t, {
      tenantId: w.tenantId,
      spaceId: w.spaceId,
      poolId: w.poolId,
      catalogAppId: w.app.id,
      subject: { type: 'user', id: w.people.vic.id, name: 'vic' },
    });
    expect((await w.admin.post(url, body)).body.forecast).toMatchObject({
      needed: 2,
      available: 99,
      shortfall: 0,
    });
  });

  it('R-A11: refuses bad targets, duplicate targets and device context outside Microsoft offline apps', async () => {
    const w = await world();
    const url = `/catalog-apps/${w.app.id}/assignments`;
    const other = (await w.admin.post('/spaces', { name: 'Other' })).body;
    const far = (await w.admin.post('/groups', { name: 'Far', kind: 'user', spaceId: other.id }))
      .body;
    expect(
      (await w.admin.post(url, { target: { type: 'group' }, intent: 'required' })).status,
    ).toBe(400);
    expect(
      (await w.admin.post(url, { target: { type: 'everyone' }, intent: 'required' })).status,
    ).toBe(400);
    expect(
      (await w.admin.post(url, { target: { type: 'group', groupId: 'nope' }, intent: 'required' }))
        .status,
    ).toBe(404);
    const farTarget = await w.admin.post(url, {
      target: { type: 'group', groupId: far.id },
      intent: 'required',
    });
    expect(farTarget.status).toBe(409);
    expect(farTarget.body.error).toMatchObject({
      code: 'SPACE_MISMATCH',
      details: { field: 'target.groupId' },
    });
    const farExclusion = await w.admin.post(url, {
      target: { type: 'allUsers' },
      intent: 'required',
      excludeGroupIds: [far.id],
    });
    expect(farExclusion.body.error.details.field).toBe('excludeGroupIds');
    // The app is not in the other space's catalog.
    const notThere = await w.admin.post(url, {
      target: { type: 'allUsers' },
      intent: 'required',
      spaceId: other.id,
    });
    expect(notThere.status).toBe(409);
    const context = await w.admin.post(url, {
      target: { type: 'allDevices' },
      intent: 'required',
      deviceContext: true,
    });
    expect(context.status).toBe(422);
    expect(context.body.error.code).toBe('DEVICE_CONTEXT_UNSUPPORTED');

    expect(
      (await w.admin.post(url, { target: { type: 'allUsers' }, intent: 'available' })).status,
    ).toBe(201);
    const twice = await w.admin.post(url, { target: { type: 'allUsers' }, intent: 'required' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ASSIGNMENT_EXISTS');

    const reader = (await w.admin.post('/api-tokens', { name: 'r', role: 'readOnly' })).body.token;
    expect(
      (await t.client(reader).post(url, { target: { type: 'allDevices' }, intent: 'required' }))
        .status,
    ).toBe(403);
    const stranger = await t.newTenant();
    expect(
      (await stranger.admin.post(url, { target: { type: 'allDevices' }, intent: 'required' }))
        .status,
    ).toBe(404);
  });

  it('R-V1, R-V7: changing the intent keeps the licence until the app is gone; deleting the assignment revokes it', async () => {
    const w = await world();
    const assignment = (
      await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, {
        target: { type: 'group', groupId: w.groups.klass.id },
        intent: 'required',
      })
    ).body;
    const { uPad } = w.devicesOf;
    const license = await grant(t, {
      tenantId: w.tenantId,
      spaceId: w.spaceId,
      poolId: w.poolId,
      catalogAppId: w.app.id,
      subject: { type: 'device', id: uPad.id, name: uPad.serialNumber },
      serialNumber: uPad.serialNumber,
    });

    const patched = await w.admin.patch(`/assignments/${assignment.id}`, { intent: 'uninstall' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ intent: 'uninstall', forecast: { needed: 0 } });
    expect((await getLicenseRow(t, license.id)).state).toBe('active');
    expect((await w.admin.patch(`/assignments/${assignment.id}`, { intent: 'never' })).status).toBe(
      400,
    );

    expect((await w.admin.delete(`/assignments/${assignment.id}`)).status).toBe(204);
    expect((await getLicenseRow(t, license.id)).state).toBe('revoked');
    expect((await getPool(t, w.poolId)).inUse).toBe(0);
    expect((await w.admin.get(`/assignments/${assignment.id}`)).status).toBe(404);
    const actions = (await w.admin.get(`/catalog-apps/${w.app.id}/activity`)).body.items.map(
      (e: any) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'assignment.create',
        'assignment.update',
        'assignment.delete',
        'license.revoke',
      ]),
    );
  });

  it('R-S2: a space-scoped administrator assigns only within its space', async () => {
    const w = await world();
    const b = (await w.admin.post('/spaces', { name: 'B' })).body;
    const bToken = (
      await w.admin.post('/api-tokens', { name: 'b', role: 'appManager', spaceId: b.id })
    ).body.token;
    const bAdmin = t.client(bToken);
    const mine = (
      await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, {
        target: { type: 'allUsers' },
        intent: 'available',
      })
    ).body;
    const url = `/catalog-apps/${w.app.id}/assignments`;
    expect(
      (await bAdmin.post(url, { target: { type: 'allUsers' }, intent: 'required' })).status,
    ).toBe(404);
    await w.admin.post(`/catalog-apps/${w.app.id}/delegations`, { spaceId: b.id });
    const theirs = await bAdmin.post(url, { target: { type: 'allUsers' }, intent: 'required' });
    expect(theirs.status).toBe(201);
    expect(theirs.body.spaceId).toBe(b.id);
    expect((await bAdmin.get(url)).body.items.map((a: any) => a.id)).toEqual([theirs.body.id]);
    expect((await bAdmin.patch(`/assignments/${mine.id}`, { intent: 'required' })).status).toBe(
      404,
    );
    expect((await w.admin.get(url)).body.items).toHaveLength(2);
  });
});
