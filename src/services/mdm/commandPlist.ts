/**
 * R-I4: the MDM commands Allot sends, as the XML plists NanoMDM's enqueue API takes (reference
 * mdm-bridge.md §3–4). The caller owns the CommandUUID: it is made once, stored with the
 * command, and every retry sends the same bytes.
 */
import type { PlistValue } from 'plist';
import { newId } from '../../ids.js';
import { buildPlistXml } from './plistXml.js';

export const REQUEST_TYPES = [
  'InstallApplication',
  'RemoveApplication',
  'ManagedApplicationList',
  'DeviceInformation',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** A CommandUUID of Allot's: a UUIDv7, with a prefix that says who sent it. */
export function newCommandUuid(at: Date): string {
  return `allot-${newId(at.getTime())}`;
}

export interface InstallTarget {
  /** The store's adamId (an integer in the plist). */
  adamId: string;
  platform: string;
  /** A User Enrollment may not take over a user-installed copy. */
  userEnrollment: boolean;
}

function commandPlist(commandUuid: string, command: Record<string, PlistValue>): string {
  return buildPlistXml({ CommandUUID: commandUuid, Command: command });
}

/**
 * InstallApplication of a volume-purchased app: iTunesStoreID, PurchaseMethod 1 (volume
 * purchase), removed with the MDM profile on iOS/iPadOS; installed as managed on macOS; takes
 * over a copy the user installed (not in a User Enrollment). As Fleet sends it (§4.1).
 */
export function installApplication(commandUuid: string, target: InstallTarget): string {
  const adamId = Number(target.adamId);
  if (!Number.isSafeInteger(adamId) || adamId <= 0) {
    throw new Error(`An App Store adamId is an integer, not ${JSON.stringify(target.adamId)}`);
  }
  const macos = target.platform === 'macos';
  return commandPlist(commandUuid, {
    RequestType: 'InstallApplication',
    iTunesStoreID: adamId,
    Options: { PurchaseMethod: 1 },
    ManagementFlags: macos ? 0 : 1,
    ...(macos && { InstallAsManaged: true }),
    ...(!target.userEnrollment && { ChangeManagementState: 'Managed' }),
  });
}

/** RemoveApplication of a managed app, by its bundle id (§4.2). */
export function removeApplication(commandUuid: string, bundleId: string): string {
  return commandPlist(commandUuid, { RequestType: 'RemoveApplication', Identifier: bundleId });
}

/** ManagedApplicationList for some bundle ids: what the device really has installed (§5). */
export function managedApplicationList(commandUuid: string, bundleIds: readonly string[]): string {
  return commandPlist(commandUuid, {
    RequestType: 'ManagedApplicationList',
    Identifiers: [...bundleIds],
  });
}

/** What DeviceInformation asks an enrolment Allot has no serial number for (§2). */
export const DEVICE_QUERIES = ['SerialNumber', 'ProductName', 'Model', 'DeviceName'] as const;

/** DeviceInformation: the serial number an Authenticate did not carry (§2). */
export function deviceInformation(commandUuid: string): string {
  return commandPlist(commandUuid, {
    RequestType: 'DeviceInformation',
    Queries: [...DEVICE_QUERIES],
  });
}
