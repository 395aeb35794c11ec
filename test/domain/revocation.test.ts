import { describe, expect, it } from 'vitest';
import {
  licensesFreedByUninstall,
  licensesNoLongerTargeted,
  licensesOfAccount,
  licensesOfCatalogApp,
  licensesRevokedWithDelegation,
  licensesRevokedWithDevice,
  licensesRevokedWithUser,
} from '../../src/domain/revocation.js';
import type { DeviceSubject, License, UserSubject } from '../../src/domain/types.js';

const license = (id: string, over: Partial<License> = {}): License => ({
  id,
  accountId: 'a1',
  productId: 'prod-1',
  catalogAppId: 'app-1',
  spaceId: 'space-1',
  licenseType: 'device',
  subject: { type: 'device', id: 'd1' },
  distribution: 'fcfs',
  state: 'active',
  ...over,
});
const userLicense = (id: string, userId: string, over: Partial<License> = {}): License =>
  license(id, { licenseType: 'user', subject: { type: 'user', id: userId }, ...over });

const user = (id: string): UserSubject => ({ type: 'user', id, groupIds: [], enrolment: 'joined' });
const device = (id: string, primaryUser?: UserSubject): DeviceSubject => ({
  type: 'device',
  id,
  groupIds: [],
  shared: false,
  platform: 'ios',
  ...(primaryUser ? { primaryUser } : {}),
});

const ids = (licenses: License[]) => licenses.map((l) => l.id).sort();

const ledger: License[] = [
  license('d1-app1'),
  license('d1-app2', { catalogAppId: 'app-2', productId: 'prod-2' }),
  license('d1-old', { state: 'revoked' }),
  license('d2-app1', { subject: { type: 'device', id: 'd2' }, accountId: 'a2' }),
  userLicense('u1-app1', 'u1'),
  userLicense('u1-app2', 'u1', { catalogAppId: 'app-2', productId: 'prod-2', spaceId: 'space-2' }),
  userLicense('u2-app1', 'u2', { accountId: 'a2', spaceId: 'space-2' }),
];

describe('revocation: which licences go (R-V1, R-V2, R-V3, R-V7)', () => {
  it('R-V2: a device retired, wiped or unenrolled loses its active device licences, nothing else', () => {
    expect(ids(licensesRevokedWithDevice('d1', ledger))).toEqual(['d1-app1', 'd1-app2']);
  });

  it("R-V2: a deleted user loses their user licences; their devices' only when deleted too", () => {
    expect(ids(licensesRevokedWithUser('u1', [], ledger))).toEqual(['u1-app1', 'u1-app2']);
    expect(ids(licensesRevokedWithUser('u1', ['d1'], ledger))).toEqual([
      'd1-app1',
      'd1-app2',
      'u1-app1',
      'u1-app2',
    ]);
  });

  it('R-V2: deleting an app from the catalog revokes its licences on every account', () => {
    expect(ids(licensesOfCatalogApp('app-1', ledger))).toEqual([
      'd1-app1',
      'd2-app1',
      'u1-app1',
      'u2-app1',
    ]);
  });

  it('R-V2, R-T8: deleting an account revokes every licence drawn from it', () => {
    expect(ids(licensesOfAccount('a2', ledger))).toEqual(['d2-app1', 'u2-app1']);
  });

  it('R-V3: revoke-all takes every active licence of the app across every account at once', () => {
    const all = licensesOfCatalogApp('app-1', ledger);
    expect(new Set(all.map((l) => l.accountId))).toEqual(new Set(['a1', 'a2']));
    expect(all.every((l) => l.state === 'active')).toBe(true);
  });

  it("R-V5: withdrawing a delegation revokes the app's licences held in that space only", () => {
    expect(ids(licensesRevokedWithDelegation('app-1', 'space-2', ledger))).toEqual(['u2-app1']);
  });

  it('R-V7: a subject no assignment targets any more loses the licence it held for the app', () => {
    const u1 = user('u1');
    // d1 still targeted; u1 and d2 and u2 not.
    expect(ids(licensesNoLongerTargeted('app-1', [device('d1')], ledger))).toEqual([
      'd2-app1',
      'u1-app1',
      'u2-app1',
    ]);
    // A targeted device keeps its primary user's user licence (its install uses it).
    expect(ids(licensesNoLongerTargeted('app-1', [device('d1', u1)], ledger))).toEqual([
      'd2-app1',
      'u2-app1',
    ]);
    // Assignment deleted: nobody is targeted.
    expect(licensesNoLongerTargeted('app-1', [], ledger)).toHaveLength(4);
  });

  it('R-V1: under an uninstall intent the device licence is freed once the app is reported uninstalled', () => {
    const freed = licensesFreedByUninstall({
      device: device('d1', user('u1')),
      productId: 'prod-1',
      intent: 'uninstall',
      licenses: ledger,
      otherDevicesWithApp: [],
    });
    expect(ids(freed)).toEqual(['d1-app1', 'u1-app1']);
  });

  it("R-V1: a user licence is freed only when the app is gone from the user's last device", () => {
    const freed = licensesFreedByUninstall({
      device: device('d1', user('u1')),
      productId: 'prod-1',
      intent: 'uninstall',
      licenses: ledger,
      otherDevicesWithApp: ['d7'],
    });
    expect(ids(freed)).toEqual(['d1-app1']);
  });

  it('R-V1: a user removing the app by hand under another intent frees nothing', () => {
    for (const intent of ['required', 'available', null] as const) {
      const freed = licensesFreedByUninstall({
        device: device('d1', user('u1')),
        productId: 'prod-1',
        intent,
        licenses: ledger,
        otherDevicesWithApp: [],
      });
      expect(freed).toEqual([]);
    }
  });
});
