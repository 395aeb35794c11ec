/**
 * R-X3: which licence a space's reclaim policy takes back, and why; R-X4: the order of the
 * waitlist. Pure: the facts and the time are passed in. The service finds the candidates with one
 * set-based query that applies the same cutoffs (services/intelligence/reclaim.ts) and labels
 * each with `idleReasons`.
 *
 * A licence is idle when its policy names a condition it meets:
 * - `deviceNotCheckedIn`: no device it covers (its device, or its user's active devices) has
 *   checked in for N days — a device that never checked in counts from its creation — and the
 *   licence itself is held for at least N days (a restored licence counts from its restore);
 * - `notInstalled`: N days after the licence was given (or restored), the app is installed on
 *   none of them;
 * - `userDeactivated`: its user (the holder, or the primary user of the device holding it) was
 *   deactivated by the identity provider.
 * A licence given for a reservation, or held by a subject whose reservation stands, is never
 * idle: the seat is the subject's (R-A4).
 */
import { GRACE_PERIOD_DAYS } from './releasePlan.js';
import { ValidationError } from './errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Periods above ten years are a typing mistake, not a policy. */
export const MAX_RECLAIM_DAYS = 3650;
/** A policy runs at least once a month and at most once an hour. */
export const MAX_INTERVAL_HOURS = 720;
export const DEFAULT_INTERVAL_HOURS = 24;

export type ReclaimReason = 'deviceNotCheckedIn' | 'notInstalled' | 'userDeactivated';

export interface ReclaimPolicy {
  enabled: boolean;
  /** Days without a check-in after which a licence is idle; null: not a condition. */
  deviceInactiveDays: number | null;
  /** Days after the licence without the app installed; null: not a condition. */
  notInstalledDays: number | null;
  userDeactivated: boolean;
  /** How often an enabled policy runs. */
  intervalHours: number;
}

/** R-X3: a period must be a whole number of days between 1 and MAX_RECLAIM_DAYS (400 otherwise). */
export function checkPolicy(policy: ReclaimPolicy): void {
  const days = (field: 'deviceInactiveDays' | 'notInstalledDays') => {
    const value = policy[field];
    if (value === null) return;
    if (!Number.isInteger(value) || value < 1 || value > MAX_RECLAIM_DAYS) {
      throw new ValidationError(
        `${field} must be a whole number of days from 1 to ${MAX_RECLAIM_DAYS}`,
        { field, value },
      );
    }
  };
  days('deviceInactiveDays');
  days('notInstalledDays');
  const hours = policy.intervalHours;
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_INTERVAL_HOURS) {
    throw new ValidationError(
      `intervalHours must be a whole number of hours from 1 to ${MAX_INTERVAL_HOURS}`,
      { field: 'intervalHours', value: hours },
    );
  }
  if (
    policy.enabled &&
    policy.deviceInactiveDays === null &&
    policy.notInstalledDays === null &&
    !policy.userDeactivated
  ) {
    throw new ValidationError('An enabled policy needs at least one condition', {
      field: 'enabled',
    });
  }
}

export interface ReclaimCutoffs {
  /** Devices last seen before this are inactive; null when the condition is off. */
  checkIn: Date | null;
  /** Licences given before this and not installed are idle; null when off. */
  install: Date | null;
  userDeactivated: boolean;
}

export function reclaimCutoffs(policy: ReclaimPolicy, now: Date): ReclaimCutoffs {
  const before = (days: number | null) =>
    days === null ? null : new Date(now.getTime() - days * DAY_MS);
  return {
    checkIn: before(policy.deviceInactiveDays),
    install: before(policy.notInstalledDays),
    userDeactivated: policy.userDeactivated,
  };
}

/** What is known of one active licence. */
export interface IdleFacts {
  /** Since when the licence is held: its grant, or its restore (a restore starts afresh). */
  heldSince: Date;
  /** A reserved licence, or a subject whose reservation stands on the licence's account. */
  reserved: boolean;
  /**
   * The latest check-in (or creation, for a device that never checked in) of the active devices
   * the licence covers; null when it covers none.
   */
  lastSeenAt: Date | null;
  /** The app is installed on a device with this licence. */
  installed: boolean;
  /** The holder, or the primary user of the holding device, is deactivated. */
  userDeactivated: boolean;
}

