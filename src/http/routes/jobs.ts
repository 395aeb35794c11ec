import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { getJobOfActor } from '../../services/sync/queueSync.js';
import { actorOf } from '../auth.js';
import { IdParams, readErrors } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const JobSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  subjectId: Nullable(Type.String()),
  state: Type.Enum(['queued', 'running', 'succeeded', 'failed']),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  result: Type.Unknown({ description: 'What the job did, once it succeeded' }),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
});

export function jobRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'A background job, e.g. a sync started with POST /accounts/{id}/sync',
        params: IdParams,
        response: { 200: JobSchema, ...readErrors },
      },
    },
    async (request) => getJobOfActor(ctx, actorOf(request), request.params.id),
  );
}
