/**
 * SCIM 2.0 at /scim/v2 for identity providers (R-I1, R-I2; API.md "Directory"). A plugin of
 * its own, encapsulated: it parses `application/scim+json`, answers `application/scim+json`
 * in the SCIM error shape (`status` a string, `scimType`), authenticates the Bearer API token
 * itself (the /api hook does not look at /scim) with the same lookup and the same failure
 * budget (R-S5), and answers every unknown path under /scim with a SCIM 404, never the
 * console. Only roles that may write the directory (userAdmin, globalAdmin) provision; a
 * space-scoped token provisions into its space (R-S2).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { isDatabaseUnavailable } from '../../db/database.js';
import {
  AllotError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../domain/errors.js';
import { roleAllows } from '../../domain/roles.js';
import type { Actor } from '../../services/access/actor.js';
import { authenticate } from '../../services/access/apiTokens.js';
import { ERROR_SCHEMA } from '../../services/identity/scimAttributes.js';
import {
  listResourceTypes,
  listSchemas,
  resourceTypeById,
  schemaById,
  serviceProviderConfig,
} from '../../services/identity/scimDiscovery.js';
import { scimInvalid } from '../../services/identity/scimErrors.js';
import {
  createScimGroup,
  deleteScimGroup,
  getScimGroup,
  listScimGroups,
  patchScimGroup,
  replaceScimGroup,
} from '../../services/identity/scimGroups.js';
import { project, projectionOf, type ListQuery } from '../../services/identity/scimResources.js';
import type { ScimObject } from '../../services/identity/scimAttributes.js';
import {
  createScimUser,
  deleteScimUser,
  getScimUser,
  listScimUsers,
  patchScimUser,
  replaceScimUser,
} from '../../services/identity/scimUsers.js';
import type { AuthFailures } from '../authFailures.js';
import { TooManyAuthFailuresError } from '../errors.js';

export const SCIM_MEDIA_TYPE = 'application/scim+json';

export interface ScimOptions {
  ctx: AppContext;
  failures: AuthFailures;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A /scim route that needs no token (the SCIM 404 of unknown paths). */
    scimPublic?: boolean;
  }
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type(`${SCIM_MEDIA_TYPE}; charset=utf-8`).send(JSON.stringify(body));
}

function sendError(
  reply: FastifyReply,
  status: number,
  detail: string,
  scimType?: string,
): FastifyReply {
  return send(reply, status, {
    schemas: [ERROR_SCHEMA],
    status: String(status),
    ...(scimType === undefined ? {} : { scimType }),
    detail,
  });
}

/** Any error as a SCIM error (RFC 7644 §3.12). */
function errorHandler(
  this: FastifyInstance,
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof TooManyAuthFailuresError) {
    void reply.header('retry-after', String(error.retryAfterSeconds));
    return sendError(reply, 429, error.message);
  }
  if (error instanceof AllotError) {
    const scimType =
      typeof error.details?.scimType === 'string' ? error.details.scimType : undefined;
    if (error instanceof ValidationError) {
      return sendError(reply, 400, error.message, scimType ?? 'invalidValue');
    }
    if (error instanceof UnauthenticatedError) return sendError(reply, 401, error.message);
    if (error instanceof ForbiddenError) return sendError(reply, 403, error.message);
    if (error instanceof NotFoundError) return sendError(reply, 404, error.message);
    if (error instanceof ConflictError) return sendError(reply, 409, error.message, scimType);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendError(reply, 413, 'The body is too large');
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendError(reply, 415, `Send ${SCIM_MEDIA_TYPE} or application/json`);
  }
  if (
    error instanceof SyntaxError ||
    (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode === 400)
  ) {
    return sendError(reply, 400, `The body is not valid JSON: ${error.message}`, 'invalidSyntax');
  }
  if (isDatabaseUnavailable(error)) return sendError(reply, 503, 'The database is unavailable');
  request.log.error({ err: error }, 'SCIM request failed');
  return sendError(reply, 500, 'Internal error');
}

function bearerToken(request: FastifyRequest): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (match === null) {
    throw new UnauthenticatedError('Send the API token as "Authorization: Bearer <token>"');
  }
  return match[1]!;
}

/** The SCIM base URL as the provider reached it, for `meta.location` and `Location`. */
function baseUrlOf(ctx: AppContext, request: FastifyRequest): string {
  const origin = ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;
  return `${origin.replace(/\/+$/, '')}/scim/v2`;
}

function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new UnauthenticatedError();
  return request.actor;
}

type IdParams = { Params: { id: string } };
type Listing = { Querystring: ListQuery };

/** RFC 7644 §3.9: a write's answer, with the attributes the query asks for. */
function projected(request: FastifyRequest<Listing>, resource: ScimObject): ScimObject {
  return project(resource, projectionOf(request.query));
}

