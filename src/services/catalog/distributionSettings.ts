/**
 * R-A3: who may take a licence of a catalog app from one account: first-come-first-served
 * groups (All Users is `allUsers`), reserved users and devices, prohibited users, combined.
 * Stored as distribution_entries rows, one per listed subject, plus a `configured` row that
 * marks the list as explicit (an explicit empty list is still explicit).
 *
 * R-A2: the view shows the list the rules use (domain/distribution.ts): the stored one once
 * set, else the account's default (All Users with `autoDistributeToAllUsers`), marked
 * `accountDefault` — what it shows is exactly who can get a licence.
 *
 * A reservation holds a seat (R-A4): after any change the pool's `reserved` is recounted —
 * reserved subjects of the account for apps of the product that hold no active licence of the
 * pool — with the pool rows locked, the one place a counter is written absolutely.
 */
import type { Kysely } from 'kysely';
import type { AccountTable, Database, PoolTable } from '../../db/schema.js';
import type { Dialect } from '../../db/dialect.js';
import { lockPools } from '../../db/locks.js';
import { unfulfilledReservations } from '../ledger/reservations.js';
import {
  ALL_USERS_GROUP_ID,
  distributionFor,
  effectiveDistribution,
} from '../../domain/distribution.js';
import type { DistributionSource } from '../../domain/types.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { poolAvailable } from '../../domain/pools.js';
import type { StoreContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { getCatalogAppAccess, type CatalogAppAccess } from './catalogApps.js';
import { reconcileCatalogApp } from '../ledger/reconcile.js';
import { toDistributions, toDomainAccount } from '../ledger/ruleInputs.js';

export const ENTRY_KINDS = {
  fcfsGroupIds: 'fcfsGroup',
  reservedUserIds: 'reservedUser',
  reservedDeviceIds: 'reservedDevice',
  prohibitedUserIds: 'prohibitedUser',
} as const;

/** The marker row of an explicit list; its subject is empty. */
const CONFIGURED = 'configured';

export type ListName = keyof typeof ENTRY_KINDS;
const LIST_NAMES = Object.keys(ENTRY_KINDS) as ListName[];

export type DistributionLists = Record<ListName, string[]>;

export interface AccountDistribution extends DistributionLists {
  accountId: string;
  accountName: string;
  spaceId: string;
  store: string;
  priority: number;
  /** `explicit` once set through the API; else the account's default (R-A2, R-T2). */
  source: DistributionSource;
  autoDistributeToAllUsers: boolean;
  pool: { total: number; inUse: number; reserved: number; available: number | null };
}

function emptyLists(): DistributionLists {
  return { fcfsGroupIds: [], reservedUserIds: [], reservedDeviceIds: [], prohibitedUserIds: [] };
}

/** R-A2: the lists of the app on the account as the rules read them, from its stored entries. */
function effectiveLists(
  catalogAppId: string,
  account: AccountTable,
  entries: ReadonlyArray<{ kind: string; subjectId: string }>,
): DistributionLists & { source: DistributionSource } {
  const stored = toDistributions(
    entries.map((e) => ({ catalogAppId, accountId: account.id, ...e })),
  );
  const list = effectiveDistribution(
    toDomainAccount(account),
    distributionFor(catalogAppId, account.id, stored),
  );
  const lists = emptyLists();
  for (const name of LIST_NAMES) lists[name] = [...list[name]].sort();
  return { ...lists, source: list.source };
}

function present(
  catalogAppId: string,
  account: AccountTable,
  pool: Pick<PoolTable, 'productId' | 'total' | 'inUse' | 'reserved' | 'unlimited'>,
  entries: ReadonlyArray<{ kind: string; subjectId: string }>,
): AccountDistribution {
  const { source, ...lists } = effectiveLists(catalogAppId, account, entries);
  return {
    accountId: account.id,
    accountName: account.name,
    spaceId: account.spaceId,
    store: account.store,
    priority: account.priority,
    source,
    autoDistributeToAllUsers: account.autoDistributeToAllUsers === 1,
    ...lists,
    pool: {
      total: pool.total,
      inUse: pool.inUse,
      reserved: pool.reserved,
      available: poolAvailable({ ...pool, accountId: account.id, unlimited: pool.unlimited === 1 }),
    },
  };
}

/** The distribution of the app on every account holding its product, in the spaces it is in. */
export async function getDistribution(
  ctx: StoreContext,
  actor: Actor,
  catalogAppId: string,
): Promise<AccountDistribution[]> {
  const db = ctx.db.kysely;
  const access = await getCatalogAppAccess(db, actor, catalogAppId);
  const spaceIds = actor.spaceId === null ? access.spaceIds : [actor.spaceId];
  const rows = await db
    .selectFrom('accounts as a')
    .innerJoin('pools as p', 'p.accountId', 'a.id')
    .selectAll('a')
    .select(['p.productId', 'p.total', 'p.inUse', 'p.reserved', 'p.unlimited'])
    .where('a.tenantId', '=', actor.tenantId)
    .where('a.spaceId', 'in', spaceIds)
    .where('a.status', '!=', 'deleted')
    .where('p.productId', '=', access.row.productId)
    .execute();
  const entries = await db
    .selectFrom('distributionEntries')
    .select(['accountId', 'kind', 'subjectId'])
    .where('tenantId', '=', actor.tenantId)
    .where('catalogAppId', '=', catalogAppId)
    .execute();
  const spaceOrder = (id: string) => access.spaceIds.indexOf(id);
  return rows
    .sort(
      (a, b) =>
        spaceOrder(a.spaceId) - spaceOrder(b.spaceId) ||
        a.priority - b.priority ||
        (a.id < b.id ? -1 : 1),
    )
    .map((r) =>
      present(
        catalogAppId,
        r,
        r,
        entries.filter((e) => e.accountId === r.id),
      ),
    );
}

/**
 * R-A3: replaces the lists of the app on one account; from then on they replace the account's
 * default (R-A2). Subjects must exist in the account's space, which is the app's space or one it
 * is delegated to, and the account must hold the app's product. When the list narrows — a
 * group or subject taken off it (the default All Users included) or a user newly prohibited —
 * the licences of the app are re-evaluated and those of subjects no longer listed revoked
 * (R-V7, R-A5, with R-V5 and R-V4).
 */
export async function putDistribution(
  ctx: StoreContext,
  actor: Actor,
  catalogAppId: string,
  accountId: string,
  input: Partial<DistributionLists>,
): Promise<AccountDistribution> {
  const lists = emptyLists();
  for (const name of LIST_NAMES) lists[name] = [...new Set(input[name] ?? [])];
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const access = await getCatalogAppAccess(trx, actor, catalogAppId);
    const { account, pool } = await accountHoldingProduct(trx, actor, access, accountId);
    await lockPools(trx, ctx.db.dialect, [pool.id]);
    await checkListedSubjects(trx, actor, account.spaceId, lists);

    const before = await trx
      .selectFrom('distributionEntries')
      .select(['kind', 'subjectId'])
      .where('tenantId', '=', actor.tenantId)
      .where('catalogAppId', '=', catalogAppId)
      .where('accountId', '=', accountId)
      .execute();
    const beforeLists = present(catalogAppId, account, pool, before);
    const next = LIST_NAMES.flatMap((name) =>
      lists[name].map((subjectId) => ({ kind: ENTRY_KINDS[name], subjectId })),
    );
    // Compared with the list the rules used before, the account's default included.
    const someoneRemoved = (['fcfsGroupIds', 'reservedUserIds', 'reservedDeviceIds'] as const).some(
      (name) => beforeLists[name].some((id) => !lists[name].includes(id)),
    );
    const someoneProhibited = lists.prohibitedUserIds.some(
      (id) => !beforeLists.prohibitedUserIds.includes(id),
    );

    await trx
      .deleteFrom('distributionEntries')
      .where('tenantId', '=', actor.tenantId)
      .where('catalogAppId', '=', catalogAppId)
      .where('accountId', '=', accountId)
      .execute();
    const rows = [...next, { kind: CONFIGURED, subjectId: '' }].map((e) => ({
      tenantId: actor.tenantId,
      catalogAppId,
      accountId,
      kind: e.kind,
      subjectId: e.subjectId,
      createdAt: now.toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('distributionEntries')
        .values(rows.slice(i, i + 500))
        .execute();
    }

    if (someoneRemoved || someoneProhibited) {
      await reconcileCatalogApp(trx, actor, { catalogAppId }, now);
    }
    await recomputeReserved(trx, ctx.db.dialect, actor.tenantId, access.row.productId, [accountId]);

    const poolNow = await trx
      .selectFrom('pools')
      .selectAll()
      .where('id', '=', pool.id)
      .executeTakeFirstOrThrow();
    const after = present(catalogAppId, account, poolNow, [
      ...next,
      { kind: CONFIGURED, subjectId: '' },
    ]);
    await recordActivity(trx, actor, now, {
      action: 'distribution.update',
      subject: { type: 'catalogApp', id: catalogAppId, name: access.product.name },
      spaceId: account.spaceId,
      before: { accountId, source: beforeLists.source, ...listsOf(beforeLists) },
      after: { accountId, source: after.source, ...listsOf(after) },
    });
    return after;
  });
}

function listsOf(d: AccountDistribution): DistributionLists {
  return {
    fcfsGroupIds: d.fcfsGroupIds,
    reservedUserIds: d.reservedUserIds,
    reservedDeviceIds: d.reservedDeviceIds,
    prohibitedUserIds: d.prohibitedUserIds,
  };
}

/** The account (visible to the actor, in one of the app's spaces) and its pool of the product. */
export async function accountHoldingProduct(
  db: Kysely<Database>,
  actor: Actor,
  access: CatalogAppAccess,
  accountId: string,
): Promise<{ account: AccountTable; pool: PoolTable }> {
  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', accountId)
    .where('status', '!=', 'deleted')
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .executeTakeFirst();
  if (account === undefined) throw new NotFoundError('account', accountId);
  if (!access.spaceIds.includes(account.spaceId)) {
    throw new ConflictError(
      'SPACE_MISMATCH',
      'The account belongs to a space that does not have this app in its catalog',
      { field: 'accountId', accountId },
    );
  }
  const pool = await db
    .selectFrom('pools')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('accountId', '=', accountId)
    .where('productId', '=', access.row.productId)
    .executeTakeFirst();
  if (pool === undefined) {
    throw new ConflictError(
      'PRODUCT_NOT_HELD',
      `The account holds no licences of ${access.product.name}`,
      { field: 'accountId', accountId, productId: access.row.productId },
    );
  }
  return { account, pool };
}

const LIST_TABLES: Record<ListName, { table: 'groups' | 'users' | 'devices'; kind: string }> = {
  fcfsGroupIds: { table: 'groups', kind: 'group' },
  reservedUserIds: { table: 'users', kind: 'user' },
  reservedDeviceIds: { table: 'devices', kind: 'device' },
  prohibitedUserIds: { table: 'users', kind: 'user' },
};

/** Every listed group, user and device exists, is visible, and lives in the account's space. */
export async function checkListedSubjects(
  db: Kysely<Database>,
  actor: Actor,
  spaceId: string,
  lists: DistributionLists,
): Promise<void> {
  for (const name of LIST_NAMES) {
    const { table, kind } = LIST_TABLES[name];
    const ids = lists[name].filter((id) => !(name === 'fcfsGroupIds' && id === ALL_USERS_GROUP_ID));
    if (ids.length === 0) continue;
    const found = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom(table)
        .select(['id', 'spaceId'])
        .where('tenantId', '=', actor.tenantId)
        .where('id', 'in', ids.slice(i, i + 500))
        .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
        .execute();
      for (const r of rows) found.set(r.id, r.spaceId);
    }
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError(kind, missing);
    const elsewhere = ids.find((id) => found.get(id) !== spaceId);
    if (elsewhere !== undefined) {
      throw new ConflictError(
        'SPACE_MISMATCH',
        `The ${kind} ${elsewhere} belongs to another space than the account`,
        { field: name, subjectId: elsewhere },
      );
    }
  }
}

