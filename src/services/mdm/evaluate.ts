/**
 * R-I4: a device an MDM connector manages never calls the check-in itself: Allot checks it in
 * when the MDM says it is there — its enrolment completes (TokenUpdate) or it polls with nothing
 * to report (Idle) — so that what it should install or remove reaches it as MDM commands
 * (checkIn.ts hands them to commandQueue.ts). Webhooks are delivered at most once, so this
 * re-evaluation is also how a lost event is made good.
 */
import type { MdmConnectorTable } from '../../db/schema.js';
import { AllotError } from '../../domain/errors.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { checkIn } from '../checkIn/checkIn.js';
import { queueDeviceInformation, queueManagedApplicationList } from './commandQueue.js';

/** The device of an enrolment: its own, or for a user channel (UDID:UserID) its device's. */
async function deviceOfEnrollment(
  ctx: ServiceContext,
  connector: MdmConnectorTable,
  enrollmentId: string,
): Promise<string | null> {
  const ids = [enrollmentId];
  const colon = enrollmentId.indexOf(':');
  if (colon > 0) ids.push(enrollmentId.slice(0, colon));
  const rows = await ctx.db.kysely
    .selectFrom('mdmEnrollments')
    .select(['enrollmentId', 'deviceId', 'state'])
    .where('tenantId', '=', connector.tenantId)
    .where('connectorId', '=', connector.id)
    .where('enrollmentId', 'in', ids)
    .execute();
  const own = rows.find((r) => r.enrollmentId === enrollmentId);
  if (own?.state !== 'enrolled') return null;
  return rows.find((r) => r.deviceId !== null)?.deviceId ?? null;
}

/**
 * An enrolled device channel Allot has no serial number for (its Authenticate was lost or
 * carried none) is asked for it; the answer enrols the device (commandResults.ts).
 */
async function askSerialNumber(
  ctx: ServiceContext,
  connector: MdmConnectorTable,
  enrollmentId: string,
): Promise<boolean> {
  const enrollment = await ctx.db.kysely
    .selectFrom('mdmEnrollments')
    .selectAll()
    .where('tenantId', '=', connector.tenantId)
    .where('connectorId', '=', connector.id)
    .where('enrollmentId', '=', enrollmentId)
    .executeTakeFirst();
  if (enrollment?.state !== 'enrolled' || enrollment.serialNumber !== null) return false;
  return queueDeviceInformation(ctx, enrollment);
}

/** Checks the enrolment's device in, when it is an active device; returns an outcome word. */
export async function evaluateEnrollment(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  enrollmentId: string,
): Promise<string> {
  const deviceId = await deviceOfEnrollment(ctx, connector, enrollmentId);
  if (deviceId === null) {
    return (await askSerialNumber(ctx, connector, enrollmentId))
      ? 'askedSerialNumber'
      : 'notEnrolled';
  }
  const device = await ctx.db.kysely
    .selectFrom('devices')
    .select(['serialNumber', 'state', 'spaceId'])
    .where('tenantId', '=', connector.tenantId)
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (device?.state !== 'active' || device.spaceId !== connector.spaceId) return 'notActive';
  try {
    const result = await checkIn(ctx, actor, { serialNumber: device.serialNumber });
    await queueManagedApplicationList(ctx, connector.tenantId, deviceId);
    return `evaluated:${result.commands.length}`;
  } catch (error) {
    // A rule said no (the device left the connector's space meanwhile…): the event itself
    // was handled; the device's next poll evaluates it again.
    if (error instanceof AllotError) return `notEvaluated:${error.code}`;
    throw error;
  }
}
