/**
 * Revocation (R-V1..R-V7, R-T8): releases licences with their effects — the seat returns at
 * once (to a standing reservation when there is one), iOS/iPadOS apps keep working for the
 * grace period (R-V4), installs change by platform (R-V5), and the store is told through the
 * outbox (R-V8).
 */
import type { Kysely } from 'kysely';
import type { Database, LicenseTable } from '../../db/schema.js';
import { NotFoundError } from '../../domain/errors.js';
import { revocationEffect, type RevocationCause } from '../../domain/releasePlan.js';
import type { Platform } from '../../domain/types.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { releaseLicenses } from './release.js';
import { getLicenseRow, presentLicense, withStore, type License } from './licenseViews.js';
import { wakeDevices } from '../mdm/wake.js';

/** What revoking did to one install, for the caller's response (commands at check-in). */
export interface InstallChange {
  deviceId: string;
  catalogAppId: string;
  state: string;
}

/**
 * Revokes these licences for `cause` in the caller's transaction. Returns how many were still
 * active (and so revoked now) and the installs that changed.
 */
export async function revokeLicenses(
  db: Kysely<Database>,
  actor: Actor,
  licenses: readonly LicenseTable[],
  cause: RevocationCause,
  at: Date,
): Promise<{ revoked: number; installs: InstallChange[] }> {
  const released = await releaseLicenses(db, actor.tenantId, licenses, {
    cause,
    action: `revoke.${cause}`,
    at,
  });
  const installs: InstallChange[] = [];
  for (const license of released) {
    await recordActivity(db, actor, at, {
      action: 'license.revoke',
      subject: { type: 'license', id: license.id, name: license.subjectName },
      spaceId: license.spaceId,
      before: { state: 'active' },
      after: {
        state: 'revoked',
        cause,
        subjectId: license.subjectId,
        productId: license.productId,
      },
    });
    // The installs this licence served, whichever catalog app they came through.
    const served = await db
      .selectFrom('installs as i')
      .innerJoin('devices as d', 'd.id', 'i.deviceId')
      .select(['i.id', 'i.deviceId', 'i.catalogAppId', 'd.platform'])
      .where('i.tenantId', '=', actor.tenantId)
      .where('i.licenseId', '=', license.id)
      .where('i.state', 'not in', ['removed', 'uninstallPending'])
      .execute();
    for (const install of served) {
      const effect = revocationEffect(cause, install.platform as Platform, at);
      if (effect.installState === null) continue;
      await db
        .updateTable('installs')
        .set({
          state: effect.installState,
          reason: cause,
          licenseId: null,
          updatedAt: at.toISOString(),
        })
        .where('id', '=', install.id)
        .execute();
      installs.push({
        deviceId: install.deviceId,
        catalogAppId: install.catalogAppId,
        state: effect.installState,
      });
    }
  }
  // R-I4: devices an MDM connector manages are woken, so that they poll and are evaluated.
  if (installs.length > 0) {
    await wakeDevices(
      db,
      actor.tenantId,
      installs.map((i) => i.deviceId),
      at,
    );
  }
  return { revoked: released.length, installs };
}

/** R-V3: an administrator revokes one licence; the app stays usable for the grace period. */
export async function revokeLicense(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<License> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const license = await getLicenseRow(trx, actor, id);
    await revokeLicenses(trx, actor, [license], 'adminRevoked', at);
    return presentLicense(await withStore(trx, await getLicenseRow(trx, actor, id)));
  });
}

/** The catalog app's product, and the spaces whose licences of it belong to this app. */
async function catalogAppScope(db: Kysely<Database>, actor: Actor, catalogAppId: string) {
  const app = await db
    .selectFrom('catalogApps')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', catalogAppId)
    .executeTakeFirst();
  if (app === undefined) throw new NotFoundError('catalogApp', catalogAppId);
  const delegated = await db
    .selectFrom('catalogAppDelegations')
    .select('spaceId')
    .where('tenantId', '=', actor.tenantId)
    .where('catalogAppId', '=', catalogAppId)
    .execute();
  const spaceIds = [app.spaceId, ...delegated.map((d) => d.spaceId)];
  if (actor.spaceId !== null && !spaceIds.includes(actor.spaceId)) {
    throw new NotFoundError('catalogApp', catalogAppId);
  }
  return { app, spaceIds: actor.spaceId === null ? spaceIds : [actor.spaceId] };
}

/** R-V3: every licence of an app, across every account, at once. */
export async function revokeAllForCatalogApp(
  ctx: ServiceContext,
  actor: Actor,
  catalogAppId: string,
): Promise<{ revoked: number }> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const { app, spaceIds } = await catalogAppScope(trx, actor, catalogAppId);
    const licenses = await trx
      .selectFrom('licenses')
      .selectAll()
      .where('tenantId', '=', actor.tenantId)
      .where('productId', '=', app.productId)
      .where('spaceId', 'in', spaceIds)
      .where('state', '=', 'active')
      .execute();
    const { revoked } = await revokeLicenses(trx, actor, licenses, 'adminRevoked', at);
    await recordActivity(trx, actor, at, {
      action: 'catalogApp.revokeAll',
      subject: { type: 'catalogApp', id: catalogAppId },
      spaceId: app.spaceId,
      after: { revoked },
    });
    return { revoked };
  });
}

/**
 * R-V2, R-V5: the app leaves a space's catalog (deleted, or its delegation to `spaceId`
 * withdrawn): the licences held there are revoked, with the platform's install effect.
 */
export async function revokeForCatalogApp(
  db: Kysely<Database>,
  actor: Actor,
  input: {
    catalogAppId: string;
    spaceId?: string;
    cause: 'appDeleted' | 'delegationWithdrawn' | 'appRefunded';
  },
  at: Date,
): Promise<{ revoked: number; installs: InstallChange[] }> {
  const licenses = await db
    .selectFrom('licenses')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('catalogAppId', '=', input.catalogAppId)
    .where('state', '=', 'active')
    .$if(input.spaceId !== undefined, (q) => q.where('spaceId', '=', input.spaceId!))
    .execute();
  const result = await revokeLicenses(db, actor, licenses, input.cause, at);
  // Installs without a licence (e.g. a free app) follow the same platform rule.
  const orphans = await db
    .selectFrom('installs as i')
    .innerJoin('devices as d', 'd.id', 'i.deviceId')
    .select(['i.id', 'i.deviceId', 'd.platform'])
    .where('i.tenantId', '=', actor.tenantId)
    .where('i.catalogAppId', '=', input.catalogAppId)
    .where('i.state', 'not in', ['removed', 'uninstallPending'])
    .$if(input.spaceId !== undefined, (q) => q.where('d.spaceId', '=', input.spaceId!))
    .execute();
  for (const install of orphans) {
    const effect = revocationEffect(input.cause, install.platform as Platform, at);
    if (effect.installState === null) continue;
    await db
      .updateTable('installs')
      .set({ state: effect.installState, reason: input.cause, updatedAt: at.toISOString() })
      .where('id', '=', install.id)
      .execute();
    result.installs.push({
      deviceId: install.deviceId,
      catalogAppId: input.catalogAppId,
      state: effect.installState,
    });
  }
  return result;
}
