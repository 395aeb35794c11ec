/** What the NanoMDM emulator keeps in memory: enrollments, stored commands, queue entries. */
import type { PlistValue } from 'plist';

/** A plist dictionary. */
export type PlistDict = { [key: string]: PlistValue };

/** NanoMDM's enrollment types (`ids.type`, reference §1.1). */
export type EnrollmentType =
  'Device' | 'User' | 'User Enrollment (Device)' | 'User Enrollment' | 'Shared iPad';

/** The emulated device behind a device channel (and its user channels). */
export interface DeviceRecord {
  udid: string | null;
  /** User Enrollment's EnrollmentID (no UDID, no serial). */
  userEnrollmentId: string | null;
  serialNumber: string | null;
  productName: string;
  osVersion: string;
  buildVersion: string;
  deviceName: string | null;
  model: string | null;
  modelName: string | null;
  topic: string;
  awaitingConfiguration: boolean;
  urlParams: Record<string, string> | null;
}

export type EnrollmentState = 'authenticated' | 'enrolled' | 'checkedOut';

/** An app as the device reports it (ManagedApplicationList `Status`). */
export interface AppRecord {
  identifier: string;
  adamId: string | null;
  status: 'Installing' | 'Managed';
  managementFlags: number;
}

export interface Enrollment {
  /** NanoMDM's enrollment id: UDID, `UDID:UserID`, `UDID:ShortName` or the EnrollmentID. */
  id: string;
  type: EnrollmentType;
  /** The device channel of a user channel. */
  parentId: string | null;
  device: DeviceRecord;
  userId: string | null;
  userShortName: string | null;
  userLongName: string | null;
  state: EnrollmentState;
  tokenUpdateTally: number;
  /** Set by TokenUpdate: what a push needs. */
  pushInfo: { token: Buffer; pushMagic: string; topic: string } | null;
  apps: Map<string, AppRecord>;
}

/** A command as stored once by the enqueue API, whatever the number of ids. */
export interface StoredCommand {
  commandUuid: string;
  requestType: string;
  /** The `Command` dictionary. */
  command: PlistDict;
  /** The body as enqueued. */
  raw: string;
}

/** Where a command stands for one enrollment. */
export type EntryStatus =
  | 'queued'
  | 'NotNow'
  | 'Acknowledged'
  | 'Error'
  | 'CommandFormatError'
  /** Dropped by an Authenticate before the device fetched it (reference §6). */
  | 'cleared';

export interface QueueEntry {
  commandUuid: string;
  status: EntryStatus;
  enqueuedAt: string;
  answeredAt: string | null;
  /** The result plist the device sent for its last answer. */
  result: PlistDict | null;
}

/** One command of one enrollment, as `commands()` lists it. */
export interface CommandView {
  enrollmentId: string;
  commandUuid: string;
  requestType: string;
  /** The `Command` dictionary (RequestType and the command's keys). */
  command: PlistDict;
  status: EntryStatus;
  enqueuedAt: string;
  answeredAt: string | null;
  result: PlistDict | null;
}

/** One webhook POST (at most once: a failure is only logged, as NanoMDM does). */
export interface WebhookDelivery {
  topic: string;
  enrollmentId: string;
  commandUuid: string | null;
  /** `acknowledge_event.status`, for mdm.Connect. */
  status: string | null;
  at: string;
  /** The HTTP status Allot (or whoever) answered; null when the request itself failed. */
  httpStatus: number | null;
  /** NanoMDM counts anything but 200 as a failure. */
  ok: boolean;
  error: string | null;
  /** The JSON body as posted (the bytes the signature covers). */
  body: string;
}

export interface EnrollmentView {
  enrollmentId: string;
  type: EnrollmentType;
  parentId: string | null;
  udid: string | null;
  serialNumber: string | null;
  productName: string;
  state: EnrollmentState;
  tokenUpdateTally: number;
  queued: number;
  apps: AppRecord[];
}

export function enrollmentView(enrollment: Enrollment, queued: number): EnrollmentView {
  return {
    enrollmentId: enrollment.id,
    type: enrollment.type,
    parentId: enrollment.parentId,
    udid: enrollment.device.udid,
    serialNumber: enrollment.device.serialNumber,
    productName: enrollment.device.productName,
    state: enrollment.state,
    tokenUpdateTally: enrollment.tokenUpdateTally,
    queued,
    apps: [...enrollment.apps.values()].map((a) => ({ ...a })),
  };
}
