/**
 * Authentication (Bearer API tokens) and authorisation by role (R-S1). Every /api/v1 route
 * declares `config.permission` for writes; reads need only a valid token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.js';
import { roleAllows, type Permission } from '../domain/roles.js';
import type { Actor } from '../services/access/actor.js';
import { authenticate } from '../services/access/apiTokens.js';

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

export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);

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
    const config = request.routeOptions.config;
    if (config.public === true || !request.url.startsWith('/api/')) return;
    const token = bearerToken(request);
    if (token === null) throw new UnauthenticatedError();
    const actor = await authenticate(ctx, token);
    if (actor === null) throw new UnauthenticatedError('The API token is not valid');
    request.actor = actor;
    const permission = config.permission;
    if (permission !== undefined && !roleAllows(actor.role, permission)) {
      throw new ForbiddenError(`Role ${actor.role} may not do this (needs ${permission})`, {
        role: actor.role,
        permission,
      });
    }
  });
}
