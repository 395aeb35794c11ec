/**
 * An OpenID Connect provider on loopback for tests and `allot demo`: `oidc-provider` (an OpenID
 * Certified provider, a development dependency), with a sign-in page of its own. A stand-in for
 * Entra ID or Okta as the store emulators are for the stores.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A person of the demo's (or a test's) OpenID Connect provider. */
export interface OidcPerson {
  password: string;
  name: string;
  email: string;
  groups: string[];
  /** The Allot role the demo maps the person's group to. */
  role: string;
}

export interface OidcProviderServer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** The part of oidc-provider used here (the package ships no type declarations). */
interface OidcInteraction {
  uid: string;
  params: Record<string, unknown>;
}
interface OidcProviderInstance {
  callback(): http.RequestListener;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<OidcInteraction>;
  interactionFinished(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (values: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };
}
type OidcProviderConstructor = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => OidcProviderInstance;

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function signInForm(uid: string, failed: boolean): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo sign-in</title>' +
    '<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto}' +
    'label,input,button{display:block;margin:.4rem 0;width:100%}</style></head><body>' +
    '<h1>Demo identity provider</h1>' +
    (failed ? '<p role="alert">Wrong user name or password.</p>' : '') +
    `<form method="post" action="/interaction/${uid}">` +
    '<label>User name <input name="login" autocomplete="username" autofocus></label>' +
    '<label>Password <input name="password" type="password" autocomplete="current-password">' +
    '</label><button>Sign in</button></form></body></html>'
  );
}

/**
 * An OpenID Connect provider on loopback (oidc-provider, a development dependency): one
 * confidential client with PKCE required, the given people with a `groups` claim, and a sign-in
 * page that checks their passwords and grants consent with it. Rejects when the package is not
 * installed.
 */
export async function startOidcProvider(options: {
  redirectUris: string[];
  people: Record<string, OidcPerson>;
}): Promise<OidcProviderServer> {
  // A computed specifier: the package has no type declarations; this file declares its part.
  const moduleName = 'oidc-provider';
  const { default: Provider } = (await import(moduleName)) as { default: OidcProviderConstructor };
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'allot-console';
  const clientSecret = randomBytes(24).toString('base64url');
  const { people } = options;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: OidcInteraction) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx: unknown, id: string) => {
      const person = people[id];
      if (person === undefined) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, name: person.name, email: person.email, groups: person.groups }),
      };
    },
  });
  const handle = provider.callback();

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const page = (status: number, failed: boolean) =>
      res.writeHead(status, { 'content-type': 'text/html' }).end(signInForm(details.uid, failed));
    if (req.method === 'GET') return void page(200, false);
    const form = await readForm(req);
    const login = form.get('login') ?? '';
    const person = people[login];
    if (person === undefined || person.password !== form.get('password')) {
      return void page(401, true);
    }
    const grant = new provider.Grant({ accountId: login, clientId });
    grant.addOIDCScope(String(details.params.scope));
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login }, consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: false },
    );
  }

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url?.startsWith('/interaction/') === true) {
      interaction(req, res).catch((error: unknown) => res.writeHead(400).end(String(error)));
      return;
    }
    handle(req, res);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
