/**
 * Catalog apps (API.md "Catalog"): a product offered in a space's catalog with its install
 * settings, visible in its own space and in the spaces it is delegated to. Deleting an app and
 * withdrawing a delegation are in delegations.ts (both take the app out of spaces, R-V5).
 */
import type { Kysely } from 'kysely';
import type { CatalogAppTable, Database, ProductTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { containsText } from '../../db/search.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.js';
import type { UpdateMode } from '../../domain/updates.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';
import { resolveSpaceId } from '../directory/spaces.js';

export const UPDATE_MODES = ['immediate', 'automatic'] as const;

export interface CatalogApp {
  id: string;
  productId: string;
  spaceId: string;
  name: string;
  store: string;
  bundleId: string | null;
  description: string | null;
  installOnDevice: boolean;
  updateMode: UpdateMode;
  delegatedSpaceIds: string[];
  createdAt: string;
  updatedAt: string;
}

type ProductFacts = Pick<ProductTable, 'name' | 'store' | 'bundleId'>;

/** A space-scoped actor sees only the delegation to its own space (R-S2). */
function visibleDelegations(actor: Actor, spaceIds: readonly string[]): string[] {
  return spaceIds.filter((id) => actor.spaceId === null || id === actor.spaceId).sort();
}

export function presentCatalogApp(
  actor: Actor,
  row: CatalogAppTable,
  product: ProductFacts,
  delegatedSpaceIds: readonly string[],
): CatalogApp {
  return {
    id: row.id,
    productId: row.productId,
    spaceId: row.spaceId,
    name: product.name,
    store: product.store,
    bundleId: product.bundleId,
    description: row.description,
    installOnDevice: row.installOnDevice === 1,
    updateMode: row.updateMode as UpdateMode,
    delegatedSpaceIds: visibleDelegations(actor, delegatedSpaceIds),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A catalog app with what every use case of it needs: its product and its spaces. */
export interface CatalogAppAccess {
  row: CatalogAppTable;
  product: ProductTable;
  delegatedSpaceIds: string[];
  /** The app's own space first, then the spaces it is delegated to. */
  spaceIds: string[];
}

/**
 * A catalog app the actor may see: one of its tenant, and for a space-scoped actor one of its
 * space or delegated to it. Anything else is NOT_FOUND (R-S2).
 */
export async function getCatalogAppAccess(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<CatalogAppAccess> {
  const row = await db
    .selectFrom('catalogApps')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('catalogApp', id);
  const delegatedSpaceIds = (
    await db
      .selectFrom('catalogAppDelegations')
      .select('spaceId')
      .where('tenantId', '=', actor.tenantId)
      .where('catalogAppId', '=', id)
      .orderBy('spaceId')
      .execute()
  ).map((d) => d.spaceId);
  const spaceIds = [row.spaceId, ...delegatedSpaceIds];
  if (actor.spaceId !== null && !spaceIds.includes(actor.spaceId)) {
    throw new NotFoundError('catalogApp', id);
  }
  const product = await db
    .selectFrom('products')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', row.productId)
    .executeTakeFirstOrThrow();
  return { row, product, delegatedSpaceIds, spaceIds };
}

/** Changing the app itself belongs to its own space: a space it is delegated to may only use it. */
export function requireOwnerSpace(actor: Actor, access: CatalogAppAccess): void {
  if (actor.spaceId !== null && actor.spaceId !== access.row.spaceId) {
    throw new ForbiddenError(
      'This app is delegated to your space; only its own space may change it',
      {
        catalogAppId: access.row.id,
      },
    );
  }
}

export async function getCatalogApp(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<CatalogApp> {
  const access = await getCatalogAppAccess(ctx.db.kysely, actor, id);
  return presentCatalogApp(actor, access.row, access.product, access.delegatedSpaceIds);
}

export async function createCatalogApp(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    productId: string;
    spaceId?: string;
    description?: string;
    installOnDevice?: boolean;
    updateMode?: UpdateMode;
  },
): Promise<CatalogApp> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const spaceId = await resolveSpaceId(trx, actor, input.spaceId);
    const product = await trx
      .selectFrom('products')
      .selectAll()
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', input.productId)
      .executeTakeFirst();
    if (product === undefined) throw new NotFoundError('product', input.productId);
    if (product.store === 'microsoft') {
      // R-T11: only the sync adds Microsoft Store apps (to the default space; delegate them).
      throw new ConflictError(
        'STORE_MANAGED_APP',
        `${product.name} is a Microsoft Store app: the sync adds it to the catalog of the ` +
          'default space (R-T11); delegate it to give other spaces access',
        { field: 'productId', store: 'microsoft' },
      );
    }
    const row: CatalogAppTable = {
      id: newId(now.getTime()),
      tenantId: actor.tenantId,
      spaceId,
      productId: product.id,
      description: input.description?.trim() ?? null,
      installOnDevice: input.installOnDevice === false ? 0 : 1,
      updateMode: input.updateMode ?? 'immediate',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const existing = await trx
      .selectFrom('catalogApps')
      .select('id')
      .where('tenantId', '=', actor.tenantId)
      .where('spaceId', '=', spaceId)
      .where('productId', '=', product.id)
      .executeTakeFirst();
    if (existing !== undefined) throw appExists(product.name, existing.id);
    try {
      await trx.insertInto('catalogApps').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw appExists(product.name, null);
      throw error;
    }
    const app = presentCatalogApp(actor, row, product, []);
    await recordActivity(trx, actor, now, {
      action: 'catalogApp.create',
      subject: { type: 'catalogApp', id: app.id, name: app.name },
      spaceId,
      after: app,
    });
    return app;
  });
}

function appExists(name: string, existingId: string | null): ConflictError {
  return new ConflictError(
    'CATALOG_APP_EXISTS',
    `${name} is already in this space's catalog`,
    existingId === null ? { field: 'productId' } : { field: 'productId', catalogAppId: existingId },
  );
}

/** Apps of a space and apps delegated to it; without a space, every app the actor may see. */
export async function listCatalogApps(
  ctx: ServiceContext,
  actor: Actor,
  filter: { spaceId?: string; q?: string },
  page: PageRequest,
): Promise<Page<CatalogApp>> {
  const db = ctx.db.kysely;
  const spaceId =
    filter.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, filter.spaceId);
  const rows = await db
    .selectFrom('catalogApps as c')
    .innerJoin('products as p', 'p.id', 'c.productId')
    .selectAll('c')
    .select(['p.name', 'p.store', 'p.bundleId'])
    .where('c.tenantId', '=', actor.tenantId)
    .$if(spaceId !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('c.spaceId', '=', spaceId),
          eb(
            'c.id',
            'in',
            eb
              .selectFrom('catalogAppDelegations')
              .select('catalogAppId')
              .where('tenantId', '=', actor.tenantId)
              .where('spaceId', '=', spaceId),
          ),
        ]),
      ),
    )
    .$if(filter.q !== undefined, (q) => q.where(containsText(['p.name', 'p.bundleId'], filter.q!)))
    .$if(page.after !== undefined, (q) => q.where('c.id', '>', page.after!))
    .orderBy('c.id')
    .limit(page.limit + 1)
    .execute();
  const delegations = await delegationsOf(
    db,
    actor.tenantId,
    rows.map((r) => r.id),
  );
  return toPage(
    rows.map((r) => presentCatalogApp(actor, r, r, delegations.get(r.id) ?? [])),
    page.limit,
  );
}

