/**
 * Background processing of associate, disassociate and revoke events: applies what can be
 * applied, records per-subject failures (9709 not enough licences, 9609 user not found — a
 * user retired after the request was accepted —, 9602 nothing revocable to revoke) and builds
 * the ASSET_MANAGEMENT notifications (≤ 100 assignments each, one error each), for successes
 * and failures alike, revokes included.
 */
import type { AssignmentRecord, Subject } from './assignment-book.js';
import type { Location } from './location.js';
import type { NotificationType } from './notifier.js';
import type { ManageAssetsRequest, RevokeRequest } from './validation.js';
import type { WriteStamp } from './versioning.js';
import { errorMessage, failureBody, type WireAssetRef, type WireErrorBody } from './wire-errors.js';

export const NOTIFICATION_BATCH = 100;

/** The failure of a revoke whose subject holds no revocable licence. */
const NOTHING_TO_REVOKE = 'Invalid argument: the subject holds no revocable asset.';

export interface EventOutcome {
  numRequested: number;
  numCompleted: number;
  failures: WireErrorBody[];
  notifications: Array<{ type: NotificationType; payload: unknown }>;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function subjectOnly(subject: Subject): Partial<AssignmentRecord> {
  return subject.kind === 'serial' ? { serialNumber: subject.id } : { clientUserId: subject.id };
}

function toRecord(asset: WireAssetRef, subject: Subject): AssignmentRecord {
  return {
    adamId: asset.adamId,
    pricingParam: asset.pricingParam,
    ...(subject.kind === 'serial' ? { serialNumber: subject.id } : { clientUserId: subject.id }),
  };
}

/** Groups failed tasks by error and asset, as Apple's `failures` and notifications do. */
class Failures {
  private readonly groups = new Map<
    string,
    {
      errorNumber: number;
      asset?: WireAssetRef;
      message?: string;
      records: Array<Partial<AssignmentRecord>>;
      subjects: Subject[];
    }
  >();

  add(errorNumber: number, subject: Subject, asset?: WireAssetRef, message?: string): void {
    const key = `${errorNumber}|${asset ? `${asset.adamId}:${asset.pricingParam}` : ''}`;
    let group = this.groups.get(key);
    if (!group) {
      group = {
        errorNumber,
        ...(asset && { asset }),
        ...(message !== undefined && { message }),
        records: [],
        subjects: [],
      };
      this.groups.set(key, group);
    }
    group.subjects.push(subject);
    // A revoke names no asset: its failure notification lists the subjects alone.
    group.records.push(asset ? toRecord(asset, subject) : subjectOnly(subject));
  }

  get count(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.subjects.length;
    return n;
  }

  bodies(): WireErrorBody[] {
    return [...this.groups.values()].map((g) => {
      const serials = g.subjects.filter((s) => s.kind === 'serial').map((s) => s.id);
      const users = g.subjects.filter((s) => s.kind === 'user').map((s) => s.id);
      const body = failureBody(g.errorNumber, {
        ...(g.asset && { assets: [g.asset] }),
        ...(serials.length > 0 && { serialNumbers: serials }),
        ...(users.length > 0 && { clientUserIds: users }),
      });
      return g.message === undefined ? body : { ...body, errorMessage: g.message };
    });
  }

  notifications(eventId: string, type: string): EventOutcome['notifications'] {
    const result: EventOutcome['notifications'] = [];
    for (const g of this.groups.values()) {
      for (const assignments of chunk(g.records, NOTIFICATION_BATCH)) {
        const error = {
          errorNumber: g.errorNumber,
          errorMessage: g.message ?? errorMessage(g.errorNumber),
        };
        result.push({
          type: 'ASSET_MANAGEMENT',
          payload: { eventId, type, result: 'FAILURE', assignments, error },
        });
      }
    }
    return result;
  }
}

function successNotifications(
  eventId: string,
  type: string,
  done: AssignmentRecord[],
): EventOutcome['notifications'] {
  return chunk(done, NOTIFICATION_BATCH).map((assignments) => ({
    type: 'ASSET_MANAGEMENT' as const,
    payload: { eventId, type, result: 'SUCCESS', assignments },
  }));
}

function subjectsOf(request: { serialNumbers: string[]; clientUserIds: string[] }): Subject[] {
  return [
    ...request.serialNumbers.map((id): Subject => ({ kind: 'serial', id })),
    ...request.clientUserIds.map((id): Subject => ({ kind: 'user', id })),
  ];
}

export function processAssociate(
  location: Location,
  request: ManageAssetsRequest,
  eventId: string,
  stamp: WriteStamp,
): EventOutcome {
  const subjects = subjectsOf(request);
  const failures = new Failures();
  const done: AssignmentRecord[] = [];
  for (const ref of request.assets) {
    const asset = location.asset(ref.adamId, ref.pricingParam);
    for (const subject of subjects) {
      // A licence goes only to a user registered with the location (reference §6).
      if (subject.kind === 'user' && !location.users.findActive(subject.id)) {
        failures.add(9609, subject, ref);
        continue;
      }
      const outcome = asset ? location.assign(asset, subject, stamp) : 'noLicense';
      if (outcome === 'noLicense') failures.add(9709, subject, ref);
      else done.push(toRecord(ref, subject));
    }
  }
  return {
    numRequested: request.assets.length * subjects.length,
    numCompleted: done.length,
    failures: failures.bodies(),
    notifications: [
      ...successNotifications(eventId, 'ASSOCIATE', done),
      ...failures.notifications(eventId, 'ASSOCIATE'),
    ],
  };
}

export function processDisassociate(
  location: Location,
  request: ManageAssetsRequest,
  eventId: string,
  stamp: WriteStamp,
): EventOutcome {
  const subjects = subjectsOf(request);
  const done: AssignmentRecord[] = [];
  for (const ref of request.assets) {
    const asset = location.asset(ref.adamId, ref.pricingParam);
    for (const subject of subjects) {
      // Taking back a licence the subject does not hold succeeds: the end state is the same.
      if (asset) location.unassign(asset, subject, stamp);
      done.push(toRecord(ref, subject));
    }
  }
  return {
    numRequested: done.length,
    numCompleted: done.length,
    failures: [],
    notifications: successNotifications(eventId, 'DISASSOCIATE', done),
  };
}

export function processRevoke(
  location: Location,
  request: RevokeRequest,
  eventId: string,
  stamp: WriteStamp,
): EventOutcome {
  const subjects = subjectsOf(request);
  const failures = new Failures();
  const released: AssignmentRecord[] = [];
  for (const subject of subjects) {
    if (subject.kind === 'user' && !location.users.findActive(subject.id)) {
      failures.add(9609, subject);
      continue;
    }
    const freed = location.releaseSubject(subject, stamp, false);
    if (freed.length === 0) failures.add(9602, subject, undefined, NOTHING_TO_REVOKE);
    released.push(...freed);
  }
  return {
    numRequested: subjects.length,
    numCompleted: subjects.length - failures.count,
    failures: failures.bodies(),
    notifications: [
      ...successNotifications(eventId, 'REVOKE', released),
      ...failures.notifications(eventId, 'REVOKE'),
    ],
  };
}
