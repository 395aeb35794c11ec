/**
 * Background processing of users/create, users/update and users/retire events, with the
 * asynchronous failures of reference §3.6 (9716 exists, 9609 not found, 9641 account in use).
 */
import { chunk, NOTIFICATION_BATCH, type EventOutcome } from './asset-events.js';
import type { Location } from './location.js';
import type { UserRecord } from './user-book.js';
import type { RequestUser } from './validation.js';
import type { WriteStamp } from './versioning.js';
import { errorMessage, failureBody } from './wire-errors.js';

/** A user as Apple's ResponseUser shows it. */
export function responseUser(user: UserRecord): Record<string, unknown> {
  return {
    clientUserId: user.clientUserId,
    ...(user.email !== undefined && { email: user.email }),
    status: user.status,
    ...(user.inviteCode !== undefined && { inviteCode: user.inviteCode }),
    ...(user.idHash !== undefined && { idHash: user.idHash }),
  };
}

type UserEventType = 'CREATE' | 'UPDATE' | 'RETIRE';

function outcome(
  eventId: string,
  type: UserEventType,
  requested: number,
  done: UserRecord[],
  failed: Map<number, RequestUser[]>,
): EventOutcome {
  const notifications: EventOutcome['notifications'] = chunk(done, NOTIFICATION_BATCH).map(
    (users) => ({
      type: 'USER_MANAGEMENT' as const,
      payload: { eventId, type, result: 'SUCCESS', users: users.map(responseUser) },
    }),
  );
  const failures = [];
  for (const [errorNumber, users] of failed) {
    const clientUserIds = users.map((u) => u.clientUserId);
    failures.push(failureBody(errorNumber, { clientUserIds }));
    for (const part of chunk(users, NOTIFICATION_BATCH)) {
      notifications.push({
        type: 'USER_MANAGEMENT',
        payload: {
          eventId,
          type,
          result: 'FAILURE',
          users: part.map((u) => ({ clientUserId: u.clientUserId })),
          error: { errorNumber, errorMessage: errorMessage(errorNumber) },
        },
      });
    }
  }
  return { numRequested: requested, numCompleted: done.length, failures, notifications };
}

function fail(failed: Map<number, RequestUser[]>, errorNumber: number, user: RequestUser): void {
  const list = failed.get(errorNumber) ?? [];
  list.push(user);
  failed.set(errorNumber, list);
}

export function processCreateUsers(
  location: Location,
  users: RequestUser[],
  eventId: string,
  stamp: WriteStamp,
): EventOutcome {
  const done: UserRecord[] = [];
  const failed = new Map<number, RequestUser[]>();
  for (const input of users) {
    if (location.users.findActive(input.clientUserId)) fail(failed, 9716, input);
    else if (input.managedAppleId && location.users.findByAccount(input.managedAppleId)) {
      fail(failed, 9641, input);
    } else done.push(location.users.create(input, stamp.of('users')));
  }
  return outcome(eventId, 'CREATE', users.length, done, failed);
}

export function processUpdateUsers(
  location: Location,
  users: RequestUser[],
  eventId: string,
  stamp: WriteStamp,
): EventOutcome {
  const done: UserRecord[] = [];
  const failed = new Map<number, RequestUser[]>();
  for (const input of users) {
    const user = location.users.findActive(input.clientUserId);
    if (!user) {
      fail(failed, 9609, input);
      continue;
    }
    if (input.managedAppleId !== undefined && input.managedAppleId !== user.managedAppleId) {
      const holder = location.users.findByAccount(input.managedAppleId);
      if (holder && holder !== user) {
        fail(failed, 9641, input);
        continue;
      }
      // An Associated user's Apple Account cannot be swapped for another one.
      if (user.status === 'Associated') {
        fail(failed, 9635, input);
        continue;
      }
      location.users.associate(user, input.managedAppleId, stamp.of('users'));
    }
    if (input.email !== undefined) location.users.setEmail(user, input.email, stamp.of('users'));
    done.push(user);
  }
  return outcome(eventId, 'UPDATE', users.length, done, failed);
}

export function processRetireUsers(
  location: Location,
  users: RequestUser[],
  eventId: string,
  stamp: WriteStamp,
): EventOutcome {
  const done: UserRecord[] = [];
  const failed = new Map<number, RequestUser[]>();
  for (const input of users) {
    const user = location.users.findActive(input.clientUserId);
    if (!user) {
      fail(failed, 9609, input);
      continue;
    }
    location.releaseSubject({ kind: 'user', id: user.clientUserId }, stamp, true);
    location.users.retire(user, stamp.of('users'));
    done.push(user);
  }
  return outcome(eventId, 'RETIRE', users.length, done, failed);
}
