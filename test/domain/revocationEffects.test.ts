import { describe, expect, it } from 'vitest';
import {
  GRACE_PERIOD_DAYS,
  graceUntil,
  installEffect,
  licenseGraceUntil,
  poolChangeOnRevoke,
  revocationEffect,
  type RevocationCause,
} from '../../src/domain/revocationEffects.js';
import type { Distribution, License } from '../../src/domain/types.js';

const now = new Date('2026-03-01T12:00:00Z');
const in30Days = new Date('2026-03-31T12:00:00Z');

const license = (over: Partial<License> = {}): License => ({
  id: 'lic-1',
  accountId: 'a1',
  productId: 'prod-1',
  catalogAppId: 'app-1',
  spaceId: 'space-1',
  licenseType: 'user',
  subject: { type: 'user', id: 'u1' },
  distribution: 'fcfs',
  state: 'active',
  ...over,
});
const dist = (over: Partial<Distribution> = {}): Distribution => ({
  catalogAppId: 'app-1',
  accountId: 'a1',
  fcfsGroupIds: [],
  reservedUserIds: [],
  reservedDeviceIds: [],
  prohibitedUserIds: [],
  ...over,
});

describe('revocation effects (R-V4, R-V5)', () => {
  it('R-V4: an iOS/iPadOS app stays usable for 30 days after revocation', () => {
    expect(GRACE_PERIOD_DAYS).toBe(30);
    expect(graceUntil('ios', now)).toEqual(in30Days);
    expect(graceUntil('ipados', now)).toEqual(in30Days);
    expect(revocationEffect('adminRevoked', 'ios', now)).toEqual({
      installEffect: 'keep',
      installState: null,
      graceUntil: in30Days,
    });
  });

  it('R-V4: on macOS the app stays installed, with no grace period to show', () => {
    expect(graceUntil('macos', now)).toBeNull();
    expect(revocationEffect('adminRevoked', 'macos', now)).toEqual({
      installEffect: 'keep',
      installState: null,
      graceUntil: null,
    });
  });

  it('R-V4: a user licence shows a grace end when any of its devices runs iOS/iPadOS', () => {
    expect(licenseGraceUntil(['macos', 'ipados'], now)).toEqual(in30Days);
    expect(licenseGraceUntil(['macos', 'windows'], now)).toBeNull();
    expect(licenseGraceUntil([], now)).toBeNull();
  });

  it('R-V4: the seat returns to the pool at once', () => {
    expect(poolChangeOnRevoke(license(), undefined)).toEqual({ inUse: -1, reserved: 0 });
  });

  it('R-V4, R-A4: a revoked reserved licence whose reservation stands holds its seat again', () => {
    const reserved = license({ distribution: 'reserved' });
    expect(poolChangeOnRevoke(reserved, dist({ reservedUserIds: ['u1'] }))).toEqual({
      inUse: -1,
      reserved: 1,
    });
    expect(poolChangeOnRevoke(reserved, dist())).toEqual({ inUse: -1, reserved: 0 });
    const device = license({
      licenseType: 'device',
      subject: { type: 'device', id: 'd1' },
      distribution: 'reserved',
    });
    expect(poolChangeOnRevoke(device, dist({ reservedDeviceIds: ['d1'] }))).toEqual({
      inUse: -1,
      reserved: 1,
    });
  });

  it.each<[RevocationCause, string]>([
    ['noLongerTargeted', 'remove the app from a user’s distribution'],
    ['delegationWithdrawn', 'withdraw the app’s delegation to a space'],
    ['appDeleted', 'delete the app from a space'],
  ])('R-V5: %s (%s) uninstalls on iOS/iPadOS, the app stays on macOS', (cause) => {
    expect(installEffect(cause, 'ios')).toBe('uninstall');
    expect(installEffect(cause, 'ipados')).toBe('uninstall');
    expect(installEffect(cause, 'macos')).toBe('keep');
    expect(revocationEffect(cause, 'ios', now)).toMatchObject({
      installEffect: 'uninstall',
      installState: 'uninstallPending',
    });
    expect(revocationEffect(cause, 'macos', now)).toMatchObject({
      installEffect: 'keep',
      installState: null,
    });
  });

  it('R-V5: Windows follows iOS for uninstalls, without a grace period', () => {
    expect(revocationEffect('appDeleted', 'windows', now)).toEqual({
      installEffect: 'uninstall',
      installState: 'uninstallPending',
      graceUntil: null,
    });
  });

  it('R-V2, R-V1: a device no longer managed, or an app already uninstalled, has nothing left to do', () => {
    for (const cause of [
      'deviceRetired',
      'deviceWiped',
      'deviceUnenrolled',
      'uninstalled',
    ] as const) {
      expect(revocationEffect(cause, 'ios', now)).toEqual({
        installEffect: 'none',
        installState: 'removed',
        graceUntil: null,
      });
    }
  });

  it('R-T8: when an account is deleted, user-installed apps stay usable for the grace period', () => {
    expect(revocationEffect('accountDeleted', 'ios', now)).toEqual({
      installEffect: 'keep',
      installState: null,
      graceUntil: in30Days,
    });
  });
});
