/**
 * R-I3: console sign-in through a real OpenID Connect provider (oidc-provider on loopback):
 * authorization code with PKCE, a server-side session in a cookie shared by every tab, CSRF
 * protection of cookie-authenticated writes, timeouts and logout, group → role mapping, and
 * the pages of a failed or replayed callback. SQLite, and PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';
import { startTestOidcProvider, type TestOidcProvider } from '../helpers/oidcProvider.js';

const PUBLIC_URL = 'http://allot.test';

let provider: TestOidcProvider;
let t: TestApp;
const clock = new ManualClock(new Date());

interface SignIn {
  cookie: string;
  setCookie: string;
}

function cookiesOf(headers: Record<string, unknown>): string[] {
  const value = headers['set-cookie'];
  if (value === undefined) return [];
  return [value].flat().map(String);
}

function cookieValue(setCookies: string[], name: string): string | undefined {
  const found = setCookies.find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0]!.slice(name.length + 1);
}

/** The redirect to the provider, and the state cookie Allot set with it. */
async function startLogin(app: TestApp = t): Promise<{ location: string; stateCookie: string }> {
  const response = await app.app.inject({ method: 'GET', url: '/auth/login' });
  expect(response.statusCode).toBe(302);
  const stateCookie = cookieValue(cookiesOf(response.headers), 'allot_sso_state');
  expect(stateCookie).toBeDefined();
  return { location: String(response.headers.location), stateCookie: stateCookie! };
}

async function callback(url: URL, stateCookie: string | null) {
  return t.app.inject({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    headers: stateCookie === null ? {} : { cookie: `allot_sso_state=${stateCookie}` },
  });
}

async function signIn(login: string, password: string): Promise<SignIn> {
  const { location, stateCookie } = await startLogin();
  const back = await provider.signIn(location, login, password);
  const response = await callback(back, stateCookie);
  expect(response.statusCode, response.body).toBe(302);
  expect(response.headers.location).toBe('/');
  const setCookies = cookiesOf(response.headers);
  const session = cookieValue(setCookies, 'allot_session');
  expect(session).toBeDefined();
  return {
    cookie: `allot_session=${session}`,
    setCookie: setCookies.find((c) => c.startsWith('allot_session='))!,
  };
}

async function withCookie(
  cookie: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  options: { body?: object; csrf?: string } = {},
) {
  const response = await t.app.inject({
    method,
    url,
    headers: { cookie, ...(options.csrf === undefined ? {} : { 'x-allot-csrf': options.csrf }) },
    ...(options.body === undefined ? {} : { payload: options.body }),
  });
  return { status: response.statusCode, body: response.json<Record<string, any>>() };
}

async function sessionCount(): Promise<number> {
  const rows = await t.ctx.db.kysely.selectFrom('ssoSessions').select('id').execute();
  return rows.length;
}

beforeAll(async () => {
  provider = await startTestOidcProvider([`${PUBLIC_URL}/auth/callback`]);
  t = await createTestApp({
    clock,
    env: {
      ALLOT_PUBLIC_URL: PUBLIC_URL,
      ALLOT_OIDC_ISSUER: provider.issuer,
      ALLOT_OIDC_CLIENT_ID: provider.clientId,
      ALLOT_OIDC_CLIENT_SECRET: provider.clientSecret,
      ALLOT_OIDC_SCOPES: 'openid profile email groups',
      ALLOT_SESSION_IDLE_TIMEOUT: '1800',
      ALLOT_SESSION_MAX_AGE: '28800',
    },
  });
  const mapped = await t.admin.put('/sso/role-mappings', {
    mappings: [
      { group: 'allot-admins', role: 'globalAdmin', spaceId: null },
      { group: 'allot-auditors', role: 'readOnly', spaceId: null },
    ],
  });
  expect(mapped.status, mapped.text).toBe(200);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await provider?.close();
});

