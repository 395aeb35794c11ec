import { describe, expect, it } from 'vitest';
import {
  ALL_USERS_GROUP_ID,
  distributionFor,
  isListedFcfs,
  standingOf,
} from '../../src/domain/distribution.js';
import { licenseTypesFor } from '../../src/domain/licenseType.js';
import {
  candidateAccounts,
  fcfsAvailable,
  poolAvailable,
  reservationAvailable,
  unfulfilledReservations,
} from '../../src/domain/pools.js';
import { account, device, pool, product, user } from '../factories/domain.js';

describe('pools and candidate accounts', () => {
  it('R-A4: FCFS availability is total − in use − unfulfilled reservations, never negative', () => {
    expect(fcfsAvailable(pool('a1', 10, { inUse: 4, reserved: 3 }))).toBe(3);
    expect(fcfsAvailable(pool('a1', 5, { inUse: 4, reserved: 3 }))).toBe(0);
    expect(poolAvailable(pool('a1', 10, { inUse: 4, reserved: 3 }))).toBe(3);
  });

  it('R-A4: a reserved subject sees the seats not in use', () => {
    expect(reservationAvailable(pool('a1', 10, { inUse: 4, reserved: 3 }))).toBe(6);
    expect(reservationAvailable(pool('a1', 10, { inUse: 12 }))).toBe(0);
  });

  it('R-A4: an unlimited pool has no limit and shows no available count', () => {
    expect(fcfsAvailable(pool('a1', 0, { unlimited: true, inUse: 9 }))).toBe(Infinity);
    expect(poolAvailable(pool('a1', 10, { unlimited: true }))).toBeNull();
  });

  it('R-T9: candidates are in strict priority order, ties broken by id', () => {
    const accounts = [account('b', { priority: 2 }), account('c'), account('a', { priority: 2 })];
    const pools = accounts.map((a) => pool(a.id, 10));
    expect(candidateAccounts('s1', product(), accounts, pools).map((c) => c.account.id)).toEqual([
      'c',
      'a',
      'b',
    ]);
  });

  it('R-A2: only accounts of the space, of the product’s store, holding the product are candidates', () => {
    const accounts = [
      account('other-space', { spaceId: 's2' }),
      account('ms', { store: 'microsoft' }),
      account('no-pool'),
      account('ok'),
    ];
    const pools = [
      pool('other-space', 10),
      pool('ms', 10),
      pool('ok', 10),
      pool('no-pool', 10, { productId: 'p2' }),
    ];
    expect(candidateAccounts('s1', product(), accounts, pools).map((c) => c.account.id)).toEqual([
      'ok',
    ]);
  });
});

describe('distribution lists (R-A2, R-A3, R-A5)', () => {
  const acct = account('a1', { autoDistributeToAllUsers: false });
  const d = {
    ...distributionFor('app', 'a1', []),
    fcfsGroupIds: ['staff'],
    reservedUserIds: ['boss'],
    reservedDeviceIds: ['kiosk'],
    prohibitedUserIds: ['intern'],
  };

  it('R-A3: an app with no distribution set on an account lists nobody (unless auto-distributed)', () => {
    const empty = distributionFor('app', 'a1', []);
    expect(standingOf(acct, empty, user('u1', { groupIds: ['staff'] }))).toBe('notListed');
    expect(standingOf(account('a1', { autoDistributeToAllUsers: true }), empty, user('u1'))).toBe(
      'fcfs',
    );
  });

  it('R-A3: the All Users group lists every user and device of the space', () => {
    const all = { ...d, fcfsGroupIds: [ALL_USERS_GROUP_ID] };
    expect(isListedFcfs(acct, all, user('anyone'))).toBe(true);
    expect(isListedFcfs(acct, all, device('lonely'))).toBe(true);
  });

  it('R-A3: standing of each kind of entry', () => {
    expect(standingOf(acct, d, user('u1', { groupIds: ['staff'] }))).toBe('fcfs');
    expect(standingOf(acct, d, user('boss'))).toBe('reserved');
    expect(standingOf(acct, d, device('kiosk'))).toBe('reserved');
    expect(standingOf(acct, d, user('intern', { groupIds: ['staff'] }))).toBe('prohibited');
    expect(standingOf(acct, d, user('u2', { groupIds: ['other'] }))).toBe('notListed');
  });

  it('R-A2: a device is listed through its own groups or its primary user’s', () => {
    expect(standingOf(acct, d, device('d1', { groupIds: ['staff'] }))).toBe('fcfs');
    expect(
      standingOf(acct, d, device('d1', { primaryUser: user('u1', { groupIds: ['staff'] }) })),
    ).toBe('fcfs');
    expect(
      standingOf(acct, d, device('d1', { primaryUser: user('u1', { groupIds: ['other'] }) })),
    ).toBe('notListed');
  });

  it('R-A4: a user reservation does not reserve a seat for the user’s device', () => {
    expect(standingOf(acct, d, device('d1', { primaryUser: user('boss') }))).toBe('notListed');
  });

  it('R-A5: a device whose primary user is prohibited is refused by that account', () => {
    expect(
      standingOf(acct, d, device('d1', { groupIds: ['staff'], primaryUser: user('intern') })),
    ).toBe('prohibited');
  });
});

describe('licence types (R-A8)', () => {
  const settings = { intent: 'required' as const };

  it('R-A8: the first type is for a new licence; both may be reused when nothing forbids it', () => {
    const d = device('d1', { primaryUser: user('u1') });
    expect(licenseTypesFor(product(), d, settings)).toEqual(['device', 'user']);
    expect(licenseTypesFor(product(), d, { intent: 'available' })).toEqual(['user', 'device']);
  });

  it('R-A8: ISV seats and online Microsoft apps belong to users', () => {
    const d = device('d1', { primaryUser: user('u1') });
    expect(licenseTypesFor(product({ store: 'isv' }), d, settings)).toEqual(['user']);
    expect(
      licenseTypesFor(product({ store: 'microsoft' }), d, {
        ...settings,
        deviceContext: true,
      }),
    ).toEqual(['user']);
  });

  it('R-A8: a user subject can only take a user licence', () => {
    expect(
      licenseTypesFor(product(), user('u1'), { intent: 'required', licenseType: 'device' }),
    ).toEqual(['user']);
  });
});

describe('seats held for reservations (R-A4)', () => {
  const list = (
    reservedUserIds: string[],
    reservedDeviceIds: string[],
    prohibitedUserIds: string[] = [],
  ) => ({
    reservedUserIds,
    reservedDeviceIds,
    prohibitedUserIds,
  });

  it('R-A4: one seat per distinct reserved user or device without a licence, over the apps of the product', () => {
    const lists = [list(['u1', 'u2'], ['d1']), list(['u2', 'u3'], ['d1', 'd2'])];
    expect(unfulfilledReservations(lists, new Set())).toBe(5);
    expect(unfulfilledReservations(lists, new Set(['u2', 'd2']))).toBe(3);
  });

  it('R-A4: a user reserved and prohibited on the same list holds no seat; prohibited elsewhere, one', () => {
    expect(unfulfilledReservations([list(['u1'], [], ['u1'])], new Set())).toBe(0);
    expect(unfulfilledReservations([list(['u1'], []), list([], [], ['u1'])], new Set())).toBe(1);
  });
});
