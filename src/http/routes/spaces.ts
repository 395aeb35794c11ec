import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  createSpace,
  deleteSpace,
  getSpace,
  listSpaces,
  updateSpace,
} from '../../services/directory/spaces.js';
import { actorOf } from '../auth.js';
import { IdParams, Text, readErrors, writeErrors } from '../schemas.js';

const Space = Type.Object({ id: Type.String(), name: Type.String(), isDefault: Type.Boolean() });

export function spaceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['spaces'];

  api.get(
    '/spaces',
    {
      schema: {
        tags,
        response: {
          200: Type.Object({ items: Type.Array(Space), nextCursor: Type.Null() }),
          ...readErrors,
        },
      },
    },
    async (request) => ({ items: await listSpaces(ctx, actorOf(request)), nextCursor: null }),
  );

  api.post(
    '/spaces',
    {
      config: { permission: 'tenant:admin' },
      schema: {
        tags,
        body: Type.Object({ name: Text(100) }, { additionalProperties: false }),
        response: { 201: Space, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createSpace(ctx, actorOf(request), { name: request.body.name.trim() })),
  );

  api.get(
    '/spaces/:id',
    { schema: { tags, params: IdParams, response: { 200: Space, ...readErrors } } },
    async (request) => getSpace(ctx, actorOf(request), request.params.id),
  );

  api.patch(
    '/spaces/:id',
    {
      config: { permission: 'tenant:admin' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ name: Type.Optional(Text(100)) }, { additionalProperties: false }),
        response: { 200: Space, ...writeErrors },
      },
    },
    async (request) =>
      updateSpace(ctx, actorOf(request), request.params.id, { name: request.body.name?.trim() }),
  );

  api.delete(
    '/spaces/:id',
    {
      config: { permission: 'tenant:admin' },
      schema: { tags, params: IdParams, response: { 204: Type.Null(), ...writeErrors } },
    },
    async (request, reply) => {
      await deleteSpace(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
