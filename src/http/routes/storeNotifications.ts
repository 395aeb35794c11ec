import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  receiveAppleNotification,
  RecentNotifications,
} from '../../services/sync/pushNotifications.js';
import { ErrorBody, Id } from '../schemas.js';

/**
 * Apple's push notifications (API.md "Devices checking in"): public, authenticated by the
 * account's own secret. Apple's body is taken as it comes (its fields are Apple's to extend).
 */
export function storeNotificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const recent = new RecentNotifications();

  api.post(
    '/store-notifications/apple/:accountId',
    {
      config: { public: true },
      schema: {
        tags: ['store notifications'],
        summary: 'Apple Apps and Books notifications for one account (Bearer: its secret)',
        security: [],
        params: Type.Object({ accountId: Id }),
        body: Type.Object({}, { additionalProperties: true }),
        response: {
          200: Type.Object({
            received: Type.Boolean(),
            duplicate: Type.Boolean(),
            action: Type.String(),
          }),
          400: ErrorBody,
          401: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (request) =>
      receiveAppleNotification(
        ctx,
        recent,
        request.params.accountId,
        request.headers.authorization,
        request.body,
      ),
  );
}
