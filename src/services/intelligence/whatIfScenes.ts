/**
 * R-X6: loads, set-wise, what the rules read for each catalog app a what-if touches, in each
 * space it reaches (its own and those it is delegated to): the space's subjects, the app's
 * assignments there, the accounts and pools of its product, the licences held, the installs.
 * The same loaders as forecasts, reconciliation and check-ins (ruleInputs.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, LicenseTable, ProductTable } from '../../db/schema.js';
import type { Subject } from '../../domain/types.js';
import type { AppScene } from '../../domain/whatIf.js';
import type { Actor } from '../access/actor.js';
import { getCatalogAppAccess } from '../catalog/catalogApps.js';
import { loadSpaceSubjects } from '../catalog/assignmentForecast.js';
import {
  loadAssignments,
  loadPools,
  toDomainAccount,
  toDomainLicense,
  toDomainPool,
  toDomainProduct,
} from '../ledger/ruleInputs.js';

/** A scene with the rows the store calls are built from. */
export interface LoadedScene {
  scene: AppScene;
  product: ProductTable;
  /** The active licence rows of the scene, by ID. */
  licenseRows: Map<string, LicenseTable>;
}

export async function loadScenes(
  db: Kysely<Database>,
  actor: Actor,
  catalogAppIds: readonly string[],
): Promise<LoadedScene[]> {
  const subjectsOf = new Map<string, Promise<Subject[]>>();
  const scenes: LoadedScene[] = [];
  for (const catalogAppId of catalogAppIds) {
    const access = await getCatalogAppAccess(db, actor, catalogAppId);
    const homeSpaceId = access.row.spaceId;
    const spaceIds = actor.spaceId === null ? access.spaceIds : [actor.spaceId];
    const installedOn = new Set(
      (
        await db
          .selectFrom('installs')
          .select('deviceId')
          .where('tenantId', '=', actor.tenantId)
          .where('catalogAppId', '=', catalogAppId)
          .where('state', '!=', 'removed')
          .execute()
      ).map((r) => r.deviceId),
    );
    for (const spaceId of spaceIds) {
      let subjects = subjectsOf.get(spaceId);
      if (subjects === undefined) {
        subjects = loadSpaceSubjects(db, actor.tenantId, spaceId);
        subjectsOf.set(spaceId, subjects);
      }
      const licenseRows = await db
        .selectFrom('licenses')
        .selectAll()
        .where('tenantId', '=', actor.tenantId)
        .where('productId', '=', access.product.id)
        .where('spaceId', '=', spaceId)
        .where('state', '=', 'active')
        .execute();
      const pools = await loadPools(
        db,
        actor.tenantId,
        [...new Set([spaceId, homeSpaceId])],
        [access.product.id],
        [catalogAppId],
      );
      scenes.push({
        scene: {
          catalogAppId,
          product: toDomainProduct(access.product),
          spaceId,
          homeSpaceId,
          subjects: await subjects,
          assignments: await loadAssignments(db, actor.tenantId, spaceId, catalogAppId),
          accounts: pools.accounts.map(toDomainAccount),
          pools: pools.pools.map(toDomainPool),
          distributions: pools.distributions,
          licenses: licenseRows.map(toDomainLicense),
          installedOn,
        },
        product: access.product,
        licenseRows: new Map(licenseRows.map((l) => [l.id, l])),
      });
    }
  }
  return scenes;
}
