/**
 * What an emulated device answers to a command (reference §4, §5): the result plist with
 * `Status`, `CommandUUID` and the device's id, plus the keys of the command's own answer:
 * InstallApplication's `Identifier` and `State`, RemoveApplication, ManagedApplicationList,
 * InstalledApplicationList, DeviceInformation's `QueryResponses`; `ErrorChain` on errors.
 */
import type { PlistValue } from 'plist';
import type { AppRecord, Enrollment, PlistDict, StoredCommand } from './records.js';

export type ResultStatus = 'Acknowledged' | 'Error' | 'CommandFormatError' | 'NotNow';
export const RESULT_STATUSES: readonly ResultStatus[] = [
  'Acknowledged',
  'Error',
  'CommandFormatError',
  'NotNow',
];

/** One item of Apple's ErrorChain. */
export interface ErrorChainItem {
  ErrorCode: number;
  ErrorDomain: string;
  LocalizedDescription: string;
  USEnglishDescription?: string;
}

/** How the device answers a command; every field optional. */
export interface AnswerInput {
  /** The command answered; default the next one the device would fetch. */
  commandUuid?: string;
  /** Default `Acknowledged`. */
  status?: ResultStatus;
  /** With `Error`; default a licence error for InstallApplication, a generic one otherwise. */
  errorChain?: ErrorChainItem[];
  /** Keys merged last into the result plist (e.g. `State: 'Failed'`, `RejectionReason`). */
  payload?: PlistDict;
}

/** The VPP failure seen in the field (reference §5): the licence is not (yet) associated. */
export const LICENSE_NOT_FOUND: ErrorChainItem = {
  ErrorCode: 9610,
  ErrorDomain: 'ASDErrorDomain',
  LocalizedDescription: 'License not found',
  USEnglishDescription: 'License not found',
};

const GENERIC_ERROR: ErrorChainItem = {
  ErrorCode: 12021,
  ErrorDomain: 'MCMDMErrorDomain',
  LocalizedDescription: 'The command could not be completed',
  USEnglishDescription: 'The command could not be completed',
};

const SHARED_IPAD_USER_ID = 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF';

/** The keys every request of this enrollment carries (reference §1.2). */
export function enrollmentKeys(enrollment: Enrollment): PlistDict {
  const { device } = enrollment;
  return {
    ...(device.udid !== null
      ? { UDID: device.udid }
      : { EnrollmentID: device.userEnrollmentId ?? enrollment.id }),
    ...(enrollment.userId !== null && { UserID: enrollment.userId }),
    ...(enrollment.userShortName !== null && { UserShortName: enrollment.userShortName }),
    ...(enrollment.userLongName !== null && { UserLongName: enrollment.userLongName }),
  };
}

export function sharedIpadUserId(): string {
  return SHARED_IPAD_USER_ID;
}

