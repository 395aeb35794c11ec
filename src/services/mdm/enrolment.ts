/**
 * R-I4: the MDM's check-in events keep the directory in step. Authenticate creates the device by
 * its serial number or re-activates it (never a duplicate: serials are unique per tenant), with
 * its UDID on the enrolment; TokenUpdate completes the enrolment; CheckOut unenrols the device
 * with R-V2's effects (the same use case as `POST /devices/{id}/unenroll`). Events of one
 * enrolment older than the last one applied are stale and change nothing (delivery is unordered).
 */
import type { MdmConnectorTable, MdmEnrollmentTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { AllotError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import {
  createDevice,
  findDeviceBySerial,
  isValidSerialNumber,
  type DevicePlatform,
} from '../directory/devices.js';
import { reenrolDevice, removeDeviceFromManagement } from '../checkIn/lifecycle.js';
import { plistString, type MdmEvent, type PlistObject } from './eventFormat.js';

/**
 * The platform of an Apple ProductName (iPhone14,5, iPad13,1, Mac14,2, MacBookPro18,3…), or of
 * macOS's Model; null for one Allot does not license (Apple TV, Vision Pro).
 */
export function platformOf(
  productName: string | null,
  model: string | null,
): DevicePlatform | null {
  const name = productName ?? model ?? '';
  if (/^(iPhone|iPod)/i.test(name)) return 'ios';
  if (/^iPad/i.test(name)) return 'ipados';
  if (/^(Mac|iMac|VirtualMac)/i.test(name)) return 'macos';
  return null;
}

type EnrollmentState = 'authenticated' | 'enrolled' | 'checkedOut';

async function loadEnrollment(
  ctx: ServiceContext,
  connector: MdmConnectorTable,
  enrollmentId: string,
): Promise<MdmEnrollmentTable | undefined> {
  return ctx.db.kysely
    .selectFrom('mdmEnrollments')
    .selectAll()
    .where('tenantId', '=', connector.tenantId)
    .where('connectorId', '=', connector.id)
    .where('enrollmentId', '=', enrollmentId)
    .executeTakeFirst();
}

/**
 * Writes the enrolment's new state (insert or update), keeping what the event does not say.
 * Authenticate and CheckOut move `lastEventAt`; TokenUpdate moves `tokenUpdatedAt` only, so
 * that an Authenticate delivered after its TokenUpdate still applies. True when this call
 * inserted the enrolment.
 */
async function saveEnrollment(
  ctx: ServiceContext,
  connector: MdmConnectorTable,
  existing: MdmEnrollmentTable | undefined,
  event: MdmEvent,
  change: { state: EnrollmentState; serialNumber?: string | null; deviceId?: string | null },
): Promise<boolean> {
  const now = ctx.clock.now().toISOString();
  const udid = plistString(event.payload, 'UDID') ?? event.udid;
  const isTokenUpdate = event.topic === 'mdm.TokenUpdate';
  const moves = isTokenUpdate
    ? { tokenUpdatedAt: event.createdAt }
    : { lastEventAt: event.createdAt };
  if (existing === undefined) {
    const row: MdmEnrollmentTable = {
      id: newId(Date.parse(now)),
      tenantId: connector.tenantId,
      connectorId: connector.id,
      enrollmentId: event.enrollmentId!,
      enrollmentType: event.enrollmentType,
      udid,
      serialNumber: change.serialNumber ?? null,
      deviceId: change.deviceId ?? null,
      state: change.state,
      lastEventAt: null,
      tokenUpdatedAt: null,
      ...moves,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await ctx.db.kysely.insertInto('mdmEnrollments').values(row).execute();
      return true;
    } catch (error) {
      // Two first events of one enrolment at once: the other inserted it; update it below.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  await ctx.db.kysely
    .updateTable('mdmEnrollments')
    .set({
      state: change.state,
      udid: udid ?? existing?.udid ?? null,
      ...(change.serialNumber != null && { serialNumber: change.serialNumber }),
      ...(change.deviceId != null && { deviceId: change.deviceId }),
      ...moves,
      updatedAt: now,
    })
    .where('tenantId', '=', connector.tenantId)
    .where('connectorId', '=', connector.id)
    .where('enrollmentId', '=', event.enrollmentId!)
    .execute();
  return false;
}

/**
 * Whether the enrolment already applied a newer Authenticate or CheckOut (and, for a CheckOut,
 * a newer TokenUpdate: the device enrolled again since).
 */
function isStale(existing: MdmEnrollmentTable | undefined, event: MdmEvent): boolean {
  if (existing === undefined) return false;
  if (existing.lastEventAt !== null && event.createdAt < existing.lastEventAt) return true;
  return (
    event.topic === 'mdm.CheckOut' &&
    existing.tokenUpdatedAt !== null &&
    event.createdAt < existing.tokenUpdatedAt
  );
}

/** An Authenticate delivered after its enrolment's TokenUpdate leaves the enrolment complete. */
function stateAfterAuthenticate(
  existing: MdmEnrollmentTable | undefined,
  event: MdmEvent,
): EnrollmentState {
  const token = existing?.tokenUpdatedAt ?? null;
  return token !== null && token >= event.createdAt ? 'enrolled' : 'authenticated';
}

/**
 * mdm.Authenticate: the device by its serial number, created or re-activated; with whether the
 * enrolment is new (it then holds no command to queue again).
 */
export async function applyAuthenticate(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  event: MdmEvent,
): Promise<{ outcome: string; enrollmentCreated: boolean }> {
  const existing = await loadEnrollment(ctx, connector, event.enrollmentId!);
  if (isStale(existing, event)) return { outcome: 'stale', enrollmentCreated: false };
  const serial = plistString(event.payload, 'SerialNumber');
  if (serial === null || !isValidSerialNumber(serial)) {
    // User Enrollment, or no Device Information right: the serial is asked for later.
    const enrollmentCreated = await saveEnrollment(ctx, connector, existing, event, {
      state: stateAfterAuthenticate(existing, event),
    });
    return {
      outcome: serial === null ? 'noSerialNumber' : 'invalidSerialNumber',
      enrollmentCreated,
    };
  }
  const platform = platformOf(
    plistString(event.payload, 'ProductName'),
    plistString(event.payload, 'Model'),
  );
  if (platform === null) {
    const enrollmentCreated = await saveEnrollment(ctx, connector, existing, event, {
      state: stateAfterAuthenticate(existing, event),
      serialNumber: serial,
    });
    return { outcome: 'unsupportedPlatform', enrollmentCreated };
  }
  const { deviceId, outcome } = await enrolDevice(
    ctx,
    actor,
    connector,
    serial,
    platform,
    plistString(event.payload, 'DeviceName'),
  );
  const enrollmentCreated = await saveEnrollment(ctx, connector, existing, event, {
    state: stateAfterAuthenticate(existing, event),
    serialNumber: serial,
    deviceId,
  });
  return { outcome, enrollmentCreated };
}

async function enrolDevice(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  serial: string,
  platform: DevicePlatform,
  deviceName: string | null,
): Promise<{ deviceId: string | null; outcome: string }> {
  let device = await findDeviceBySerial(ctx.db.kysely, connector.tenantId, serial);
  if (device === undefined) {
    try {
      const created = await createDevice(ctx, actor, {
        serialNumber: serial,
        platform,
        spaceId: connector.spaceId,
        ...(deviceName !== null && { name: deviceName.slice(0, 200) }),
      });
      return { deviceId: created.id, outcome: 'deviceCreated' };
    } catch (error) {
      // Created meanwhile by another event or an administrator: enrol that one.
      if (!(error instanceof AllotError && error.code === 'SERIAL_NUMBER_TAKEN')) throw error;
      device = await findDeviceBySerial(ctx.db.kysely, connector.tenantId, serial);
      if (device === undefined) throw error;
    }
  }
  // A connector acts on its own space only (R-S2): a device of another space stays there.
  if (device.spaceId !== connector.spaceId)
    return { deviceId: null, outcome: 'deviceInOtherSpace' };
  if (device.state === 'active') return { deviceId: device.id, outcome: 'deviceActive' };
  await reenrolDevice(ctx, actor, device.id);
  return { deviceId: device.id, outcome: 'deviceReactivated' };
}

/** mdm.TokenUpdate: the enrolment is complete; a first one re-activates a device left inactive. */
export async function applyTokenUpdate(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  event: MdmEvent,
): Promise<string> {
  const existing = await loadEnrollment(ctx, connector, event.enrollmentId!);
  if (isStale(existing, event)) return 'stale';
  await saveEnrollment(ctx, connector, existing, event, { state: 'enrolled' });
  const deviceId = existing?.deviceId ?? null;
  // A token refresh (tally > 1) of a device unenrolled in Allot does not bring it back.
  if (deviceId === null || (event.tokenUpdateTally ?? 1) > 1) return 'enrolled';
  const device = await ctx.db.kysely
    .selectFrom('devices')
    .select('state')
    .where('tenantId', '=', connector.tenantId)
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (device === undefined || device.state === 'active') return 'enrolled';
  await reenrolDevice(ctx, actor, deviceId);
  return 'deviceReactivated';
}

/** mdm.CheckOut: the management profile was removed: unenrol the device (R-V2). */
export async function applyCheckOut(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  event: MdmEvent,
): Promise<string> {
  const existing = await loadEnrollment(ctx, connector, event.enrollmentId!);
  if (existing === undefined) return 'unknownEnrollment';
  if (isStale(existing, event)) return 'stale';
  await saveEnrollment(ctx, connector, existing, event, { state: 'checkedOut' });
  if (existing.deviceId === null) return 'checkedOut';
  const device = await ctx.db.kysely
    .selectFrom('devices')
    .select('state')
    .where('tenantId', '=', connector.tenantId)
    .where('id', '=', existing.deviceId)
    .executeTakeFirst();
  if (device === undefined || device.state !== 'active') return 'checkedOut';
  await removeDeviceFromManagement(ctx, actor, existing.deviceId, 'unenroll');
  return 'deviceUnenrolled';
}

/**
 * The answer to the DeviceInformation Allot asked an enrolment without a serial number: the
 * device by its serial, created or re-activated as an Authenticate would, on the enrolment.
 */
export async function applyDeviceInformation(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  enrollmentId: string,
  answers: PlistObject,
): Promise<string> {
  const existing = await loadEnrollment(ctx, connector, enrollmentId);
  if (existing === undefined || existing.deviceId !== null) return 'ignored';
  const serial = plistString(answers, 'SerialNumber');
  if (serial === null || !isValidSerialNumber(serial)) return 'noSerialNumber';
  const platform = platformOf(plistString(answers, 'ProductName'), plistString(answers, 'Model'));
  if (platform === null) return 'unsupportedPlatform';
  const { deviceId, outcome } = await enrolDevice(
    ctx,
    actor,
    connector,
    serial,
    platform,
    plistString(answers, 'DeviceName'),
  );
  await ctx.db.kysely
    .updateTable('mdmEnrollments')
    .set({
      serialNumber: serial,
      ...(deviceId !== null && { deviceId }),
      updatedAt: ctx.clock.now().toISOString(),
    })
    .where('id', '=', existing.id)
    .execute();
  return outcome;
}
