import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { USAGE_EVENT_KINDS, usageEvents } from '../../services/intelligence/usageEvents.js';
import { actorOf } from '../auth.js';
import { Id, readErrors } from '../schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC)' });

const UsageEvent = Type.Object({
  at: Day,
  kind: Type.Enum(USAGE_EVENT_KINDS, {
    description:
      'purchase: the total rose from the previous recorded day; reduction: it fell; reclaim: licences taken back by a reclaim policy (R-X3)',
  }),
  count: Type.Integer({ description: 'Licences bought, removed or reclaimed that day' }),
});

/** The events that moved the usage history (R-X1), for the console's chart markers. */
export function usageEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/usage/events',
    {
      schema: {
        tags: ['intelligence'],
        summary:
          'R-X1: the purchases, reductions and reclaims per day of the pools matching the filter (as GET /usage/history filters them)',
        querystring: Type.Object(
          {
            productId: Type.Optional(Id),
            accountId: Type.Optional(Id),
            spaceId: Type.Optional(Id),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ from: Day, to: Day, items: Type.Array(UsageEvent) }),
          ...readErrors,
        },
      },
    },
    async (request) => usageEvents(ctx, actorOf(request), request.query),
  );
}
