/**
 * What happens to a device's licences when it leaves management or moves (R-V2, R-V6), and the
 * events the MDM reports about installs (R-V1).
 */
import type { Kysely } from 'kysely';
import type { Database, DeviceTable } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { licensesFreedByUninstall } from '../../domain/revocation.js';
import type { RevocationCause } from '../../domain/releasePlan.js';
import { resolveTarget } from '../../domain/targeting.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { decideDevice } from './checkIn.js';
import { withConflictRetry } from './retry.js';
import { getDeviceRow, presentDevice, type Device } from '../directory/devices.js';
import {
  loadActiveLicenses,
  loadAssignments,
  loadDeviceSubject,
  toDomainLicense,
} from '../ledger/ruleInputs.js';
import { revokeLicenses } from '../ledger/revoke.js';
import { resolveSpaceId } from '../directory/spaces.js';

export type DeviceExit = 'retire' | 'wipe' | 'unenroll';

const EXIT: Record<DeviceExit, { state: string; cause: RevocationCause }> = {
  retire: { state: 'retired', cause: 'deviceRetired' },
  wipe: { state: 'wiped', cause: 'deviceWiped' },
  unenroll: { state: 'unenrolled', cause: 'deviceUnenrolled' },
};

/** R-V2: a device retired, wiped or unenrolled loses its device licences; its installs end. */
export async function removeDeviceFromManagement(
  ctx: ServiceContext,
  actor: Actor,
  deviceId: string,
  exit: DeviceExit,
): Promise<Device & { revokedLicenses: number }> {
  const at = ctx.clock.now();
  const { state, cause } = EXIT[exit];
  return withConflictRetry(() =>
    ctx.db.transaction(async (trx) => {
      const device = await getDeviceRow(trx, actor, deviceId);
      if (device.state !== 'active') {
        throw new ConflictError(
          'DEVICE_NOT_ACTIVE',
          `Device ${device.serialNumber} is already ${device.state}`,
          {
            state: device.state,
          },
        );
      }
      const held = (await loadActiveLicenses(trx, [device.id])).filter(
        (l) => l.subjectType === 'device',
      );
      const { revoked } = await revokeLicenses(trx, actor, held, cause, at);
      await trx
        .updateTable('installs')
        .set({ state: 'removed', reason: cause, licenseId: null, updatedAt: at.toISOString() })
        .where('tenantId', '=', device.tenantId)
        .where('deviceId', '=', device.id)
        .where('state', '!=', 'removed')
        .execute();
      await trx
        .updateTable('devices')
        .set({ state, updatedAt: at.toISOString() })
        .where('id', '=', device.id)
        .execute();
      const after = { ...device, state, updatedAt: at.toISOString() };
      await recordActivity(trx, actor, at, {
        action: `device.${exit}`,
        subject: { type: 'device', id: device.id, name: device.serialNumber },
        spaceId: device.spaceId,
        before: { state: device.state },
        after: { state, revokedLicenses: revoked },
      });
      return { ...presentDevice(after), revokedLicenses: revoked };
    }),
  );
}

/** Re-enrols a retired, wiped or unenrolled device so it can check in again. */
export async function reenrolDevice(
  ctx: ServiceContext,
  actor: Actor,
  deviceId: string,
): Promise<Device> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const device = await getDeviceRow(trx, actor, deviceId);
    if (device.state === 'active') return presentDevice(device);
    await trx
      .updateTable('devices')
      .set({ state: 'active', updatedAt: at.toISOString() })
      .where('id', '=', device.id)
      .execute();
    await recordActivity(trx, actor, at, {
      action: 'device.enrol',
      subject: { type: 'device', id: device.id, name: device.serialNumber },
      spaceId: device.spaceId,
      before: { state: device.state },
      after: { state: 'active' },
    });
    return presentDevice({ ...device, state: 'active', updatedAt: at.toISOString() });
  });
}

/**
 * R-V6: a device moves to another space. Its device licences from the origin are revoked; the
 * destination's rules then decide every app that targets it there. A primary user who stays in
 * the origin space is unset (users and devices of one space belong together).
 */