async function delegationsOf(
  db: Kysely<Database>,
  tenantId: string,
  catalogAppIds: string[],
): Promise<Map<string, string[]>> {
  if (catalogAppIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('catalogAppDelegations')
    .select(['catalogAppId', 'spaceId'])
    .where('tenantId', '=', tenantId)
    .where('catalogAppId', 'in', catalogAppIds)
    .execute();
  const bySpace = new Map<string, string[]>();
  for (const r of rows)
    bySpace.set(r.catalogAppId, [...(bySpace.get(r.catalogAppId) ?? []), r.spaceId]);
  return bySpace;
}

export async function updateCatalogApp(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: { description?: string | null; installOnDevice?: boolean; updateMode?: UpdateMode },
): Promise<CatalogApp> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const access = await getCatalogAppAccess(trx, actor, id);
    requireOwnerSpace(actor, access);
    const { row, product, delegatedSpaceIds } = access;
    const changed: CatalogAppTable = {
      ...row,
      description:
        input.description === undefined ? row.description : (input.description?.trim() ?? null),
      installOnDevice:
        input.installOnDevice === undefined ? row.installOnDevice : input.installOnDevice ? 1 : 0,
      updateMode: input.updateMode ?? row.updateMode,
      updatedAt: now.toISOString(),
    };
    await trx
      .updateTable('catalogApps')
      .set({
        description: changed.description,
        installOnDevice: changed.installOnDevice,
        updateMode: changed.updateMode,
        updatedAt: changed.updatedAt,
      })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    const after = presentCatalogApp(actor, changed, product, delegatedSpaceIds);
    await recordActivity(trx, actor, now, {
      action: 'catalogApp.update',
      subject: { type: 'catalogApp', id, name: product.name },
      spaceId: row.spaceId,
      before: presentCatalogApp(actor, row, product, delegatedSpaceIds),
      after,
    });
    return after;
  });
}
