import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  getPool,
  grant,
  insertAccount,
  insertInstall,
  insertPool,
  insertProduct,
  installState,
} from '../factories/ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function tenantWithProduct(name = 'Keynote') {
  const tenant = await t.newTenant();
  const spaceId = await defaultSpaceId(t, tenant.id);
  const productId = await insertProduct(t, tenant.id, { name, bundleId: `com.apple.${name}` });
  return { ...tenant, spaceId, productId };
}

async function token(admin: Client, role: string, spaceId?: string): Promise<Client> {
  const created = await admin.post('/api-tokens', {
    name: `${role}-${spaceId ?? 'all'}`,
    role,
    spaceId,
  });
  expect(created.status).toBe(201);
  return t.client(created.body.token);
}

describe('catalog apps', () => {
  it('creates, reads, updates and lists apps; a product is once per space', async () => {
    const { admin, id: tenantId, spaceId, productId } = await tenantWithProduct();
    const created = await admin.post('/catalog-apps', {
      productId,
      description: ' Slides ',
      updateMode: 'automatic',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      productId,
      spaceId,
      name: 'Keynote',
      description: 'Slides',
      installOnDevice: true,
      updateMode: 'automatic',
      delegatedSpaceIds: [],
    });
    const again = await admin.post('/catalog-apps', { productId });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'CATALOG_APP_EXISTS',
      details: { catalogAppId: created.body.id },
    });

    const other = await insertProduct(t, tenantId, { name: 'Numbers' });
    await admin.post('/catalog-apps', { productId: other, installOnDevice: false });
    expect((await admin.get('/catalog-apps')).body.items).toHaveLength(2);
    const found = await admin.get('/catalog-apps?q=keyn');
    expect(found.body.items.map((a: any) => a.name)).toEqual(['Keynote']);
    expect(
      (await admin.get(`/catalog-apps?q=${encodeURIComponent('com.example.numbers')}`)).body.items,
    ).toHaveLength(1);

    const patched = await admin.patch(`/catalog-apps/${created.body.id}`, {
      description: null,
      installOnDevice: false,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      description: null,
      installOnDevice: false,
      updateMode: 'automatic',
    });
    expect((await admin.get(`/catalog-apps/${created.body.id}`)).body.installOnDevice).toBe(false);

    const activity = await admin.get(`/catalog-apps/${created.body.id}/activity`);
    expect(activity.body.items.map((e: any) => e.action)).toEqual([
      'catalogApp.create',
      'catalogApp.update',
    ]);
  });

  it('refuses unknown products, unknown fields, and writes without catalog:write', async () => {
    const { admin, productId } = await tenantWithProduct();
    const stranger = await t.newTenant();
    expect((await stranger.admin.post('/catalog-apps', { productId })).status).toBe(404);
    const unknown = await admin.post('/catalog-apps', { productId, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('UNKNOWN_FIELD');
    const bad = await admin.post('/catalog-apps', { productId, updateMode: 'weekly' });
    expect(bad.status).toBe(400);

    const reader = await token(admin, 'readOnly');
    expect((await reader.post('/catalog-apps', { productId })).status).toBe(403);
    const manager = await token(admin, 'appManager');
    const made = await manager.post('/catalog-apps', { productId });
    expect(made.status).toBe(201);
    expect((await reader.get(`/catalog-apps/${made.body.id}`)).status).toBe(200);
    expect((await stranger.admin.get(`/catalog-apps/${made.body.id}`)).status).toBe(404);
  });

  it('delegates an app to other spaces; a space sees its own apps and those delegated to it', async () => {
    const { admin, id: tenantId, spaceId, productId } = await tenantWithProduct();
    const b = (await admin.post('/spaces', { name: 'School B' })).body;
    const c = (await admin.post('/spaces', { name: 'School C' })).body;
    const app = (await admin.post('/catalog-apps', { productId })).body;
    const onlyInC = (
      await admin.post('/catalog-apps', {
        productId: await insertProduct(t, tenantId, { name: 'Pages' }),
        spaceId: c.id,
      })
    ).body;

    const delegated = await admin.post(`/catalog-apps/${app.id}/delegations`, { spaceId: b.id });
    expect(delegated.status).toBe(201);
    expect(delegated.body.delegatedSpaceIds).toEqual([b.id]);
    expect(
      (await admin.post(`/catalog-apps/${app.id}/delegations`, { spaceId: b.id })).body.error.code,
    ).toBe('DELEGATION_EXISTS');
    expect(
      (await admin.post(`/catalog-apps/${app.id}/delegations`, { spaceId })).body.error.code,
    ).toBe('DELEGATION_TO_OWN_SPACE');
    await admin.post(`/catalog-apps/${app.id}/delegations`, { spaceId: c.id });

    const inB = await admin.get(`/catalog-apps?spaceId=${b.id}`);
    expect(inB.body.items.map((a: any) => a.id)).toEqual([app.id]);
    const inC = await admin.get(`/catalog-apps?spaceId=${c.id}`);
    expect(inC.body.items.map((a: any) => a.id).sort()).toEqual([app.id, onlyInC.id].sort());

    // R-S2: B's administrator sees the delegated app, only B's delegation, and nothing of C.
    const bAdmin = await token(admin, 'globalAdmin', b.id);
    const seen = await bAdmin.get('/catalog-apps');
    expect(seen.body.items).toEqual([
      expect.objectContaining({ id: app.id, delegatedSpaceIds: [b.id] }),
    ]);
    expect((await bAdmin.get(`/catalog-apps/${onlyInC.id}`)).status).toBe(404);
    expect((await bAdmin.get(`/catalog-apps?spaceId=${c.id}`)).status).toBe(404);
    // Using a delegated app is not owning it.
    expect((await bAdmin.patch(`/catalog-apps/${app.id}`, { description: 'mine' })).status).toBe(
      403,
    );
    expect((await bAdmin.delete(`/catalog-apps/${app.id}`)).status).toBe(403);
  });

  it('R-V5, R-V2: deleting an app revokes its licences; iOS uninstalls, macOS keeps the app', async () => {
    const { admin, id: tenantId, spaceId, productId } = await tenantWithProduct();
    const accountId = await insertAccount(t, tenantId, { spaceId, autoDistributeToAllUsers: true });
    const poolId = await insertPool(t, tenantId, { accountId, productId, total: 5 });
    const app = (await admin.post('/catalog-apps', { productId })).body;
    await admin.post(`/catalog-apps/${app.id}/assignments`, {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const ipad = (
      await admin.post('/devices', { serialNumber: 'DMPDEL000001', platform: 'ipados' })
    ).body;
    const mac = (await admin.post('/devices', { serialNumber: 'C02DEL000001', platform: 'macos' }))
      .body;
    const installs: string[] = [];
    for (const device of [ipad, mac]) {
      const license = await grant(t, {
        tenantId,
        spaceId,
        poolId,
        catalogAppId: app.id,
        subject: { type: 'device', id: device.id, name: device.serialNumber },
        serialNumber: device.serialNumber,
      });
      installs.push(
        await insertInstall(t, {
          tenantId,
          deviceId: device.id,
          catalogAppId: app.id,
          licenseId: license.id,
        }),
      );
    }
    expect((await getPool(t, poolId)).inUse).toBe(2);

    const deleted = await admin.delete(`/catalog-apps/${app.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ revokedLicenses: 2 });
    expect((await getPool(t, poolId)).inUse).toBe(0);
    expect(await installState(t, installs[0]!)).toBe('uninstallPending');
    expect(await installState(t, installs[1]!)).toBe('installed');
    const licenses = await admin.get(`/licenses?productId=${productId}`);
    expect(licenses.body.items.map((l: any) => l.state)).toEqual(['revoked', 'revoked']);
    const ipadLicense = licenses.body.items.find((l: any) => l.subject.id === ipad.id);
    expect(ipadLicense.graceUntil).not.toBeNull();
    expect((await admin.get(`/catalog-apps/${app.id}`)).status).toBe(404);
    // The product can be offered again.
    expect((await admin.post('/catalog-apps', { productId })).status).toBe(201);
  });

  it('R-V5: withdrawing a delegation revokes the licences held in that space only', async () => {
    const { admin, id: tenantId, spaceId, productId } = await tenantWithProduct();
    const b = (await admin.post('/spaces', { name: 'Branch' })).body;
    const app = (await admin.post('/catalog-apps', { productId })).body;
    await admin.post(`/catalog-apps/${app.id}/delegations`, { spaceId: b.id });
    const mainAccount = await insertAccount(t, tenantId, {
      spaceId,
      autoDistributeToAllUsers: true,
    });
    const branchAccount = await insertAccount(t, tenantId, { spaceId: b.id });
    const mainPool = await insertPool(t, tenantId, { accountId: mainAccount, productId, total: 3 });
    const branchPool = await insertPool(t, tenantId, {
      accountId: branchAccount,
      productId,
      total: 3,
    });
    const here = (await admin.post('/devices', { serialNumber: 'DMPMAIN00001', platform: 'ios' }))
      .body;
    const there = (
      await admin.post('/devices', { serialNumber: 'DMPBRANCH001', platform: 'ios', spaceId: b.id })
    ).body;
    const user = (
      await admin.post('/users', { email: 'b@example.org', displayName: 'Bea', spaceId: b.id })
    ).body;
    await admin.put(`/catalog-apps/${app.id}/distribution/${branchAccount}`, {
      fcfsGroupIds: ['allUsers'],
      reservedUserIds: [user.id],
    });
    expect((await getPool(t, branchPool)).reserved).toBe(1);
    const assignment = await admin.post(`/catalog-apps/${app.id}/assignments`, {
      target: { type: 'allDevices' },
      intent: 'required',
      spaceId: b.id,
    });
    expect(assignment.status).toBe(201);
    await grant(t, {
      tenantId,
      spaceId,
      poolId: mainPool,
      catalogAppId: app.id,
      subject: { type: 'device', id: here.id, name: here.serialNumber },
    });
    await grant(t, {
      tenantId,
      spaceId: b.id,
      poolId: branchPool,
      catalogAppId: app.id,
      subject: { type: 'device', id: there.id, name: there.serialNumber },
    });

    const withdrawn = await admin.delete(`/catalog-apps/${app.id}/delegations/${b.id}`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({ revokedLicenses: 1 });
    expect((await getPool(t, mainPool)).inUse).toBe(1);
    const branch = await getPool(t, branchPool);
    expect(branch).toMatchObject({ inUse: 0, reserved: 0 });
    expect((await admin.get(`/catalog-apps/${app.id}`)).body.delegatedSpaceIds).toEqual([]);
    expect((await admin.get(`/catalog-apps/${app.id}/assignments`)).body.items).toHaveLength(0);
    expect(
      (await admin.get(`/catalog-apps/${app.id}/distribution`)).body.items.map(
        (d: any) => d.accountId,
      ),
    ).toEqual([mainAccount]);
    expect((await admin.delete(`/catalog-apps/${app.id}/delegations/${b.id}`)).status).toBe(404);
  });
});
