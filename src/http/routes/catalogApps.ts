import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import {
  createCatalogApp,
  getCatalogApp,
  listCatalogApps,
  UPDATE_MODES,
  updateCatalogApp,
} from '../../services/catalog/catalogApps.js';
import {
  delegateCatalogApp,
  deleteCatalogApp,
  previewCatalogAppDeletion,
  withdrawDelegation,
} from '../../services/catalog/delegations.js';
import { getDistribution, putDistribution } from '../../services/catalog/distributionSettings.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { Id, IdParams, Page, PageQuery, Text, readErrors, writeErrors } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const UpdateMode = Type.Enum(UPDATE_MODES);

export const CatalogAppSchema = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  spaceId: Type.String(),
  name: Type.String({ description: "The product's name" }),
  store: Type.String(),
  bundleId: Nullable(Type.String()),
  description: Nullable(Type.String()),
  installOnDevice: Type.Boolean(),
  updateMode: UpdateMode,
  delegatedSpaceIds: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const SubjectIds = Type.Array(Id, { maxItems: 5000 });

const Lists = {
  fcfsGroupIds: Type.Array(Type.String(), {
    description: 'Groups served first-come-first-served; `allUsers` is the All Users group',
  }),
  reservedUserIds: Type.Array(Type.String()),
  reservedDeviceIds: Type.Array(Type.String()),
  prohibitedUserIds: Type.Array(Type.String()),
};

const AccountDistribution = Type.Object({
  accountId: Type.String(),
  accountName: Type.String(),
  spaceId: Type.String(),
  store: Type.String(),
  priority: Type.Integer(),
  source: Type.Enum(['explicit', 'accountDefault']),
  autoDistributeToAllUsers: Type.Boolean(),
  ...Lists,
  pool: Type.Object({
    total: Type.Integer(),
    inUse: Type.Integer(),
    reserved: Type.Integer(),
    available: Nullable(Type.Integer()),
  }),
});

const Revoked = Type.Object({ revokedLicenses: Type.Integer() });

const DeletionPreview = Type.Object({
  catalogAppId: Type.String(),
  name: Type.String(),
  licensesToRevoke: Type.Integer({ description: 'Active licences deleting revokes (R-V2)' }),
  installs: Type.Integer({
    description: 'Installs not yet removed: iOS/iPadOS uninstall, macOS keeps the app (R-V5)',
  }),
  assignments: Type.Integer({ description: 'Assignments deleted with the app' }),
  distributionEntries: Type.Integer({ description: 'Entries of its distribution lists (R-A3)' }),
  delegatedSpaceIds: Type.Array(Type.String()),
  blockedBy: Nullable(
    Type.Object(
      { code: Type.String(), message: Type.String() },
      {
        description: 'Why DELETE would be refused (e.g. STORE_MANAGED_APP); null when allowed',
      },
    ),
  ),
});

export function catalogAppRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['catalog'];

  api.post(
    '/catalog-apps',
    {
      config: { permission: 'catalog:write' },
      schema: {
        tags,
        body: Type.Object(
          {
            productId: Id,
            spaceId: Type.Optional(Id),
            description: Type.Optional(Text(4000, { minLength: 0 })),
            installOnDevice: Type.Optional(Type.Boolean()),
            updateMode: Type.Optional(UpdateMode),
          },
          { additionalProperties: false },
        ),
        response: { 201: CatalogAppSchema, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCatalogApp(ctx, actorOf(request), request.body)),
  );

  api.get(
    '/catalog-apps',
    {
      schema: {
        tags,
        summary: 'Apps of a space and apps delegated to it; q matches the name or bundle ID',
        querystring: Type.Object(
          {
            spaceId: Type.Optional(Id),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(CatalogAppSchema), ...readErrors },
      },
    },
    async (request) => {
      const { spaceId, q } = request.query;
      return pageResponse(
        await listCatalogApps(ctx, actorOf(request), { spaceId, q }, pageRequest(request.query)),
      );
    },
  );

  api.get(
    '/catalog-apps/:id',
    { schema: { tags, params: IdParams, response: { 200: CatalogAppSchema, ...readErrors } } },
    async (request) => getCatalogApp(ctx, actorOf(request), request.params.id),
  );

  api.patch(
    '/catalog-apps/:id',
    {
      config: { permission: 'catalog:write' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          {
            description: Type.Optional(Nullable(Text(4000, { minLength: 0 }))),
            installOnDevice: Type.Optional(Type.Boolean()),
            updateMode: Type.Optional(UpdateMode),
          },
          { additionalProperties: false },
        ),
        response: { 200: CatalogAppSchema, ...writeErrors },
      },
    },
    async (request) => updateCatalogApp(ctx, actorOf(request), request.params.id, request.body),
  );

  api.delete(
    '/catalog-apps/:id',
    {
      config: { permission: 'catalog:write' },
      schema: {
        tags,
        summary: 'Deletes the app from the catalog; its licences are revoked (R-V2, R-V5)',
        params: IdParams,
        response: { 200: Revoked, ...writeErrors },
      },
    },
    async (request) => deleteCatalogApp(ctx, actorOf(request), request.params.id),
  );

  api.get(
    '/catalog-apps/:id/deletion-preview',
    {
      config: { permission: 'catalog:write' },
      schema: {
        tags,
        summary: 'What deleting the app would do, counted without changing anything',
        params: IdParams,
        response: { 200: DeletionPreview, ...readErrors },
      },
    },
    async (request) => previewCatalogAppDeletion(ctx, actorOf(request), request.params.id),
  );

  api.post(
    '/catalog-apps/:id/delegations',
    {
      config: { permission: 'catalog:write' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ spaceId: Id }, { additionalProperties: false }),
        response: { 201: CatalogAppSchema, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await delegateCatalogApp(ctx, actorOf(request), request.params.id, request.body)),
  );

  api.delete(
    '/catalog-apps/:id/delegations/:spaceId',
    {
      config: { permission: 'catalog:write' },
      schema: {
        tags,
        summary: 'Withdraws the delegation; the licences held in that space are revoked (R-V5)',
        params: Type.Object({ id: Id, spaceId: Id }),
        response: { 200: Revoked, ...writeErrors },
      },
    },
    async (request) =>
      withdrawDelegation(ctx, actorOf(request), request.params.id, request.params.spaceId),
  );

  api.get(
    '/catalog-apps/:id/distribution',
    {
      schema: {
        tags,
        summary: 'R-A3: the lists of the app on every account holding its product',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(AccountDistribution) }), ...readErrors },
      },
    },
    async (request) => ({
      items: await getDistribution(ctx, actorOf(request), request.params.id),
    }),
  );

  api.put(
    '/catalog-apps/:id/distribution/:accountId',
    {
      config: { permission: 'distribution:write' },
      schema: {
        tags,
        summary: 'R-A3: replaces the lists of the app on one account (an omitted list is empty)',
        params: Type.Object({ id: Id, accountId: Id }),
        body: Type.Object(
          {
            fcfsGroupIds: Type.Optional(SubjectIds),
            reservedUserIds: Type.Optional(SubjectIds),
            reservedDeviceIds: Type.Optional(SubjectIds),
            prohibitedUserIds: Type.Optional(SubjectIds),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountDistribution, ...writeErrors },
      },
    },
    async (request) =>
      putDistribution(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.accountId,
        request.body,
      ),
  );
}
