/** What a device enrols with, and the Authenticate plist it sends (reference §1.2). */
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../domain/errors.js';
import type { DeviceRecord, PlistDict } from './records.js';

/** A device to enrol; everything is optional and defaults to an iPhone. */
export interface DeviceInput {
  /** Default: a new random UDID. */
  udid?: string;
  /** Sent in Authenticate when given (the enrolment's Device Information right). */
  serialNumber?: string;
  /** e.g. iPhone14,5, iPad13,1, Mac14,2. Default iPhone14,5. */
  productName?: string;
  osVersion?: string;
  buildVersion?: string;
  /** macOS sends DeviceName, Model and ModelName in Authenticate. */
  deviceName?: string;
  model?: string;
  modelName?: string;
  /** AwaitingConfiguration of the TokenUpdate (Setup Assistant). Default false. */
  awaitingConfiguration?: boolean;
  /** User Enrollment: no UDID and no serial; the device channel is this EnrollmentID. */
  userEnrollmentId?: string;
  /** The query string of the device's CheckInURL (`url_params`). */
  urlParams?: Record<string, string>;
}

/** A user channel of an enrolled device (macOS user, or a Shared iPad user). */
export interface UserChannelInput {
  /** The user's GUID; a Shared iPad user has Apple's all-F UserID and is keyed by shortName. */
  userId: string;
  shortName?: string;
  longName?: string;
}

const DEFAULT_DEVICE = {
  productName: 'iPhone14,5',
  osVersion: '17.5',
  buildVersion: '21F79',
};

export function deviceRecord(input: DeviceInput, topic: string): DeviceRecord {
  const userEnrollmentId = input.userEnrollmentId ?? null;
  if (userEnrollmentId !== null && (input.udid !== undefined || input.serialNumber !== undefined)) {
    throw new ValidationError('a User Enrollment has no UDID and no serial number', {
      field: 'userEnrollmentId',
    });
  }
  for (const key of ['udid', 'serialNumber', 'productName', 'userEnrollmentId'] as const) {
    const value = input[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new ValidationError(`${key} must be a non-empty string`, { field: key });
    }
  }
  return {
    udid: userEnrollmentId !== null ? null : (input.udid ?? randomUUID().toUpperCase()),
    userEnrollmentId,
    serialNumber: input.serialNumber ?? null,
    productName: input.productName ?? DEFAULT_DEVICE.productName,
    osVersion: input.osVersion ?? DEFAULT_DEVICE.osVersion,
    buildVersion: input.buildVersion ?? DEFAULT_DEVICE.buildVersion,
    deviceName: input.deviceName ?? null,
    model: input.model ?? null,
    modelName: input.modelName ?? null,
    topic,
    awaitingConfiguration: input.awaitingConfiguration ?? false,
    urlParams: input.urlParams ?? null,
  };
}

/** The Authenticate plist (reference §1.2): SerialNumber only when the device sends it. */
export function authenticatePlist(device: DeviceRecord): PlistDict {
  return {
    MessageType: 'Authenticate',
    ...(device.udid !== null ? { UDID: device.udid } : { EnrollmentID: device.userEnrollmentId! }),
    Topic: device.topic,
    ...(device.serialNumber !== null && { SerialNumber: device.serialNumber }),
    ProductName: device.productName,
    OSVersion: device.osVersion,
    BuildVersion: device.buildVersion,
    ...(device.deviceName !== null && { DeviceName: device.deviceName }),
    ...(device.model !== null && { Model: device.model }),
    ...(device.modelName !== null && { ModelName: device.modelName }),
  };
}