function stringOf(value: PlistValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The bundle id an InstallApplication is about, when the device can know it. */
function installIdentifier(command: PlistDict, bundleIds: Map<string, string>): string | null {
  const identifier = stringOf(command.Identifier);
  if (identifier !== null) return identifier;
  const adamId = adamIdOf(command);
  return adamId === null ? null : (bundleIds.get(adamId) ?? null);
}

/** iTunesStoreID as text (an integer on the wire; a string is tolerated). */
function adamIdOf(command: PlistDict): string | null {
  const value = command.iTunesStoreID;
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return null;
}

function managedList(enrollment: Enrollment, command: PlistDict): PlistDict {
  const wanted = Array.isArray(command.Identifiers)
    ? new Set((command.Identifiers as readonly PlistValue[]).filter((v) => typeof v === 'string'))
    : null;
  const list: PlistDict = {};
  for (const app of enrollment.apps.values()) {
    if (wanted !== null && !wanted.has(app.identifier)) continue;
    list[app.identifier] = {
      Status: app.status,
      ManagementFlags: app.managementFlags,
      HasConfiguration: false,
      HasFeedback: false,
      IsValidated: true,
      ExternalVersionIdentifier: 0,
    };
  }
  return { ManagedApplicationList: list };
}

function installedList(enrollment: Enrollment): PlistDict {
  const apps = [...enrollment.apps.values()]
    .filter((app) => app.status === 'Managed')
    .map((app) => ({
      Identifier: app.identifier,
      Name: app.identifier,
      Version: '1.0',
      ShortVersion: '1.0',
      BundleSize: 1_000_000,
      IsValidated: true,
    }));
  return { InstalledApplicationList: apps };
}

const DEVICE_QUERIES: Record<string, (e: Enrollment) => string | null> = {
  UDID: (e) => e.device.udid,
  SerialNumber: (e) => e.device.serialNumber,
  ProductName: (e) => e.device.productName,
  OSVersion: (e) => e.device.osVersion,
  BuildVersion: (e) => e.device.buildVersion,
  DeviceName: (e) => e.device.deviceName,
  Model: (e) => e.device.model,
  ModelName: (e) => e.device.modelName,
};

function deviceInformation(enrollment: Enrollment, command: PlistDict): PlistDict {
  const queries = Array.isArray(command.Queries) ? (command.Queries as readonly PlistValue[]) : [];
  const responses: PlistDict = {};
  for (const query of queries) {
    const value = typeof query === 'string' ? DEVICE_QUERIES[query]?.(enrollment) : null;
    if (typeof query === 'string' && value !== null && value !== undefined) {
      responses[query] = value;
    }
  }
  return { QueryResponses: responses };
}

/**
 * The device runs (or refuses) the command: its apps change, and the result plist is returned.
 * `installDelayMs` > 0 leaves an acknowledged install `Installing` (the caller finishes it).
 */
export function runCommand(
  enrollment: Enrollment,
  stored: StoredCommand,
  answer: AnswerInput,
  options: { bundleIds: Map<string, string>; installDelayMs: number },
): { status: ResultStatus; payload: PlistDict; installing: AppRecord | null } {
  const status = answer.status ?? 'Acknowledged';
  const base: PlistDict = {
    CommandUUID: stored.commandUuid,
    Status: status,
    ...enrollmentKeys(enrollment),
  };
  const { command } = stored;
  let keys: PlistDict = {};
  let installing: AppRecord | null = null;
  if (status === 'Error') {
    const chain =
      answer.errorChain ??
      (stored.requestType === 'InstallApplication' ? [LICENSE_NOT_FOUND] : [GENERIC_ERROR]);
    keys = { ErrorChain: chain as unknown as PlistValue };
  } else if (status === 'Acknowledged') {
    switch (stored.requestType) {
      case 'InstallApplication': {
        const identifier = installIdentifier(command, options.bundleIds);
        const state = options.installDelayMs > 0 ? 'Installing' : 'Managed';
        const requested = stringOf(answer.payload?.State);
        if (identifier !== null && requested !== 'Failed' && requested !== 'UserRejected') {
          const app: AppRecord = {
            identifier,
            adamId: adamIdOf(command),
            status: state,
            managementFlags:
              typeof command.ManagementFlags === 'number' ? command.ManagementFlags : 0,
          };
          enrollment.apps.set(identifier, app);
          if (state === 'Installing') installing = app;
        }
        keys = { ...(identifier !== null && { Identifier: identifier }), State: state };
        break;
      }
      case 'RemoveApplication': {
        const identifier = stringOf(command.Identifier);
        if (identifier !== null) enrollment.apps.delete(identifier);
        break;
      }
      case 'ManagedApplicationList':
        keys = managedList(enrollment, command);
        break;
      case 'InstalledApplicationList':
        keys = installedList(enrollment);
        break;
      case 'DeviceInformation':
        keys = deviceInformation(enrollment, command);
        break;
      default:
        break;
    }
  }
  return { status, payload: { ...base, ...keys, ...answer.payload }, installing };
}
