/**
 * R-V4, R-V5: what a revocation does to the pool and to the app on the device.
 *
 * The seat returns to the pool at once (R-V4). On iOS/iPadOS the app stays usable for a
 * 30-day grace period; on macOS it stays installed. Where R-V5 applies (the subject left the
 * app's distribution — no longer targeted, R-V7 —, the delegation was withdrawn, the app was
 * deleted from the space) iOS/iPadOS get an uninstall command and macOS keeps the app.
 * Windows follows iOS for uninstalls, without a grace period (the Microsoft Store has none).
 */
import type { Distribution, InstallState, License, Platform } from './types.js';

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
  /** R-V6: the device moved to another space. */
  | 'deviceMoved';

/** What happens to the installed app: uninstall it, leave it, or nothing to do (already gone). */
export type InstallEffect = 'uninstall' | 'keep' | 'none';

const REMOVES_FROM_SPACE: ReadonlySet<RevocationCause> = new Set([
  'appDeleted',
  'appRefunded',
  'delegationWithdrawn',
  'noLongerTargeted',
]);

const DEVICE_GONE: ReadonlySet<RevocationCause> = new Set([
  'deviceRetired',
  'deviceWiped',
  'deviceUnenrolled',
  'uninstalled',
]);

/** R-V4: the end of the grace period for an app revoked at `revokedAt`; null when none applies. */
export function graceUntil(platform: Platform, revokedAt: Date): Date | null {
  if (platform !== 'ios' && platform !== 'ipados') return null;
  return new Date(revokedAt.getTime() + GRACE_PERIOD_DAYS * DAY_MS);
}

/** R-V5: the effect of a revocation on the app installed on a device of `platform`. */
export function installEffect(cause: RevocationCause, platform: Platform): InstallEffect {
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

/** R-V4, R-V5: the effect of revoking a licence for `cause` on a device of `platform`, at `now`. */
export function revocationEffect(
  cause: RevocationCause,
  platform: Platform,
  now: Date,
): RevocationEffect {
  const effect = installEffect(cause, platform);
  const installState: InstallState | null =
    effect === 'uninstall' ? 'uninstallPending' : effect === 'none' ? 'removed' : null;
  // An app already gone (device retired or wiped, app uninstalled) has no grace period to show.
  const grace = effect === 'none' ? null : graceUntil(platform, now);
  return { installEffect: effect, installState, graceUntil: grace };
}

/**
 * R-V4: the grace end recorded on a revoked licence: a user licence may cover several devices,
 * so it has one when any of them runs iOS/iPadOS.
 */
export function licenseGraceUntil(platforms: readonly Platform[], revokedAt: Date): Date | null {
  for (const platform of platforms) {
    const end = graceUntil(platform, revokedAt);
    if (end) return end;
  }
  return null;
}

/**
 * R-V4: the change of the pool's counters when `license` is revoked: the seat returns at once;
 * if it fulfilled a reservation that still stands, the reservation holds a seat again (R-A4).
 */
export function poolChangeOnRevoke(
  license: License,
  distribution: Distribution | undefined,
): { inUse: number; reserved: number } {
  const ids =
    license.subject.type === 'user'
      ? distribution?.reservedUserIds
      : distribution?.reservedDeviceIds;
  const stillReserved = license.distribution === 'reserved' && !!ids?.includes(license.subject.id);
  return { inUse: -1, reserved: stillReserved ? 1 : 0 };
}
