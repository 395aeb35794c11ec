/**
 * R-V4, R-V5, R-A4: what releasing a licence does, decided here for every path that releases
 * one (an administrator's revoke, a reclaim, a device retired, an account deleted, a licence
 * the store dropped or refused…).
 *
 * - The seat returns to the pool at once (R-V4); if it fulfilled a reservation that still
 *   stands, the reservation holds a seat again (R-A4) — except when the account is deleted,
 *   whose pools go with it.
 * - On iOS/iPadOS the app stays usable for a 30-day grace period; on macOS it stays
 *   installed; Windows has no grace period (the Microsoft Store has none). A licence covers
 *   its device, or every device of its user: it shows a grace end when any of them runs
 *   iOS/iPadOS. When Allot knows none of them, the product's platforms stand in for them.
 *   A licence the store itself refused never reached the device, and one whose device is gone
 *   (retired, wiped, unenrolled) or whose app was uninstalled has nothing left to be usable on:
 *   neither has a grace period.
 * - Where R-V5 applies (the subject left the app's distribution — no longer targeted, R-V7 —,
 *   the delegation was withdrawn, the app was deleted from the space) iOS/iPadOS and Windows
 *   get an uninstall command and macOS keeps the app.
 * - The store is told (a disassociate call through the outbox, R-V8) unless the release comes
 *   from the store itself (it removed or refused the licence, or the app was refunded).
 */
import type { InstallState, Platform } from './types.js';

export const GRACE_PERIOD_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export type RevocationCause =
  /** R-V2: the device no longer managed. */
  | 'deviceRetired'
  | 'deviceWiped'
  | 'deviceUnenrolled'
  /** R-V2: the user deleted or left the organisation. */
  | 'userDeleted'
  /** R-V2, R-V5: the app deleted from the space's catalog. */
  | 'appDeleted'
  /** R-T11: a Microsoft Store app refunded in the store leaves the catalog at the next sync. */
  | 'appRefunded'
  /** R-V2, R-T8. */
  | 'accountDeleted'
  /** R-V5. */
  | 'delegationWithdrawn'
  /** R-V7 (the R-V5 row "remove the app from a user's distribution"). */
  | 'noLongerTargeted'
  /** R-V1: the app was reported uninstalled under an uninstall intent. */
  | 'uninstalled'
  /** R-V3: an administrator revoked it. */
  | 'adminRevoked'
  /** R-X3: its space's reclaim policy found it idle; the effects of R-V3's revocation. */
  | 'reclaimed'
  /** R-V6: the device moved to another space. */
  | 'deviceMoved';

/** Every reason a licence is released: Allot's revocations, and the store's own. */
export type ReleaseCause =
  | RevocationCause
  /** R-T7: a sync found the licence gone from the store. */
  | 'storeRemoved'
  /** R-V8, R-A13: the store refused the licence Allot asked for. */
  | 'storeRefused';

/** What happens to the installed app: uninstall it, leave it, or nothing to do (already gone). */
export type InstallEffect = 'uninstall' | 'keep' | 'none';

const REMOVES_FROM_SPACE: ReadonlySet<ReleaseCause> = new Set([
  'appDeleted',
  'appRefunded',
  'delegationWithdrawn',
  'noLongerTargeted',
]);

const DEVICE_GONE: ReadonlySet<ReleaseCause> = new Set([
  'deviceRetired',
  'deviceWiped',
  'deviceUnenrolled',
  'uninstalled',
]);

/** The store took the licence back itself (or never gave it): it has nothing to hear. */
const FROM_THE_STORE: ReadonlySet<ReleaseCause> = new Set([
  'storeRemoved',
  'storeRefused',
  'appRefunded',
]);

/** R-V4: the end of the grace period for an app revoked at `revokedAt`; null when none applies. */
export function graceUntil(platform: Platform, revokedAt: Date): Date | null {
  if (platform !== 'ios' && platform !== 'ipados') return null;
  return new Date(revokedAt.getTime() + GRACE_PERIOD_DAYS * DAY_MS);
}

