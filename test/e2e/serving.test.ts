/**
 * The server's side of the console: web/dist at `/`, client routes fall back to index.html,
 * the API, docs, health and metrics are never shadowed, and a missing build says what to do.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePlugin } from '../../src/http/console.js';
import { startDemoServer, type DemoServer } from './helpers/demoServer.js';

/** A GET whose body is counted as sent (fetch would decompress it). */
function rawGet(url: string, acceptEncoding: string): Promise<{ encoding: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () =>
          resolve({ encoding: String(response.headers['content-encoding'] ?? ''), bytes }),
        );
      })
      .on('error', reject);
  });
}

describe('serving the console', () => {
  let server: DemoServer;

  beforeAll(async () => {
    server = await startDemoServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  const get = (route: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${route}`, { headers });

  it('serves index.html at / and for client-side routes, with a strict CSP', async () => {
    for (const route of ['/', '/apps/some-id', '/devices/x?tab=apps', '/activity']) {
      const response = await get(route);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('content-type'), route).toContain('text/html');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('serves the hashed assets for a year and answers 404 for a missing one', async () => {
    const html = await (await get('/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await get(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/..%2f..%2fpackage.json')).status).toBe(404);
  });

  it('serves the initial scripts compressed, at most 120 kB, with each area in its own chunk', async () => {
    const html = await (await get('/')).text();
    const initial = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(initial.length).toBeGreaterThan(0);
    let compressed = 0;
    for (const script of initial) {
      const { encoding, bytes } = await rawGet(`${server.url}${script}`, 'br, gzip');
      expect(encoding, script).toBe('br');
      compressed += bytes;
    }
    expect(compressed).toBeLessThanOrEqual(120 * 1024);
    // The pages are chunks of their own, fetched when first visited.
    expect(initial.some((script) => script.includes('/AppPage-'))).toBe(false);
    const entry = await (await get(initial[0]!)).text();
    expect(/AppPage-[\w-]+\.js/.test(entry), 'the entry imports the app page on demand').toBe(true);
  });

  it('never shadows the API, the docs, health or metrics', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    const missing = await get('/api/v1/no-such-route', auth);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'ROUTE_NOT_FOUND',
    );
    expect((await get('/api/v1/spaces', auth)).headers.get('content-type')).toContain('json');
    expect((await get('/healthz')).headers.get('content-type')).toContain('json');
    expect((await get('/readyz')).status).toBe(200);
    expect(await (await get('/metrics')).text()).toContain('allot_http_requests_total');
    const docs = (await (await get('/docs/json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toContain('/api/v1/me');
    expect(Object.keys(docs.paths)).not.toContain('/*');
  });

  it('GET /me names the caller: tenant, role, space, token and permissions', async () => {
    const me = await server.api('GET', '/me');
    expect(me).toMatchObject({ role: 'globalAdmin', spaceId: null, tokenName: 'bootstrap' });
    expect(me.permissions).toContain('accounts:write');
  });

  it('says to run npm run build when the console is not built', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-no-console-'));
    const app = Fastify();
    await app.register(consolePlugin, { root: empty });
    try {
      const page = await app.inject({ url: '/' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('npm run build');
      const api = await app.inject({ url: '/api/v1/users' });
      expect(api.statusCode).toBe(404);
    } finally {
      await app.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
