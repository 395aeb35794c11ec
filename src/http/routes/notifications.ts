import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  acknowledgeNotification,
  listNotifications,
  NOTIFICATION_KINDS,
  NOTIFICATION_SORTS,
} from '../../services/monitoring/notifications.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { IdParams, Page, PageQuery, readErrors, writeErrors } from '../schemas.js';

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
  acknowledged: Nullable(
    Type.Object(
      {
        at: Type.String(),
        by: Type.Object({ id: Nullable(Type.String()), name: Type.String() }),
      },
      { description: 'Who acknowledged the notification and when; null until someone does' },
    ),
  ),
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
            acknowledged: Type.Optional(
              Type.Boolean({
                description: 'false: only those nobody has acknowledged (what needs attention)',
              }),
            ),
            sort: Type.Optional(
              Type.Enum(NOTIFICATION_SORTS, {
                description:
                  '-createdAt (default): newest first; severity: alerts first, then newest',
              }),
            ),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(NotificationSchema), ...readErrors },
      },
    },
    async (request) => {
      const { state, kind, subjectId, acknowledged, sort } = request.query;
      return pageResponse(
        await listNotifications(
          ctx.db.kysely,
          actorOf(request),
          { state, kind, subjectId, acknowledged, sort },
          pageRequest(request.query),
        ),
      );
    },
  );

  api.post(
    '/notifications/:id/acknowledge',
    {
      config: { permission: 'monitoring:write' },
      schema: {
        tags: ['monitoring'],
        summary:
          'Acknowledge an active notification: it stays listed until cleared, no longer counted',
        description:
          'Keeps who acknowledged it and when, and logs it (notification.acknowledge). Again on an ' +
          'acknowledged one: unchanged. 409 NOTIFICATION_CLEARED on a cleared one; a space ' +
          'administrator may not acknowledge a tenant-wide notification (403).',
        params: IdParams,
        response: { 200: NotificationSchema, ...writeErrors },
      },
    },
    async (request) => acknowledgeNotification(ctx, actorOf(request), request.params.id),
  );
}
