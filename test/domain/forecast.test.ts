import { describe, expect, it } from 'vitest';
import { ConflictError, InsufficientLicensesError } from '../../src/domain/errors.js';
import {
  blocksOverAssignment,
  enforceForecast,
  forecastAssignment,
  type ForecastInput,
} from '../../src/domain/forecast.js';
import type { Account, DeviceSubject } from '../../src/domain/types.js';
import {
  account,
  device,
  distribution,
  pool,
  product,
  user,
  userLicense,
} from '../factories/domain.js';

/** An offline Microsoft Store app: it may install in device context (R-A11). */
const offlineApp = product({ store: 'microsoft', offline: true });
const msAccount = (id: string, over: Partial<Account> = {}) =>
  account(id, { store: 'microsoft', ...over });
/** Microsoft Store apps run on Windows (R-A11). */
const pc = (id: string, over: Partial<DeviceSubject> = {}) =>
  device(id, { platform: 'windows', ...over });

const input = (over: Partial<ForecastInput> = {}): ForecastInput => ({
  catalogAppId: 'app-1',
  product: offlineApp,
  spaceId: 's1',
  settings: { intent: 'required' },
  subjects: [],
  licenses: [],
  accounts: [msAccount('ms')],
  pools: [pool('ms', 3)],
  distributions: [],
  ...over,
});

describe('forecast (R-A12)', () => {
  it('R-A12: needed counts the targeted subjects that hold no licence yet', () => {
    const subjects = [user('u1'), user('u2'), user('u3'), user('u4')];
    const forecast = forecastAssignment(
      input({ subjects, licenses: [userLicense('u1', { accountId: 'ms' })] }),
    );
    expect(forecast).toEqual({ needed: 3, available: 3, shortfall: 0 });
  });

  it('R-A12, R-A1: a user on several devices needs one user licence', () => {
    const u1 = user('u1');
    const forecast = forecastAssignment(
      input({ subjects: [pc('d1', { primaryUser: u1 }), pc('d2', { primaryUser: u1 }), u1] }),
    );
    expect(forecast.needed).toBe(1);
  });

  it('R-A12: device-context installs need one licence per device', () => {
    const u1 = user('u1');
    const forecast = forecastAssignment(
      input({
        settings: { intent: 'required', deviceContext: true },
        subjects: [pc('d1', { primaryUser: u1 }), pc('d2', { primaryUser: u1 })],
      }),
    );
    expect(forecast.needed).toBe(2);
  });

  it('R-A12: available assignments count too; uninstall needs nothing', () => {
    const subjects = [user('u1'), user('u2')];
    expect(forecastAssignment(input({ subjects, settings: { intent: 'available' } })).needed).toBe(
      2,
    );
    expect(forecastAssignment(input({ subjects, settings: { intent: 'uninstall' } })).needed).toBe(
      0,
    );
  });

  it('R-A12: subjects no licence type fits are not counted', () => {
    // An online app cannot use device context, and this device has no user.
    const online = product({ store: 'microsoft', offline: false });
    const forecast = forecastAssignment(input({ product: online, subjects: [pc('kiosk')] }));
    expect(forecast.needed).toBe(0);
  });

  it('R-A12, R-A4: available is FCFS seats of usable accounts plus seats reserved for the targets', () => {
    const forecast = forecastAssignment(
      input({
        subjects: [user('u1'), user('u2'), user('u3')],
        accounts: [
          msAccount('ms'),
          msAccount('broken', { status: 'error' }),
          msAccount('elsewhere', { spaceId: 's2' }),
        ],
        pools: [
          pool('ms', 4, { inUse: 1, reserved: 2 }),
          pool('broken', 10),
          pool('elsewhere', 10),
        ],
        distributions: [distribution('ms', { reservedUserIds: ['u1', 'someone-else'] })],
      }),
    );
    // FCFS: 4 − 1 − 2 = 1; plus u1's reserved seat = 2.
    expect(forecast).toEqual({ needed: 3, available: 2, shortfall: 1 });
  });

  it('R-A12: an unlimited (free) pool never falls short', () => {
    const forecast = forecastAssignment(
      input({ subjects: [user('u1'), user('u2')], pools: [pool('ms', 0, { unlimited: true })] }),
    );
    expect(forecast).toEqual({ needed: 2, available: null, shortfall: 0 });
  });

  it('R-A12: Microsoft Store and ISV block over-assignment; Apple does not', () => {
    expect(blocksOverAssignment('microsoft')).toBe(true);
    expect(blocksOverAssignment('isv')).toBe(true);
    expect(blocksOverAssignment('apple')).toBe(false);
  });

  it('R-A12: a blocking store refuses a short assignment with the three ways out', () => {
    const forecast = { needed: 5, available: 2, shortfall: 3 };
    let error: unknown;
    try {
      enforceForecast('microsoft', forecast);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InsufficientLicensesError);
    expect(error).toBeInstanceOf(ConflictError);
    const e = error as InsufficientLicensesError;
    expect(e.code).toBe('INSUFFICIENT_LICENSES');
    expect(e.forecast).toEqual(forecast);
    expect(e.details?.remedies).toEqual([
      expect.objectContaining({ code: 'uninstallFromSomeDevices' }),
      expect.objectContaining({ code: 'narrowAssignment' }),
      expect.objectContaining({ code: 'buyMoreLicenses' }),
    ]);
    expect(e.message).toMatch(/uninstall.*narrow.*buy/i);
  });

  it('R-A12: Apple saves a short assignment and reports the shortfall', () => {
    expect(enforceForecast('apple', { needed: 5, available: 2, shortfall: 3 })).toEqual({
      shortfallReported: true,
    });
    expect(enforceForecast('isv', { needed: 2, available: 2, shortfall: 0 })).toEqual({
      shortfallReported: false,
    });
  });
});

describe('forecast of installs on devices', () => {
  it('R-A12, R-A8: a user group with one device each needs one licence per person, not two', () => {
    const people = ['u1', 'u2', 'u3'].map((id) => user(id));
    const subjects = [...people, ...people.map((u, i) => pc(`d${i}`, { primaryUser: u }))];
    expect(forecastAssignment(input({ subjects })).needed).toBe(3);
  });
});
