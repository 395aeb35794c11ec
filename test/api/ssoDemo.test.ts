/**
 * R-I3: `allot demo` starts a sign-in provider with an administrator and a read-only auditor;
 * the credentials it prints sign in to the console over real HTTP (the demo runs on SQLite in
 * its own data directory whatever DATABASE_URL says).
 */
import { describe, expect, it } from 'vitest';
import { describeDemo } from '../../src/cli/demo.js';
import { signInAtProvider } from '../helpers/oidcProvider.js';
import { useDemo } from '../helpers/demo.js';

const demo = useDemo();
/** The demo's base URL. */
const url = () => demo().server.url!;

function cookie(response: Response, name: string): string | undefined {
  const found = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0];
}

/** Signs in as a browser would and returns the session cookie. */
async function signIn(login: string, password: string): Promise<string> {
  const start = await fetch(`${url()}/auth/login`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const state = cookie(start, 'allot_sso_state')!;
  const back = await signInAtProvider(
    demo().sso!.issuer,
    start.headers.get('location')!,
    login,
    password,
  );
  const done = await fetch(back, { redirect: 'manual', headers: { cookie: state } });
  expect(done.status, await done.clone().text()).toBe(302);
  return cookie(done, 'allot_session')!;
}

describe('allot demo', () => {
  it('R-I3: prints an administrator and an auditor whose passwords sign in with their roles', async () => {
    expect(demo().sso).not.toBeNull();
    const text = describeDemo(demo());
    const { admin, auditor } = demo().sso!.people;
    expect(text).toContain(`${url()}/auth/login`);
    expect(text).toContain(admin!.password);
    expect(text).toContain(auditor!.password);

    for (const [login, person] of Object.entries(demo().sso!.people)) {
      const session = await signIn(login, person.password);
      const me = await fetch(`${url()}/api/v1/me`, { headers: { cookie: session } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { role: string }).role).toBe(person.role);
    }
  });

  it('R-I3: a wrong password does not get past the provider', async () => {
    const start = await fetch(`${url()}/auth/login`, { redirect: 'manual' });
    await expect(
      signInAtProvider(demo().sso!.issuer, start.headers.get('location')!, 'admin', 'wrong'),
    ).rejects.toThrow(/401/);
  });
});
