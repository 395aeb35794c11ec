import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RECENT_ACTOR_TTL_MS, recentActorsOf } from '../../src/services/access/recentActors.js';
import { createTestApp, usingPostgres, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('authentication', () => {
  it('answers 401 without a token, with a malformed header and with an unknown token', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/spaces' });
    expect(none.statusCode).toBe(401);
    expect(JSON.parse(none.body).error.code).toBe('UNAUTHENTICATED');
    const malformed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/spaces',
      headers: { authorization: 'Token abc' },
    });
    expect(malformed.statusCode).toBe(401);
    expect((await t.client('allot_nope').get('/spaces')).status).toBe(401);
  });

  it('lists the default space with the bootstrap token', async () => {
    const spaces = await t.admin.get('/spaces');
    expect(spaces.status).toBe(200);
    expect(spaces.body.items).toEqual([
      expect.objectContaining({ name: 'Default', isDefault: true }),
    ]);
  });

  it('stores API tokens hashed, never in clear', async () => {
    const { admin } = await t.newTenant();
    const created = await admin.post('/api-tokens', { name: 'script', role: 'readOnly' });
    expect(created.status).toBe(201);
    const rows = await t.ctx.db.kysely.selectFrom('apiTokens').select('tokenHash').execute();
    expect(rows.map((r) => r.tokenHash)).not.toContain(created.body.token);
    const listed = await admin.get('/api-tokens');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
  });

  it('lets only the bootstrap token create tenants', async () => {
    const { admin } = await t.newTenant();
    const refused = await admin.post('/tenants', { name: 'sneaky' });
    expect(refused.status).toBe(403);
    const duplicate = await t.admin.post('/tenants', { name: 'default' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('TENANT_NAME_TAKEN');
  });

  it('revokes a deleted token at once', async () => {
    const { admin } = await t.newTenant();
    const created = await admin.post('/api-tokens', { name: 'temp', role: 'readOnly' });
    const temp = t.client(created.body.token);
    expect((await temp.get('/spaces')).status).toBe(200);
    expect((await admin.delete(`/api-tokens/${created.body.id}`)).status).toBe(204);
    expect((await temp.get('/spaces')).status).toBe(401);
  });

  it("revokes a deleted space's tokens at once", async () => {
    const { admin } = await t.newTenant();
    const annex = (await admin.post('/spaces', { name: 'Annex' })).body;
    const created = await admin.post('/api-tokens', {
      name: 'annex',
      role: 'readOnly',
      spaceId: annex.id,
    });
    const annexToken = t.client(created.body.token);
    expect((await annexToken.get('/spaces')).status).toBe(200);
    expect((await admin.delete(`/spaces/${annex.id}`)).status).toBe(204);
    expect((await annexToken.get('/spaces')).status).toBe(401);
  });

  it.skipIf(usingPostgres)(
    `SQLite: keeps a token deleted behind this process's back working for at most ${RECENT_ACTOR_TTL_MS / 1000} s`,
    async () => {
      const { admin } = await t.newTenant();
      const created = await admin.post('/api-tokens', { name: 'temp', role: 'readOnly' });
      const temp = t.client(created.body.token);
      expect((await temp.get('/spaces')).status).toBe(200);
      // Deleted by hand: this process has just authenticated it and does not know yet.
      await t.ctx.db.kysely.deleteFrom('apiTokens').where('id', '=', created.body.id).execute();
      expect((await temp.get('/spaces')).status).toBe(200);
      // A token this process has not seen lately is looked up every time.
      recentActorsOf(t.ctx.db).clear();
      expect((await temp.get('/spaces')).status).toBe(401);
    },
  );

  it.runIf(usingPostgres)(
    'R-S4: PostgreSQL: a token another process deleted stops working here at once',
    async () => {
      const { admin } = await t.newTenant();
      const created = await admin.post('/api-tokens', { name: 'temp', role: 'readOnly' });
      const temp = t.client(created.body.token);
      expect((await temp.get('/spaces')).status).toBe(200);
      // Another process deletes it: the database announces it, and this process forgets it.
      await t.ctx.db.kysely.deleteFrom('apiTokens').where('id', '=', created.body.id).execute();
      await vi.waitFor(async () => expect((await temp.get('/spaces')).status).toBe(401), {
        timeout: 1000,
        interval: 10,
      });
    },
  );
});

