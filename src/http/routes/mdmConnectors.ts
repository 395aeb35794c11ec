import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  createMdmConnector,
  deleteMdmConnector,
  getMdmConnector,
  listMdmConnectors,
  MDM_KINDS,
  updateMdmConnector,
} from '../../services/mdm/connectors.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Id, IdParams, Page, PageQuery, Text, readErrors, writeErrors } from '../schemas.js';
import { mdmEventRoutes } from './mdmEvents.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const connectorFields = {
  id: Type.String(),
  kind: Type.Enum(MDM_KINDS),
  name: Type.String(),
  spaceId: Type.String(),
  apiUrl: Type.String(),
  status: Type.Enum(['awaitingEvents', 'receiving']),
  signatureRequired: Type.Boolean(),
  lastEventAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};

const MdmConnector = Type.Object(connectorFields);

const CreatedMdmConnector = Type.Object({
  ...connectorFields,
  webhookUrl: Type.String({
    description:
      'Where the MDM posts its events (NanoMDM -webhook-url), on ALLOT_PUBLIC_URL (only the ' +
      'path when that is not set). It carries the connector token: shown once.',
  }),
  webhookSecret: Type.String({
    description:
      'The HMAC key NanoMDM signs events with (-webhook-hmac-key; header X-Hmac-Signature). ' +
      'Shown once; stored encrypted.',
  }),
});

const ApiUrl = Type.String({
  minLength: 1,
  maxLength: 2000,
  description:
    "The MDM's API base URL (NanoMDM: its server URL; enqueue and push paths are appended). " +
    'R-S5: a non-public address is refused (400 PRIVATE_TARGET) unless the operator allows ' +
    'it (ALLOT_ALLOW_PRIVATE_TARGETS, ALLOT_ALLOWED_PRIVATE_HOSTS).',
});

const ApiKey = Type.String({
  minLength: 1,
  maxLength: 1000,
  description: "NanoMDM's -api key (HTTP Basic password). Encrypted at rest, never returned.",
});

/** R-I4: MDM connectors (API.md "MDM connectors") and the webhook their MDM posts to. */
export function mdmRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['mdm connectors'];
  // The API key can send any MDM command, erase included: only tenant administrators.
  const permission = 'tenant:admin' as const;

  api.post(
    '/mdm-connectors',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'R-I4: connect an MDM (NanoMDM); the webhook URL and secret are shown once',
        body: Type.Object(
          {
            kind: Type.Enum(MDM_KINDS),
            name: Text(200, { minLength: 1 }),
            apiUrl: ApiUrl,
            apiKey: ApiKey,
            spaceId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedMdmConnector, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createMdmConnector(ctx, actorOf(request), request.body)),
  );

  api.get(
    '/mdm-connectors',
    {
      schema: {
        tags,
        querystring: Type.Object(
          { spaceId: Type.Optional(Id), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(MdmConnector), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listMdmConnectors(
          ctx,
          actorOf(request),
          { spaceId: request.query.spaceId },
          pageRequest(request.query),
        ),
      ),
  );

  api.get(
    '/mdm-connectors/:id',
    { schema: { tags, params: IdParams, response: { 200: MdmConnector, ...readErrors } } },
    async (request) => getMdmConnector(ctx, actorOf(request), request.params.id),
  );

  api.patch(
    '/mdm-connectors/:id',
    {
      config: { permission },
      schema: {
        tags,
        summary: 'Rename, change the API URL (checked as on creation, R-S5) or replace the API key',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Text(200, { minLength: 1 })),
            apiUrl: Type.Optional(ApiUrl),
            apiKey: Type.Optional(ApiKey),
            signatureRequired: Type.Optional(
              Type.Boolean({
                description: 'Refuse unsigned events (set by itself once the MDM has signed one)',
              }),
            ),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: MdmConnector, ...writeErrors },
      },
    },
    async (request) => updateMdmConnector(ctx, actorOf(request), request.params.id, request.body),
  );

  api.delete(
    '/mdm-connectors/:id',
    {
      config: { permission },
      schema: { tags, params: IdParams, response: { 204: Type.Null(), ...writeErrors } },
    },
    async (request, reply) => {
      await deleteMdmConnector(ctx, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  mdmEventRoutes(app, ctx);
}
