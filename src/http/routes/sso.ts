/**
 * R-I3: console sign-in through OpenID Connect (API.md "Console sign-in"): `GET /auth/login`,
 * `GET /auth/callback`, `POST /auth/logout`, `GET /auth/session`, and the group → role
 * mappings of a tenant under `/api/v1/sso/role-mappings`. Without ALLOT_OIDC_* the sign-in
 * routes say so and the console keeps token sign-in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { UnauthenticatedError } from '../../domain/errors.js';
import { ROLES } from '../../domain/roles.js';
import { createSsoLogin, SsoLoginError } from '../../services/identity/sso/oidcLogin.js';
import {
  chooseGrant,
  listRoleMappings,
  mappingsForGroups,
  replaceRoleMappings,
} from '../../services/identity/sso/roleMappings.js';
import {
  createSession,
  csrfTokenMatches,
  csrfTokenOf,
  deleteSession,
  findSession,
} from '../../services/identity/sso/sessions.js';
import { actorOf, CsrfTokenError } from '../auth.js';
import { ErrorBody, Id, readErrors, writeErrors } from '../schemas.js';
import {
  CSRF_HEADER,
  LOGIN_STATE_COOKIE,
  readCookie,
  SESSION_COOKIE,
  setCookie,
} from './ssoCookies.js';
import { sendSsoPage } from './ssoPages.js';

const tags = ['sign-in'];

const FAILURE_STATUS: Record<SsoLoginError['code'], number> = {
  LOGIN_STATE_MISMATCH: 400,
  LOGIN_EXPIRED: 400,
  LOGIN_CHECK_FAILED: 400,
  PROVIDER_REFUSED: 400,
  PROVIDER_UNAVAILABLE: 502,
  NO_ROLE: 403,
  AMBIGUOUS_TENANT: 403,
};

const FAILURE_TITLE: Record<SsoLoginError['code'], string> = {
  LOGIN_STATE_MISMATCH: 'Sign-in could not be completed',
  LOGIN_EXPIRED: 'This sign-in has expired',
  LOGIN_CHECK_FAILED: 'Sign-in could not be verified',
  PROVIDER_REFUSED: 'The sign-in provider refused',
  PROVIDER_UNAVAILABLE: 'The sign-in provider is not answering',
  NO_ROLE: 'You have no role in Allot',
  AMBIGUOUS_TENANT: 'Your groups reach more than one organisation',
};

const RoleMapping = Type.Object(
  {
    group: Type.String({
      minLength: 1,
      maxLength: 256,
      description: "A value of the provider's groups claim (Entra: the group's object ID)",
    }),
    role: Type.Enum(ROLES),
    spaceId: Type.Union([Id, Type.Null()], {
      description: 'The space the role is granted on; null for the whole tenant',
    }),
  },
  { additionalProperties: false },
);
const RoleMappings = Type.Object(
  { mappings: Type.Array(RoleMapping, { maxItems: 500 }) },
  { additionalProperties: false },
);

const SessionBody = Type.Object({
  tenantId: Type.String(),
  role: Type.Enum(ROLES),
  spaceId: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.String({ format: 'date-time' }),
  csrfToken: Type.String({
    description: 'Send it in the X-Allot-CSRF header of every cookie-authenticated write',
  }),
});

function failurePage(reply: FastifyReply, error: SsoLoginError): FastifyReply {
  return sendSsoPage(reply, {
    status: FAILURE_STATUS[error.code],
    code: error.code,
    title: FAILURE_TITLE[error.code],
    message: error.message,
  });
}

function notConfiguredPage(reply: FastifyReply): FastifyReply {
  return sendSsoPage(reply, {
    status: 404,
    code: 'SSO_NOT_CONFIGURED',
    title: 'Single sign-on is not configured',
    message: 'This Allot has no OpenID Connect provider (ALLOT_OIDC_ISSUER); sign in with a token.',
  });
}

export function ssoRoutes(app: FastifyInstance, ctx: AppContext): void {
  const sso = ctx.config.sso;
  const login = sso === null ? null : createSsoLogin(sso);
  const publicUrl = ctx.config.publicUrl;
  const redirectUri = (request: FastifyRequest) =>
    `${publicUrl ?? `${request.protocol}://${request.host}`}/auth/callback`;
  const clearLoginState = (reply: FastifyReply, request: FastifyRequest) =>
    setCookie(reply, request, publicUrl, {
      name: LOGIN_STATE_COOKIE,
      value: '',
      path: '/auth',
      maxAgeSeconds: 0,
    });
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = { hide: true, tags };

  api.get('/auth/login', { config: { public: true }, schema: page }, async (request, reply) => {
    if (login === null) return notConfiguredPage(reply);
    try {
      const { url, state } = await login.start(ctx, redirectUri(request));
      setCookie(reply, request, publicUrl, {
        name: LOGIN_STATE_COOKIE,
        value: state,
        path: '/auth',
        maxAgeSeconds: 600,
      });
      return await reply.header('cache-control', 'no-store').redirect(url, 302);
    } catch (error) {
      if (error instanceof SsoLoginError) return failurePage(reply, error);
      throw error;
    }
  });

  api.get('/auth/callback', { config: { public: true }, schema: page }, async (request, reply) => {
    if (login === null || sso === null) return notConfiguredPage(reply);
    clearLoginState(reply, request);
    try {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const person = await login.finish(
        ctx,
        redirectUri(request),
        new URL(`${redirectUri(request)}${query}`),
        readCookie(request, LOGIN_STATE_COOKIE),
      );
      const grant = chooseGrant(await mappingsForGroups(ctx.db.kysely, person.groups));
      if (grant === null) {
        throw new SsoLoginError(
          'NO_ROLE',
          `You signed in as ${person.email ?? person.name}, but none of your groups is given a ` +
            'role in Allot. Ask an administrator to map one of your groups to a role.',
        );
      }
      if (grant === 'ambiguous') {
        throw new SsoLoginError(
          'AMBIGUOUS_TENANT',
          'Your groups are given roles in several organisations of this Allot; ask an ' +
            'administrator to map them in one only.',
        );
      }
      const { sessionId } = await createSession(ctx, sso, person, grant);
      setCookie(reply, request, publicUrl, {
        name: SESSION_COOKIE,
        value: sessionId,
        path: '/',
        maxAgeSeconds: Math.floor(sso.maxAgeMs / 1000),
      });
      return await reply.header('cache-control', 'no-store').redirect('/', 302);
    } catch (error) {
      if (error instanceof SsoLoginError) return failurePage(reply, error);
      throw error;
    }
  });

  api.get(
    '/auth/config',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'R-I3: whether the console offers single sign-on, and under which name',
        response: {
          200: Type.Object({
            singleSignOn: Type.Boolean(),
            provider: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async () => ({ singleSignOn: sso !== null, provider: sso?.displayName ?? null }),
  );

  api.get(
    '/auth/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'R-I3: the signed-in person of the session cookie, and its CSRF token',
        response: { 200: SessionBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const sessionId = readCookie(request, SESSION_COOKIE);
      const session =
        sso === null || sessionId === undefined ? null : await findSession(ctx, sso, sessionId);
      if (session === null || sessionId === undefined) {
        throw new UnauthenticatedError('No console session; sign in');
      }
      reply.header('cache-control', 'no-store');
      return {
        tenantId: session.actor.tenantId,
        role: session.actor.role,
        spaceId: session.actor.spaceId,
        name: session.person.name,
        email: session.person.email,
        expiresAt: session.expiresAt,
        csrfToken: csrfTokenOf(sessionId),
      };
    },
  );

  api.post(
    '/auth/logout',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'R-I3: ends the session of the cookie in every tab (needs X-Allot-CSRF)',
        response: { 204: Type.Null(), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const sessionId = readCookie(request, SESSION_COOKIE);
      if (sessionId === undefined) throw new UnauthenticatedError('No console session');
      const presented = request.headers[CSRF_HEADER];
      if (typeof presented !== 'string' || !csrfTokenMatches(sessionId, presented)) {
        throw new CsrfTokenError();
      }
      await deleteSession(ctx, sessionId);
      setCookie(reply, request, publicUrl, {
        name: SESSION_COOKIE,
        value: '',
        path: '/',
        maxAgeSeconds: 0,
      });
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/api/v1/sso/role-mappings',
    {
      schema: {
        tags,
        summary: "R-I3: the tenant's mapping of provider groups to roles (globalAdmin only)",
        response: { 200: RoleMappings, ...readErrors, 403: ErrorBody },
      },
    },
    async (request) => ({ mappings: await listRoleMappings(ctx, actorOf(request)) }),
  );

  api.put(
    '/api/v1/sso/role-mappings',
    {
      config: { permission: 'tenant:admin' },
      schema: {
        tags,
        summary: "R-I3: replaces the tenant's mapping of provider groups to roles",
        description:
          'A person signed in through the provider holds the broadest role their groups map ' +
          "to: a tenant-wide grant before a space's, then the stronger role (R-S1 order).",
        body: RoleMappings,
        response: { 200: RoleMappings, ...writeErrors },
      },
    },
    async (request) => ({
      mappings: await replaceRoleMappings(ctx, actorOf(request), request.body.mappings),
    }),
  );
}
