import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { MAX_INTERVAL_HOURS, MAX_RECLAIM_DAYS } from '../../domain/reclaim.js';
import { dryRunReclaim, restoreLicense } from '../../services/intelligence/reclaim.js';
import { getReclaimPolicy, putReclaimPolicy } from '../../services/intelligence/reclaimPolicy.js';
import { listWaitlist } from '../../services/intelligence/waitlist.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Id, IdParams, Page, PageQuery, readErrors, writeErrors } from '../schemas.js';
import { LicenseSchema } from './licenses.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Days = Type.Integer({
  minimum: 1,
  maximum: MAX_RECLAIM_DAYS,
  description: `Days, 1 to ${MAX_RECLAIM_DAYS}; null: not a condition`,
});

const PolicyFields = {
  enabled: Type.Boolean({ description: 'When true the policy reclaims on its schedule' }),
  deviceInactiveDays: Nullable(Days),
  notInstalledDays: Nullable(Days),
  userDeactivated: Type.Boolean(),
  intervalHours: Type.Integer({ minimum: 1, maximum: MAX_INTERVAL_HOURS }),
};

const ReclaimPolicySchema = Type.Object({
  spaceId: Type.String(),
  ...PolicyFields,
  lastRunAt: Nullable(Type.String()),
  nextRunAt: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
});

const PolicyBody = Type.Object(
  {
    enabled: Type.Optional(PolicyFields.enabled),
    deviceInactiveDays: Type.Optional(PolicyFields.deviceInactiveDays),
    notInstalledDays: Type.Optional(PolicyFields.notInstalledDays),
    userDeactivated: Type.Optional(PolicyFields.userDeactivated),
    intervalHours: Type.Optional(PolicyFields.intervalHours),
  },
  { additionalProperties: false },
);

const Reason = Type.Enum(['deviceNotCheckedIn', 'notInstalled', 'userDeactivated']);

const IdleLicenseSchema = Type.Object({
  license: Type.Object({
    id: Type.String(),
    productId: Type.String(),
    catalogAppId: Nullable(Type.String()),
    accountId: Type.String(),
    licenseType: Type.String(),
    subject: Type.Object({ type: Type.String(), id: Type.String(), name: Type.String() }),
    assignedAt: Type.String(),
  }),
  reasons: Type.Array(Reason),
  lastSeenAt: Nullable(Type.String()),
});

const WaitlistItemSchema = Type.Object({
  position: Type.Integer({ description: "The place in its app's queue: 1 is served first" }),
  catalogAppId: Type.String(),
  appName: Type.String(),
  device: Type.Object({ id: Type.String(), name: Type.String(), serialNumber: Type.String() }),
  user: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  reserved: Type.Boolean({ description: 'Reservations are served first (R-A4)' }),
  reason: Type.String(),
  queuedAt: Type.String(),
});

const tags = ['intelligence'];

/** Idle licence reclaim policies (R-X3) and the waitlist (R-X4). */
export function reclaimRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/spaces/:id/reclaim-policy',
    {
      schema: {
        tags,
        summary: "R-X3: the space's idle licence reclaim policy",
        params: IdParams,
        response: { 200: ReclaimPolicySchema, ...readErrors },
      },
    },
    async (request) => getReclaimPolicy(ctx, actorOf(request), request.params.id),
  );

  api.put(
    '/spaces/:id/reclaim-policy',
    {
      config: { permission: 'licenses:write' },
      schema: {
        tags,
        summary: "R-X3: replaces the space's reclaim policy (fields left out take their default)",
        params: IdParams,
        body: PolicyBody,
        response: { 200: ReclaimPolicySchema, ...writeErrors },
      },
    },
    async (request) => putReclaimPolicy(ctx, actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/spaces/:id/reclaim-policy/dry-run',
    {
      config: { permission: 'licenses:write' },
      schema: {
        tags,
        summary:
          "R-X3: the licences the space's policy would reclaim now, with why; changes nothing",
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            asOf: Type.String(),
            total: Nullable(Type.Integer({ description: 'In all; on the first page only' })),
            items: Type.Array(IdleLicenseSchema),
            nextCursor: Nullable(Type.String()),
          }),
          ...writeErrors,
        },
      },
    },
    async (request) => {
      const result = await dryRunReclaim(
        ctx,
        actorOf(request),
        request.params.id,
        pageRequest(request.query),
      );
      return { asOf: result.asOf, total: result.total, ...pageResponse(result) };
    },
  );

  api.post(
    '/licenses/:id/restore',
    {
      config: { permission: 'licenses:write' },
      schema: {
        tags: ['licenses'],
        summary: 'R-X3: restores a reclaimed licence while its grace runs',
        params: IdParams,
        response: { 200: LicenseSchema, ...writeErrors },
      },
    },
    async (request) => restoreLicense(ctx, actorOf(request), request.params.id),
  );

  api.get(
    '/waitlist',
    {
      schema: {
        tags,
        summary:
          "R-X4: the devices waiting for a licence of the app, in the order they're served; without an app, every queue of the scope, app by app",
        querystring: Type.Object(
          { catalogAppId: Type.Optional(Id), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(WaitlistItemSchema), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listWaitlist(
          ctx,
          actorOf(request),
          request.query.catalogAppId,
          pageRequest(request.query),
        ),
      ),
  );
}
