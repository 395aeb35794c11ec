/**
 * Issue 13, tokens and replies: idempotent replies never keep a secret and expire (R-S4),
 * bodies compared as canonical JSON, authentication failures rate-limited and the last
 * globalAdmin token kept (R-S5), a deleted token dead on every process, the strength of
 * ALLOT_ADMIN_TOKEN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { AUTH_FAILURES_PER_WINDOW, AUTH_FAILURE_WINDOW_MS } from '../../src/http/authFailures.js';
import {
  IDEMPOTENCY_KEY_TTL_MS,
  canonicalJson,
  purgeExpiredIdempotencyKeys,
} from '../../src/http/idempotency.js';
import { adminTokenWeakness } from '../../src/config.js';
import { RECENT_ACTOR_TTL_MS } from '../../src/services/access/recentActors.js';
import { prepare } from '../../src/server.js';
import {
  ManualClock,
  createTestApp,
  makeClient,
  usingPostgres,
  type TestApp,
} from '../helpers/testApp.js';

let t: TestApp;
const clock = new ManualClock(new Date());
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

async function storedKeys(): Promise<string> {
  const rows = await t.ctx.db.kysely.selectFrom('idempotencyKeys').selectAll().execute();
  return JSON.stringify(rows);
}

describe('R-S4: idempotent replies never keep a secret', () => {
  it('R-S4: POST /api-tokens with an Idempotency-Key keeps the reply without the token; a retry gets 409 and the created token without it', async () => {
    const { admin } = await t.newTenant();
    const headers = { 'idempotency-key': 'token-once-1' };
    const first = await admin.post('/api-tokens', { name: 'mdm', role: 'userAdmin' }, headers);
    expect(first.status).toBe(201);
    const secret: string = first.body.token;
    expect(secret).toMatch(/^allot_/);
    expect(await storedKeys()).not.toContain(secret);

    const retry = await admin.post('/api-tokens', { name: 'mdm', role: 'userAdmin' }, headers);
    expect(retry.status).toBe(409);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).not.toContain(secret);
    expect(retry.body.error).toMatchObject({
      code: 'SECRET_NOT_REPLAYABLE',
      details: {
        field: 'Idempotency-Key',
        status: 201,
        withheld: ['token'],
        response: { id: first.body.id, name: 'mdm', role: 'userAdmin' },
      },
    });
    expect(retry.body.error.details.response).not.toHaveProperty('token');
    // Nothing more was created, and the token shown once still works.
    const tokens = (await admin.get('/api-tokens')).body.items;
    expect(tokens.filter((x: any) => x.name === 'mdm')).toHaveLength(1);
    expect((await t.client(secret).get('/me')).status).toBe(200);
  });

  it('R-S4: POST /tenants keeps no admin token either', async () => {
    const headers = { 'idempotency-key': 'tenant-once-1' };
    const first = await t.admin.post('/tenants', { name: 'Idempotent Ltd' }, headers);
    expect(first.status).toBe(201);
    expect(await storedKeys()).not.toContain(first.body.adminToken);
    const retry = await t.admin.post('/tenants', { name: 'Idempotent Ltd' }, headers);
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('SECRET_NOT_REPLAYABLE');
    expect(retry.body.error.details.response.tenant).toEqual(first.body.tenant);
    expect(retry.text).not.toContain(first.body.adminToken);
  });

  it('replies without a secret are still replayed as they were', async () => {
    const { admin } = await t.newTenant();
    const headers = { 'idempotency-key': 'space-1' };
    const first = await admin.post('/spaces', { name: 'Annex' }, headers);
    const retry = await admin.post('/spaces', { name: 'Annex' }, headers);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
  });

  it('compares bodies as canonical JSON: the same body with its keys in another order is the same request', async () => {
    const { admin } = await t.newTenant();
    const headers = { 'idempotency-key': 'canonical-1' };
    const first = await admin.post(
      '/users',
      { email: 'kim@example.org', displayName: 'Kim' },
      headers,
    );
    expect(first.status).toBe(201);
    const reordered = await admin.post(
      '/users',
      { displayName: 'Kim', email: 'kim@example.org' },
      headers,
    );
    expect(reordered.status).toBe(201);
    expect(reordered.headers['idempotent-replayed']).toBe('true');
    expect(reordered.body.id).toBe(first.body.id);
    const different = await admin.post(
      '/users',
      { displayName: 'Kim Lee', email: 'kim@example.org' },
      headers,
    );
    expect(different.status).toBe(422);
    expect(different.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: null })).toBe('{"a":null,"b":[{"x":2,"y":1}]}');
  });

  it('R-S4: keys expire after 24 h: an expired key is a new request, and the purge deletes it', async () => {
    const { admin } = await t.newTenant();
    const headers = { 'idempotency-key': 'expiring-1' };
    const first = await admin.post('/spaces', { name: 'Before' }, headers);
    expect(first.status).toBe(201);
    clock.advance(IDEMPOTENCY_KEY_TTL_MS - 1000);
    expect((await admin.post('/spaces', { name: 'Other' }, headers)).status).toBe(422);
    clock.advance(2000);
    const again = await admin.post('/spaces', { name: 'After' }, headers);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.id).not.toBe(first.body.id);

    const older = await admin.post('/spaces', { name: 'Old' }, { 'idempotency-key': 'old-1' });
    expect(older.status).toBe(201);
    clock.advance(IDEMPOTENCY_KEY_TTL_MS + 1);
    const purged = await purgeExpiredIdempotencyKeys(t.ctx.db.kysely, clock.now());
    expect(purged).toBeGreaterThanOrEqual(2);
    const left = await t.ctx.db.kysely
      .selectFrom('idempotencyKeys')
      .select('key')
      .where(
        'createdAt',
        '<',
        new Date(clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString(),
      )
      .execute();
    expect(left).toEqual([]);
  });
});

describe('R-S5: authentication failures are rate-limited per address', () => {
  function from(address: string, token: string) {
    return (url: string) =>
      t.app.inject({
        url: `/api/v1${url}`,
        remoteAddress: address,
        headers: { authorization: `Bearer ${token}` },
      });
  }

  it('R-S5: answers 429 with Retry-After in the documented shape once an address has failed too often; successes never count', async () => {
    const address = '203.0.113.7';
    const good = from(address, t.bootstrapToken);
    const bad = from(address, 'allot_wrong-guess');
    // Successful requests are not counted, however many.
    for (let i = 0; i < AUTH_FAILURES_PER_WINDOW * 3; i += 1) {
      expect((await good('/me')).statusCode).toBe(200);
    }
    for (let i = 0; i < AUTH_FAILURES_PER_WINDOW; i += 1) {
      expect((await bad('/me')).statusCode).toBe(401);
    }
    const limited = await bad('/me');
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(AUTH_FAILURE_WINDOW_MS / 1000);
    expect(limited.json()).toEqual({
      error: {
        code: 'TOO_MANY_AUTH_FAILURES',
        message: expect.any(String),
        details: { retryAfterSeconds: retryAfter },
      },
    });
    // A token this process already knows still passes without a lookup...
    expect((await good('/me')).statusCode).toBe(200);
    // ...one it would have to look up waits with the rest of this address...
    const { token } = await t.newTenant();
    expect((await from(address, token)('/me')).statusCode).toBe(429);
    // ...and other addresses are not affected.
    expect((await from('203.0.113.8', token)('/me')).statusCode).toBe(200);
    expect((await from('203.0.113.8', 'allot_wrong-guess')('/me')).statusCode).toBe(401);
  });
});

describe('R-S5: the last globalAdmin token of a tenant is kept', () => {
  it('R-S5: deleting the last tenant-wide globalAdmin token answers 409 LAST_GLOBAL_ADMIN_TOKEN', async () => {
    const tenant = await t.newTenant();
    const me = (await tenant.admin.get('/me')).body;
    const second = await tenant.admin.post('/api-tokens', { name: 'backup', role: 'globalAdmin' });
    const space = await tenant.admin.post('/spaces', { name: 'Annex' });
    await tenant.admin.post('/api-tokens', {
      name: 'annex admin',
      role: 'globalAdmin',
      spaceId: space.body.id,
    });
    // With another tenant-wide globalAdmin, the first one may go.
    expect((await tenant.admin.delete(`/api-tokens/${me.tokenId}`)).status).toBe(204);
    const backup = t.client(second.body.token);
    // The one left is the last: a space-scoped globalAdmin does not administer the tenant.
    const refused = await backup.delete(`/api-tokens/${second.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'LAST_GLOBAL_ADMIN_TOKEN',
      details: { id: second.body.id },
    });
    expect((await backup.get('/me')).status).toBe(200);
  });
});

describe('a deleted token stops working on every process', () => {
  it(
    usingPostgres
      ? 'PostgreSQL: another process forgets it as soon as the database announces it'
      : `SQLite: a second handle keeps it for at most ${RECENT_ACTOR_TTL_MS / 1000} s`,
    async () => {
      // A second process: its own context and app on the same database.
      const { ctx } = await prepare(t.config);
      const other = await buildApp(ctx);
      try {
        const { admin } = await t.newTenant();
        const created = await admin.post('/api-tokens', { name: 'temp', role: 'readOnly' });
        const there = makeClient(other, created.body.token);
        expect((await there.get('/spaces')).status).toBe(200);
        expect((await admin.delete(`/api-tokens/${created.body.id}`)).status).toBe(204);
        if (usingPostgres) {
          const started = Date.now();
          let status = 200;
          while (status === 200 && Date.now() - started < RECENT_ACTOR_TTL_MS) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            status = (await there.get('/spaces')).status;
          }
          expect(status).toBe(401);
          expect(Date.now() - started).toBeLessThan(1000);
        } else {
          // One process per SQLite database: the other handle stands for a test harness only.
          expect((await there.get('/spaces')).status).toBe(200);
        }
      } finally {
        await other.close();
        await ctx.close();
      }
    },
  );
});

describe('ALLOT_ADMIN_TOKEN strength', () => {
  it('refuses short, low-variety and repeated tokens, accepts a generated one', () => {
    expect(adminTokenWeakness('short-token-1234')).toMatch(/at least 32/);
    expect(adminTokenWeakness('a'.repeat(40))).toMatch(/different characters/);
    expect(adminTokenWeakness('abcdefghijklm'.repeat(3))).toMatch(/repeated/);
    expect(adminTokenWeakness('Qm9vdHN0cmFwIHRva2VuIGZvciBhbGxvdCE4NzY1')).toBeNull();
    expect(adminTokenWeakness(`test-bootstrap-${'0123456789abcdef01234567'}`)).toBeNull();
  });
});
