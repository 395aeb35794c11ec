/**
 * Issue 13, hostile input and the edges of HTTP: NUL bytes and bad Unicode refused centrally,
 * the authentication hook keyed on the matched route, Fastify's and Node's own errors in the
 * documented shape, the security headers of /docs and the token of /metrics.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.js';
import { buildApp } from '../../src/http/app.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

function expectShape(body: any): void {
  expect(body).toEqual({
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
  });
}

async function expectRefused(
  response: { status: number; body: any },
  field: string,
  message: RegExp,
): Promise<void> {
  expect(response.status).toBe(400);
  expectShape(response.body);
  expect(response.body.error.code).toBe('VALIDATION_FAILED');
  expect(response.body.error.details.field).toBe(field);
  expect(response.body.error.message).toMatch(message);
}

describe('text fields: NUL bytes, blank names, bad Unicode', () => {
  it('refuses a NUL byte in a body field, a nested field and a q= parameter with 400 naming it', async () => {
    const { admin } = await t.newTenant();
    await expectRefused(
      await admin.post('/users', { email: 'nul@example.org', displayName: 'Kim\u0000Lee' }),
      'displayName',
      /NUL/,
    );
    await expectRefused(await admin.get('/users?q=a%00b'), 'q', /NUL/);
    await expectRefused(await admin.get('/devices?q=%00'), 'q', /NUL/);
    await expectRefused(
      await admin.post('/check-in', { serialNumber: 'C02\u0000XYZ' }),
      'serialNumber',
      /NUL/,
    );
    await expectRefused(
      await admin.post('/check-in', {
        serialNumber: 'C02XYZ',
        installed: [{ bundleId: 'com.example.app\u0000', version: '1' }],
      }),
      'installed[0].bundleId',
      /NUL/,
    );
    // Free text too (a description), not only names.
    await expectRefused(
      await admin.patch('/catalog-apps/0190aaaa-0000-7000-8000-000000000000', {
        description: 'one\u0000two',
      }),
      'description',
      /NUL/,
    );
    // Nothing of it was stored.
    expect((await admin.get('/users')).body.items).toHaveLength(0);
  });

  it('refuses whitespace-only names, which would be stored blank and collide', async () => {
    const { admin } = await t.newTenant();
    await expectRefused(await admin.post('/spaces', { name: '   ' }), 'name', /blank/);
    await expectRefused(
      await admin.post('/groups', { name: '\t\n', kind: 'user' }),
      'name',
      /blank/,
    );
    await expectRefused(
      await admin.post('/users', { email: 'blank@example.org', displayName: ' ' }),
      'displayName',
      /blank/,
    );
    expect(
      (await admin.post('/spaces', { name: '  Annex  ' })).body.name,
      'a name with spaces around it is trimmed, not refused',
    ).toBe('Annex');
  });

  it('refuses unpaired surrogates anywhere and bidirectional overrides in names', async () => {
    const { admin } = await t.newTenant();
    await expectRefused(
      await admin.post('/groups', { name: 'Team \uD800', kind: 'user' }),
      'name',
      /surrogate/,
    );
    await expectRefused(
      await admin.post('/users', { email: 'pair@example.org', displayName: '\uDC00 Kim' }),
      'displayName',
      /surrogate/,
    );
    for (const control of ['\u202E', '\u202A', '\u2066', '\u2069']) {
      await expectRefused(
        await admin.post('/spaces', { name: `invoice${control}fdp.exe` }),
        'name',
        /bidirectional/,
      );
    }
    // Right-to-left text and emoji (surrogate pairs) are names like any other.
    const rtl = await admin.post('/spaces', { name: 'שלום עולם 😀' });
    expect(rtl.status).toBe(201);
    expect(rtl.body.name).toBe('שלום עולם 😀');
  });
});

describe('the authentication hook follows the matched route', () => {
  it('authenticates GET /%61pi/v1/spaces exactly like /api/v1/spaces', async () => {
    const anonymous = await t.app.inject({ url: '/%61pi/v1/spaces' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    const wrong = await t.app.inject({
      url: '/%61pi/v1/sp%61ces',
      headers: { authorization: 'Bearer allot_nothing' },
    });
    expect(wrong.statusCode).toBe(401);
    const admin = await t.app.inject({
      url: '/%61pi/v1/spaces',
      headers: { authorization: `Bearer ${t.bootstrapToken}` },
    });
    expect(admin.statusCode).toBe(200);
    expect(admin.json().items.length).toBeGreaterThan(0);
  });
});

describe("Fastify's and Node's own errors in the documented shape", () => {
  it('414 for an over-long path parameter, 400 for a malformed URL', async () => {
    // (A GET falls through to the console's catch-all route, and is a 404 in the same shape.)
    const long = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${'a'.repeat(200)}`,
      headers: { authorization: `Bearer ${t.bootstrapToken}` },
    });
    expect(long.statusCode).toBe(414);
    expectShape(long.json());
    expect(long.json().error.code).toBe('PATH_PARAMETER_TOO_LONG');
    const bad = await t.app.inject({
      url: '/api/v1/users/%E0%A4%A',
      headers: { authorization: `Bearer ${t.bootstrapToken}` },
    });
    expect(bad.statusCode).toBe(400);
    expectShape(bad.json());
    expect(bad.json().error.code).toBe('BAD_URL');
  });

  it('content-type and JSON errors', async () => {
    const cases = [
      { 'content-type': 'application/json', payload: '{"name":' },
      { 'content-type': 'application/json', payload: '' },
      { 'content-type': 'text/plain', payload: 'name=x' },
      { 'content-type': '\u0001', payload: '{}' },
    ];
    for (const { payload, ...headers } of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/spaces',
        payload,
        headers: { authorization: `Bearer ${t.bootstrapToken}`, ...headers },
      });
      expect(response.statusCode, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expectShape(response.json());
    }
  });

  it('431 for headers too large and 400 for a malformed request, on a real socket', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const send = (raw: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
        socket.on('end', () => resolve(answer));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
        socket.write(raw);
      });
    const big = await send(
      `GET /api/v1/spaces HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) },
    });
    const malformed = await send('NOT HTTP AT ALL\r\n\r\n');
    expect(malformed).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(malformed.slice(malformed.indexOf('\r\n\r\n') + 4)).error.code).toBe(
      'MALFORMED_REQUEST',
    );
  });
});

describe('/docs and /metrics', () => {
  it('/docs carries the security headers with a policy Swagger UI runs under', async () => {
    for (const url of ['/docs', '/docs/', '/docs/json', '/docs/static/index.html']) {
      const page = await t.app.inject({ url });
      expect(page.statusCode, url).toBeLessThan(400);
      const csp = String(page.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
    }
    // The console keeps its own, stricter policy.
    const console = await t.app.inject({ url: '/' });
    expect(String(console.headers['content-security-policy'])).toContain("style-src 'self'");
    expect(String(console.headers['content-security-policy'])).not.toContain('unsafe-inline');
    expect(console.headers['x-frame-options']).toBe('DENY');
  });

  it('/metrics behind ALLOT_METRICS_TOKEN: 401 in the documented shape without it', async () => {
    const metricsToken = 'metrics-8f3a1c5e9b7d2f4a6c8e0b1d3f5a7c9e';
    const ctx = { ...t.ctx, config: { ...t.ctx.config, metricsToken } } as AppContext;
    const app = await buildApp(ctx);
    try {
      const none = await app.inject({ url: '/metrics' });
      expect(none.statusCode).toBe(401);
      expectShape(none.json());
      const wrong = await app.inject({
        url: '/metrics',
        headers: { authorization: 'Bearer not-it' },
      });
      expect(wrong.statusCode).toBe(401);
      const right = await app.inject({
        url: '/metrics',
        headers: { authorization: `Bearer ${metricsToken}` },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('allot_http_requests_total');
    } finally {
      await app.close();
    }
    // Without the setting, /metrics stays open.
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(200);
  });
});