/** R-X3: why the policy reclaims this licence; empty when it keeps it. */
export function idleReasons(cutoffs: ReclaimCutoffs, facts: IdleFacts): ReclaimReason[] {
  if (facts.reserved) return [];
  const reasons: ReclaimReason[] = [];
  const { checkIn, install } = cutoffs;
  if (
    checkIn !== null &&
    facts.lastSeenAt !== null &&
    facts.lastSeenAt < checkIn &&
    facts.heldSince < checkIn
  ) {
    reasons.push('deviceNotCheckedIn');
  }
  if (install !== null && !facts.installed && facts.heldSince < install) {
    reasons.push('notInstalled');
  }
  if (cutoffs.userDeactivated && facts.userDeactivated) reasons.push('userDeactivated');
  return reasons;
}

/** When an enabled policy runs next after running (or being saved) at `at`. */
export function nextRunAt(policy: ReclaimPolicy, at: Date): Date {
  return new Date(at.getTime() + policy.intervalHours * 60 * 60 * 1000);
}

/**
 * R-X3, R-V4: a reclaimed licence can be restored while its grace runs: until its grace end, or
 * — where no grace period applies (macOS keeps the app, Windows has none) — for the same
 * GRACE_PERIOD_DAYS after the reclaim.
 */
export function restoreDeadline(revokedAt: Date, graceUntil: Date | null): Date {
  return graceUntil ?? new Date(revokedAt.getTime() + GRACE_PERIOD_DAYS * DAY_MS);
}

/**
 * R-X3: until when a licence a policy reclaimed can be restored, whether or not that is past;
 * null for any other licence.
 */
export function restorableUntil(license: {
  state: string;
  lastAction: string;
  revokedAt: Date | null;
  graceUntil: Date | null;
}): Date | null {
  if (license.state !== 'revoked' || license.revokedAt === null) return null;
  if (!license.lastAction.startsWith(RECLAIM_ACTION)) return null;
  return restoreDeadline(license.revokedAt, license.graceUntil);
}

/**
 * R-X3: what a reclaimed licence still restorable at `now` has, as two bounds a query can test:
 * a grace end after `now`, or, without one, a reclaim after `revokedAfter`
 * (`restoreDeadline` turned round).
 */
export function restorableBounds(now: Date): { graceAfter: Date; revokedAfter: Date } {
  return { graceAfter: now, revokedAfter: new Date(now.getTime() - GRACE_PERIOD_DAYS * DAY_MS) };
}

/** The licence's last action when a policy reclaimed it (`reclaim.<reason>`). */
export const RECLAIM_ACTION = 'reclaim';
/** The licence's last action once restored: its periods count from then. */
export const RESTORE_ACTION = 'restore';

export type RestoreRefusal = 'notReclaimed' | 'graceEnded';

/** R-X3: whether a revoked licence can be restored at `now`; null when it can. */
export function restoreRefusal(
  license: { state: string; lastAction: string; revokedAt: Date | null; graceUntil: Date | null },
  now: Date,
): RestoreRefusal | null {
  if (license.state !== 'revoked' || license.revokedAt === null) return 'notReclaimed';
  if (!license.lastAction.startsWith(RECLAIM_ACTION)) return 'notReclaimed';
  return now < restoreDeadline(license.revokedAt, license.graceUntil) ? null : 'graceEnded';
}

/**
 * R-X4: the refusals that queue a device for an app: no licence available for a required app,
 * or the user offered to buy an available one (R-A6). Waiting for enrolment or a licence type
 * the device cannot hold is not a lack of licences.
 */
export const WAITLIST_REASONS: ReadonlySet<string> = new Set([
  'noLicenseAvailable',
  'purchaseRequired',
]);

export interface WaitlistPlace {
  id: string;
  /** The subject has a reservation for the app (R-A4). */
  reserved: boolean;
  queuedAt: string;
}

/** R-X4: reservations first, then in order of refusal (the id breaks ties in one instant). */
export function compareWaitlist(a: WaitlistPlace, b: WaitlistPlace): number {
  if (a.reserved !== b.reserved) return a.reserved ? -1 : 1;
  if (a.queuedAt !== b.queuedAt) return a.queuedAt < b.queuedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