describe('role mappings', () => {
  it('R-I3: a globalAdmin reads back the mappings it set', async () => {
    const response = await t.admin.get('/sso/role-mappings');
    expect(response.status).toBe(200);
    expect(response.body.mappings).toEqual([
      { group: 'allot-admins', role: 'globalAdmin', spaceId: null },
      { group: 'allot-auditors', role: 'readOnly', spaceId: null },
    ]);
  });

  it('R-I3: only a tenant-wide globalAdmin may see or change the mappings (R-S1)', async () => {
    const created = await t.admin.post('/api-tokens', { name: 'licences', role: 'licenseAdmin' });
    expect(created.status).toBe(201);
    const other = t.client(created.body.token as string);
    expect((await other.get('/sso/role-mappings')).status).toBe(403);
    const put = await other.put('/sso/role-mappings', { mappings: [] });
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe('FORBIDDEN');
  });

  it('R-I3: a mapping to an unknown space or a duplicate is refused and nothing changes', async () => {
    const unknown = await t.admin.put('/sso/role-mappings', {
      mappings: [{ group: 'x', role: 'readOnly', spaceId: 'no-such-space' }],
    });
    expect(unknown.status).toBe(404);
    const twice = await t.admin.put('/sso/role-mappings', {
      mappings: [
        { group: 'x', role: 'readOnly', spaceId: null },
        { group: 'x', role: 'globalAdmin', spaceId: null },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.code).toBe('DUPLICATE_ROLE_MAPPING');
    expect((await t.admin.get('/sso/role-mappings')).body.mappings).toHaveLength(2);
  });
});

describe('sign-in and session', () => {
  it('R-I3: the login redirect uses PKCE (S256), state and nonce', async () => {
    const { location } = await startLogin();
    const url = new URL(location);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/auth/callback`);
  });

  it('R-I3: sign-in opens a session; the cookie authenticates /api/v1 in every tab; writes need the CSRF token; logout ends it', async () => {
    const { cookie, setCookie } = await signIn('ada', 'ada-password');
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/; Secure/); // ALLOT_PUBLIC_URL is http here

    // R-S4: the database holds the session id hashed, never as sent.
    const sessionId = cookie.slice('allot_session='.length);
    const rows = await t.ctx.db.kysely.selectFrom('ssoSessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(sessionId);

    const me = await withCookie(cookie, 'GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('globalAdmin');
    expect(me.body.tokenName).toBe('Ada Admin <ada@example.test>');

    const session = await withCookie(cookie, 'GET', '/auth/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ name: 'Ada Admin', email: 'ada@example.test' });
    const csrf = session.body.csrfToken as string;

    const refused = await withCookie(cookie, 'POST', '/api/v1/spaces', { body: { name: 'sso-a' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await withCookie(cookie, 'POST', '/api/v1/spaces', {
      body: { name: 'sso-a' },
      csrf: 'not-the-token',
    });
    expect(wrong.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const created = await withCookie(cookie, 'POST', '/api/v1/spaces', {
      body: { name: 'sso-a' },
      csrf,
    });
    expect(created.status).toBe(201);

    // R-M7: the person is the actor of what they change.
    const activity = await t.admin.get('/activity?action=space.create');
    const entry = (activity.body.items as { subject: { name: string }; actor: unknown }[]).find(
      (e) => e.subject.name === 'sso-a',
    );
    expect(entry?.actor).toMatchObject({ name: 'Ada Admin <ada@example.test>' });

    // A second tab sends the same cookie: still signed in.
    const secondTab = await withCookie(cookie, 'GET', '/api/v1/spaces');
    expect(secondTab.status).toBe(200);

    const noCsrfLogout = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie },
    });
    expect(noCsrfLogout.statusCode).toBe(403);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie, 'x-allot-csrf': csrf },
    });
    expect(logout.statusCode).toBe(204);
    expect(cookiesOf(logout.headers).join()).toMatch(/allot_session=; Max-Age=0/);
    expect((await withCookie(cookie, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await withCookie(cookie, 'GET', '/auth/session')).status).toBe(401);
  });

  it('R-I3: an auditor mapped to readOnly reads but may not write', async () => {
    const { cookie } = await signIn('otto', 'otto-password');
    const me = await withCookie(cookie, 'GET', '/api/v1/me');
    expect(me.body.role).toBe('readOnly');
    const csrf = (await withCookie(cookie, 'GET', '/auth/session')).body.csrfToken as string;
    const write = await withCookie(cookie, 'POST', '/api/v1/spaces', {
      body: { name: 'sso-b' },
      csrf,
    });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('FORBIDDEN');
  });

  it('R-I3: a Bearer token is judged alone, whatever cookie comes with it', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/spaces',
      headers: { authorization: `Bearer ${t.bootstrapToken}`, cookie: 'allot_session=garbage' },
      payload: { name: 'sso-c' },
    });
    expect(response.statusCode).toBe(201);
    expect((await withCookie('allot_session=garbage', 'GET', '/api/v1/me')).status).toBe(401);
  });

  it('R-I3: a session ends after the idle timeout, and at its absolute expiry even when used', async () => {
    const idle = await signIn('ada', 'ada-password');
    clock.advance(29 * 60_000);
    expect((await withCookie(idle.cookie, 'GET', '/api/v1/me')).status).toBe(200);
    clock.advance(29 * 60_000);
    expect((await withCookie(idle.cookie, 'GET', '/api/v1/me')).status).toBe(200);
    clock.advance(31 * 60_000);
    expect((await withCookie(idle.cookie, 'GET', '/api/v1/me')).status).toBe(401);

    const busy = await signIn('ada', 'ada-password');
    for (let hour = 0; hour < 8; hour += 1) {
      expect((await withCookie(busy.cookie, 'GET', '/api/v1/me')).status).toBe(200);
      clock.advance(20 * 60_000);
      expect((await withCookie(busy.cookie, 'GET', '/api/v1/me')).status).toBe(200);
      clock.advance(20 * 60_000);
      expect((await withCookie(busy.cookie, 'GET', '/api/v1/me')).status).toBe(200);
      clock.advance(20 * 60_000);
    }
    expect((await withCookie(busy.cookie, 'GET', '/api/v1/me')).status).toBe(401);
  });
});

describe('a change of the role mappings', () => {
  it('R-I3: applies at once to people signed in: a new role, or the end of the session', async () => {
    const { cookie } = await signIn('otto', 'otto-password');
    const mappings = (role: string | null) => ({
      mappings: [
        { group: 'allot-admins', role: 'globalAdmin', spaceId: null },
        ...(role === null ? [] : [{ group: 'allot-auditors', role, spaceId: null }]),
      ],
    });
    try {
      expect((await t.admin.put('/sso/role-mappings', mappings('licenseAdmin'))).status).toBe(200);
      expect((await withCookie(cookie, 'GET', '/api/v1/me')).body.role).toBe('licenseAdmin');
      expect((await t.admin.put('/sso/role-mappings', mappings(null))).status).toBe(200);
      expect((await withCookie(cookie, 'GET', '/api/v1/me')).status).toBe(401);
    } finally {
      expect((await t.admin.put('/sso/role-mappings', mappings('readOnly'))).status).toBe(200);
    }
  });
});

describe('failed sign-ins create no session', () => {
  it('R-I3: a callback whose state does not match the browser shows a page and opens no session', async () => {
    const before = await sessionCount();
    const { location, stateCookie } = await startLogin();
    const back = await provider.signIn(location, 'ada', 'ada-password');
    const noCookie = await callback(back, null);
    expect(noCookie.statusCode).toBe(400);
    expect(noCookie.headers['content-type']).toMatch(/text\/html/);
    expect(noCookie.body).toContain('LOGIN_STATE_MISMATCH');
    const otherBrowser = await callback(back, `${stateCookie}x`);
    expect(otherBrowser.body).toContain('LOGIN_STATE_MISMATCH');
    expect(cookiesOf(otherBrowser.headers).join()).not.toMatch(/allot_session=[^;]/);
    expect(await sessionCount()).toBe(before);
  });

  it('R-I3: a replayed callback shows a page and opens no second session', async () => {
    const { location, stateCookie } = await startLogin();
    const back = await provider.signIn(location, 'ada', 'ada-password');
    expect((await callback(back, stateCookie)).statusCode).toBe(302);
    const count = await sessionCount();
    const replay = await callback(back, stateCookie);
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('LOGIN_EXPIRED');
    expect(await sessionCount()).toBe(count);
  });

  it('R-I3: an ID token with the wrong nonce is refused', async () => {
    const before = await sessionCount();
    const { location, stateCookie } = await startLogin();
    await t.ctx.db.kysely.updateTable('ssoLogins').set({ nonce: 'another-nonce' }).execute();
    const back = await provider.signIn(location, 'ada', 'ada-password');
    const response = await callback(back, stateCookie);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('LOGIN_CHECK_FAILED');
    expect(await sessionCount()).toBe(before);
  });

  it('R-I3: an expired or unknown code is refused by the provider, shown as a page', async () => {
    const before = await sessionCount();
    const { location, stateCookie } = await startLogin();
    const back = await provider.signIn(location, 'ada', 'ada-password');
    back.searchParams.set('code', 'expired-or-made-up-code');
    const response = await callback(back, stateCookie);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('PROVIDER_REFUSED');
    expect(await sessionCount()).toBe(before);
  });

  it('R-I3: a person none of whose groups is mapped gets a clear page, not an empty console', async () => {
    const before = await sessionCount();
    const { location, stateCookie } = await startLogin();
    const back = await provider.signIn(location, 'nora', 'nora-password');
    const response = await callback(back, stateCookie);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('NO_ROLE');
    expect(response.body).toContain('You have no role in Allot');
    expect(response.body).toContain('nora@example.test');
    expect(await sessionCount()).toBe(before);
  });
});

describe('without a working provider', () => {
  it('R-I3: behind an https ALLOT_PUBLIC_URL the cookies are Secure', async () => {
    const https = await createTestApp({
      env: {
        ALLOT_PUBLIC_URL: 'https://allot.example.test',
        ALLOT_OIDC_ISSUER: provider.issuer,
        ALLOT_OIDC_CLIENT_ID: provider.clientId,
        ALLOT_OIDC_CLIENT_SECRET: provider.clientSecret,
      },
    });
    try {
      const response = await https.app.inject({ method: 'GET', url: '/auth/login' });
      expect(response.statusCode).toBe(302);
      const state = cookiesOf(response.headers).find((c) => c.startsWith('allot_sso_state='));
      expect(state).toMatch(/; Secure/);
      expect(state).toMatch(/; HttpOnly/);
      expect(new URL(String(response.headers.location)).searchParams.get('redirect_uri')).toBe(
        'https://allot.example.test/auth/callback',
      );
    } finally {
      await https.close();
    }
  });

  it('R-I3: a provider that does not answer gives a page; without OIDC, token sign-in only', async () => {
    const down = await createTestApp({
      env: {
        ALLOT_OIDC_ISSUER: 'http://127.0.0.1:9', // discard port: nothing listens
        ALLOT_OIDC_CLIENT_ID: 'x',
        ALLOT_OIDC_CLIENT_SECRET: 'y',
      },
    });
    const none = await createTestApp();
    try {
      const response = await down.app.inject({ method: 'GET', url: '/auth/login' });
      expect(response.statusCode).toBe(502);
      expect(response.body).toContain('PROVIDER_UNAVAILABLE');
      expect(
        await down.ctx.db.kysely.selectFrom('ssoLogins').select('stateHash').execute(),
      ).toEqual([]);

      const off = await none.app.inject({ method: 'GET', url: '/auth/login' });
      expect(off.statusCode).toBe(404);
      expect(off.body).toContain('SSO_NOT_CONFIGURED');
      // The console asks first, without starting a login.
      const offered = async (app: typeof none) =>
        JSON.parse((await app.app.inject({ method: 'GET', url: '/auth/config' })).body);
      expect(await offered(none)).toEqual({ singleSignOn: false, provider: null });
      expect(await offered(down)).toEqual({ singleSignOn: true, provider: null });
      expect((await none.admin.get('/me')).status).toBe(200);
    } finally {
      await down.close();
      await none.close();
    }
  });
});