/**
 * R-A4: sets each pool's `reserved` to the reserved subjects of its account, for the catalog
 * apps of its product, that hold no active licence of the pool. Locks the pools first so that
 * allocations running at the same time are counted or wait (R-A13).
 */
export async function recomputeReserved(
  db: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  productId: string,
  accountIds: readonly string[],
): Promise<void> {
  if (accountIds.length === 0) return;
  const pools = await db
    .selectFrom('pools')
    .select(['id', 'accountId'])
    .where('tenantId', '=', tenantId)
    .where('productId', '=', productId)
    .where('accountId', 'in', [...accountIds])
    .execute();
  await lockPools(
    db,
    dialect,
    pools.map((p) => p.id),
  );
  const reserved = await unfulfilledReservations(
    db,
    tenantId,
    pools.map((pool) => ({ ...pool, productId })),
  );
  for (const pool of pools) {
    await db
      .updateTable('pools')
      .set({ reserved: reserved.get(pool.id) ?? 0 })
      .where('tenantId', '=', tenantId)
      .where('id', '=', pool.id)
      .execute();
  }
}

/** The accounts that have distribution entries for these apps (before they are deleted). */
export async function accountsWithEntries(
  db: Kysely<Database>,
  tenantId: string,
  catalogAppId: string,
  spaceId?: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('distributionEntries as e')
    .innerJoin('accounts as a', 'a.id', 'e.accountId')
    .select('e.accountId')
    .distinct()
    .where('e.tenantId', '=', tenantId)
    .where('e.catalogAppId', '=', catalogAppId)
    .$if(spaceId !== undefined, (q) => q.where('a.spaceId', '=', spaceId!))
    .execute();
  return rows.map((r) => r.accountId);
}
