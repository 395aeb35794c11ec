/**
 * R-M1: the licence overview — per product its name, cost per licence, total, in use,
 * reserved, available and usage, summed over the pools of the accounts in scope, and the same
 * per account. Every count says "as of" the oldest sync of the pools it sums (R-T7).
 */
import { containsText } from '../../db/search.js';
import { poolAvailable } from '../../domain/pools.js';
import { usagePercent } from '../../domain/usage.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { costOf, type Money } from '../ledger/licenseViews.js';
import { resolveSpaceId } from '../directory/spaces.js';

/** `usage`: most used first; `name`: A to Z; a leading `-` reverses either. */
export const OVERVIEW_SORTS = ['usage', 'name', '-usage', '-name'] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];

export interface PoolCounts {
  total: number;
  inUse: number;
  reserved: number;
  /** FCFS seats left; null when a pool is unlimited (free app). */
  available: number | null;
  asOf: string | null;
}

export interface AccountUsage extends PoolCounts {
  accountId: string;
  name: string;
  spaceId: string;
}

export interface ProductUsage extends PoolCounts {
  productId: string;
  name: string;
  store: string;
  costPerLicense: Money | null;
  usagePercent: number;
  accounts: AccountUsage[];
}

export interface OverviewFilter {
  spaceId?: string;
  q?: string;
  accountId?: string;
  sort?: OverviewSort;
}

/** The oldest of the times, ignoring pools never synced (ISV seats are counted here). */
function oldest(times: ReadonlyArray<string | null>): string | null {
  const known = times.filter((t): t is string => t !== null).sort();
  return known[0] ?? null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** R-M1: usage per product (most used first by default) with a page by offset. */
export async function licenseOverview(
  ctx: ServiceContext,
  actor: Actor,
  filter: OverviewFilter,
  page: { limit: number; offset: number },
): Promise<{ items: ProductUsage[]; nextOffset: number | null }> {
  const db = ctx.db.kysely;
  const spaceId =
    filter.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, filter.spaceId);
  const rows = await db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .innerJoin('products as pr', 'pr.id', 'p.productId')
    .select([
      'p.productId',
      'p.accountId',
      'p.total',
      'p.inUse',
      'p.reserved',
      'p.unlimited',
      'p.asOf',
      'a.name as accountName',
      'a.spaceId',
      'a.priority',
      'pr.name',
      'pr.store',
      'pr.costAmount',
      'pr.costCurrency',
    ])
    .where('p.tenantId', '=', actor.tenantId)
    .where('a.status', '!=', 'deleted')
    .$if(spaceId !== null, (q) => q.where('a.spaceId', '=', spaceId))
    .$if(filter.accountId !== undefined, (q) => q.where('a.id', '=', filter.accountId!))
    .$if(filter.q !== undefined, (q) =>
      q.where(containsText(['pr.name', 'pr.bundleId'], filter.q!)),
    )
    .orderBy('a.priority')
    .orderBy('a.id')
    .execute();

  const byProduct = new Map<string, typeof rows>();
  for (const row of rows)
    byProduct.set(row.productId, [...(byProduct.get(row.productId) ?? []), row]);
  const products: ProductUsage[] = [];
  for (const [productId, pools] of byProduct) {
    const first = pools[0]!;
    const accounts = pools.map((p): AccountUsage => ({
      accountId: p.accountId,
      name: p.accountName,
      spaceId: p.spaceId,
      total: p.total,
      inUse: p.inUse,
      reserved: p.reserved,
      available: poolAvailable({ ...p, unlimited: p.unlimited === 1 }),
      asOf: p.asOf,
    }));
    const unlimited = pools.some((p) => p.unlimited === 1);
    const total = sum(accounts.map((a) => a.total));
    const inUse = sum(accounts.map((a) => a.inUse));
    products.push({
      productId,
      name: first.name,
      store: first.store,
      costPerLicense: costOf(first),
      total,
      inUse,
      reserved: sum(accounts.map((a) => a.reserved)),
      available: unlimited ? null : sum(accounts.map((a) => a.available ?? 0)),
      usagePercent: round1(usagePercent(total, inUse, unlimited)),
      asOf: oldest(accounts.map((a) => a.asOf)),
      accounts,
    });
  }
  const byName = (a: ProductUsage, b: ProductUsage) =>
    a.name.localeCompare(b.name) || (a.productId < b.productId ? -1 : 1);
  const sort = filter.sort ?? 'usage';
  const byUsage = (a: ProductUsage, b: ProductUsage) =>
    b.usagePercent - a.usagePercent || byName(a, b);
  const order = sort.endsWith('name') ? byName : byUsage;
  products.sort(sort.startsWith('-') ? (a, b) => order(b, a) : order);
  const items = products.slice(page.offset, page.offset + page.limit);
  const nextOffset = page.offset + page.limit < products.length ? page.offset + page.limit : null;
  return { items, nextOffset };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export interface AccountTotals {
  accountId: string;
  /** Products the account holds a pool of. */
  apps: number;
  /** Of those, free apps (unlimited pools), left out of total, inUse and available. */
  freeApps: number;
  /** Licences in use of the free apps. */
  freeInUse: number;
  total: number;
  inUse: number;
  reserved: number;
  /** FCFS licences left in the account's limited pools. */
  available: number;
  asOf: string | null;
}

/** Per account of the space: how many apps it holds and its licences summed over its pools. */
export async function accountTotals(
  ctx: ServiceContext,
  actor: Actor,
  filter: { spaceId?: string },
): Promise<AccountTotals[]> {
  const db = ctx.db.kysely;
  const spaceId =
    filter.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, filter.spaceId);
  const accounts = await db
    .selectFrom('accounts as a')
    .select(['a.id'])
    .where('a.tenantId', '=', actor.tenantId)
    .where('a.status', '!=', 'deleted')
    .$if(spaceId !== null, (q) => q.where('a.spaceId', '=', spaceId))
    .orderBy('a.priority')
    .orderBy('a.id')
    .execute();
  const pools = await db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .select([
      'p.accountId',
      'p.productId',
      'p.total',
      'p.inUse',
      'p.reserved',
      'p.unlimited',
      'p.asOf',
    ])
    .where('p.tenantId', '=', actor.tenantId)
    .where('a.status', '!=', 'deleted')
    .$if(spaceId !== null, (q) => q.where('a.spaceId', '=', spaceId))
    .execute();
  return accounts.map(({ id }) => {
    const own = pools.filter((p) => p.accountId === id);
    const limited = own.filter((p) => p.unlimited !== 1);
    return {
      accountId: id,
      apps: own.length,
      freeApps: own.length - limited.length,
      freeInUse: sum(own.filter((p) => p.unlimited === 1).map((p) => p.inUse)),
      total: sum(limited.map((p) => p.total)),
      inUse: sum(limited.map((p) => p.inUse)),
      reserved: sum(own.map((p) => p.reserved)),
      available: sum(limited.map((p) => poolAvailable({ ...p, unlimited: false }) ?? 0)),
      asOf: oldest(own.map((p) => p.asOf)),
    };
  });
}