describe('R-S1: roles', () => {
  async function tokenFor(admin: TestApp['admin'], role: string, spaceId?: string) {
    const created = await admin.post('/api-tokens', { name: role, role, spaceId });
    expect(created.status).toBe(201);
    return t.client(created.body.token);
  }

  it('R-S1: a readOnly token reads but cannot write', async () => {
    const { admin } = await t.newTenant();
    await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' });
    const reader = await tokenFor(admin, 'readOnly');
    expect((await reader.get('/users')).body.items).toHaveLength(1);
    const write = await reader.post('/users', { email: 'lee@example.org', displayName: 'Lee' });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('FORBIDDEN');
    expect((await reader.post('/spaces', { name: 'x' })).status).toBe(403);
    expect((await reader.post('/api-tokens', { name: 'x', role: 'globalAdmin' })).status).toBe(403);
    expect((await admin.get('/users')).body.items).toHaveLength(1);
  });

  it('R-S1: userAdmin manages the directory but not tokens or spaces; appManager not the directory', async () => {
    const { admin } = await t.newTenant();
    const userAdmin = await tokenFor(admin, 'userAdmin');
    expect(
      (await userAdmin.post('/users', { email: 'a@example.org', displayName: 'A' })).status,
    ).toBe(201);
    expect((await userAdmin.post('/groups', { name: 'Staff', kind: 'user' })).status).toBe(201);
    expect((await userAdmin.post('/spaces', { name: 'Sales' })).status).toBe(403);
    expect((await userAdmin.post('/api-tokens', { name: 'x', role: 'readOnly' })).status).toBe(403);
    const appManager = await tokenFor(admin, 'appManager');
    expect(
      (await appManager.post('/users', { email: 'b@example.org', displayName: 'B' })).status,
    ).toBe(403);
    const licenseAdmin = await tokenFor(admin, 'licenseAdmin');
    expect(
      (await licenseAdmin.post('/devices', { serialNumber: 'C02XYZ', platform: 'macos' })).status,
    ).toBe(403);
  });

  it('R-S1: a role can be granted on one space only', async () => {
    const { admin } = await t.newTenant();
    const sales = (await admin.post('/spaces', { name: 'Sales' })).body;
    const created = await admin.post('/api-tokens', {
      name: 'sales admin',
      role: 'userAdmin',
      spaceId: sales.id,
    });
    expect(created.body).toMatchObject({ role: 'userAdmin', spaceId: sales.id });
    const salesAdmin = t.client(created.body.token);
    const user = await salesAdmin.post('/users', { email: 'rep@example.org', displayName: 'Rep' });
    expect(user.status).toBe(201);
    expect(user.body.spaceId).toBe(sales.id);
  });
});

describe('R-S2: isolation', () => {
  it('R-S2: a second tenant sees nothing of the first, and gets 404 for its IDs', async () => {
    const first = await t.newTenant();
    const second = await t.newTenant();
    const user = (
      await first.admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })
    ).body;
    const device = (
      await first.admin.post('/devices', {
        serialNumber: 'F2LXK0AAAAAA',
        platform: 'ios',
        primaryUserId: user.id,
      })
    ).body;
    const group = (await first.admin.post('/groups', { name: 'Teachers', kind: 'user' })).body;
    const firstSpaces = (await first.admin.get('/spaces')).body.items;

    expect((await second.admin.get('/users')).body.items).toEqual([]);
    expect((await second.admin.get('/devices')).body.items).toEqual([]);
    expect((await second.admin.get('/groups')).body.items).toEqual([]);
    expect(
      (await second.admin.get('/activity')).body.items.map((e: any) => e.subject.id),
    ).not.toContain(user.id);
    for (const url of [
      `/users/${user.id}`,
      `/devices/${device.id}`,
      `/groups/${group.id}`,
      `/spaces/${firstSpaces[0].id}`,
    ]) {
      const response = await second.admin.get(url);
      expect(response.status, url).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    expect((await second.admin.patch(`/users/${user.id}`, { displayName: 'Hacked' })).status).toBe(
      404,
    );
    expect((await second.admin.delete(`/users/${user.id}`)).status).toBe(404);
    expect(
      (await second.admin.post(`/groups/${group.id}/members`, { userIds: [user.id] })).status,
    ).toBe(404);
    expect(
      (
        await second.admin.post('/users', {
          email: 'x@example.org',
          displayName: 'X',
          spaceId: firstSpaces[0].id,
        })
      ).status,
    ).toBe(404);
    // The same e-mail and serial number are free in another tenant.
    expect(
      (await second.admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).status,
    ).toBe(201);
    expect(
      (await second.admin.post('/devices', { serialNumber: 'F2LXK0AAAAAA', platform: 'ios' }))
        .status,
    ).toBe(201);
    expect((await first.admin.get(`/users/${user.id}`)).body.displayName).toBe('Kim');
  });

  it('R-S2: a space-scoped token cannot read or write another space', async () => {
    const { admin } = await t.newTenant();
    const defaultSpace = (await admin.get('/spaces')).body.items[0];
    const sales = (await admin.post('/spaces', { name: 'Sales' })).body;
    const inDefault = (await admin.post('/users', { email: 'd@example.org', displayName: 'D' }))
      .body;
    const inSales = (
      await admin.post('/users', { email: 's@example.org', displayName: 'S', spaceId: sales.id })
    ).body;
    const token = (
      await admin.post('/api-tokens', { name: 'sales', role: 'globalAdmin', spaceId: sales.id })
    ).body.token;
    const scoped = t.client(token);

    expect((await scoped.get('/spaces')).body.items.map((s: any) => s.id)).toEqual([sales.id]);
    expect((await scoped.get(`/spaces/${defaultSpace.id}`)).status).toBe(404);
    expect((await scoped.get('/users')).body.items.map((u: any) => u.id)).toEqual([inSales.id]);
    expect((await scoped.get(`/users?spaceId=${defaultSpace.id}`)).status).toBe(404);
    expect((await scoped.get(`/users/${inDefault.id}`)).status).toBe(404);
    expect((await scoped.patch(`/users/${inDefault.id}`, { displayName: 'x' })).status).toBe(404);
    expect(
      (
        await scoped.post('/users', {
          email: 'n@example.org',
          displayName: 'N',
          spaceId: defaultSpace.id,
        })
      ).status,
    ).toBe(404);
    expect((await scoped.post('/api-tokens', { name: 'wide', role: 'readOnly' })).status).toBe(403);
    expect((await scoped.post('/spaces', { name: 'Mine' })).status).toBe(403);
    expect(
      (await scoped.get('/activity')).body.items.every((e: any) => e.spaceId === sales.id),
    ).toBe(true);
  });
});
