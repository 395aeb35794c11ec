import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  createEmailRecipient,
  deleteEmailRecipient,
  EMAIL_KINDS,
  getEmailRecipient,
  listEmailRecipients,
  updateEmailRecipient,
} from '../../services/monitoring/emailRecipients.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { IdParams, Page, PageQuery, readErrors, writeErrors } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Email = Type.String({
  format: 'email',
  minLength: 3,
  maxLength: 254,
  description:
    'The address digests go to (kept in lower case); unique per scope (409 RECIPIENT_EXISTS)',
  examples: ['it-licences@example.org'],
});

const Kinds = Type.Array(Type.Enum(EMAIL_KINDS), {
  minItems: 1,
  maxItems: 20,
  description: 'The notification kinds to receive; `*` for every kind, new ones included',
  examples: [['usage', 'tokenExpiring', 'authError']],
});

const SpaceId = Nullable(
  Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9_-]+$',
    description:
      'The space whose notifications (and the tenant-wide ones) the address receives; null for ' +
      'every notification of the tenant (a tenant-wide token only). Omitted: the token’s space, ' +
      'or null for a tenant-wide token.',
  }),
);

const Recipient = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    kinds: Type.Array(Type.Enum(EMAIL_KINDS)),
    spaceId: Nullable(Type.String()),
    emailConfigured: Type.Boolean({
      description:
        'false when the deployment has no SMTP server (ALLOT_SMTP_URL, ALLOT_SMTP_FROM): the ' +
        'recipient is kept and its notifications wait, and nothing is sent until the operator sets one',
    }),
    pending: Type.Integer({ description: 'Notifications waiting for the next digest' }),
    lastDigestAt: Nullable(Type.String({ description: 'When the last digest was accepted' })),
    nextDigestAt: Nullable(
      Type.String({
        description:
          'With notifications pending: when the next digest goes (an hour after the last, or a ' +
          'retry after a failure); null = within the minute',
      }),
    ),
    lastError: Nullable(
      Type.String({ description: 'Why the last attempt failed (the SMTP server’s answer)' }),
    ),
    createdAt: Type.String(),
  },
  {
    examples: [
      {
        id: '0193a1f2-7c4e-7b1a-9d2e-3f4a5b6c7d8e',
        email: 'it-licences@example.org',
        kinds: ['usage', 'tokenExpiring'],
        spaceId: null,
        emailConfigured: true,
        pending: 2,
        lastDigestAt: '2026-06-01T08:00:12.000Z',
        nextDigestAt: '2026-06-01T09:00:12.000Z',
        lastError: null,
        createdAt: '2026-05-30T10:00:00.000Z',
      },
    ],
  },
);

const DIGESTS =
  'Each notification raised (R-M5 usage, R-T10 token expiry, authentication errors, store ' +
  'refusals, forecasts, drift…) of a chosen kind, in the recipient’s scope, is e-mailed in a ' +
  'digest: one message holding everything pending (kind, severity, subject, message, remedy, ' +
  'time), at most one per recipient per hour. A digest the SMTP server does not accept is ' +
  'retried (1 minute doubling to 1 hour) until it is: nothing is lost. Space-scoped tokens see ' +
  'and manage only their own space’s recipients.';

export function notificationEmailRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['monitoring'];

  api.post(
    '/notification-recipients',
    {
      config: { permission: 'monitoring:write' },
      schema: {
        tags,
        summary: 'Notifications by e-mail: an address receives hourly digests of chosen kinds',
        description: DIGESTS,
        body: Type.Object(
          { email: Email, kinds: Kinds, spaceId: Type.Optional(SpaceId) },
          {
            additionalProperties: false,
            examples: [{ email: 'it-licences@example.org', kinds: ['usage', 'authError'] }],
          },
        ),
        response: { 201: Recipient, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createEmailRecipient(ctx, actorOf(request), request.body)),
  );

  api.get(
    '/notification-recipients',
    {
      schema: {
        tags,
        summary: 'The addresses that receive notification digests, with their delivery state',
        description: DIGESTS,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Recipient), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(await listEmailRecipients(ctx, actorOf(request), pageRequest(request.query))),
  );

  api.get(
    '/notification-recipients/:id',
    { schema: { tags, params: IdParams, response: { 200: Recipient, ...readErrors } } },
    async (request) => getEmailRecipient(ctx, actorOf(request), request.params.id),
  );

  api.patch(
    '/notification-recipients/:id',
    {
      config: { permission: 'monitoring:write' },
      schema: {
        tags,
        summary: 'Change the address or the kinds; notifications already pending stay owed',
        params: IdParams,
        body: Type.Object(
          { email: Type.Optional(Email), kinds: Type.Optional(Kinds) },
          { additionalProperties: false, minProperties: 1, examples: [{ kinds: ['*'] }] },
        ),
        response: { 200: Recipient, ...writeErrors },
      },
    },
    async (request) => updateEmailRecipient(ctx, actorOf(request), request.params.id, request.body),
  );

  api.delete(
    '/notification-recipients/:id',
    {
      config: { permission: 'monitoring:write' },
      schema: {
        tags,
        summary: 'Stop e-mailing the address; what it was still owed is dropped',
        params: IdParams,
        response: { 204: Type.Null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      await deleteEmailRecipient(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
