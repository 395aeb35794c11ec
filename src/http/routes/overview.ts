import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../domain/errors.js';
import {
  APP_LICENSE_TABS,
  listAppLicenses,
  listCatalogAppActivity,
} from '../../services/ledger/appLicenses.js';
import {
  accountTotals,
  licenseOverview,
  OVERVIEW_SORTS,
} from '../../services/monitoring/overview.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Id, IdParams, Page, PageQuery, readErrors } from '../schemas.js';
import { LicenseSchema, Money } from './licenses.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Counts = {
  total: Type.Integer(),
  inUse: Type.Integer(),
  reserved: Type.Integer(),
  available: Nullable(Type.Integer()),
  asOf: Nullable(Type.String()),
};

const AccountUsage = Type.Object({
  accountId: Type.String(),
  name: Type.String(),
  spaceId: Type.String(),
  ...Counts,
});

const ProductUsage = Type.Object({
  productId: Type.String(),
  name: Type.String(),
  store: Type.String(),
  costPerLicense: Nullable(Money),
  ...Counts,
  usagePercent: Type.Number(),
  accounts: Type.Array(AccountUsage),
});

const AppAccountUsage = Type.Object({
  ...AccountUsage.properties,
  licenses: Type.Object({ fcfs: Type.Integer(), reserved: Type.Integer() }),
  prohibitedUsers: Type.Integer(),
});

const AppLicenseItem = Type.Object({
  accountId: Type.String(),
  distribution: Type.Enum(APP_LICENSE_TABS),
  subject: Type.Object({
    type: Type.Enum(['user', 'device']),
    id: Type.String(),
    name: Type.String(),
  }),
  licenseType: Nullable(Type.Enum(['user', 'device'])),
  assignedAt: Nullable(Type.String()),
  lastAction: Nullable(Type.String()),
  license: Nullable(LicenseSchema),
});

const ActivityEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.Object({ type: Type.String(), id: Nullable(Type.String()), name: Type.String() }),
  action: Type.String(),
  subject: Type.Object({ type: Type.String(), id: Type.String(), name: Nullable(Type.String()) }),
  spaceId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  store: Type.Union([Type.String(), Type.Null()], {
    description: 'apple, microsoft or isv when the subject belongs to a store',
  }),
});

/** Views sorted by something else than ID page by position; the cursor hides which. */
function offsetOf(after: string | undefined): number {
  if (after === undefined) return 0;
  if (!/^\d{1,9}$/.test(after)) {
    throw new ValidationError(
      'The cursor is not one this server gave out',
      { field: 'cursor' },
      'INVALID_CURSOR',
    );
  }
  return Number(after);
}

export function overviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/licenses/overview',
    {
      schema: {
        tags: ['licenses'],
        summary:
          'R-M1: licences per product and per account; sort by usage (most used first) or name, -usage or -name for the reverse; q matches the name or bundle ID',
        querystring: Type.Object(
          {
            spaceId: Type.Optional(Id),
            accountId: Type.Optional(Id),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            sort: Type.Optional(Type.Enum(OVERVIEW_SORTS)),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ProductUsage), ...readErrors },
      },
    },
    async (request) => {
      const { spaceId, accountId, q, sort } = request.query;
      const page = pageRequest(request.query);
      const result = await licenseOverview(
        ctx,
        actorOf(request),
        { spaceId, accountId, q, sort },
        { limit: page.limit, offset: offsetOf(page.after) },
      );
      return pageResponse({
        items: result.items,
        nextAfter: result.nextOffset === null ? null : String(result.nextOffset),
      });
    },
  );

  api.get(
    '/licenses/overview/accounts',
    {
      schema: {
        tags: ['licenses'],
        summary:
          'Per store account of the space: the apps it holds and its licences (free apps apart)',
        querystring: Type.Object({ spaceId: Type.Optional(Id) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                accountId: Type.String(),
                apps: Type.Integer(),
                freeApps: Type.Integer({ description: 'Apps with unlimited (free) licences' }),
                freeInUse: Type.Integer({ description: 'Licences in use of the free apps' }),
                total: Type.Integer({ description: 'Licences of the paid apps' }),
                inUse: Type.Integer(),
                reserved: Type.Integer(),
                available: Type.Integer(),
                asOf: Nullable(Type.String()),
              }),
            ),
          }),
          ...readErrors,
        },
      },
    },
    async (request) => ({
      items: await accountTotals(ctx, actorOf(request), { spaceId: request.query.spaceId }),
    }),
  );

  api.get(
    '/catalog-apps/:id/licenses',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'R-M4: licence usage of the app per account; one tab per distribution type; q matches user names',
        params: IdParams,
        querystring: Type.Object(
          {
            distribution: Type.Optional(Type.Enum(APP_LICENSE_TABS)),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            accountId: Type.Optional(Id),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            accounts: Type.Array(AppAccountUsage),
            items: Type.Array(AppLicenseItem),
            nextCursor: Nullable(Type.String()),
          }),
          ...readErrors,
        },
      },
    },
    async (request) => {
      const { distribution, q, accountId } = request.query;
      const page = pageRequest(request.query);
      if (distribution === 'prohibited') offsetOf(page.after);
      const result = await listAppLicenses(
        ctx,
        actorOf(request),
        request.params.id,
        { distribution, q, accountId },
        page,
      );
      return { accounts: result.accounts, ...pageResponse(result) };
    },
  );

  api.get(
    '/catalog-apps/:id/activity',
    {
      schema: {
        tags: ['catalog'],
        summary: 'R-M4: the activity of the app and of its licences',
        params: IdParams,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(ActivityEntry), ...readErrors },
      },
    },
    async (request) =>
      pageResponse(
        await listCatalogAppActivity(
          ctx,
          actorOf(request),
          request.params.id,
          pageRequest(request.query),
        ),
      ),
  );
}
