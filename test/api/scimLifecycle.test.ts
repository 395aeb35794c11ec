/**
 * SCIM and licences (R-I2, R-V7): deactivation by the identity provider revokes at once what
 * the user's licences and their devices got through them, keeps the memberships, and
 * reactivation lets normal allocation bring licences back; membership changes reconcile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAppleAccount, catalogApp, device, productOf } from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import type { Client } from '../helpers/testApp.js';

let w: AppleWorld;
beforeAll(async () => {
  w = await startAppleWorld();
});
afterAll(async () => w.close());

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function scimClient(token: string) {
  return async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
    const response = await w.t.app.inject({
      method,
      url: `/scim/v2${url}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return {
      status: response.statusCode,
      body: response.body === '' ? undefined : JSON.parse(response.body),
    };
  };
}

async function inUse(admin: Client, adamId: string): Promise<number> {
  const product = await productOf(admin, adamId);
  return product.pools.reduce((sum: number, p: any) => sum + p.inUse, 0);
}

async function activeLicences(admin: Client, subjectId: string): Promise<any[]> {
  return (await admin.get(`/licenses?subjectId=${subjectId}&state=active`)).body.items;
}

describe('SCIM lifecycle', () => {
  it('R-I2: deactivation revokes at once, keeps the groups, and reactivation lets allocation return', async () => {
    const { admin, token } = await w.t.newTenant();
    const scim = scimClient(token);
    await addAppleAccount(w, admin, {
      assets: [
        {
          adamId: '910001',
          name: 'App 910001',
          bundleId: 'com.example.app910001',
          totalCount: 3,
          supportedPlatforms: ['iOS', 'macOS'],
        },
      ],
    });
    const ada = (await scim('POST', '/Users', { userName: 'ada@example.org', active: true })).body;
    const staff = (await scim('POST', '/Groups', { displayName: 'Staff' })).body;
    const added = await scim('PATCH', `/Groups/${staff.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: 'members', value: [{ value: ada.id }] }],
    });
    expect(added.status).toBe(204);
    const target = { target: { type: 'group', groupId: staff.id }, intent: 'required' };
    const app = await catalogApp(admin, '910001', target);
    const forecast = async () =>
      (await admin.post(`/catalog-apps/${app.id}/assignments/forecast`, target)).body.forecast;
    const { device: ipad } = await device(admin, { user: ada });
    await admin.post('/check-in', { serialNumber: ipad.serialNumber });
    expect(await activeLicences(admin, ipad.id)).toHaveLength(1);
    expect(await inUse(admin, '910001')).toBe(1);

    // Deactivated: the device licence it got through Ada goes at once, no check-in needed.
    const off = await scim('PATCH', `/Users/${ada.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(off.body.active).toBe(false);
    expect(await activeLicences(admin, ipad.id)).toHaveLength(0);
    expect(await inUse(admin, '910001')).toBe(0);
    // Still in the group, still readable; a check-in does not bring the licence back.
    expect(
      (await scim('GET', `/Groups/${staff.id}`)).body.members.map((m: any) => m.value),
    ).toEqual([ada.id]);
    await admin.post('/check-in', { serialNumber: ipad.serialNumber });
    expect(await activeLicences(admin, ipad.id)).toHaveLength(0);
    // Nor does the forecast count her device as a target.
    expect((await forecast()).needed).toBe(0);

    // Reactivated: nothing comes back by itself; the next check-in allocates.
    const on = await scim('PATCH', `/Users/${ada.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(on.body.active).toBe(true);
    expect(await activeLicences(admin, ipad.id)).toHaveLength(0);
    expect((await forecast()).needed).toBe(1);
    await admin.post('/check-in', { serialNumber: ipad.serialNumber });
    expect(await activeLicences(admin, ipad.id)).toHaveLength(1);

    // R-V7: leaving the target group (Entra's Remove with a value list) revokes.
    const removed = await scim('PATCH', `/Groups/${staff.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: ada.id }] }],
    });
    expect(removed.status).toBe(204);
    expect(await activeLicences(admin, ipad.id)).toHaveLength(0);
    expect(await inUse(admin, '910001')).toBe(0);

    const actions = (await admin.get('/activity?limit=200')).body.items.map((a: any) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.deactivate', 'user.activate']));
  });

  it('R-I2: a failed deactivation leaves the licences in place (one transaction)', async () => {
    const { admin, token } = await w.t.newTenant();
    const scim = scimClient(token);
    await addAppleAccount(w, admin, {
      assets: [
        {
          adamId: '910002',
          name: 'App 910002',
          bundleId: 'com.example.app910002',
          totalCount: 2,
          supportedPlatforms: ['iOS', 'macOS'],
        },
      ],
    });
    const kim = (await scim('POST', '/Users', { userName: 'kim@example.org' })).body;
    await catalogApp(admin, '910002', { target: { type: 'allUsers' }, intent: 'required' });
    const { device: ipad } = await device(admin, { user: kim });
    await admin.post('/check-in', { serialNumber: ipad.serialNumber });
    expect(await activeLicences(admin, ipad.id)).toHaveLength(1);
    // The second operation is refused: the first (deactivation) must not have happened.
    const refused = await scim('PATCH', `/Users/${kim.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', path: 'meta', value: {} },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.scimType).toBe('mutability');
    expect((await scim('GET', `/Users/${kim.id}`)).body.active).toBe(true);
    expect(await activeLicences(admin, ipad.id)).toHaveLength(1);
  });
});
