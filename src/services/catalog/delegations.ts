/**
 * Delegating a catalog app to other spaces, withdrawing a delegation, and deleting the app:
 * the last two take the app out of spaces, so they share the R-V5 effects — the licences held
 * there are revoked (iOS/iPadOS uninstall, macOS keeps the app), and the app's assignments and
 * distribution lists in those spaces go with it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isUniqueViolation, type Dialect } from '../../db/database.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { StoreContext, ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import {
  getCatalogAppAccess,
  presentCatalogApp,
  requireOwnerSpace,
  type CatalogApp,
  type CatalogAppAccess,
} from './catalogApps.js';
import { accountsWithEntries, recomputeReserved } from './distributionSettings.js';
import { revokeForCatalogApp } from '../ledger/revoke.js';
import { resolveSpaceId } from '../directory/spaces.js';

export async function delegateCatalogApp(
  ctx: ServiceContext,
  actor: Actor,
  catalogAppId: string,
  input: { spaceId: string },
): Promise<CatalogApp> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const access = await getCatalogAppAccess(trx, actor, catalogAppId);
    requireOwnerSpace(actor, access);
    const spaceId = await resolveSpaceId(trx, actor, input.spaceId);
    if (spaceId === access.row.spaceId) {
      throw new ConflictError(
        'DELEGATION_TO_OWN_SPACE',
        'The app already belongs to this space; delegate it to another one',
        { field: 'spaceId' },
      );
    }
    if (access.delegatedSpaceIds.includes(spaceId)) throw delegationExists();
    try {
      await trx
        .insertInto('catalogAppDelegations')
        .values({ tenantId: actor.tenantId, catalogAppId, spaceId, createdAt: now.toISOString() })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw delegationExists();
      throw error;
    }
    await recordActivity(trx, actor, now, {
      action: 'catalogApp.delegate',
      subject: { type: 'catalogApp', id: catalogAppId, name: access.product.name },
      spaceId: access.row.spaceId,
      after: { spaceId },
    });
    return presentCatalogApp(actor, access.row, access.product, [
      ...access.delegatedSpaceIds,
      spaceId,
    ]);
  });
}

function delegationExists(): ConflictError {
  return new ConflictError('DELEGATION_EXISTS', 'The app is already delegated to this space', {
    field: 'spaceId',
  });
}

/** R-V5: the app leaves the space it was delegated to; its licences there are revoked. */
export async function withdrawDelegation(
  ctx: StoreContext,
  actor: Actor,
  catalogAppId: string,
  spaceId: string,
): Promise<{ revokedLicenses: number }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const access = await getCatalogAppAccess(trx, actor, catalogAppId);
    requireOwnerSpace(actor, access);
    if (!access.delegatedSpaceIds.includes(spaceId)) throw new NotFoundError('delegation', spaceId);
    const { revoked } = await revokeForCatalogApp(
      trx,
      actor,
      { catalogAppId, spaceId, cause: 'delegationWithdrawn' },
      now,
    );
    await removeFromSpaces(trx, ctx.db.dialect, actor, access, spaceId);
    await trx
      .deleteFrom('catalogAppDelegations')
      .where('tenantId', '=', actor.tenantId)
      .where('catalogAppId', '=', catalogAppId)
      .where('spaceId', '=', spaceId)
      .execute();
    await recordActivity(trx, actor, now, {
      action: 'catalogApp.withdrawDelegation',
      subject: { type: 'catalogApp', id: catalogAppId, name: access.product.name },
      spaceId: access.row.spaceId,
      before: { spaceId },
      after: { revokedLicenses: revoked },
    });
    return { revokedLicenses: revoked };
  });
}

/** R-V2, R-V5: the app leaves the catalog: every licence given for it is revoked. */
export async function deleteCatalogApp(
  ctx: StoreContext,
  actor: Actor,
  catalogAppId: string,
): Promise<{ revokedLicenses: number }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const access = await getCatalogAppAccess(trx, actor, catalogAppId);
    requireOwnerSpace(actor, access);
    await refuseStoreManagedDeletion(trx, actor, access);
    return removeCatalogApp(trx, ctx.db.dialect, actor, access, { cause: 'appDeleted' }, now);
  });
}

/**
 * R-T11: a Microsoft Store app leaves the catalog only when it is refunded in the store (the
 * next sync removes it). Once no Microsoft account holds it any more (the account was
 * deleted), nothing would ever remove it, so an administrator may.
 */
async function refuseStoreManagedDeletion(
  db: Kysely<Database>,
  actor: Actor,
  access: CatalogAppAccess,
): Promise<void> {
  if (access.product.store !== 'microsoft') return;
  const held = await db
    .selectFrom('pools')
    .innerJoin('accounts', 'accounts.id', 'pools.accountId')
    .select('pools.id')
    .where('pools.tenantId', '=', actor.tenantId)
    .where('pools.productId', '=', access.product.id)
    .where('accounts.status', '!=', 'deleted')
    .executeTakeFirst();
  if (held === undefined) return;
  throw new ConflictError(
    'STORE_MANAGED_APP',
    `${access.product.name} is a Microsoft Store app: it leaves the catalog only when it is ` +
      'refunded in the Microsoft Store, at the next sync (R-T11). To stop installing it, set ' +
      'its assignments to uninstall or delete them.',
    { catalogAppId: access.row.id, store: 'microsoft' },
  );
}

