/**
 * The webhook events NanoMDM and MicroMDM send (reference mdm-bridge.md §1): a JSON envelope
 * whose `raw_payload` is the base64 of the device's XML plist. Parsing is strict and happens
 * before anything is written: bad JSON, bad base64, a body that is not a plist dictionary or an
 * unknown topic is a ValidationError (400) and changes nothing.
 */
import type { PlistValue } from 'plist';
import { ValidationError } from '../../domain/errors.js';
import { parsePlistXml } from './plistXml.js';

/** Every topic the MDMs send; the ones Allot acts on are the first four. */
export const MDM_TOPICS = [
  'mdm.Authenticate',
  'mdm.TokenUpdate',
  'mdm.CheckOut',
  'mdm.Connect',
  'mdm.UserAuthenticate',
  'mdm.SetBootstrapToken',
  'mdm.GetBootstrapToken',
  'mdm.DeclarativeManagement',
  'mdm.GetToken',
] as const;
export type MdmTopic = (typeof MDM_TOPICS)[number];

/** A plist dictionary. */
export type PlistObject = { [key: string]: PlistValue };

/** Whether a plist value is a dictionary (not an array, data or a date). */
export function isPlistDict(value: PlistValue | undefined): value is PlistObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Date)
  );
}

export interface MdmEvent {
  topic: MdmTopic;
  createdAt: string;
  eventId: string | null;
  /** NanoMDM's enrollment id (`ids.id`), else the UDID, else the User Enrollment's id. */
  enrollmentId: string | null;
  enrollmentType: string;
  udid: string | null;
  tokenUpdateTally: number | null;
  /** `acknowledge_event` only. */
  status: string | null;
  commandUuid: string | null;
  /** The decoded plist dictionary; empty when the event carries none. */
  payload: PlistObject;
  /** The base64 as sent, for the event's key. */
  rawPayload: string;
}

function malformed(message: string, field: string): ValidationError {
  return new ValidationError(message, { field }, 'MALFORMED_MDM_EVENT');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(object: Record<string, unknown>, key: string, field: string) {
  const value = object[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw malformed(`${field} must be a string`, field);
  return value;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The device's plist, decoded: a dictionary, or a ValidationError. */
export function decodeRawPayload(raw: string, field: string): PlistObject {
  const compact = raw.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw malformed(`${field} is not base64`, field);
  }
  const xml = Buffer.from(compact, 'base64').toString('utf8');
  let value: PlistValue | undefined;
  try {
    value = parsePlistXml(xml);
  } catch {
    throw malformed(`${field} is not an XML property list`, field);
  }
  if (!isPlistDict(value)) throw malformed(`${field} is not a property list dictionary`, field);
  return value;
}

/** Parses one webhook body (the raw bytes, as signed). */
export function parseMdmEvent(body: Buffer): MdmEvent {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformed('The event is not JSON', 'body');
  }
  if (!isRecord(json)) throw malformed('The event is not a JSON object', 'body');
  const topic = json.topic;
  if (typeof topic !== 'string' || !(MDM_TOPICS as readonly string[]).includes(topic)) {
    throw malformed(`Unknown topic ${JSON.stringify(topic)}`, 'topic');
  }
  const createdAt = json.created_at;
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    throw malformed('created_at must be an RFC 3339 time', 'created_at');
  }
  const isAck = topic === 'mdm.Connect';
  const field = isAck ? 'acknowledge_event' : 'checkin_event';
  const inner = json[field];
  if (!isRecord(inner)) throw malformed(`${topic} needs ${field}`, field);
  const ids = inner.ids;
  if (ids !== undefined && ids !== null && !isRecord(ids)) {
    throw malformed(`${field}.ids must be an object`, `${field}.ids`);
  }
  const udid = optionalString(inner, 'udid', `${field}.udid`);
  const enrollment = optionalString(inner, 'enrollment_id', `${field}.enrollment_id`);
  const idsId = isRecord(ids) ? optionalString(ids, 'id', `${field}.ids.id`) : null;
  const idsType = isRecord(ids) ? optionalString(ids, 'type', `${field}.ids.type`) : null;
  const rawPayload = optionalString(inner, 'raw_payload', `${field}.raw_payload`) ?? '';
  const status = isAck ? optionalString(inner, 'status', `${field}.status`) : null;
  if (isAck && status === null) throw malformed('acknowledge_event.status is required', field);
  const tally = inner.token_update_tally;
  if (tally !== undefined && tally !== null && !Number.isInteger(tally)) {
    throw malformed(
      `${field}.token_update_tally must be an integer`,
      `${field}.token_update_tally`,
    );
  }
  // Idle acks carry no payload; every other event carries the device's plist.
  const payload =
    rawPayload === '' && status === 'Idle'
      ? {}
      : decodeRawPayload(rawPayload, `${field}.raw_payload`);
  return {
    topic: topic as MdmTopic,
    createdAt: new Date(createdAt).toISOString(),
    eventId: typeof json.event_id === 'string' ? json.event_id : null,
    enrollmentId: idsId ?? udid ?? enrollment,
    enrollmentType:
      idsType ?? (udid === null && enrollment !== null ? 'User Enrollment' : 'Device'),
    udid,
    tokenUpdateTally: typeof tally === 'number' ? tally : null,
    status,
    commandUuid: isAck ? optionalString(inner, 'command_uuid', `${field}.command_uuid`) : null,
    payload,
    rawPayload,
  };
}

/** A string key of a plist dictionary, or null. */
export function plistString(payload: PlistObject, key: string): string | null {
  const value = payload[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
