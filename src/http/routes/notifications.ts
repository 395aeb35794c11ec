import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { listNotifications, NOTIFICATION_KINDS } from '../../services/monitoring/notifications.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Page, PageQuery, readErrors } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const State = Type.Enum(['active', 'cleared']);

export const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Enum(NOTIFICATION_KINDS),
  severity: Type.Enum(['info', 'warning', 'alert']),
  subject: Type.Object({ type: Type.String(), id: Type.String(), name: Nullable(Type.String()) }),
  spaceId: Nullable(Type.String()),
  threshold: Nullable(Type.Integer()),
  message: Type.String(),
  remedy: Nullable(Type.String()),
  state: State,
  createdAt: Type.String(),
  clearedAt: Nullable(Type.String()),
  store: Nullable(
    Type.String({ description: 'apple, microsoft or isv when the subject belongs to a store' }),
  ),
});

export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/notifications',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'R-M6: every notification, newest first (R-M5 usage, R-T10 tokens, sync, store)',
        querystring: Type.Object(
          {
            state: Type.Optional(State),
            kind: Type.Optional(Type.Enum(NOTIFICATION_KINDS)),
            subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(NotificationSchema), ...readErrors },
      },
    },
    async (request) => {
      const { state, kind, subjectId } = request.query;
      return pageResponse(
        await listNotifications(
          ctx.db.kysely,
          actorOf(request),
          { state, kind, subjectId },
          pageRequest(request.query),
        ),
      );
    },
  );
}
