import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/http/app.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function rawPost(url: string, payload: string, contentType = 'application/json') {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    headers: { authorization: `Bearer ${t.bootstrapToken}`, 'content-type': contentType },
  });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

describe('bad input gets 400 naming the field, never a 500', () => {
  it('malformed JSON', async () => {
    const { status, body } = await rawPost('/users', '{"email": "a@b.co",');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'MALFORMED_JSON', details: { field: 'body' } });
  });

  it('an unknown field', async () => {
    const { status, body } = await rawPost(
      '/users',
      JSON.stringify({ email: 'a@b.co', displayName: 'A', admin: true }),
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'UNKNOWN_FIELD', details: { field: 'admin' } });
  });

  it('a wrong type, a missing field, a bad enum value', async () => {
    const wrongType = await rawPost('/users', JSON.stringify({ email: 'a@b.co', displayName: 42 }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.field).toBe('displayName');
    const missing = await rawPost('/users', JSON.stringify({ email: 'a@b.co' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.field).toBe('displayName');
    const platform = await rawPost(
      '/devices',
      JSON.stringify({ serialNumber: 'ABC', platform: 'android' }),
    );
    expect(platform.status).toBe(400);
    expect(platform.body.error.details.field).toBe('platform');
    const email = await rawPost(
      '/users',
      JSON.stringify({ email: 'not-an-address', displayName: 'A' }),
    );
    expect(email.status).toBe(400);
    expect(email.body.error.details.field).toBe('email');
  });

  it('an over-long string', async () => {
    const { status, body } = await rawPost(
      '/users',
      JSON.stringify({ email: 'a@b.co', displayName: 'x'.repeat(201) }),
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'displayName' },
    });
  });

  it('an oversized body', async () => {
    const { status, body } = await rawPost(
      '/users',
      JSON.stringify({ email: 'a@b.co', displayName: 'x'.repeat(BODY_LIMIT_BYTES) }),
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BODY_TOO_LARGE', details: { field: 'body' } });
  });

  it('a body that is not JSON at all', async () => {
    const { status, body } = await rawPost(
      '/users',
      'email=a',
      'application/x-www-form-urlencoded',
    );
    expect(status).toBe(415);
    expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a bad query parameter, a bad cursor, a bad ID', async () => {
    const limit = await t.admin.get('/users?limit=0');
    expect(limit.status).toBe(400);
    expect(limit.body.error.details.field).toBe('limit');
    const cursor = await t.admin.get('/users?cursor=%21%21%21');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.code).toBe('INVALID_CURSOR');
    const id = await t.admin.get('/users/..%2F..%2Fetc');
    expect(id.status).toBe(400);
    expect(id.body.error.details.field).toBe('id');
    const unknownQuery = await t.admin.get('/users?sort=name');
    expect(unknownQuery.status).toBe(400);
    expect(unknownQuery.body.error.details.field).toBe('sort');
  });

  it('an unknown route and an unknown ID', async () => {
    const route = await t.admin.get('/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.error.code).toBe('ROUTE_NOT_FOUND');
    const id = await t.admin.get('/users/0190aaaa-0000-7000-8000-000000000000');
    expect(id.status).toBe(404);
    expect(id.body.error).toMatchObject({ code: 'NOT_FOUND', details: { kind: 'user' } });
  });
});

describe('cursor pagination', () => {
  it('walks every item once, in creation order', async () => {
    const { admin } = await t.newTenant();
    const created: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      created.push(
        (await admin.post('/users', { email: `u${i}@example.org`, displayName: `User ${i}` })).body
          .id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.get(
        `/users?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((u: any) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(created);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first response and creates nothing more', async () => {
    const { admin } = await t.newTenant();
    const headers = { 'idempotency-key': 'create-kim-1' };
    const first = await admin.post(
      '/users',
      { email: 'kim@example.org', displayName: 'Kim' },
      headers,
    );
    const second = await admin.post(
      '/users',
      { email: 'kim@example.org', displayName: 'Kim' },
      headers,
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect((await admin.get('/users')).body.items).toHaveLength(1);
    expect((await admin.get('/activity?action=user.create')).body.items).toHaveLength(1);
  });

  it('refuses the same key for a different request', async () => {
    const { admin } = await t.newTenant();
    const headers = { 'idempotency-key': 'k-2' };
    await admin.post('/users', { email: 'a@example.org', displayName: 'A' }, headers);
    const other = await admin.post('/users', { email: 'b@example.org', displayName: 'B' }, headers);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await admin.get('/users')).body.items).toHaveLength(1);
  });

  it('keys belong to one token: another token may use the same key', async () => {
    const a = await t.newTenant();
    const b = await t.newTenant();
    const headers = { 'idempotency-key': 'shared-key' };
    expect(
      (await a.admin.post('/users', { email: 'a@example.org', displayName: 'A' }, headers)).status,
    ).toBe(201);
    expect(
      (await b.admin.post('/users', { email: 'b@example.org', displayName: 'B' }, headers)).status,
    ).toBe(201);
  });
});

describe('operations endpoints', () => {
  it('serves /healthz and /readyz without a token', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().database).toBe(t.ctx.db.dialect);
  });

  it('counts requests and latencies in Prometheus format at /metrics', async () => {
    await t.admin.get('/spaces');
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(
      /allot_http_requests_total\{method="GET",route="\/api\/v1\/spaces",status="200"\} \d+/,
    );
    expect(metrics.body).toContain('allot_http_request_duration_seconds_bucket');
  });

  it('publishes an OpenAPI document with every route and a browsable /docs', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/devices',
      '/api/v1/groups/{id}/members',
      '/api/v1/activity',
      '/api/v1/spaces',
      '/api/v1/api-tokens',
      '/api/v1/tenants',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(
      doc.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties
        .email.maxLength,
    ).toBe(254);
    const page = await t.app.inject({ url: '/docs' });
    expect([200, 302]).toContain(page.statusCode);
  });
});
