/**
 * `POST /accounts` for the three stores: an Apple location (R-T2, R-T3), the tenant's
 * Microsoft Store account (R-T11) or an ISV seat subscription (R-T12). The body is a union
 * discriminated by `store`, validated against the one branch it names.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { createAppleAccount } from '../../services/accounts/apple/tokens.js';
import { createIsvAccount } from '../../services/accounts/isv/subscriptions.js';
import { createMicrosoftAccount } from '../../services/accounts/microsoft/binding.js';
import { actorOf } from '../auth.js';
import { Id, Text } from '../schemas.js';
import {
  AccountWithWarnings,
  ClientSecret,
  Token,
  tokenWarning,
  writeAndRefusals,
} from './accountSchemas.js';

const AppleBody = Type.Object(
  {
    store: Type.Literal('apple'),
    name: Text(200),
    token: Token,
    appleId: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    accountType: Type.Union([Type.Literal('business'), Type.Literal('education')]),
    spaceId: Type.Optional(Id),
    autoDistributeToAllUsers: Type.Optional(Type.Boolean({ default: true })),
    clearPreviousLicenseData: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

const MicrosoftBody = Type.Object(
  {
    store: Type.Literal('microsoft'),
    name: Text(200),
    tenantDirectoryId: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[A-Za-z0-9.-]+$',
      description: 'The Entra ID directory (tenant) ID or its domain',
    }),
    clientId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9-]+$' }),
    clientSecret: ClientSecret,
    language: Type.String({
      pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
      maxLength: 35,
      description: 'RFC 4646 tag of the display language of app names, e.g. en-US (R-T11)',
    }),
  },
  { additionalProperties: false },
);

const IsvBody = Type.Object(
  {
    store: Type.Literal('isv'),
    name: Text(200),
    productName: Text(200),
    publisher: Text(200),
    seats: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    purchasedThrough: Type.Union([Type.Literal('marketplace'), Type.Literal('vendor')]),
    costPerSeat: Type.Optional(
      Type.Object(
        {
          amount: Type.Integer({ minimum: 0, description: 'Minor units (cents)' }),
          currency: Type.String({ pattern: '^[A-Za-z]{3}$' }),
        },
        { additionalProperties: false },
      ),
    ),
    spaceId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const Body = Type.Union([AppleBody, MicrosoftBody, IsvBody], {
  discriminator: { propertyName: 'store' },
});

export function accountCreateRoute(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/accounts',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags: ['accounts'],
        summary:
          'Add an Apple location (R-T2, R-T3), the tenant’s Microsoft Store account (R-T11) or an ISV subscription (R-T12)',
        description:
          `Apple: ${tokenWarning} Apple and Microsoft accounts queue their first full sync ` +
          '(syncJobId). Microsoft: the credentials are checked with the store; a tenant has one ' +
          'Microsoft Store account and cannot be bound to another (409 MICROSOFT_ACCOUNT_EXISTS). ' +
          'ISV: the subscription’s product and its pool of `seats` are created at once.',
        body: Body,
        response: { 201: AccountWithWarnings, ...writeAndRefusals },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const account =
        body.store === 'apple'
          ? await createAppleAccount(ctx, actor, body)
          : body.store === 'microsoft'
            ? await createMicrosoftAccount(ctx, actor, body)
            : await createIsvAccount(ctx, actor, body);
      return reply.status(201).send(account);
    },
  );
}