/** R-V5: the effect of a release on the app installed on a device of `platform`. */
export function installEffect(cause: ReleaseCause, platform: Platform): InstallEffect {
  if (DEVICE_GONE.has(cause)) return 'none';
  if (REMOVES_FROM_SPACE.has(cause)) return platform === 'macos' ? 'keep' : 'uninstall';
  return 'keep';
}

export interface RevocationEffect {
  installEffect: InstallEffect;
  /** The install's new state; null when it does not change. */
  installState: InstallState | null;
  graceUntil: Date | null;
}

/** R-V4, R-V5: the effect of releasing a licence for `cause` on a device of `platform`. */
export function revocationEffect(
  cause: ReleaseCause,
  platform: Platform,
  now: Date,
): RevocationEffect {
  const effect = installEffect(cause, platform);
  const installState: InstallState | null =
    effect === 'uninstall' ? 'uninstallPending' : effect === 'none' ? 'removed' : null;
  // An app already gone (device retired or wiped, app uninstalled) has no grace period to show.
  const grace = effect === 'none' || cause === 'storeRefused' ? null : graceUntil(platform, now);
  return { installEffect: effect, installState, graceUntil: grace };
}

export interface ReleaseInput {
  cause: ReleaseCause;
  /** The platforms of the devices the licence covers: its device, or its user's devices. */
  devicePlatforms: readonly Platform[];
  /** The product's platforms, which stand in when no covered device is known. */
  productPlatforms: readonly Platform[];
  /** The licence fulfilled a reservation (distribution `reserved`) that still names its holder. */
  reservationStands: boolean;
  at: Date;
}

export interface ReleasePlan {
  /** End of the grace period shown for the app (R-V4), or null. */
  graceUntil: Date | null;
  /** The seat goes back to the subject's standing reservation instead of to FCFS (R-A4). */
  restoreReservation: boolean;
  /** A disassociate call goes to the store (R-V8). */
  tellStore: boolean;
}

/** R-V4, R-A4, R-V8: the one decision of what a release does to the licence and its pool. */
export function planRelease(input: ReleaseInput): ReleasePlan {
  const { cause, at } = input;
  const platforms =
    input.devicePlatforms.length > 0 ? input.devicePlatforms : input.productPlatforms;
  const usableAfter = !DEVICE_GONE.has(cause) && cause !== 'storeRefused';
  return {
    graceUntil: usableAfter ? firstGraceEnd(platforms, at) : null,
    restoreReservation: input.reservationStands && cause !== 'accountDeleted',
    tellStore: !FROM_THE_STORE.has(cause),
  };
}

function firstGraceEnd(platforms: readonly Platform[], at: Date): Date | null {
  for (const platform of platforms) {
    const end = graceUntil(platform, at);
    if (end) return end;
  }
  return null;
}

/** Platforms stored as a JSON array (products.platforms); unknown names are dropped. */
export function parsePlatforms(json: string | null): Platform[] {
  if (json === null) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter(isPlatform) : [];
  } catch {
    return [];
  }
}

function isPlatform(value: unknown): value is Platform {
  return value === 'ios' || value === 'ipados' || value === 'macos' || value === 'windows';
}

/** Where an app installed on a released licence stands (R-V4), as `allot verify` judges it. */
export type InstallAfterRelease =
  /** macOS keeps the app installed. */
  | 'kept'
  /** iOS/iPadOS: usable until the licence's grace end. */
  | 'inGrace'
  /** iOS/iPadOS after the grace end: installed and no longer usable. */
  | 'graceEnded'
  /** No grace period applies (Windows, a licence the store removed or refused). */
  | 'unlicensed';

/** R-V4: what an install relying on a released licence with `graceUntil` is, at `now`. */
export function installAfterRelease(
  platform: Platform,
  graceUntil: Date | null,
  now: Date,
): InstallAfterRelease {
  if (platform === 'macos') return 'kept';
  if ((platform === 'ios' || platform === 'ipados') && graceUntil !== null) {
    return now.getTime() < graceUntil.getTime() ? 'inGrace' : 'graceEnded';
  }
  return 'unlicensed';
}
