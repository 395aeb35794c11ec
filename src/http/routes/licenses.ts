import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  getLicense,
  listDeviceApps,
  listLicenses,
  listUserLicenses,
} from '../../services/ledger/licenseViews.js';
import { sendInvitation } from '../../services/directory/invitations.js';
import { revokeAllForCatalogApp, revokeLicense } from '../../services/ledger/revoke.js';
import { actorOf } from '../auth.js';
import { UserSchema } from './users.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Id, IdParams, Page, PageQuery, readErrors, writeErrors } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

export const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() });

export const LicenseSchema = Type.Object({
  id: Type.String(),
  store: Type.String({ description: 'apple, microsoft or isv' }),
  productId: Type.String(),
  catalogAppId: Nullable(Type.String()),
  accountId: Type.String(),
  spaceId: Type.String(),
  licenseType: Type.Enum(['user', 'device']),
  subject: Type.Object({
    type: Type.Enum(['user', 'device']),
    id: Type.String(),
    name: Type.String(),
  }),
  serialNumber: Nullable(Type.String()),
  distribution: Type.Enum(['fcfs', 'reserved']),
  state: Type.Enum(['active', 'revoked']),
  storeState: Type.String({
    description: 'pending until the store confirmed the licence; confirmed; refused',
  }),
  assignedAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  graceUntil: Nullable(Type.String()),
  lastAction: Type.String(),
  restorableUntil: Nullable(
    Type.String({
      description:
        'R-X3: until when a licence a reclaim policy took back can be restored (POST /licenses/{id}/restore); null for any other',
    }),
  ),
});

const UserLicense = Type.Intersect([
  LicenseSchema,
  Type.Object({
    name: Type.String(),
    version: Nullable(Type.String()),
    costPerLicense: Nullable(Money),
    platforms: Type.Array(Type.String()),
  }),
]);

const DeviceApp = Type.Object({
  catalogAppId: Type.String(),
  store: Type.String({ description: 'apple, microsoft or isv' }),
  productId: Type.String(),
  name: Type.String(),
  bundleId: Nullable(Type.String()),
  version: Nullable(Type.String()),
  platforms: Type.Array(Type.String()),
  source: Type.String(),
  size: Nullable(Type.Integer()),
  state: Type.String(),
  reason: Nullable(Type.String()),
  installedAt: Nullable(Type.String()),
  license: Nullable(LicenseSchema),
});

const State = Type.Optional(Type.Enum(['active', 'revoked']));

export function licenseRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/licenses',
    {
      schema: {
        tags: ['licenses'],
        querystring: Type.Object(
          {
            accountId: Type.Optional(Id),
            productId: Type.Optional(Id),
            subjectId: Type.Optional(Id),
            spaceId: Type.Optional(Id),
            state: State,
            restorable: Type.Optional(
              Type.Boolean({
                description:
                  'R-X3: only the licences a reclaim policy took back that can still be restored',
              }),
            ),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(LicenseSchema), ...readErrors },
      },
    },
    async (request) => {
      const { accountId, productId, subjectId, spaceId, state, restorable } = request.query;
      return pageResponse(
        await listLicenses(
          ctx,
          actorOf(request),
          {
            accountId,
            productId,
            subjectId,
            spaceId,
            state,
            ...(restorable === true ? { restorableAt: ctx.clock.now() } : {}),
          },
          pageRequest(request.query),
        ),
      );
    },
  );

  api.get(
    '/licenses/:id',
    {
      schema: {
        tags: ['licenses'],
        params: IdParams,
        response: { 200: LicenseSchema, ...readErrors },
      },
    },
    async (request) => getLicense(ctx, actorOf(request), request.params.id),
  );

  api.get(
    '/users/:id/licenses',
    {
      schema: {
        tags: ['users'],
        summary: "A user's licences and the device licences of their devices (R-M2)",
        params: IdParams,
        querystring: Type.Object({ state: State, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(UserLicense), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listUserLicenses(
          ctx,
          actorOf(request),
          request.params.id,
          { state: request.query.state },
          pageRequest(request.query),
        ),
      ),
  );

  api.get(
    '/devices/:id/apps',
    {
      schema: {
        tags: ['devices'],
        summary: "A device's managed apps with their licences (R-M3); q matches name or bundle ID",
        params: IdParams,
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(DeviceApp), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listDeviceApps(
          ctx,
          actorOf(request),
          request.params.id,
          { q: request.query.q },
          pageRequest(request.query),
        ),
      ),
  );

  api.post(
    '/licenses/:id/revoke',
    {
      config: { permission: 'licenses:write' },
      schema: {
        tags: ['licenses'],
        summary:
          'Revoke one licence (R-V3); the seat returns at once, iOS apps keep working 30 days',
        params: IdParams,
        response: { 200: LicenseSchema, ...writeErrors },
      },
    },
    async (request) => revokeLicense(ctx, actorOf(request), request.params.id),
  );

  api.post(
    '/catalog-apps/:id/revoke-all',
    {
      config: { permission: 'licenses:write' },
      schema: {
        tags: ['licenses'],
        summary: 'Revoke every licence of the app across every account (R-V3)',
        params: IdParams,
        response: { 200: Type.Object({ revoked: Type.Integer() }), ...writeErrors },
      },
    },
    async (request) => revokeAllForCatalogApp(ctx, actorOf(request), request.params.id),
  );

  api.post(
    '/users/:id/invite',
    {
      config: { permission: 'licenses:write' },
      schema: {
        tags: ['users'],
        summary: "Send the store's invitation to the user (R-A10)",
        params: IdParams,
        response: { 200: UserSchema, ...writeErrors },
      },
    },
    async (request) => sendInvitation(ctx, actorOf(request), request.params.id),
  );
}
