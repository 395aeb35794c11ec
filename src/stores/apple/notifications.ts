/**
 * Notifications Apple pushes to our notificationUrl (reference §4): checking the Bearer
 * secret, reading the envelope, and dropping the duplicates Apple sometimes sends.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../domain/errors.js';
import type { StoreAssignment, StoreUser } from '../connector.js';
import { toStoreAssignment, toStoreUser } from './mapping.js';
import type { WireAssignment, WireUser } from './wire-types.js';

interface Base {
  notificationId: string;
  uId: string;
}

export type AppleNotification =
  | (Base & { type: 'TEST_NOTIFICATION' })
  | (Base & {
      type: 'ASSET_MANAGEMENT';
      eventId: string;
      operation: 'ASSOCIATE' | 'DISASSOCIATE' | 'REVOKE';
      result: 'SUCCESS' | 'FAILURE';
      assignments: StoreAssignment[];
      error?: { errorNumber: number; errorMessage: string };
    })
  | (Base & {
      type: 'USER_MANAGEMENT';
      eventId: string;
      operation: 'CREATE' | 'UPDATE' | 'RETIRE';
      result: 'SUCCESS' | 'FAILURE';
      users: StoreUser[];
      error?: { errorNumber: number; errorMessage: string };
    })
  | (Base & { type: 'USER_ASSOCIATED'; users: StoreUser[] })
  | (Base & {
      type: 'ASSET_COUNT';
      storeProductId: string;
      pricingParam: string;
      countDelta: number;
    })
  | (Base & { type: 'OTHER'; notificationType: string; payload: unknown });

/** Compares the Authorization header with the shared secret in constant time. */
export function isAuthorizedNotification(header: string | undefined, secret: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1] || secret.length === 0) return false;
  // Hashing first gives equal lengths, which timingSafeEqual needs.
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1].trim()), digest(secret));
}

function bad(reason: string): ValidationError {
  return new ValidationError(
    `Not an Apple notification: ${reason}`,
    { reason },
    'INVALID_NOTIFICATION',
  );
}

function obj(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string') throw bad(`${what} is missing`);
  return value;
}

function errorOf(value: unknown): { errorNumber: number; errorMessage: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (typeof e.errorNumber !== 'number') return undefined;
  return {
    errorNumber: e.errorNumber,
    errorMessage: typeof e.errorMessage === 'string' ? e.errorMessage : '',
  };
}

export function parseAppleNotification(body: unknown): AppleNotification {
  const envelope = obj(body, 'the body');
  const base: Base = {
    notificationId: str(envelope.notificationId, 'notificationId'),
    uId: typeof envelope.uId === 'string' ? envelope.uId : '',
  };
  const type = str(envelope.notificationType, 'notificationType');
  const n = type === 'TEST_NOTIFICATION' ? {} : obj(envelope.notification, 'notification');
  const error = errorOf(n.error);
  switch (type) {
    case 'TEST_NOTIFICATION':
      return { ...base, type };
    case 'ASSET_MANAGEMENT':
      return {
        ...base,
        type,
        eventId: str(n.eventId, 'eventId'),
        operation: str(n.type, 'type') as 'ASSOCIATE',
        result: n.result === 'FAILURE' ? 'FAILURE' : 'SUCCESS',
        assignments: ((n.assignments ?? []) as WireAssignment[]).map(toStoreAssignment),
        ...(error && { error }),
      };
    case 'USER_MANAGEMENT':
      return {
        ...base,
        type,
        eventId: str(n.eventId, 'eventId'),
        operation: str(n.type, 'type') as 'CREATE',
        result: n.result === 'FAILURE' ? 'FAILURE' : 'SUCCESS',
        // Failure notifications carry only clientUserIds.
        users: ((n.users ?? []) as Array<Partial<WireUser>>).map((u) =>
          toStoreUser({
            ...u,
            clientUserId: u.clientUserId ?? '',
            status: u.status ?? 'Registered',
          }),
        ),
        ...(error && { error }),
      };
    case 'USER_ASSOCIATED':
      return {
        ...base,
        type,
        users: ((n.associatedUsers ?? []) as Array<Partial<WireUser>>).map((u) =>
          toStoreUser({
            ...u,
            clientUserId: u.clientUserId ?? '',
            status: u.status ?? 'Associated',
          }),
        ),
      };
    case 'ASSET_COUNT':
      if (typeof n.countDelta !== 'number') throw bad('countDelta is missing');
      return {
        ...base,
        type,
        storeProductId: String(n.adamId),
        pricingParam: typeof n.pricingParam === 'string' ? n.pricingParam : 'STDQ',
        countDelta: n.countDelta,
      };
    default:
      return { ...base, type: 'OTHER', notificationType: type, payload: n };
  }
}

/** Remembers notification ids for a while (Apple may deliver one more than once). */
export class NotificationDeduper {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is offered within the TTL. */
  firstTime(notificationId: string): boolean {
    const now = this.now();
    for (const [id, at] of this.seen) {
      if (now - at < this.ttlMs) break;
      this.seen.delete(id);
    }
    if (this.seen.has(notificationId)) return false;
    this.seen.set(notificationId, now);
    return true;
  }
}
