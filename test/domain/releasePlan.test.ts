import { describe, expect, it } from 'vitest';
import {
  GRACE_PERIOD_DAYS,
  graceUntil,
  installAfterRelease,
  installEffect,
  parsePlatforms,
  planRelease,
  revocationEffect,
  type ReleaseInput,
  type RevocationCause,
} from '../../src/domain/releasePlan.js';

const now = new Date('2026-03-01T12:00:00Z');
const in30Days = new Date('2026-03-31T12:00:00Z');

const input = (over: Partial<ReleaseInput> = {}): ReleaseInput => ({
  cause: 'adminRevoked',
  devicePlatforms: ['ios'],
  productPlatforms: ['ios'],
  reservationStands: false,
  at: now,
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

  it("R-X3, R-V4: a reclaim has the effects of an administrator's revocation, under its own cause", () => {
    for (const platform of ['ios', 'ipados', 'macos', 'windows'] as const) {
      expect(revocationEffect('reclaimed', platform, now)).toEqual(
        revocationEffect('adminRevoked', platform, now),
      );
    }
    for (const over of [
      { devicePlatforms: ['ipados'] as const },
      { devicePlatforms: ['windows'] as const },
      { devicePlatforms: [] as const, productPlatforms: ['macos'] as const },
      { reservationStands: true },
    ]) {
      expect(planRelease(input({ ...over, cause: 'reclaimed' }))).toEqual(
        planRelease(input({ ...over, cause: 'adminRevoked' })),
      );
    }
    expect(revocationEffect('reclaimed', 'ios', now).graceUntil).toEqual(in30Days);
  });

  it('R-V4: a user licence shows a grace end when any of its devices runs iOS/iPadOS', () => {
    expect(planRelease(input({ devicePlatforms: ['macos', 'ipados'] })).graceUntil).toEqual(
      in30Days,
    );
    expect(planRelease(input({ devicePlatforms: ['macos', 'windows'] })).graceUntil).toBeNull();
  });

  it("R-V4: with no covered device known, the product's platforms decide — never a guess", () => {
    const unknownDevice = { devicePlatforms: [] } as const;
    expect(planRelease(input({ ...unknownDevice, productPlatforms: ['macos'] })).graceUntil).toBe(
      null,
    );
    expect(
      planRelease(input({ ...unknownDevice, productPlatforms: ['macos', 'ios'] })).graceUntil,
    ).toEqual(in30Days);
    expect(planRelease(input({ ...unknownDevice, productPlatforms: [] })).graceUntil).toBeNull();
    // An account deleted keeps the grace of its iOS apps, and no more than that (R-T8).
    expect(
      planRelease(input({ cause: 'accountDeleted', devicePlatforms: ['macos'] })).graceUntil,
    ).toBeNull();
  });

  it('R-V4: nothing to be usable on: a device gone, an app uninstalled, a licence the store refused', () => {
    for (const cause of [
      'deviceRetired',
      'deviceWiped',
      'deviceUnenrolled',
      'uninstalled',
      'storeRefused',
    ] as const) {
      expect(planRelease(input({ cause })).graceUntil).toBeNull();
    }
  });

  it('R-V4, R-A4: the seat returns to a reservation that still stands, unless the account is gone', () => {
    expect(planRelease(input()).restoreReservation).toBe(false);
    expect(planRelease(input({ reservationStands: true })).restoreReservation).toBe(true);
    expect(
      planRelease(input({ reservationStands: true, cause: 'storeRefused' })).restoreReservation,
    ).toBe(true);
    expect(
      planRelease(input({ reservationStands: true, cause: 'accountDeleted' })).restoreReservation,
    ).toBe(false);
  });

  it('R-V8: the store hears of every release but those it made itself', () => {
    expect(planRelease(input({ cause: 'adminRevoked' })).tellStore).toBe(true);
    expect(planRelease(input({ cause: 'accountDeleted' })).tellStore).toBe(true);
    for (const cause of ['storeRemoved', 'storeRefused', 'appRefunded'] as const) {
      expect(planRelease(input({ cause })).tellStore).toBe(false);
    }
  });

  it('R-V4: product platforms are read from their stored JSON; anything else counts as none', () => {
    expect(parsePlatforms('["ios","macos","tvos"]')).toEqual(['ios', 'macos']);
    expect(parsePlatforms('not json')).toEqual([]);
    expect(parsePlatforms(null)).toEqual([]);
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

  it('R-V4: an app left on a revoked licence: kept on macOS, usable on iOS until the grace end, unlicensed elsewhere', () => {
    expect(installAfterRelease('macos', null, now)).toBe('kept');
    expect(installAfterRelease('ios', in30Days, now)).toBe('inGrace');
    expect(installAfterRelease('ipados', in30Days, in30Days)).toBe('graceEnded');
    expect(installAfterRelease('ios', null, now)).toBe('unlicensed');
    expect(installAfterRelease('windows', null, now)).toBe('unlicensed');
  });
});