export async function moveDevice(
  ctx: ServiceContext,
  actor: Actor,
  deviceId: string,
  destinationSpaceId: string,
): Promise<{ revoked: number; allocated: number; noLicense: number }> {
  const at = ctx.clock.now();
  // Its new licences are taken last, with guarded updates: a lost race moves it again.
  return withConflictRetry(() =>
    ctx.db.transaction(async (trx) => {
      const device = await getDeviceRow(trx, actor, deviceId);
      const spaceId = await resolveSpaceId(trx, actor, destinationSpaceId);
      if (spaceId === device.spaceId) {
        throw new ConflictError('SAME_SPACE', 'The device is already in that space', {
          field: 'spaceId',
        });
      }
      const held = (await loadActiveLicenses(trx, [device.id])).filter(
        (l) => l.subjectType === 'device',
      );
      const { revoked } = await revokeLicenses(trx, actor, held, 'deviceMoved', at);
      await trx
        .updateTable('installs')
        .set({
          state: 'removed',
          reason: 'deviceMoved',
          licenseId: null,
          updatedAt: at.toISOString(),
        })
        .where('tenantId', '=', device.tenantId)
        .where('deviceId', '=', device.id)
        .where('state', '!=', 'removed')
        .execute();
      const primaryUser =
        device.primaryUserId === null
          ? null
          : await trx
              .selectFrom('users')
              .select('spaceId')
              .where('id', '=', device.primaryUserId)
              .executeTakeFirst();
      const moved: DeviceTable = {
        ...device,
        spaceId,
        primaryUserId: primaryUser?.spaceId === spaceId ? device.primaryUserId : null,
        updatedAt: at.toISOString(),
      };
      await trx
        .updateTable('devices')
        .set({
          spaceId: moved.spaceId,
          primaryUserId: moved.primaryUserId,
          updatedAt: moved.updatedAt,
        })
        .where('id', '=', device.id)
        .execute();
      // Group memberships belong to the origin space.
      await trx
        .deleteFrom('groupMembers')
        .where('tenantId', '=', device.tenantId)
        .where('memberId', '=', device.id)
        .execute();
      const decided =
        device.state === 'active'
          ? await decideDevice(trx, ctx.db.dialect, actor, moved, at)
          : { apps: [] };
      const allocated = decided.apps.filter(
        (a) => a.state === 'pending' || a.state === 'installed',
      ).length;
      const noLicense = decided.apps.filter((a) => a.state === 'noLicense').length;
      await recordActivity(trx, actor, at, {
        action: 'device.move',
        subject: { type: 'device', id: device.id, name: device.serialNumber },
        spaceId,
        before: { spaceId: device.spaceId },
        after: { spaceId, revoked, allocated, noLicense },
      });
      return { revoked, allocated, noLicense };
    }),
  );
}

export type DeviceEventType = 'installed' | 'uninstalled' | 'installFailed';

/** The MDM reports what happened to an install (R-V1: an uninstall frees the licence). */
export async function recordDeviceEvent(
  ctx: ServiceContext,
  actor: Actor,
  deviceId: string,
  event: { type: DeviceEventType; catalogAppId: string; detail?: string },
): Promise<{ catalogAppId: string; state: string; reason: string | null }> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const device = await getDeviceRow(trx, actor, deviceId);
    const install = await trx
      .selectFrom('installs')
      .selectAll()
      .where('tenantId', '=', device.tenantId)
      .where('deviceId', '=', device.id)
      .where('catalogAppId', '=', event.catalogAppId)
      .executeTakeFirst();
    if (install === undefined) throw new NotFoundError('install', event.catalogAppId);
    let state: string;
    let reason: string | null = null;
    if (event.type === 'installed') {
      state = 'installed';
    } else if (event.type === 'installFailed') {
      state = 'failed';
      reason = event.detail ?? 'installFailed';
    } else {
      state = 'removed';
      reason = 'uninstalled';
      await freeAfterUninstall(trx, actor, device, event.catalogAppId, at);
    }
    await trx
      .updateTable('installs')
      .set({
        state,
        reason,
        installedAt: state === 'installed' ? at.toISOString() : install.installedAt,
        licenseId: state === 'removed' ? null : install.licenseId,
        updatedAt: at.toISOString(),
      })
      .where('id', '=', install.id)
      .execute();
    await recordActivity(trx, actor, at, {
      action: `install.${event.type}`,
      subject: { type: 'device', id: device.id, name: device.serialNumber },
      spaceId: device.spaceId,
      before: { catalogAppId: event.catalogAppId, state: install.state },
      after: { catalogAppId: event.catalogAppId, state, reason },
    });
    return { catalogAppId: event.catalogAppId, state, reason };
  });
}

/** R-V1: under an uninstall intent the licence is freed once the app is reported gone. */
async function freeAfterUninstall(
  db: Kysely<Database>,
  actor: Actor,
  device: DeviceTable,
  catalogAppId: string,
  at: Date,
): Promise<void> {
  const { subject, user } = await loadDeviceSubject(db, device);
  const target = resolveTarget(
    catalogAppId,
    await loadAssignments(db, device.tenantId, device.spaceId, catalogAppId),
    subject,
  );
  const app = await db
    .selectFrom('catalogApps')
    .select('productId')
    .where('id', '=', catalogAppId)
    .executeTakeFirstOrThrow();
  const licenses = await loadActiveLicenses(db, user === null ? [device.id] : [device.id, user.id]);
  const others =
    user === null
      ? []
      : (
          await db
            .selectFrom('installs as i')
            .innerJoin('devices as d', 'd.id', 'i.deviceId')
            .select('d.id')
            .where('i.tenantId', '=', device.tenantId)
            .where('i.catalogAppId', '=', catalogAppId)
            .where('d.primaryUserId', '=', user.id)
            .where('d.id', '!=', device.id)
            .where('i.state', 'in', ['installed', 'pending', 'uninstallPending'])
            .execute()
        ).map((r) => r.id);
  const freed = new Set(
    licensesFreedByUninstall({
      device: subject,
      productId: app.productId,
      intent: target?.intent ?? null,
      licenses: licenses.map(toDomainLicense),
      otherDevicesWithApp: others,
    }).map((l) => l.id),
  );
  await revokeLicenses(
    db,
    actor,
    licenses.filter((l) => freed.has(l.id)),
    'uninstalled',
    at,
  );
}
