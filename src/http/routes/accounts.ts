import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { deleteAccount } from '../../services/accounts/deletion.js';
import { requestAccountSync } from '../../services/sync/queueSync.js';
import {
  getAccount,
  listAccounts,
  MAX_SYNC_INTERVAL_MINUTES,
  MIN_SYNC_INTERVAL_MINUTES,
  updateAccount,
} from '../../services/accounts/accounts.js';
import { claimAccount, renewAccountToken } from '../../services/accounts/apple/tokens.js';
import { renewMicrosoftClientSecret } from '../../services/accounts/microsoft/binding.js';
import { ValidationError } from '../../domain/errors.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Id, IdParams, Page, PageQuery, Text, readErrors, writeErrors } from '../schemas.js';
import { accountCreateRoute } from './accountCreate.js';
import {
  AccountSchema,
  AccountWithWarnings,
  ClientSecret,
  Token,
  tokenWarning,
  writeAndRefusals,
} from './accountSchemas.js';
import { isvSeatRoutes } from './isvSeats.js';

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['accounts'];

  accountCreateRoute(api, ctx);
  isvSeatRoutes(api, ctx);

  api.get(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'Store accounts, by space and priority',
        querystring: Type.Object(
          { spaceId: Type.Optional(Id), store: Type.Optional(Text(20)), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(AccountSchema), ...readErrors },
      },
    },
    async (request) => {
      const { spaceId, store } = request.query;
      return pageResponse(
        await listAccounts(ctx, actorOf(request), { spaceId, store }, pageRequest(request.query)),
      );
    },
  );

  api.get(
    '/accounts/:id',
    { schema: { tags, params: IdParams, response: { 200: AccountSchema, ...readErrors } } },
    async (request) => getAccount(ctx, actorOf(request), request.params.id),
  );

  api.patch(
    '/accounts/:id',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary:
          'Rename, reorder (R-T9: renumbers 1..n, moves no licence), reschedule, or change the seats of a marketplace ISV subscription (R-T12)',
        description:
          'seats: only ISV subscriptions bought through the marketplace (422 SEATS_READ_ONLY otherwise: contact the vendor), never below the seats in use (409 SEATS_BELOW_IN_USE).',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Text(200)),
            priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
            syncIntervalMinutes: Type.Optional(
              Type.Integer({
                minimum: MIN_SYNC_INTERVAL_MINUTES,
                maximum: MAX_SYNC_INTERVAL_MINUTES,
              }),
            ),
            seats: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountSchema, ...writeAndRefusals },
      },
    },
    async (request) => updateAccount(ctx, actorOf(request), request.params.id, request.body),
  );

  api.put(
    '/accounts/:id/token',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary:
          'Renew the credentials in place, keeping every licence: an Apple token file (R-T6, same location), a Microsoft client secret (R-T11)',
        description:
          `Apple: \`token\` (and the two options). ${tokenWarning} Microsoft: \`clientSecret\` ` +
          'only, checked with the store first (422 INVALID_TOKEN, field clientSecret, when it ' +
          'refuses it; nothing changes then); the directory and client ID stay; a full sync ' +
          'is queued. A field the account’s store does not take is 400 UNKNOWN_FIELD.',
        params: IdParams,
        body: Type.Object(
          {
            token: Type.Optional(Token),
            clientSecret: Type.Optional(ClientSecret),
            autoDistributeToAllUsers: Type.Optional(Type.Boolean()),
            clearPreviousLicenseData: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountWithWarnings, ...writeAndRefusals },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      const { token, clientSecret, ...options } = request.body;
      const { store } = await getAccount(ctx, actor, id);
      if (store === 'microsoft') {
        const extra = token !== undefined ? 'token' : Object.keys(options)[0];
        if (extra !== undefined) throw notForStore(extra, store, 'clientSecret');
        if (clientSecret === undefined) throw missing('clientSecret', store);
        return renewMicrosoftClientSecret(ctx, actor, id, { clientSecret });
      }
      if (clientSecret !== undefined) throw notForStore('clientSecret', store, 'token');
      if (token === undefined) throw missing('token', store);
      return renewAccountToken(ctx, actor, id, { token, ...options });
    },
  );

  api.post(
    '/accounts/:id/sync',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary: 'Sync now, or a full resync that rebuilds the counts (R-T7)',
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            { full: Type.Optional(Type.Boolean({ default: false })) },
            { additionalProperties: false },
          ),
        ),
        response: { 202: Type.Object({ jobId: Type.String() }), ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(202).send(
        await requestAccountSync(ctx, actorOf(request), request.params.id, {
          full: request.body?.full === true,
        }),
      ),
  );

  api.post(
    '/accounts/:id/claim',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary: 'Take the token over from another management product (R-T4)',
        description: tokenWarning,
        params: IdParams,
        response: { 200: AccountWithWarnings, ...writeAndRefusals },
      },
    },
    async (request) => claimAccount(ctx, actorOf(request), request.params.id),
  );

  api.delete(
    '/accounts/:id',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary:
          'Delete an account (R-T8): revokes its licences; needs confirm=true, else 400 CONFIRMATION_REQUIRED says what is lost',
        params: IdParams,
        querystring: Type.Object(
          { confirm: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ revokedLicenses: Type.Integer() }), ...writeErrors },
      },
    },
    async (request) =>
      deleteAccount(ctx, actorOf(request), request.params.id, {
        confirm: request.query.confirm === true,
      }),
  );
}

const STORE_NAMES: Record<string, string> = {
  apple: 'an Apple',
  microsoft: 'a Microsoft Store',
  isv: 'an ISV',
};

function notForStore(field: string, store: string, instead: string): ValidationError {
  return new ValidationError(
    `body.${field}: ${STORE_NAMES[store] ?? 'this'} account does not take it; send ${instead}`,
    { in: 'body', field },
    'UNKNOWN_FIELD',
  );
}

function missing(field: string, store: string): ValidationError {
  return new ValidationError(
    `body.${field}: ${STORE_NAMES[store] ?? 'this'} account renews with it`,
    {
      in: 'body',
      field,
    },
  );
}
