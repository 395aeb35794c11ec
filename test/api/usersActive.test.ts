/**
 * R-I2 seen from the REST API: a user the identity provider deactivated shows `active: false`
 * and when (`deactivatedAt`) in /api/v1/users, and active again once reactivated. SQLite, and
 * PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';

const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function scimPatch(token: string, id: string, active: string) {
  return t.app.inject({
    method: 'PATCH',
    url: `/scim/v2/Users/${id}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    payload: JSON.stringify({
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: active }],
    }),
  });
}

describe('active in the REST API', () => {
  it('R-I2: a user deactivated through SCIM shows active: false and deactivatedAt, until reactivated', async () => {
    const { admin, token } = await t.newTenant();
    const created = await t.app.inject({
      method: 'POST',
      url: '/scim/v2/Users',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      payload: JSON.stringify({ userName: 'ada@example.test', active: 'True' }),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const byHand = await admin.post('/users', { email: 'kim@example.test', displayName: 'Kim' });
    expect(byHand.status).toBe(201);
    expect(byHand.body).toMatchObject({ active: true, deactivatedAt: null });

    expect((await admin.get(`/users/${id}`)).body).toMatchObject({
      active: true,
      deactivatedAt: null,
    });

    clock.advance(60_000);
    const deactivatedAt = clock.now().toISOString();
    expect((await scimPatch(token, id, 'False')).statusCode).toBe(200);
    expect((await admin.get(`/users/${id}`)).body).toMatchObject({
      id,
      active: false,
      deactivatedAt,
    });
    const listed = await admin.get('/users');
    expect(listed.body.items.map((u: any) => [u.email, u.active, u.deactivatedAt]).sort()).toEqual([
      ['ada@example.test', false, deactivatedAt],
      ['kim@example.test', true, null],
    ]);

    clock.advance(60_000);
    expect((await scimPatch(token, id, 'True')).statusCode).toBe(200);
    expect((await admin.get(`/users/${id}`)).body).toMatchObject({
      active: true,
      deactivatedAt: null,
    });
  });
});