/**
 * Takes the app out of the catalog in the caller's transaction: its licences are revoked for
 * `cause` (R-V5 effects), its assignments, distribution lists and delegations go, and the
 * entry is logged. A refund's seats are already back at the store (domain/releasePlan.ts).
 */
export async function removeCatalogApp(
  db: Kysely<Database>,
  dialect: Dialect,
  actor: Actor,
  access: CatalogAppAccess,
  options: { cause: 'appDeleted' | 'appRefunded' },
  at: Date,
): Promise<{ revokedLicenses: number }> {
  const catalogAppId = access.row.id;
  const { revoked } = await revokeForCatalogApp(
    db,
    actor,
    { catalogAppId, cause: options.cause },
    at,
  );
  await removeFromSpaces(db, dialect, actor, access, undefined);
  await db
    .deleteFrom('catalogAppDelegations')
    .where('tenantId', '=', actor.tenantId)
    .where('catalogAppId', '=', catalogAppId)
    .execute();
  // Installs and revoked licences keep the app's ID: uninstall commands still name it.
  await db
    .deleteFrom('catalogApps')
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', catalogAppId)
    .execute();
  await recordActivity(db, actor, at, {
    action: 'catalogApp.delete',
    subject: { type: 'catalogApp', id: catalogAppId, name: access.product.name },
    spaceId: access.row.spaceId,
    before: presentCatalogApp(actor, access.row, access.product, access.delegatedSpaceIds),
    after: { revokedLicenses: revoked, cause: options.cause },
  });
  return { revokedLicenses: revoked };
}

/**
 * Drops the app's assignments and distribution lists in one space (or all), then recounts the
 * reservations of the accounts whose lists went.
 */
async function removeFromSpaces(
  db: Kysely<Database>,
  dialect: Dialect,
  actor: Actor,
  access: CatalogAppAccess,
  spaceId: string | undefined,
): Promise<void> {
  const catalogAppId = access.row.id;
  const accountIds = await accountsWithEntries(db, actor.tenantId, catalogAppId, spaceId);
  if (accountIds.length > 0) {
    await db
      .deleteFrom('distributionEntries')
      .where('tenantId', '=', actor.tenantId)
      .where('catalogAppId', '=', catalogAppId)
      .where('accountId', 'in', accountIds)
      .execute();
  }
  await db
    .deleteFrom('assignments')
    .where('tenantId', '=', actor.tenantId)
    .where('catalogAppId', '=', catalogAppId)
    .$if(spaceId !== undefined, (q) => q.where('spaceId', '=', spaceId!))
    .execute();
  await recomputeReserved(db, dialect, actor.tenantId, access.row.productId, accountIds);
}

export interface CatalogAppDeletionPreview {
  catalogAppId: string;
  name: string;
  /** Active licences that deleting revokes (R-V2). */
  licensesToRevoke: number;
  /** Installs that are not yet removed: iOS/iPadOS ones are uninstalled, macOS keeps the app. */
  installs: number;
  assignments: number;
  /** Users, devices and groups named in the app's distribution lists (R-A3). */
  distributionEntries: number;
  delegatedSpaceIds: string[];
  /** Why deleting is refused (e.g. STORE_MANAGED_APP), null when it is allowed. */
  blockedBy: { code: string; message: string } | null;
}

/**
 * What `DELETE /catalog-apps/{id}` would do, counted without changing anything, so a console
 * can say it before the administrator confirms.
 */
export async function previewCatalogAppDeletion(
  ctx: ServiceContext,
  actor: Actor,
  catalogAppId: string,
): Promise<CatalogAppDeletionPreview> {
  const db = ctx.db.kysely;
  const access = await getCatalogAppAccess(db, actor, catalogAppId);
  requireOwnerSpace(actor, access);
  const n = (row: { n: string | number }) => Number(row.n);
  const [licenses, installs, assignments, entries] = await Promise.all([
    db
      .selectFrom('licenses')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenantId', '=', actor.tenantId)
      .where('catalogAppId', '=', catalogAppId)
      .where('state', '=', 'active')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('installs')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenantId', '=', actor.tenantId)
      .where('catalogAppId', '=', catalogAppId)
      .where('state', 'not in', ['removed', 'uninstallPending'])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('assignments')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenantId', '=', actor.tenantId)
      .where('catalogAppId', '=', catalogAppId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('distributionEntries')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('tenantId', '=', actor.tenantId)
      .where('catalogAppId', '=', catalogAppId)
      .executeTakeFirstOrThrow(),
  ]);
  let blockedBy: CatalogAppDeletionPreview['blockedBy'] = null;
  try {
    await refuseStoreManagedDeletion(db, actor, access);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    blockedBy = { code: error.code, message: error.message };
  }
  return {
    catalogAppId,
    name: access.product.name,
    licensesToRevoke: n(licenses),
    installs: n(installs),
    assignments: n(assignments),
    distributionEntries: n(entries),
    delegatedSpaceIds: access.delegatedSpaceIds,
    blockedBy,
  };
}
