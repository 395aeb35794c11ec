/**
 * Products and their licence pools (API.md "Products and licence pools"). Products come from
 * the stores (sync); a space-scoped actor sees the products its space holds or offers, and
 * only the pools of its space's accounts (R-S2).
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, PoolTable, ProductTable } from '../../db/schema.js';
import { containsText } from '../../db/search.js';
import { NotFoundError } from '../../domain/errors.js';
import { poolAvailable } from '../../domain/pools.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { costOf, type Money } from '../ledger/licenseViews.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';

export interface ProductPool {
  accountId: string;
  accountName: string;
  spaceId: string;
  /** null for free (unlimited) products. */
  total: number | null;
  inUse: number;
  reserved: number;
  /** First-come-first-served seats left; null when unlimited. */
  available: number | null;
  unlimited: boolean;
  /** Seats the store shows as assigned by another product (R-T5), not counted in `total`. */
  untracked: number;
  /** The counts are as of this time (the account's last sync, R-T7). */
  asOf: string | null;
}

export interface Product {
  id: string;
  store: string;
  storeProductId: string;
  pricingParam: string;
  kind: 'app' | 'book';
  name: string;
  bundleId: string | null;
  version: string | null;
  platforms: string[];
  costPerLicense: Money | null;
  deviceAssignable: boolean;
  revocable: boolean;
  pools: ProductPool[];
}

type PoolRow = PoolTable & { accountName: string; spaceId: string };

function presentPool(row: PoolRow): ProductPool {
  const unlimited = row.unlimited === 1;
  return {
    accountId: row.accountId,
    accountName: row.accountName,
    spaceId: row.spaceId,
    total: unlimited ? null : row.total,
    inUse: row.inUse,
    reserved: row.reserved,
    available: poolAvailable({ ...row, unlimited }),
    unlimited,
    untracked: row.untracked ?? 0,
    asOf: row.asOf,
  };
}

function presentProduct(row: ProductTable, pools: PoolRow[]): Product {
  return {
    id: row.id,
    store: row.store,
    storeProductId: row.storeProductId,
    pricingParam: row.pricingParam,
    kind: row.kind as Product['kind'],
    name: row.name,
    bundleId: row.bundleId,
    version: row.version,
    platforms: JSON.parse(row.platforms) as string[],
    costPerLicense: costOf(row),
    deviceAssignable: row.deviceAssignable === 1,
    revocable: row.revocable === 1,
    pools: pools.filter((p) => p.productId === row.id).map(presentPool),
  };
}

/** A space-scoped actor sees a product its space's accounts hold, or its catalog offers. */
function visibleTo(spaceId: string) {
  return (eb: ExpressionBuilder<Database, 'products'>) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('pools')
          .innerJoin('accounts', 'accounts.id', 'pools.accountId')
          .select('pools.id')
          .whereRef('pools.productId', '=', 'products.id')
          .where('accounts.spaceId', '=', spaceId)
          .where('accounts.status', '!=', 'deleted'),
      ),
      eb.exists(
        eb
          .selectFrom('catalogApps')
          .select('catalogApps.id')
          .whereRef('catalogApps.productId', '=', 'products.id')
          .where((inner) =>
            inner.or([
              inner('catalogApps.spaceId', '=', spaceId),
              inner.exists(
                inner
                  .selectFrom('catalogAppDelegations')
                  .select('catalogAppDelegations.catalogAppId')
                  .whereRef('catalogAppDelegations.catalogAppId', '=', 'catalogApps.id')
                  .where('catalogAppDelegations.spaceId', '=', spaceId),
              ),
            ]),
          ),
      ),
    ]);
}

async function poolsOf(
  db: Kysely<Database>,
  actor: Actor,
  productIds: string[],
): Promise<PoolRow[]> {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('pools')
    .innerJoin('accounts', 'accounts.id', 'pools.accountId')
    .selectAll('pools')
    .select(['accounts.name as accountName', 'accounts.spaceId', 'accounts.priority'])
    .where('pools.tenantId', '=', actor.tenantId)
    .where('pools.productId', 'in', productIds)
    .where('accounts.status', '!=', 'deleted')
    .$if(actor.spaceId !== null, (q) => q.where('accounts.spaceId', '=', actor.spaceId))
    .orderBy('accounts.spaceId')
    .orderBy('accounts.priority')
    .orderBy('accounts.id')
    .execute();
}

export async function listProducts(
  ctx: ServiceContext,
  actor: Actor,
  filter: { store?: string; q?: string },
  page: PageRequest,
): Promise<Page<Product>> {
  const db = ctx.db.kysely;
  const rows = await db
    .selectFrom('products')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(filter.store !== undefined, (q) => q.where('store', '=', filter.store!))
    .$if(filter.q !== undefined, (q) =>
      q.where(containsText(['name', 'bundleId', 'storeProductId'], filter.q!)),
    )
    .$if(actor.spaceId !== null, (q) => q.where(visibleTo(actor.spaceId!)))
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const pools = await poolsOf(
    db,
    actor,
    rows.map((r) => r.id),
  );
  return toPage(
    rows.map((row) => presentProduct(row, pools)),
    page.limit,
  );
}

export async function getProduct(ctx: ServiceContext, actor: Actor, id: string): Promise<Product> {
  const db = ctx.db.kysely;
  const row = await db
    .selectFrom('products')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .$if(actor.spaceId !== null, (q) => q.where(visibleTo(actor.spaceId!)))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('product', id);
  return presentProduct(row, await poolsOf(db, actor, [id]));
}
