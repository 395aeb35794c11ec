/**
 * GET /users and GET /devices: sorted by a whitelisted field (`sort=-lastCheckInAt`), filtered,
 * and paged with keyset cursors that stay correct under any sort. SQLite, and PostgreSQL when
 * DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** Every item of a list, page after page of `limit`, and how many pages it took. */
async function readAll(client: Client, path: string, limit: number) {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`;
    const response = await client.get(url);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 50);
  return { items, pages };
}

const NAMES = ['delta', 'Alpha', 'charlie', 'bravo', 'echo', 'alpha', 'Foxtrot'];

async function seedUsers(admin: Client) {
  const users = [];
  for (const [i, name] of NAMES.entries()) {
    const r = await admin.post('/users', { email: `u${i}@example.test`, displayName: name });
    expect(r.status).toBe(201);
    users.push(r.body);
  }
  const db = t.ctx.db.kysely;
  await db
    .updateTable('users')
    .set({ enrolment: 'joined' })
    .where('id', 'in', [users[0].id, users[1].id])
    .execute();
  await db
    .updateTable('users')
    .set({ enrolment: 'invited' })
    .where('id', '=', users[2].id)
    .execute();
  await db
    .updateTable('users')
    .set({ deactivatedAt: '2026-06-01T09:00:00.000Z' })
    .where('id', '=', users[3].id)
    .execute();
  return users;
}

describe('GET /users sorted, filtered and paged', () => {
  it('sorts by name without case, ties by ID, across pages of any size', async () => {
    const { admin } = await t.newTenant();
    const users = await seedUsers(admin);
    const byName = (a: any, b: any) =>
      a.displayName.toLowerCase().localeCompare(b.displayName.toLowerCase()) ||
      (a.id < b.id ? -1 : 1);
    const expected = [...users].sort(byName).map((u) => u.id);
    for (const limit of [1, 2, 3, 100]) {
      const { items } = await readAll(admin, '/users?sort=displayName', limit);
      expect(items.map((u) => u.id)).toEqual(expected);
    }
    const { items: down, pages } = await readAll(admin, '/users?sort=-displayName', 2);
    expect(pages).toBe(4);
    expect(down.map((u) => u.id)).toEqual([...expected].reverse());
  });

  it('sorts by e-mail, enrolment and creation, and filters by enrolment and active', async () => {
    const { admin } = await t.newTenant();
    const users = await seedUsers(admin);
    const emails = (await readAll(admin, '/users?sort=-email', 3)).items.map((u) => u.email);
    expect(emails).toEqual(
      users
        .map((u) => u.email)
        .sort()
        .reverse(),
    );
    const enrolments = (await readAll(admin, '/users?sort=enrolment', 2)).items.map(
      (u) => u.enrolment,
    );
    expect(enrolments).toEqual(['invited', 'joined', 'joined', 'none', 'none', 'none', 'none']);
    const created = (await readAll(admin, '/users?sort=-createdAt', 2)).items.map((u) => u.id);
    expect(created).toEqual(users.map((u) => u.id).reverse());

    const joined = await readAll(admin, '/users?enrolment=joined&sort=displayName', 1);
    expect(joined.items.map((u) => u.displayName)).toEqual(['Alpha', 'delta']);
    const deactivated = await admin.get('/users?active=false');
    expect(deactivated.body.items.map((u: any) => u.displayName)).toEqual(['bravo']);
    const active = await readAll(admin, '/users?active=true&q=a&sort=-displayName', 2);
    expect(active.items.every((u) => u.active && /a/i.test(u.displayName + u.email))).toBe(true);
    expect(active.items.map((u) => u.displayName.toLowerCase())).toEqual([
      'foxtrot',
      'echo',
      'delta',
      'charlie',
      'alpha',
      'alpha',
    ]);
  });

  it('refuses an unknown sort field, naming it, and a cursor of another sort', async () => {
    const { admin } = await t.newTenant();
    await seedUsers(admin);
    const bad = await admin.get('/users?sort=-password');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'sort', value: 'password' },
    });
    expect(bad.body.error.message).toContain('password');
    const first = await admin.get('/users?sort=email&limit=2');
    const other = await admin.get(`/users?sort=-email&limit=2&cursor=${first.body.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('INVALID_CURSOR');
    expect((await admin.get('/users?cursor=bm90IGpzb24')).body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('GET /devices sorted, filtered and paged', () => {
  async function seedDevices(admin: Client) {
    const specs = [
      { serialNumber: 'SN0005', platform: 'ios', name: 'Kiosk' },
      { serialNumber: 'SN0001', platform: 'macos', name: 'design mac' },
      { serialNumber: 'SN0003', platform: 'windows' },
      { serialNumber: 'SN0002', platform: 'ipados', name: 'Atelier' },
      { serialNumber: 'SN0004', platform: 'ios', name: 'Bench' },
    ];
    const devices = [];
    for (const spec of specs) {
      const r = await admin.post('/devices', spec);
      expect(r.status).toBe(201);
      devices.push(r.body);
    }
    const db = t.ctx.db.kysely;
    const times = [
      '2026-06-03T10:00:00.000Z',
      '2026-06-01T10:00:00.000Z',
      null,
      '2026-06-02T10:00:00.000Z',
      null,
    ];
    for (const [i, at] of times.entries()) {
      await db
        .updateTable('devices')
        .set({ lastCheckInAt: at })
        .where('id', '=', devices[i].id)
        .execute();
    }
    await db
      .updateTable('devices')
      .set({ state: 'retired' })
      .where('id', '=', devices[4].id)
      .execute();
    return devices;
  }

  it('sorts by name (the serial number when unnamed), serial, platform, state and last check-in', async () => {
    const { admin } = await t.newTenant();
    await seedDevices(admin);
    const serials = async (path: string) =>
      (await readAll(admin, path, 2)).items.map((d) => d.serialNumber);
    expect(await serials('/devices?sort=name')).toEqual([
      'SN0002',
      'SN0004',
      'SN0001',
      'SN0005',
      'SN0003',
    ]);
    expect(await serials('/devices?sort=-serialNumber')).toEqual([
      'SN0005',
      'SN0004',
      'SN0003',
      'SN0002',
      'SN0001',
    ]);
    expect(
      (await readAll(admin, '/devices?sort=platform', 1)).items.map((d) => d.platform),
    ).toEqual(['ios', 'ios', 'ipados', 'macos', 'windows']);
    expect((await readAll(admin, '/devices?sort=-state', 2)).items[0].state).toBe('retired');
    // Never checked in: last when descending, first when ascending, ties by ID (creation).
    expect(await serials('/devices?sort=-lastCheckInAt')).toEqual([
      'SN0005',
      'SN0002',
      'SN0001',
      'SN0004',
      'SN0003',
    ]);
    expect(await serials('/devices?sort=lastCheckInAt')).toEqual([
      'SN0003',
      'SN0004',
      'SN0001',
      'SN0002',
      'SN0005',
    ]);
  });

  it('filters by platform, state and text, and keeps the filters across pages', async () => {
    const { admin } = await t.newTenant();
    await seedDevices(admin);
    const ios = await readAll(admin, '/devices?platform=ios&sort=name', 1);
    expect(ios.items.map((d) => d.name)).toEqual(['Bench', 'Kiosk']);
    expect(ios.pages).toBe(2);
    const retired = await admin.get('/devices?state=retired');
    expect(retired.body.items.map((d: any) => d.serialNumber)).toEqual(['SN0004']);
    const active = await readAll(admin, '/devices?state=active&q=sn000&sort=-name', 2);
    expect(active.items.map((d) => d.serialNumber)).toEqual([
      'SN0003',
      'SN0005',
      'SN0001',
      'SN0002',
    ]);
    const badPlatform = await admin.get('/devices?platform=android');
    expect(badPlatform.status).toBe(400);
    const badSort = await admin.get('/devices?sort=owner');
    expect(badSort.status).toBe(400);
    expect(badSort.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'sort' },
    });
  });

  it('documents sort and the filters in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const params = (path: string) =>
      doc.paths[path].get.parameters.map((p: { name: string }) => p.name);
    expect(params('/api/v1/devices')).toEqual(
      expect.arrayContaining(['sort', 'platform', 'state', 'q', 'cursor']),
    );
    expect(params('/api/v1/users')).toEqual(
      expect.arrayContaining(['sort', 'enrolment', 'active']),
    );
  });
});
