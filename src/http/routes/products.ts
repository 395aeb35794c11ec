import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { getProduct, listProducts } from '../../services/catalog/products.js';
import { actorOf } from '../auth.js';
import { pageRequest, pageResponse } from '../pagination.js';
import { IdParams, Page, PageQuery, Text, readErrors } from '../schemas.js';
import { Money } from './licenses.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

const Pool = Type.Object({
  accountId: Type.String(),
  accountName: Type.String(),
  spaceId: Type.String(),
  total: Nullable(Type.Integer({ description: 'null for free (unlimited) products' })),
  inUse: Type.Integer(),
  reserved: Type.Integer(),
  available: Nullable(Type.Integer()),
  unlimited: Type.Boolean(),
  untracked: Type.Integer({
    description: 'Seats another product assigned at the store; not part of total (R-T5)',
  }),
  asOf: Nullable(Type.String({ description: 'The counts are as of this sync (R-T7)' })),
});

export const ProductSchema = Type.Object({
  id: Type.String(),
  store: Type.String(),
  storeProductId: Type.String(),
  pricingParam: Type.String(),
  kind: Type.Union([Type.Literal('app'), Type.Literal('book')]),
  name: Type.String(),
  bundleId: Nullable(Type.String()),
  version: Nullable(Type.String()),
  platforms: Type.Array(Type.String()),
  costPerLicense: Nullable(Money),
  deviceAssignable: Type.Boolean(),
  revocable: Type.Boolean(),
  pools: Type.Array(Pool),
});

export function productRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['products'];

  api.get(
    '/products',
    {
      schema: {
        tags,
        summary: 'Products bought in the stores, with their licence pools',
        querystring: Type.Object(
          {
            store: Type.Optional(Text(20)),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ProductSchema), ...readErrors },
      },
    },
    async (request) => {
      const { store, q } = request.query;
      return pageResponse(
        await listProducts(ctx, actorOf(request), { store, q }, pageRequest(request.query)),
      );
    },
  );

  api.get(
    '/products/:id',
    { schema: { tags, params: IdParams, response: { 200: ProductSchema, ...readErrors } } },
    async (request) => getProduct(ctx, actorOf(request), request.params.id),
  );
}
