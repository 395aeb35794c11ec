/**
 * R-T11: Microsoft Store apps enter and leave the catalog through sync only. A synced app gets
 * a catalog app in the tenant's default space (other spaces receive it by delegation); a
 * refunded app leaves the catalog at the next sync, its licences revoked (the store already
 * took the seats back, so no store call) and its pool removed.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/dialect.js';
import type { AccountTable, Database } from '../../db/schema.js';
import { newId } from '../../ids.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { getCatalogAppAccess, presentCatalogApp } from '../catalog/catalogApps.js';
import { removeCatalogApp } from '../catalog/delegations.js';
import { clearNotifications } from '../monitoring/notifications.js';
import { revokeLicenses } from '../ledger/revoke.js';

/** Adds a catalog app in the default space for each product that has none there yet. */
export async function addSyncedApps(
  db: Kysely<Database>,
  actor: Actor,
  productIds: readonly string[],
  at: Date,
): Promise<number> {
  if (productIds.length === 0) return 0;
  const space = await db
    .selectFrom('spaces')
    .select('id')
    .where('tenantId', '=', actor.tenantId)
    .where('isDefault', '=', 1)
    .executeTakeFirstOrThrow();
  const present = new Set(
    (
      await db
        .selectFrom('catalogApps')
        .select('productId')
        .where('tenantId', '=', actor.tenantId)
        .where('spaceId', '=', space.id)
        .where('productId', 'in', [...productIds])
        .execute()
    ).map((r) => r.productId),
  );
  const products = await db
    .selectFrom('products')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', 'in', [...productIds])
    .orderBy('name')
    .execute();
  let added = 0;
  for (const product of products) {
    if (present.has(product.id)) continue;
    const row = {
      id: newId(at.getTime()),
      tenantId: actor.tenantId,
      spaceId: space.id,
      productId: product.id,
      description: null,
      installOnDevice: 1,
      updateMode: 'immediate',
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    await db.insertInto('catalogApps').values(row).execute();
    await recordActivity(db, actor, at, {
      action: 'catalogApp.create',
      subject: { type: 'catalogApp', id: row.id, name: product.name },
      spaceId: space.id,
      after: { ...presentCatalogApp(actor, row, product, []), source: 'sync' },
    });
    added += 1;
  }
  return added;
}

/**
 * Takes the refunded products out of the catalog of every space, revokes what is left of
 * their licences on this account, and removes their pools. Returns their names and the
 * number of licences revoked.
 */
export async function removeRefundedApps(
  db: Kysely<Database>,
  dialect: Dialect,
  actor: Actor,
  account: AccountTable,
  storeProductIds: readonly string[],
  at: Date,
): Promise<{ names: string[]; revokedLicenses: number }> {
  if (storeProductIds.length === 0) return { names: [], revokedLicenses: 0 };
  const products = await db
    .selectFrom('products')
    .select(['id', 'name'])
    .where('tenantId', '=', actor.tenantId)
    .where('store', '=', 'microsoft')
    .where('storeProductId', 'in', [...storeProductIds])
    .execute();
  const names: string[] = [];
  let revokedLicenses = 0;
  for (const product of products) {
    const pool = await db
      .selectFrom('pools')
      .select('id')
      .where('tenantId', '=', actor.tenantId)
      .where('accountId', '=', account.id)
      .where('productId', '=', product.id)
      .executeTakeFirst();
    const apps = await db
      .selectFrom('catalogApps')
      .select('id')
      .where('tenantId', '=', actor.tenantId)
      .where('productId', '=', product.id)
      .execute();
    // Already gone at an earlier sync: a refund is reported at every sync after it.
    if (pool === undefined && apps.length === 0) continue;
    for (const app of apps) {
      const access = await getCatalogAppAccess(db, actor, app.id);
      const removed = await removeCatalogApp(
        db,
        dialect,
        actor,
        access,
        { cause: 'appRefunded' },
        at,
      );
      revokedLicenses += removed.revokedLicenses;
    }
    const left = await db
      .selectFrom('licenses')
      .selectAll()
      .where('tenantId', '=', actor.tenantId)
      .where('accountId', '=', account.id)
      .where('productId', '=', product.id)
      .where('state', '=', 'active')
      .execute();
    const { revoked } = await revokeLicenses(db, actor, left, 'appRefunded', at);
    revokedLicenses += revoked;
    if (pool !== undefined) {
      await db.deleteFrom('pools').where('id', '=', pool.id).execute();
    }
    await clearNotifications(
      db,
      actor.tenantId,
      { kind: 'usage', subjectId: `${product.id}:${account.spaceId}` },
      at,
    );
    names.push(product.name);
  }
  return { names, revokedLicenses };
}