export async function scimRoutes(app: FastifyInstance, options: ScimOptions): Promise<void> {
  const { ctx, failures } = options;
  app.setErrorHandler(errorHandler);
  app.addContentTypeParser(SCIM_MEDIA_TYPE, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : (JSON.parse(body as string) as unknown));
    } catch (error) {
      done(
        scimInvalid('invalidSyntax', `The body is not valid JSON: ${(error as Error).message}`),
        undefined,
      );
    }
  });

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.scimPublic === true) return;
    let actor: Actor | null;
    try {
      const token = bearerToken(request);
      actor = await authenticate(ctx, token, () => failures.check(request));
      if (actor === null) throw new UnauthenticatedError('The API token is not valid');
    } catch (error) {
      if (error instanceof UnauthenticatedError) await failures.record(request);
      throw error;
    }
    if (!roleAllows(actor.role, 'directory:write')) {
      throw new ForbiddenError(
        `Role ${actor.role} may not provision users (needs userAdmin or globalAdmin)`,
      );
    }
    request.actor = actor;
  });

  const hide = { schema: { hide: true } };
  const base = (request: FastifyRequest) => baseUrlOf(ctx, request);

  app.get('/v2/ServiceProviderConfig', hide, async (request, reply) =>
    send(reply, 200, serviceProviderConfig(base(request))),
  );
  app.get('/v2/ResourceTypes', hide, async (request, reply) =>
    send(reply, 200, listResourceTypes(base(request))),
  );
  app.get<IdParams>('/v2/ResourceTypes/:id', hide, async (request, reply) => {
    const found = resourceTypeById(base(request), request.params.id);
    if (found === undefined) throw new NotFoundError('resource type', request.params.id);
    return send(reply, 200, found);
  });
  app.get('/v2/Schemas', hide, async (request, reply) =>
    send(reply, 200, listSchemas(base(request))),
  );
  app.get<IdParams>('/v2/Schemas/:id', hide, async (request, reply) => {
    const found = schemaById(base(request), request.params.id);
    if (found === undefined) throw new NotFoundError('schema', request.params.id);
    return send(reply, 200, found);
  });

  app.get<Listing>('/v2/Users', hide, async (request, reply) =>
    send(reply, 200, await listScimUsers(ctx, actorOf(request), request.query, base(request))),
  );
  app.post<Listing>('/v2/Users', hide, async (request, reply) => {
    const user = await createScimUser(ctx, actorOf(request), request.body, base(request));
    void reply.header('location', (user.meta as { location: string }).location);
    return send(reply, 201, projected(request, user));
  });
  app.get<IdParams & Listing>('/v2/Users/:id', hide, async (request, reply) =>
    send(
      reply,
      200,
      await getScimUser(ctx, actorOf(request), request.params.id, base(request), request.query),
    ),
  );
  app.put<IdParams & Listing>('/v2/Users/:id', hide, async (request, reply) =>
    send(
      reply,
      200,
      projected(
        request,
        await replaceScimUser(
          ctx,
          actorOf(request),
          request.params.id,
          request.body,
          base(request),
        ),
      ),
    ),
  );
  app.patch<IdParams & Listing>('/v2/Users/:id', hide, async (request, reply) =>
    send(
      reply,
      200,
      projected(
        request,
        await patchScimUser(ctx, actorOf(request), request.params.id, request.body, base(request)),
      ),
    ),
  );
  app.delete<IdParams>('/v2/Users/:id', hide, async (request, reply) => {
    await deleteScimUser(ctx, actorOf(request), request.params.id);
    return reply.code(204).send();
  });

  app.get<Listing>('/v2/Groups', hide, async (request, reply) =>
    send(reply, 200, await listScimGroups(ctx, actorOf(request), request.query, base(request))),
  );
  app.post<Listing>('/v2/Groups', hide, async (request, reply) => {
    const group = await createScimGroup(ctx, actorOf(request), request.body, base(request));
    void reply.header('location', (group.meta as { location: string }).location);
    return send(reply, 201, projected(request, group));
  });
  app.get<IdParams & Listing>('/v2/Groups/:id', hide, async (request, reply) =>
    send(
      reply,
      200,
      await getScimGroup(ctx, actorOf(request), request.params.id, request.query, base(request)),
    ),
  );
  app.put<IdParams & Listing>('/v2/Groups/:id', hide, async (request, reply) =>
    send(
      reply,
      200,
      projected(
        request,
        await replaceScimGroup(
          ctx,
          actorOf(request),
          request.params.id,
          request.body,
          base(request),
        ),
      ),
    ),
  );
  app.patch<IdParams>('/v2/Groups/:id', hide, async (request, reply) => {
    await patchScimGroup(ctx, actorOf(request), request.params.id, request.body);
    return reply.code(204).send();
  });
  app.delete<IdParams>('/v2/Groups/:id', hide, async (request, reply) => {
    await deleteScimGroup(ctx, actorOf(request), request.params.id);
    return reply.code(204).send();
  });

  // Every other path under /scim: a SCIM 404, so the console's catch-all never answers here.
  const notFound = async (request: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, 404, `No SCIM resource at ${request.method} ${request.url.split('?')[0]}`);
  for (const url of ['/', '/*']) {
    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      config: { scimPublic: true },
      schema: { hide: true },
      handler: notFound,
    });
  }
  app.setNotFoundHandler(notFound);
}
