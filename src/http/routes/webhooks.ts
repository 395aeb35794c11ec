import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  WEBHOOK_EVENTS,
} from '../../services/monitoring/webhooks.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { IdParams, Page, PageQuery, readErrors, writeErrors } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Event = Type.Enum(WEBHOOK_EVENTS);

const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Event),
  createdAt: Type.String(),
});

const Delivery = Type.Object({
  id: Type.String(),
  webhookId: Type.String(),
  event: Type.String(),
  state: Type.Enum(['pending', 'sending', 'delivered', 'failed']),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String()),
  lastStatus: Nullable(Type.Integer()),
  createdAt: Type.String(),
});

export function webhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['monitoring'];

  api.post(
    '/webhooks',
    {
      config: { permission: 'monitoring:write' },
      schema: {
        tags,
        summary:
          'R-M6: notifications are POSTed to the URL, signed with X-Allot-Signature: sha256=<HMAC of the body>',
        body: Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2000 }),
            events: Type.Array(Event, { minItems: 1, maxItems: 20 }),
            secret: Type.String({
              minLength: 16,
              maxLength: 500,
              description: 'Signs each delivery; stored encrypted and never returned',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Webhook, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWebhook(ctx, actorOf(request), request.body)),
  );

  api.get(
    '/webhooks',
    {
      schema: {
        tags,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Webhook), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(await listWebhooks(ctx, actorOf(request), pageRequest(request.query))),
  );

  api.get(
    '/webhooks/:id',
    { schema: { tags, params: IdParams, response: { 200: Webhook, ...readErrors } } },
    async (request) => getWebhook(ctx, actorOf(request), request.params.id),
  );

  api.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'Deliveries of the webhook, newest first, with their attempts and last answer',
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Delivery), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listWebhookDeliveries(
          ctx,
          actorOf(request),
          request.params.id,
          pageRequest(request.query),
        ),
      ),
  );

  api.delete(
    '/webhooks/:id',
    {
      config: { permission: 'monitoring:write' },
      schema: { tags, params: IdParams, response: { 204: Type.Null(), ...writeErrors } },
    },
    async (request, reply) => {
      await deleteWebhook(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
