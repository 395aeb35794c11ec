import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  createAssignment,
  deleteAssignment,
  forecastNewAssignment,
  getAssignment,
  INTENTS,
  listAssignments,
  updateAssignment,
} from '../../services/catalog/assignments.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { ErrorBody, Id, IdParams, Page, PageQuery, readErrors, writeErrors } from '../schemas.js';

const Intent = Type.Enum(INTENTS);
const LicenseType = Type.Enum(['user', 'device']);

const Target = Type.Union([
  Type.Object({ type: Type.Literal('group'), groupId: Id }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('allUsers') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('allDevices') }, { additionalProperties: false }),
]);

const Forecast = Type.Object({
  needed: Type.Integer(),
  available: Type.Union([Type.Integer(), Type.Null()], {
    description: 'null when a pool is unlimited (free app)',
  }),
  shortfall: Type.Integer(),
  exhaustion: Type.Optional(
    Type.Union(
      [
        Type.Object({
          runsOutOn: Type.Union([Type.String(), Type.Null()], {
            description: 'R-X2: the day the licences run out on the trend, if this is saved',
          }),
          earliest: Type.Union([Type.String(), Type.Null()]),
          latest: Type.Union([Type.String(), Type.Null()]),
          demand: Type.Integer({
            description: 'subjects waiting for a licence, this one included',
          }),
          slopePerDay: Type.Union([Type.Number(), Type.Null()]),
        }),
        Type.Null(),
      ],
      { description: 'null for an unlimited (free) pool' },
    ),
  ),
});

const AssignmentFields = {
  id: Type.String(),
  catalogAppId: Type.String(),
  spaceId: Type.String(),
  target: Target,
  intent: Intent,
  licenseType: Type.Union([LicenseType, Type.Null()]),
  deviceContext: Type.Boolean(),
  excludeGroupIds: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

const Assignment = Type.Object(AssignmentFields);
const AssignmentWithForecast = Type.Object({ ...AssignmentFields, forecast: Forecast });

const AssignmentBody = Type.Object(
  {
    target: Target,
    intent: Intent,
    licenseType: Type.Optional(LicenseType),
    deviceContext: Type.Optional(Type.Boolean()),
    excludeGroupIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    spaceId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export function assignmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['assignments'];

  api.post(
    '/catalog-apps/:id/assignments',
    {
      config: { permission: 'assignments:write' },
      schema: {
        tags,
        summary:
          'R-A11, R-A12: assigns the app, with the forecast; 409 INSUFFICIENT_LICENSES where the store blocks a shortfall',
        params: IdParams,
        body: AssignmentBody,
        response: { 201: AssignmentWithForecast, ...writeErrors, 422: ErrorBody },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createAssignment(ctx, actorOf(request), request.params.id, request.body)),
  );

  api.post(
    '/catalog-apps/:id/assignments/forecast',
    {
      config: { permission: 'assignments:write' },
      schema: {
        tags,
        summary:
          'R-A12: the forecast of an assignment, nothing saved; `blocked` when saving it would be refused',
        params: IdParams,
        body: AssignmentBody,
        response: {
          200: Type.Object({ forecast: Forecast, store: Type.String(), blocked: Type.Boolean() }),
          ...writeErrors,
          422: ErrorBody,
        },
      },
    },
    async (request) =>
      forecastNewAssignment(ctx, actorOf(request), request.params.id, request.body),
  );

  api.get(
    '/catalog-apps/:id/assignments',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Assignment), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listAssignments(ctx, actorOf(request), request.params.id, pageRequest(request.query)),
      ),
  );

  api.get(
    '/assignments/:id',
    { schema: { tags, params: IdParams, response: { 200: Assignment, ...readErrors } } },
    async (request) => getAssignment(ctx, actorOf(request), request.params.id),
  );

  api.patch(
    '/assignments/:id',
    {
      config: { permission: 'assignments:write' },
      schema: {
        tags,
        summary: "Changes the intent; the app's licences are re-evaluated (R-V1, R-V7)",
        params: IdParams,
        body: Type.Object({ intent: Intent }, { additionalProperties: false }),
        response: { 200: AssignmentWithForecast, ...writeErrors },
      },
    },
    async (request) => updateAssignment(ctx, actorOf(request), request.params.id, request.body),
  );

  api.delete(
    '/assignments/:id',
    {
      config: { permission: 'assignments:write' },
      schema: { tags, params: IdParams, response: { 204: Type.Null(), ...writeErrors } },
    },
    async (request, reply) => {
      await deleteAssignment(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
