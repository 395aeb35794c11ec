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
  updateWebhook,
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

const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  description:
    'http(s) URL. R-S5: a host that is, or resolves to, a loopback, private, link-local or other ' +
    'non-public address is refused (400 PRIVATE_TARGET, details.field url) unless the operator ' +
    'allows it (ALLOT_ALLOW_PRIVATE_TARGETS, ALLOT_ALLOWED_PRIVATE_HOSTS); it is checked again ' +
    'on the address each delivery connects to. Redirects are not followed.',
});

const Secret = Type.String({
  minLength: 1,
  maxLength: 200,
  description:
    'Standard Webhooks secret: whsec_ and the base64 of 24 to 64 random bytes (e.g. ' +
    'whsec_$(openssl rand -base64 32)); 400 INVALID_WEBHOOK_SECRET otherwise. Signs each ' +
    'delivery; stored encrypted and never returned',
});

const SIGNING =
  'Each delivery is a POST of the JSON event signed as Standard Webhooks specifies: headers ' +
  'webhook-id (the delivery ID, the same on retries: deduplicate on it), webhook-timestamp ' +
  '(Unix seconds of the attempt) and webhook-signature (v1,<base64 HMAC-SHA256 of ' +
  '"<webhook-id>.<webhook-timestamp>.<raw body>"> keyed with the base64-decoded secret), plus ' +
  'x-allot-event. A receiver recomputes the signature over the raw body, compares it in ' +
  'constant time, refuses a timestamp more than 5 minutes from its clock and an ID it has ' +
  'already processed; any Standard Webhooks library does this with the whsec_ secret. A 2xx ' +
  'answer delivers; anything else is retried (30 s doubling to 1 h, 10 attempts).';

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
        summary: 'R-M6: notifications are POSTed to the URL, signed (Standard Webhooks)',
        description: SIGNING,
        body: Type.Object(
          { url: Url, events: Type.Array(Event, { minItems: 1, maxItems: 20 }), secret: Secret },
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

  api.patch(
    '/webhooks/:id',
    {
      config: { permission: 'monitoring:write' },
      schema: {
        tags,
        summary: 'Change the URL (checked as on creation, R-S5), the events or the secret',
        description: `A new secret signs every delivery sent from now on, retries included. ${SIGNING}`,
        params: IdParams,
        body: Type.Object(
          {
            url: Type.Optional(Url),
            events: Type.Optional(Type.Array(Event, { minItems: 1, maxItems: 20 })),
            secret: Type.Optional(Secret),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Webhook, ...writeErrors },
      },
    },
    async (request) => updateWebhook(ctx, actorOf(request), request.params.id, request.body),
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
