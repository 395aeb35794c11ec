/**
 * R-I3 behind a TLS-terminating reverse proxy (ALLOT_TRUST_PROXY): the scheme, host and client
 * address the proxy saw are believed only from a trusted proxy, so the sign-in cookies are
 * Secure and the redirect URI is https when the browser used https, and the failure budget
 * (R-S5) counts each client, not the proxy. SQLite, and PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { AUTH_FAILURES_PER_WINDOW } from '../../src/http/authFailures.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import { startTestOidcProvider, type TestOidcProvider } from '../helpers/oidcProvider.js';

const FORWARDED = {
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'allot.example.test',
  'x-forwarded-for': '203.0.113.7',
};

let provider: TestOidcProvider;
/** Behind a proxy on loopback (app.inject()'s address), trusted. */
let trusting: TestApp;
/** The same, without ALLOT_TRUST_PROXY. */
let plain: TestApp;

beforeAll(async () => {
  provider = await startTestOidcProvider(['https://allot.example.test/auth/callback']);
  const oidc = {
    ALLOT_OIDC_ISSUER: provider.issuer,
    ALLOT_OIDC_CLIENT_ID: provider.clientId,
    ALLOT_OIDC_CLIENT_SECRET: provider.clientSecret,
  };
  trusting = await createTestApp({ env: { ...oidc, ALLOT_TRUST_PROXY: '127.0.0.1' } });
  plain = await createTestApp({ env: oidc });
}, 60_000);

afterAll(async () => {
  await trusting?.close();
  await plain?.close();
  await provider?.close();
});

function stateCookieOf(headers: Record<string, unknown>): string | undefined {
  return [headers['set-cookie'] ?? []]
    .flat()
    .map(String)
    .find((c) => c.startsWith('allot_sso_state='));
}

describe('ALLOT_TRUST_PROXY', () => {
  it('is read as false, true, a hop count or a list of addresses, and refused otherwise', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ ALLOT_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ALLOT_TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
    expect(loadConfig({ ALLOT_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ALLOT_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(
      loadConfig({ ALLOT_TRUST_PROXY: '10.0.0.0/8, loopback, fd00::1, 192.168.1.1/255.255.255.0' })
        .trustProxy,
    ).toEqual(['10.0.0.0/8', 'loopback', 'fd00::1', '192.168.1.1/255.255.255.0']);
    for (const bad of ['yes', '10.0.0.0/33', 'proxy.example.org', '10.0.0.1,,10.0.0.2', '1000']) {
      expect(() => loadConfig({ ALLOT_TRUST_PROXY: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ ALLOT_TRUST_PROXY: bad }), bad).toThrow(/^ALLOT_TRUST_PROXY: /);
    }
  });

  it('R-I3: behind a trusted proxy the sign-in is https (Secure cookie, https redirect URI)', async () => {
    const behind = await trusting.app.inject({
      method: 'GET',
      url: '/auth/login',
      headers: FORWARDED,
    });
    expect(behind.statusCode).toBe(302);
    expect(stateCookieOf(behind.headers)).toMatch(/; Secure/);
    expect(new URL(String(behind.headers.location)).searchParams.get('redirect_uri')).toBe(
      'https://allot.example.test/auth/callback',
    );

    // Not trusted: the headers are anyone's to send, so they change nothing.
    const ignored = await plain.app.inject({
      method: 'GET',
      url: '/auth/login',
      headers: FORWARDED,
    });
    expect(ignored.statusCode).toBe(302);
    expect(stateCookieOf(ignored.headers)).not.toMatch(/; Secure/);
    expect(new URL(String(ignored.headers.location)).searchParams.get('redirect_uri')).toBe(
      'http://localhost:80/auth/callback',
    );
  });

  it('R-I1: SCIM locations follow the scheme and host the provider used', async () => {
    const { token } = await trusting.newTenant();
    const created = await trusting.app.inject({
      method: 'POST',
      url: '/scim/v2/Users',
      headers: {
        ...FORWARDED,
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
      },
      payload: JSON.stringify({ userName: 'ada@example.test' }),
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toMatch(/^https:\/\/allot\.example\.test\/scim\/v2\/Users\//);
  });

  it('R-S5: behind a trusted proxy the failure budget is per client address, not per proxy', async () => {
    const fail = (app: TestApp, client: string) =>
      app.app.inject({
        method: 'GET',
        url: '/api/v1/users',
        headers: { authorization: 'Bearer not-a-token', 'x-forwarded-for': client },
      });
    for (let i = 0; i < AUTH_FAILURES_PER_WINDOW; i += 1) {
      expect((await fail(trusting, '203.0.113.10')).statusCode).toBe(401);
    }
    expect((await fail(trusting, '203.0.113.10')).statusCode).toBe(429);
    expect((await fail(trusting, '203.0.113.11')).statusCode).toBe(401);

    // Not trusted: every client is the proxy's one address, over budget together.
    for (let i = 0; i < AUTH_FAILURES_PER_WINDOW; i += 1) {
      expect((await fail(plain, `198.51.100.${i}`)).statusCode).toBe(401);
    }
    expect((await fail(plain, '198.51.100.200')).statusCode).toBe(429);
  });
});
