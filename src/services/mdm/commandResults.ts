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
import { applyDeviceInformation } from './enrolment.js';
import { evaluateEnrollment } from './evaluate.js';
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

/** What a result does to its command: its new state, and the device event it implies. */
interface ResultEffect {
  state: 'notNow' | 'acknowledged' | 'done' | 'failed';
  detail: string | null;
  event: { type: DeviceEventType; detail?: string } | null;
  /** The receipt's outcome when no device event applies. */
  outcome: string;
}

function effectOf(requestType: string, status: string, payload: PlistObject): ResultEffect {
  const none = (state: ResultEffect['state'], outcome: string, detail: string | null = null) => ({
    state,
    detail,
    event: null,
    outcome,
  });
  if (status === 'NotNow') return none('notNow', 'notNow');
  const failedDetail = describeErrorChain(payload) ?? status;
  if (requestType === 'RemoveApplication') {
    if (status !== 'Acknowledged') return none('failed', 'removeFailed', failedDetail);
    return { state: 'done', detail: null, event: { type: 'uninstalled' }, outcome: '' };
  }
  if (requestType !== 'InstallApplication') {
    return status === 'Acknowledged'
      ? none('done', 'ignored')
      : none('failed', 'ignored', failedDetail);
  }
  if (status === 'Error' || status === 'CommandFormatError') {
    return {
      state: 'failed',
      detail: failedDetail,
      event: { type: 'installFailed', detail: failedDetail },
      outcome: '',
    };
  }
  if (status !== 'Acknowledged') return none('failed', 'ignored', status);
  const state = plistString(payload, 'State');
  if (state === 'Managed') {
    return { state: 'done', detail: state, event: { type: 'installed' }, outcome: '' };
  }
  if (state !== null && FAILED_STATES.has(state)) {
    const reason = plistString(payload, 'RejectionReason');
    const detail = `${state}${reason === null ? '' : `: ${reason}`}`;
    return { state: 'failed', detail, event: { type: 'installFailed', detail }, outcome: '' };
  }
  // Accepted, not installed yet (Queued, Installing…): a ManagedApplicationList confirms it.
  return none('acknowledged', 'inProgress', state);
}

/** mdm.Connect with a CommandUUID: the result of a command. */
export async function applyCommandResult(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  event: MdmEvent,
): Promise<string> {
  const command = await ctx.db.kysely
    .selectFrom('mdmCommands')
    .selectAll()
    .where('tenantId', '=', connector.tenantId)
    .where('connectorId', '=', connector.id)
    .where('commandUuid', '=', event.commandUuid!)
    .executeTakeFirst();
  if (isDict(event.payload.ManagedApplicationList)) {
    if (command !== undefined) await closeCommand(ctx, command.id, 'done', event.status!, null);
    return applyManagedApplicationList(ctx, actor, connector, event);
  }
  if (
    command === undefined ||
    command.enrollmentId !== event.enrollmentId ||
    command.state === 'voided'
  ) {
    return 'unknownCommand';
  }
  if (command.requestType === 'DeviceInformation') {
    return applyDeviceInformationResult(ctx, actor, connector, command.id, event);
  }
  const effect = effectOf(command.requestType, event.status!, event.payload);
  let outcome = effect.outcome;
  if (effect.event !== null) {
    outcome = await deviceEvent(ctx, actor, command.deviceId, {
      ...effect.event,
      catalogAppId: command.catalogAppId,
    });
  }
  await closeCommand(ctx, command.id, effect.state, event.status!, effect.detail);
  return outcome;
}

/**
 * Records a command's result; a closed command frees its device, app and action. A result is
 * proof that NanoMDM stored the command, even when it comes before the sender noted so.
 */
async function closeCommand(
  ctx: ServiceContext,
  id: string,
  state: ResultEffect['state'],
  resultStatus: string,
  detail: string | null,
): Promise<void> {
  const closed = state === 'done' || state === 'failed';
  const nowIso = ctx.clock.now().toISOString();
  await ctx.db.kysely
    .updateTable('mdmCommands')
    .set((eb) => ({
      state,
      resultStatus,
      detail,
      leaseUntil: null,
      enqueuedAt: eb.fn.coalesce('enqueuedAt', eb.val(nowIso)),
      ...(closed && { openKey: null }),
      updatedAt: nowIso,
    }))
    .where('id', '=', id)
    .execute();
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
      await closeOpenInstalls(ctx, connector, deviceId, install.catalogAppId, 'done', status);
    } else if (status !== null && FAILED_STATES.has(status) && install.state === 'pending') {
      changed.push(
        await deviceEvent(ctx, actor, deviceId, {
          type: 'installFailed',
          ...target,
          detail: status,
        }),
      );
      await closeOpenInstalls(ctx, connector, deviceId, install.catalogAppId, 'failed', status);
    }
  }
  return changed.length === 0 ? 'unchanged' : `appsUpdated:${changed.length}`;
}

/** The install commands a ManagedApplicationList answered for (accepted, then reported). */
async function closeOpenInstalls(
  ctx: ServiceContext,
  connector: MdmConnectorTable,
  deviceId: string,
  catalogAppId: string,
  state: 'done' | 'failed',
  detail: string,
): Promise<void> {
  await ctx.db.kysely
    .updateTable('mdmCommands')
    .set({ state, detail, openKey: null, updatedAt: ctx.clock.now().toISOString() })
    .where('tenantId', '=', connector.tenantId)
    .where('connectorId', '=', connector.id)
    .where('deviceId', '=', deviceId)
    .where('catalogAppId', '=', catalogAppId)
    .where('requestType', '=', 'InstallApplication')
    .where('state', 'in', ['sent', 'notNow', 'acknowledged'])
    .execute();
}

/** DeviceInformation answered: the device by its serial, then evaluated as after enrolment. */
async function applyDeviceInformationResult(
  ctx: ServiceContext,
  actor: Actor,
  connector: MdmConnectorTable,
  commandId: string,
  event: MdmEvent,
): Promise<string> {
  const status = event.status!;
  const answers = event.payload.QueryResponses;
  if (status === 'NotNow') {
    await closeCommand(ctx, commandId, 'notNow', status, null);
    return 'notNow';
  }
  if (status !== 'Acknowledged' || !isDict(answers)) {
    await closeCommand(ctx, commandId, 'failed', status, describeErrorChain(event.payload));
    return 'ignored';
  }
  const outcome = await applyDeviceInformation(ctx, actor, connector, event.enrollmentId!, answers);
  await closeCommand(ctx, commandId, 'done', status, outcome);
  await evaluateEnrollment(ctx, actor, connector, event.enrollmentId!);
  return outcome;
}
