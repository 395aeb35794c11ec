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
import type { License } from '../../src/domain/types.js';
import { device, license, user, userLicense } from '../factories/domain.js';

const ids = (licenses: License[]) => licenses.map((l) => l.id).sort();

const ledger: License[] = [
  license({ id: 'd1-app1' }),
  license({ id: 'd1-app2', catalogAppId: 'app-2', productId: 'prod-2' }),
  license({ id: 'd1-old', state: 'revoked' }),
  license({ id: 'd2-app1', subject: { type: 'device', id: 'd2' }, accountId: 'a2' }),
  userLicense('u1', { id: 'u1-app1' }),
  userLicense('u1', { id: 'u1-app2', catalogAppId: 'app-2', productId: 'prod-2', spaceId: 's2' }),
  userLicense('u2', { id: 'u2-app1', accountId: 'a2', spaceId: 's2' }),
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
    expect(ids(licensesRevokedWithDelegation('app-1', 's2', ledger))).toEqual(['u2-app1']);
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
    expect(
      ids(licensesNoLongerTargeted('app-1', [device('d1', { primaryUser: u1 })], ledger)),
    ).toEqual(['d2-app1', 'u2-app1']);
    // Assignment deleted: nobody is targeted.
    expect(licensesNoLongerTargeted('app-1', [], ledger)).toHaveLength(4);
  });

  it('R-V1: under an uninstall intent the device licence is freed once the app is reported uninstalled', () => {
    const freed = licensesFreedByUninstall({
      device: device('d1', { primaryUser: user('u1') }),
      productId: 'prod-1',
      intent: 'uninstall',
      licenses: ledger,
      otherDevicesWithApp: [],
    });
    expect(ids(freed)).toEqual(['d1-app1', 'u1-app1']);
  });

  it("R-V1: a user licence is freed only when the app is gone from the user's last device", () => {
    const freed = licensesFreedByUninstall({
      device: device('d1', { primaryUser: user('u1') }),
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
        device: device('d1', { primaryUser: user('u1') }),
        productId: 'prod-1',
        intent,
        licenses: ledger,
        otherDevicesWithApp: [],
      });
      expect(freed).toEqual([]);
    }
  });
});
