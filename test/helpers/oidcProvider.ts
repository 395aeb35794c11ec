/**
 * A real OpenID Connect provider for tests (R-I3): the one `allot demo` starts (oidc-provider,
 * OpenID Certified, on loopback), with people of the tests' own, and a browser's part at the
 * provider played over HTTP: follow the redirects, fill in the sign-in form.
 */
import { startOidcProvider, type OidcPerson } from '../../src/emulators/oidc/index.js';

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * Plays the browser at the provider: follows the authorization URL, signs in, and returns
   * the redirect back to Allot (the callback URL with code and state).
   */
  signIn(authorizationUrl: string, login: string, password: string): Promise<URL>;
  close(): Promise<void>;
}

/** An administrator, an auditor, and one whom no mapping names. */
export const PEOPLE: Record<string, OidcPerson> = {
  ada: {
    password: 'ada-password',
    name: 'Ada Admin',
    email: 'ada@example.test',
    groups: ['allot-admins', 'staff'],
    role: 'globalAdmin',
  },
  otto: {
    password: 'otto-password',
    name: 'Otto Auditor',
    email: 'otto@example.test',
    groups: ['allot-auditors'],
    role: 'readOnly',
  },
  nora: {
    password: 'nora-password',
    name: 'Nora Nobody',
    email: 'nora@example.test',
    groups: ['staff'],
    role: 'none',
  },
};

export async function startTestOidcProvider(redirectUris: string[]): Promise<TestOidcProvider> {
  const provider = await startOidcProvider({ redirectUris, people: PEOPLE });
  return {
    ...provider,
    signIn: (authorizationUrl, login, password) =>
      signInAtProvider(provider.issuer, authorizationUrl, login, password),
  };
}

/**
 * A browser at the provider: follows the authorization URL, fills in the sign-in form, and
 * returns the redirect that leaves the provider (back to Allot, with code and state).
 */
export async function signInAtProvider(
  issuer: string,
  authorizationUrl: string,
  login: string,
  password: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = new URL(authorizationUrl);
  let form: string | null = null;
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      redirect: 'manual',
      method: form === null ? 'GET' : 'POST',
      headers: {
        cookie: cookieHeader(),
        ...(form === null ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form === null ? {} : { body: form }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    form = null;
    const location = response.headers.get('location');
    if (location !== null) {
      url = new URL(location, url);
      if (url.origin !== issuer) return url;
    } else if (url.pathname.startsWith('/interaction/') && response.status === 200) {
      form = new URLSearchParams({ login, password }).toString();
    } else {
      throw new Error(`provider answered ${response.status}: ${await response.text()}`);
    }
  }
  throw new Error('too many redirects at the provider');
}
