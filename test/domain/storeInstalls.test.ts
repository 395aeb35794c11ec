import { describe, expect, it } from 'vitest';
import { forecastAssignment } from '../../src/domain/forecast.js';
import { installerOf, installsOn, pendingReason } from '../../src/domain/storeInstalls.js';
import { account, device, pool, product, user } from '../factories/domain.js';

const online = product({ store: 'microsoft', deviceAssignable: false, offline: false });
const offline = product({ store: 'microsoft', deviceAssignable: true, offline: true });
const isv = product({ store: 'isv', deviceAssignable: false });
const apple = product({ store: 'apple', deviceAssignable: true });

describe('who installs an app, and where it runs', () => {
  it('R-T11: the Store installs online apps, Allot commands offline ones; R-T12: ISV apps are their vendor’s', () => {
    expect(installerOf(online)).toBe('store');
    expect(installerOf(offline)).toBe('mdm');
    expect(installerOf(apple)).toBe('mdm');
    expect(installerOf(isv)).toBe('vendor');
    expect([pendingReason('store'), pendingReason('vendor'), pendingReason('mdm')]).toEqual([
      'installedByStore',
      'installedByVendor',
      null,
    ]);
  });

  it('R-A11: Microsoft Store apps run on Windows, Apple apps on Apple devices, ISV seats anywhere', () => {
    expect(installsOn('microsoft', 'windows')).toBe(true);
    expect(installsOn('microsoft', 'ipados')).toBe(false);
    expect(installsOn('apple', 'macos')).toBe(true);
    expect(installsOn('apple', 'windows')).toBe(false);
    expect(installsOn('isv', 'ios')).toBe(true);
  });

  it('R-A12: devices that cannot run the app need no licence in the forecast', () => {
    const ana = user('ana', { enrolment: 'none' });
    const forecast = forecastAssignment({
      catalogAppId: 'app-1',
      product: offline,
      spaceId: 's1',
      settings: { intent: 'required', deviceContext: true },
      subjects: [
        device('pc', { platform: 'windows' }),
        device('ipad', { platform: 'ipados' }),
        ana,
      ],
      licenses: [],
      accounts: [account('ms', { store: 'microsoft' })],
      pools: [pool('ms', 5)],
      distributions: [],
    });
    expect(forecast).toEqual({ needed: 2, available: 5, shortfall: 0 });
  });
});
