import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  addGroupMembers,
  createGroup,
  deleteGroup,
  getGroup,
  GROUP_KINDS,
  listGroupAssignments,
  listGroupMembers,
  listGroups,
  removeGroupMember,
  updateGroup,
} from '../../services/directory/groups.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Id, IdParams, Page, PageQuery, Text, readErrors, writeErrors } from '../schemas.js';

const Kind = Type.Enum(GROUP_KINDS);

const Group = Type.Object({
  id: Type.String(),
  spaceId: Type.String(),
  name: Type.String(),
  kind: Kind,
  memberCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const Member = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal('user'), Type.Literal('device')]),
  name: Type.String(),
  addedAt: Type.String(),
});

const GroupAssignment = Type.Object({
  id: Type.String(),
  catalogAppId: Type.String(),
  appName: Type.String(),
  intent: Type.String(),
  licenseType: Type.Union([Type.String(), Type.Null()]),
  excluded: Type.Boolean({ description: 'true: the assignment leaves the group out' }),
});

const MemberIds = Type.Array(Id, { maxItems: 1000 });

export function groupRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['groups'];

  api.post(
    '/groups',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        body: Type.Object(
          { name: Text(200), kind: Kind, spaceId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 201: Group, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGroup(ctx, actorOf(request), request.body)),
  );

  api.get(
    '/groups',
    {
      schema: {
        tags,
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200 })),
            spaceId: Type.Optional(Id),
            kind: Type.Optional(Kind),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(Group), ...readErrors },
      },
    },
    async (request) => {
      const { q, spaceId, kind } = request.query;
      return pageResponse(
        await listGroups(ctx, actorOf(request), { q, spaceId, kind }, pageRequest(request.query)),
      );
    },
  );

  api.get(
    '/groups/:id',
    { schema: { tags, params: IdParams, response: { 200: Group, ...readErrors } } },
    async (request) => getGroup(ctx, actorOf(request), request.params.id),
  );

  api.patch(
    '/groups/:id',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ name: Type.Optional(Text(200)) }, { additionalProperties: false }),
        response: { 200: Group, ...writeErrors },
      },
    },
    async (request) => updateGroup(ctx, actorOf(request), request.params.id, request.body),
  );

  api.delete(
    '/groups/:id',
    {
      config: { permission: 'directory:write' },
      schema: { tags, params: IdParams, response: { 204: Type.Null(), ...writeErrors } },
    },
    async (request, reply) => {
      await deleteGroup(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/groups/:id/members',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Member), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listGroupMembers(
          ctx,
          actorOf(request),
          request.params.id,
          pageRequest(request.query),
        ),
      ),
  );

  api.get(
    '/groups/:id/assignments',
    {
      schema: {
        tags,
        summary:
          'The assignments that target the group or exclude it: those a membership change re-evaluates',
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(GroupAssignment), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listGroupAssignments(
          ctx,
          actorOf(request),
          request.params.id,
          pageRequest(request.query),
        ),
      ),
  );

  api.post(
    '/groups/:id/members',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          { userIds: Type.Optional(MemberIds), deviceIds: Type.Optional(MemberIds) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ added: Type.Integer() }), ...writeErrors },
      },
    },
    async (request) => addGroupMembers(ctx, actorOf(request), request.params.id, request.body),
  );

  api.delete(
    '/groups/:id/members/:memberId',
    {
      config: { permission: 'directory:write' },
      schema: {
        tags,
        params: Type.Object({ id: Id, memberId: Id }),
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      await removeGroupMember(ctx, actorOf(request), request.params.id, request.params.memberId);
      return reply.status(204).send(null);
    },
  );
}
