/**
 * Authentication (Bearer API tokens, or the console's session cookie, R-I3) and authorisation
 * by role (R-S1). Every /api/v1 route
 * declares `config.permission` for writes; reads need only a valid token. Which requests need
 * a token is decided by the route they matched, never by the raw URL: `/%61pi/v1/spaces` is
 * routed to `/api/v1/spaces` and authenticated like it. Failures are rate-limited per address
 * (authFailures.ts, R-S5). A request with a Bearer token is judged by the token alone; one
 * without is judged by its session cookie, and a cookie-authenticated write must also carry the
 * session's CSRF token in X-Allot-CSRF (a page of another site can make the browser send the
 * cookie, never read the token nor set the header).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.js';
import { roleAllows, type Permission } from '../domain/roles.js';
import type { Actor } from '../services/access/actor.js';
import { authenticate } from '../services/access/apiTokens.js';
import { csrfTokenMatches, findSession } from '../services/identity/sso/sessions.js';
import { registerAuthFailures, type AuthFailures } from './authFailures.js';
import { CSRF_HEADER, readCookie, SESSION_COOKIE } from './routes/ssoCookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** What the caller's role must allow; absent for reads. */
    permission?: Permission;
    /** No token needed (health, metrics, store push notifications). */
    public?: boolean;
  }
}

/** A cookie-authenticated write without the session's CSRF token (403). */
export class CsrfTokenError extends ForbiddenError {
  override readonly code = 'CSRF_TOKEN_INVALID';
  constructor() {
    super('A write authenticated by the session cookie needs the X-Allot-CSRF header', {
      header: 'X-Allot-CSRF',
    });
  }
}

const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** The authenticated actor of a request (routes run after the auth hook). */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new UnauthenticatedError();
  return request.actor;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null)
    throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
  return match[1]!;
}

/** Whether a route's URL (its pattern, as registered) is one of the API's. */
function isApiRoute(url: string | undefined): boolean {
  return url !== undefined && url.startsWith('/api/');
}

export async function registerAuth(app: FastifyInstance, ctx: AppContext): Promise<AuthFailures> {
  app.decorateRequest('actor', null);
  const failures = await registerAuthFailures(app);

  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const writes = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
    const config = route.config;
    if (
      writes &&
      route.url.startsWith('/api/') &&
      config?.permission === undefined &&
      config?.public !== true
    ) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no permission`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const { config, url } = request.routeOptions;
    if (config.public === true || !isApiRoute(url)) return;
    let actor: Actor | null;
    let sessionId: string | null = null;
    try {
      const token = bearerToken(request);
      if (token !== null) {
        actor = await authenticate(ctx, token, () => failures.check(request));
        if (actor === null) throw new UnauthenticatedError('The API token is not valid');
      } else {
        sessionId = readCookie(request, SESSION_COOKIE) ?? null;
        const sso = ctx.config.sso;
        if (sessionId === null || sso === null) throw new UnauthenticatedError();
        await failures.check(request);
        const session = await findSession(ctx, sso, sessionId);
        if (session === null)
          throw new UnauthenticatedError('The session has ended; sign in again');
        actor = session.actor;
      }
    } catch (error) {
      if (error instanceof UnauthenticatedError) await failures.record(request);
      throw error;
    }
    if (sessionId !== null && !READ_METHODS.includes(request.method)) {
      const presented = request.headers[CSRF_HEADER];
      if (typeof presented !== 'string' || !csrfTokenMatches(sessionId, presented)) {
        throw new CsrfTokenError();
      }
    }
    request.actor = actor;
    const permission = config.permission;
    if (permission !== undefined && !roleAllows(actor.role, permission)) {
      throw new ForbiddenError(`Role ${actor.role} may not do this (needs ${permission})`, {
        role: actor.role,
        permission,
      });
    }
  });
  return failures;
}
