import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { ROLES } from '../../domain/roles.js';
import { createApiToken, deleteApiToken, listApiTokens } from '../../services/access/apiTokens.js';
import { actorOf } from '../auth.js';
import { Id, IdParams, Text, readErrors, writeErrors } from '../schemas.js';

const Role = Type.Enum(ROLES);

const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  spaceId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});

export function apiTokenRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['api tokens'];

  api.post(
    '/api-tokens',
    {
      config: { permission: 'tenant:admin', secretFields: ['token'] },
      schema: {
        tags,
        summary: 'Create an API token; the token is shown once',
        body: Type.Object(
          { name: Text(100), role: Role, spaceId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Intersect([ApiToken, Type.Object({ token: Type.String() })]),
          ...writeErrors,
        },
      },
    },
    async (request, reply) => {
      const { name, role, spaceId } = request.body;
      const token = await createApiToken(ctx, actorOf(request), {
        name: name.trim(),
        role,
        spaceId,
      });
      return reply.status(201).send(token);
    },
  );

  api.get(
    '/api-tokens',
    {
      schema: {
        tags,
        response: { 200: Type.Object({ items: Type.Array(ApiToken) }), ...readErrors },
      },
    },
    async (request) => ({ items: await listApiTokens(ctx, actorOf(request)) }),
  );

  api.delete(
    '/api-tokens/:id',
    {
      config: { permission: 'tenant:admin' },
      schema: { tags, params: IdParams, response: { 204: Type.Null(), ...writeErrors } },
    },
    async (request, reply) => {
      await deleteApiToken(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
