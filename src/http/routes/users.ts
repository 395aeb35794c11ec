import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  updateUser,
  USER_SORTS,
} from '../../services/directory/users.js';
import { actorOf } from '../auth.js';
import { Id, IdParams, Page, Text, readErrors, writeErrors } from '../schemas.js';
import { SortedPageQuery, sortedPageRequest, sortedPageResponse } from '../sortedPaging.js';

const Enrolment = Type.Union([
  Type.Literal('none'),
  Type.Literal('invited'),
  Type.Literal('joined'),
]);

export const UserSchema = Type.Object({
  id: Type.String(),
  spaceId: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  enrolment: Enrolment,
  active: Type.Boolean({
    description: 'R-I2: false while the identity provider (SCIM) has deactivated the user',
  }),
  deactivatedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });

export function userRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['users'];

  api.post(
    '/users',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        body: Type.Object(
          { email: Email, displayName: Text(200), spaceId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createUser(ctx, actorOf(request), request.body)),
  );

  api.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'The users of a space (or all the actor sees), filtered, sorted and paged',
        querystring: Type.Object(
          {
            q: Type.Optional(
              Type.String({ maxLength: 200, description: 'Part of the name or e-mail' }),
            ),
            spaceId: Type.Optional(Id),
            enrolment: Type.Optional(Enrolment),
            active: Type.Optional(
              Type.Boolean({
                description:
                  'true: active users only; false: users the identity provider deactivated',
              }),
            ),
            ...SortedPageQuery(USER_SORTS),
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(UserSchema), ...readErrors },
      },
    },
    async (request) => {
      const { q, spaceId, enrolment, active } = request.query;
      const page = sortedPageRequest(request.query, USER_SORTS);
      return sortedPageResponse(
        await listUsers(ctx, actorOf(request), { q, spaceId, enrolment, active }, page),
        page,
      );
    },
  );

  api.get(
    '/users/:id',
    { schema: { tags, params: IdParams, response: { 200: UserSchema, ...readErrors } } },
    async (request) => getUser(ctx, actorOf(request), request.params.id),
  );

  api.patch(
    '/users/:id',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          { email: Type.Optional(Email), displayName: Type.Optional(Text(200)) },
          { additionalProperties: false },
        ),
        response: { 200: UserSchema, ...writeErrors },
      },
    },
    async (request) => updateUser(ctx, actorOf(request), request.params.id, request.body),
  );

  api.delete(
    '/users/:id',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        summary:
          'Delete a user; with deleteDevices=true their devices go too, else they stay without a primary user',
        params: IdParams,
        querystring: Type.Object(
          { deleteDevices: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ deletedDevices: Type.Integer() }), ...writeErrors },
      },
    },
    async (request) =>
      deleteUser(ctx, actorOf(request), request.params.id, {
        deleteDevices: request.query.deleteDevices === true,
      }),
  );
}
