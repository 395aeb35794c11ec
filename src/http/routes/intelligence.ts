import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { COST_GROUPS, costCsv, costReport } from '../../services/intelligence/costs.js';
import { lastDriftCheck, requestDriftCheck } from '../../services/intelligence/drift.js';
import { listForecasts } from '../../services/intelligence/forecasts.js';
import { HISTORY_STEPS, usageHistory } from '../../services/intelligence/history.js';
import { actorOf } from '../auth.js';
import { Id, readErrors, writeErrors } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC)' });

const HistoryPoint = Type.Object({
  at: Type.String({ description: 'The day, or the Monday of the week' }),
  total: Type.Integer(),
  inUse: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
});

const PoolForecast = Type.Object({
  poolId: Type.String(),
  productId: Type.String(),
  productName: Type.String(),
  accountId: Type.String(),
  accountName: Type.String(),
  spaceId: Type.String(),
  total: Type.Integer(),
  inUse: Type.Integer(),
  reserved: Type.Integer(),
  unlimited: Type.Boolean(),
  runsOutOn: Nullable(Day),
  earliest: Nullable(Day),
  latest: Nullable(Day),
  demand: Type.Integer({ description: 'Subjects waiting for a licence of this pool' }),
  slopePerDay: Nullable(Type.Number({ description: 'The fitted growth, seats per day' })),
});

const Amount = { count: Type.Integer(), amount: Nullable(Type.Number()) };

const CostLine = Type.Object({
  key: Type.String({ description: 'The store, account ID, space ID or product ID' }),
  name: Type.String(),
  currency: Nullable(Type.String()),
  held: Type.Object(Amount),
  idle: Type.Object(Amount),
});

const Difference = Type.Object({
  kind: Type.String(),
  accountId: Nullable(Type.String()),
  subjectId: Type.String(),
  message: Type.String(),
});

const DriftReport = Type.Object({
  checkedAt: Nullable(Type.String()),
  trigger: Nullable(Type.String()),
  clean: Nullable(Type.Boolean()),
  stores: Type.Array(
    Type.Object({
      accountId: Type.String(),
      name: Type.String(),
      store: Type.String(),
      spaceId: Type.String(),
      state: Type.Enum(['clean', 'drift', 'unreachable']),
      differences: Type.Array(Difference),
    }),
  ),
  ledger: Type.Array(Difference),
});

/** Licence intelligence: usage history (R-X1), forecasts (R-X2), costs (R-X5) and drift (R-X7). */
export function intelligenceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['intelligence'];

  api.get(
    '/usage/history',
    {
      schema: {
        tags,
        summary:
          'R-X1: total, in use, reserved and available per day or week, summed over the pools matching the filter; kept two years',
        querystring: Type.Object(
          {
            productId: Type.Optional(Id),
            accountId: Type.Optional(Id),
            spaceId: Type.Optional(Id),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
            step: Type.Optional(Type.Enum(HISTORY_STEPS)),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Day,
            to: Day,
            step: Type.Enum(HISTORY_STEPS),
            points: Type.Array(HistoryPoint),
          }),
          ...readErrors,
        },
      },
    },
    async (request) => usageHistory(ctx, actorOf(request), request.query),
  );

  api.get(
    '/forecasts',
    {
      schema: {
        tags,
        summary:
          'R-X2: when each pool runs out (earliest–latest), from the recent trend and the subjects waiting for a licence',
        querystring: Type.Object({ spaceId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(PoolForecast) }), ...readErrors },
      },
    },
    async (request) => ({ items: await listForecasts(ctx, actorOf(request), request.query) }),
  );

  api.get(
    '/costs',
    {
      schema: {
        tags,
        summary:
          'R-X5: cost of the licences held and of the idle ones, per group and currency; send Accept: text/csv for CSV',
        querystring: Type.Object(
          { groupBy: Type.Enum(COST_GROUPS), spaceId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ groupBy: Type.Enum(COST_GROUPS), items: Type.Array(CostLine) }),
          ...readErrors,
        },
      },
    },
    async (request, reply) => {
      const { groupBy } = request.query;
      const items = await costReport(ctx, actorOf(request), request.query);
      if (request.headers.accept?.includes('text/csv') === true) {
        return (
          reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="costs-by-${groupBy}.csv"`)
            // CSV bypasses the JSON response schema, which describes the default representation.
            .send(costCsv(groupBy, items) as never)
        );
      }
      return { groupBy, items };
    },
  );

  api.get(
    '/drift',
    {
      schema: {
        tags,
        summary:
          'R-X7: the last comparison of the ledger with each store (allot verify): its differences per store account',
        response: { 200: DriftReport, ...readErrors },
      },
    },
    async (request) => lastDriftCheck(ctx, actorOf(request)),
  );

  api.post(
    '/drift/check',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary:
          'R-X7: queues a comparison with every store now; follow it with GET /jobs/{id}, then GET /drift',
        response: { 202: Type.Object({ jobId: Type.String() }), ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await requestDriftCheck(ctx, actorOf(request))),
  );
}
