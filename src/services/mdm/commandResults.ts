/**
 * R-I4: the results of the commands Allot asked for become device events (reference
 * mdm-bridge.md §5). Acknowledged means accepted, not installed: an install is `installed` only
 * when its State is `Managed` or a ManagedApplicationList says `Managed`; an Error or a refused
 * install is `installFailed` with Apple's error chain as the reason; an acknowledged remove is
 * `uninstalled`; NotNow is still pending; a CommandUUID Allot did not issue is ignored.
 */
import type { PlistValue } from 'plist';
import type { MdmConnectorTable } from '../../db/schema.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordDeviceEvent, type DeviceEventType } from '../checkIn/lifecycle.js';
import {
  isPlistDict as isDict,
  plistString,
  type MdmEvent,
  type PlistObject,
} from './eventFormat.js';

/** Install states that end an install without it (InstallApplication's `State`). */
const FAILED_STATES = new Set(['Failed', 'UserRejected']);

/** Apple's ErrorChain as one line: "MCMErrorDomain 9610: License not found; …". */
export function describeErrorChain(payload: PlistObject): string | null {
  const chain = payload.ErrorChain;
  if (!Array.isArray(chain)) return null;
  const parts = (chain as readonly PlistValue[]).filter(isDict).map((item) => {
    const domain = plistString(item, 'ErrorDomain') ?? 'UnknownDomain';
    const code = typeof item.ErrorCode === 'number' ? item.ErrorCode : '?';
    const text =
      plistString(item, 'USEnglishDescription') ?? plistString(item, 'LocalizedDescription');
    return `${domain} ${code}${text === null ? '' : `: ${text}`}`;
  });
  return parts.length === 0 ? null : parts.join('; ').slice(0, 1000);
}

/** Records a device event, or says why none applies (the install is not Allot's). */
async function deviceEvent(
  ctx: ServiceContext,
  actor: Actor,
  deviceId: string,
  event: { type: DeviceEventType; catalogAppId: string; detail?: string },
): Promise<string> {
  try {
    await recordDeviceEvent(ctx, actor, deviceId, event);
    return event.type;
  } catch (error) {
    if (error instanceof NotFoundError) return 'noInstall';
    throw error;
  }
}

/** mdm.Connect with a CommandUUID: the result of a command. */
export async function applyCommandResult(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  event: MdmEvent,
): Promise<string> {
  if (isDict(event.payload.ManagedApplicationList)) {
    return applyManagedApplicationList(ctx, actor, connector, event);
  }
  const command = await ctx.db.kysely
    .selectFrom('mdmCommands')
    .selectAll()
    .where('tenantId', '=', connector.tenantId)
    .where('connectorId', '=', connector.id)
    .where('commandUuid', '=', event.commandUuid!)
    .executeTakeFirst();
  if (command === undefined || command.enrollmentId !== event.enrollmentId) {
    return 'unknownCommand';
  }
  const status = event.status!;
  await ctx.db.kysely
    .updateTable('mdmCommands')
    .set({
      state: status === 'NotNow' ? 'notNow' : 'answered',
      resultStatus: status,
      updatedAt: ctx.clock.now().toISOString(),
    })
    .where('id', '=', command.id)
    .execute();
  if (status === 'NotNow') return 'notNow';
  const target = { catalogAppId: command.catalogAppId };
  if (command.requestType === 'RemoveApplication') {
    if (status !== 'Acknowledged') return 'removeFailed';
    return deviceEvent(ctx, actor, command.deviceId, { type: 'uninstalled', ...target });
  }
  if (command.requestType !== 'InstallApplication') return 'ignored';
  if (status === 'Error' || status === 'CommandFormatError') {
    const detail = describeErrorChain(event.payload) ?? status;
    return deviceEvent(ctx, actor, command.deviceId, { type: 'installFailed', ...target, detail });
  }
  if (status !== 'Acknowledged') return 'ignored';
  const state = plistString(event.payload, 'State');
  if (state === 'Managed') {
    return deviceEvent(ctx, actor, command.deviceId, { type: 'installed', ...target });
  }
  if (state !== null && FAILED_STATES.has(state)) {
    const reason = plistString(event.payload, 'RejectionReason');
    const detail = `${state}${reason === null ? '' : `: ${reason}`}`;
    return deviceEvent(ctx, actor, command.deviceId, { type: 'installFailed', ...target, detail });
  }
  // Accepted, not installed yet (Queued, Installing…): a ManagedApplicationList confirms it.
  return 'inProgress';
}

/**
 * ManagedApplicationList: per bundle id its Status. `Managed` installs the device's pending (or
 * failed) install of the app; `Failed` / `UserRejected` fails a pending one.
 */
async function applyManagedApplicationList(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  event: MdmEvent,
): Promise<string> {
  const enrollment = await ctx.db.kysely
    .selectFrom('mdmEnrollments')
    .select('deviceId')
    .where('tenantId', '=', connector.tenantId)
    .where('connectorId', '=', connector.id)
    .where('enrollmentId', '=', event.enrollmentId!)
    .executeTakeFirst();
  const deviceId = enrollment?.deviceId ?? null;
  if (deviceId === null) return 'unknownEnrollment';
  if (event.status !== 'Acknowledged') return 'ignored';
  const list = event.payload.ManagedApplicationList as PlistObject;
  const installs = await ctx.db.kysely
    .selectFrom('installs as i')
    .innerJoin('catalogApps as c', 'c.id', 'i.catalogAppId')
    .innerJoin('products as p', 'p.id', 'c.productId')
    .select(['i.catalogAppId', 'i.state', 'p.bundleId'])
    .where('i.tenantId', '=', connector.tenantId)
    .where('i.deviceId', '=', deviceId)
    .where('i.state', 'in', ['pending', 'failed'])
    .execute();
  const changed: string[] = [];
  for (const install of installs) {
    const entry = install.bundleId === null ? undefined : list[install.bundleId];
    if (!isDict(entry)) continue;
    const status = plistString(entry, 'Status');
    const target = { catalogAppId: install.catalogAppId };
    if (status === 'Managed') {
      changed.push(await deviceEvent(ctx, actor, deviceId, { type: 'installed', ...target }));
    } else if (status !== null && FAILED_STATES.has(status) && install.state === 'pending') {
      changed.push(
        await deviceEvent(ctx, actor, deviceId, {
          type: 'installFailed',
          ...target,
          detail: status,
        }),
      );
    }
  }
  return changed.length === 0 ? 'unchanged' : `appsUpdated:${changed.length}`;
}
