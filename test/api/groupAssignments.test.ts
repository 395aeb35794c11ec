/**
 * GET /groups/{id}/assignments: the assignments that target a group or leave it out, what a
 * membership change re-evaluates (the console's group page). SQLite, and PostgreSQL when
 * DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import { defaultSpaceId, insertAccount, insertPool, insertProduct } from '../factories/ledger.js';
import { createGroup } from '../factories/directory.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('GET /groups/{id}/assignments', () => {
  it('lists the assignments that target the group or exclude it, and pages them', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const accountId = await insertAccount(t, tenantId, { spaceId });
    const apps = [];
    for (const name of ['Keynote', 'Pages', 'Numbers']) {
      const productId = await insertProduct(t, tenantId, { name });
      await insertPool(t, tenantId, { accountId, productId, total: 10 });
      apps.push((await admin.post('/catalog-apps', { productId })).body);
    }
    const klass = await createGroup(admin, { name: 'Class', kind: 'user' });
    const other = await createGroup(admin, { name: 'Other', kind: 'user' });
    const assign = (appId: string, body: object) =>
      admin.post(`/catalog-apps/${appId}/assignments`, { intent: 'available', ...body });
    expect(
      (await assign(apps[0].id, { target: { type: 'group', groupId: klass.id } })).status,
    ).toBe(201);
    expect(
      (await assign(apps[1].id, { target: { type: 'allUsers' }, excludeGroupIds: [klass.id] }))
        .status,
    ).toBe(201);
    expect(
      (await assign(apps[2].id, { target: { type: 'group', groupId: other.id } })).status,
    ).toBe(201);

    const first = await admin.get(`/groups/${klass.id}/assignments?limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const second = await admin.get(
      `/groups/${klass.id}/assignments?limit=1&cursor=${first.body.nextCursor}`,
    );
    const items = [...first.body.items, ...second.body.items];
    expect(second.body.nextCursor).toBeNull();
    expect(items.map((a: any) => [a.appName, a.excluded, a.intent]).sort()).toEqual([
      ['Keynote', false, 'available'],
      ['Pages', true, 'available'],
    ]);
    expect((await admin.get(`/groups/${other.id}/assignments`)).body.items).toHaveLength(1);
    const stranger = await t.newTenant();
    expect((await stranger.admin.get(`/groups/${klass.id}/assignments`)).status).toBe(404);
  });
});
