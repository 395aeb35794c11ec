import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { deleteAccount } from '../../services/accountDeletion.js';
import { requestAccountSync } from '../../services/accountJobs.js';
import {
  ACCOUNT_STATUSES,
  getAccount,
  listAccounts,
  MAX_SYNC_INTERVAL_MINUTES,
  MIN_SYNC_INTERVAL_MINUTES,
  updateAccount,
} from '../../services/accounts.js';
import { TOKEN_SHARING_WARNING } from '../../services/accountStore.js';
import {
  claimAccount,
  createAppleAccount,
  renewAccountToken,
} from '../../services/accountTokens.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import {
  ErrorBody,
  Id,
  IdParams,
  Page,
  PageQuery,
  Text,
  readErrors,
  writeErrors,
} from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Status = Type.Enum(ACCOUNT_STATUSES);

/** An account as the API shows it: never the token (R-S3). */
export const AccountSchema = Type.Object({
  id: Type.String(),
  store: Type.String(),
  spaceId: Type.String(),
  name: Type.String(),
  priority: Type.Integer({ description: '1 = tried first among the space’s accounts (R-T9)' }),
  status: Status,
  statusReason: Nullable(Type.String()),
  authProblem: Nullable(Type.String({ description: 'R-T10, while status is error' })),
  organizationName: Nullable(Type.String()),
  locationName: Nullable(Type.String()),
  appleId: Nullable(Type.String()),
  accountType: Nullable(Type.String()),
  autoDistributeToAllUsers: Type.Boolean(),
  clearPreviousLicenseData: Type.Boolean(),
  tokenCreatedAt: Nullable(Type.String()),
  tokenExpiresAt: Nullable(Type.String()),
  syncIntervalMinutes: Type.Integer(),
  lastSyncAt: Nullable(
    Type.String({ description: 'Last successful sync: every count is as of this time' }),
  ),
  lastFullSyncAt: Nullable(Type.String()),
  nextSyncAt: Nullable(Type.String()),
  untrackedLicenses: Type.Integer({
    description: 'Licences the store holds for this token that another product assigned (R-T5)',
  }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const AccountWithWarnings = Type.Intersect([
  AccountSchema,
  Type.Object({
    warnings: Type.Array(Type.String()),
    syncJobId: Nullable(Type.String()),
  }),
]);

const Token = Type.String({
  minLength: 1,
  maxLength: 20_000,
  description: 'The content of the .vpptoken file (never returned)',
});

const tokenWarning = `Warning: ${TOKEN_SHARING_WARNING}`;

const writeAndRefusals = { ...writeErrors, 422: ErrorBody, 503: ErrorBody };

export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['accounts'];

  api.post(
    '/accounts',
    {
      config: { permission: 'accounts:write' },
      schema: {
        tags,
        summary: 'Add an Apple Apps and Books location (R-T2, R-T3)',
        description: `${tokenWarning} The first full sync is queued (syncJobId).`,
        body: Type.Object(
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
        ),
        response: { 201: AccountWithWarnings, ...writeAndRefusals },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAppleAccount(ctx, actorOf(request), request.body)),
  );

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
        summary: 'Rename, reorder (R-T9: renumbers 1..n, moves no licence) or reschedule',
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
        summary: 'Renew the token in place (R-T6): same location, every licence kept',
        description: tokenWarning,
        params: IdParams,
        body: Type.Object(
          {
            token: Token,
            autoDistributeToAllUsers: Type.Optional(Type.Boolean()),
            clearPreviousLicenseData: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountWithWarnings, ...writeAndRefusals },
      },
    },
    async (request) => renewAccountToken(ctx, actorOf(request), request.params.id, request.body),
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
