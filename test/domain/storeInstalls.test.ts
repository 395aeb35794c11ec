import { describe, expect, it } from 'vitest';
import { forecastAssignment } from '../../src/domain/forecast.js';
import { installerOf, installsOn, pendingReason } from '../../src/domain/storeInstalls.js';
import type { DeviceSubject, Product, UserSubject } from '../../src/domain/types.js';

const online: Product = { id: 'p', store: 'microsoft', deviceAssignable: false, offline: false };
const offline: Product = { id: 'p', store: 'microsoft', deviceAssignable: true, offline: true };
const isv: Product = { id: 'p', store: 'isv', deviceAssignable: false };
const apple: Product = { id: 'p', store: 'apple', deviceAssignable: true };

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
    const ana: UserSubject = { type: 'user', id: 'ana', groupIds: [], enrolment: 'none' };
    const device = (id: string, platform: DeviceSubject['platform']): DeviceSubject => ({
      type: 'device',
      id,
      groupIds: [],
      shared: false,
      platform,
    });
    const forecast = forecastAssignment({
      catalogAppId: 'app',
      product: offline,
      spaceId: 's',
      settings: { intent: 'required', deviceContext: true },
      subjects: [device('pc', 'windows'), device('ipad', 'ipados'), ana],
      licenses: [],
      accounts: [
        {
          id: 'ms',
          store: 'microsoft',
          spaceId: 's',
          priority: 1,
          autoDistributeToAllUsers: true,
          status: 'healthy',
        },
      ],
      pools: [
        { accountId: 'ms', productId: 'p', total: 5, inUse: 0, reserved: 0, unlimited: false },
      ],
      distributions: [],
    });
    expect(forecast).toEqual({ needed: 2, available: 5, shortfall: 0 });
  });
});
