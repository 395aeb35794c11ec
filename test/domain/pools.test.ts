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
  isAccountUsable,
  poolAvailable,
  reservationAvailable,
} from '../../src/domain/pools.js';
import type { Account, DeviceSubject, Pool, Product, UserSubject } from '../../src/domain/types.js';

const pool = (over: Partial<Pool> = {}): Pool => ({
  accountId: 'a1',
  productId: 'p1',
  total: 10,
  inUse: 0,
  reserved: 0,
  unlimited: false,
  ...over,
});
const account = (id: string, priority: number, over: Partial<Account> = {}): Account => ({
  id,
  store: 'apple',
  spaceId: 's1',
  priority,
  autoDistributeToAllUsers: false,
  status: 'healthy',
  ...over,
});
const user = (id: string, groupIds: string[] = []): UserSubject => ({
  type: 'user',
  id,
  groupIds,
  enrolment: 'joined',
});
const device = (over: Partial<DeviceSubject> = {}): DeviceSubject => ({
  type: 'device',
  id: 'd1',
  groupIds: [],
  shared: false,
  platform: 'ios',
  ...over,
});
const product: Product = { id: 'p1', store: 'apple', deviceAssignable: true };

describe('pools and candidate accounts', () => {
  it('R-A4: FCFS availability is total − in use − unfulfilled reservations, never negative', () => {
    expect(fcfsAvailable(pool({ inUse: 4, reserved: 3 }))).toBe(3);
    expect(fcfsAvailable(pool({ total: 5, inUse: 4, reserved: 3 }))).toBe(0);
    expect(poolAvailable(pool({ inUse: 4, reserved: 3 }))).toBe(3);
  });

  it('R-A4: a reserved subject sees the seats not in use', () => {
    expect(reservationAvailable(pool({ inUse: 4, reserved: 3 }))).toBe(6);
    expect(reservationAvailable(pool({ inUse: 12 }))).toBe(0);
  });

  it('R-A4: an unlimited pool has no limit and shows no available count', () => {
    expect(fcfsAvailable(pool({ unlimited: true, total: 0, inUse: 9 }))).toBe(Infinity);
    expect(poolAvailable(pool({ unlimited: true }))).toBeNull();
  });

  it('R-T9: candidates are in strict priority order, ties broken by id', () => {
    const accounts = [account('b', 2), account('c', 1), account('a', 2)];
    const pools = accounts.map((a) => pool({ accountId: a.id }));
    expect(candidateAccounts('s1', product, accounts, pools).map((c) => c.account.id)).toEqual([
      'c',
      'a',
      'b',
    ]);
  });

  it('R-A2: only accounts of the space, of the product’s store, holding the product are candidates', () => {
    const accounts = [
      account('other-space', 1, { spaceId: 's2' }),
      account('ms', 1, { store: 'microsoft' }),
      account('no-pool', 1),
      account('ok', 1),
    ];
    const pools = [
      pool({ accountId: 'other-space' }),
      pool({ accountId: 'ms' }),
      pool({ accountId: 'ok' }),
      pool({ accountId: 'no-pool', productId: 'p2' }),
    ];
    expect(candidateAccounts('s1', product, accounts, pools).map((c) => c.account.id)).toEqual([
      'ok',
    ]);
  });

  it('R-T4, R-T10: accounts claimed elsewhere or in error cannot give licences; degraded ones can', () => {
    expect(isAccountUsable(account('a', 1, { status: 'claimedElsewhere' }))).toBe(false);
    expect(isAccountUsable(account('a', 1, { status: 'error' }))).toBe(false);
    expect(isAccountUsable(account('a', 1, { status: 'degraded' }))).toBe(true);
    expect(isAccountUsable(account('a', 1, { status: 'syncing' }))).toBe(true);
  });
});

describe('distribution lists (R-A2, R-A3, R-A5)', () => {
  const acct = account('a1', 1);
  const d = {
    ...distributionFor('app', 'a1', []),
    fcfsGroupIds: ['staff'],
    reservedUserIds: ['boss'],
    reservedDeviceIds: ['kiosk'],
    prohibitedUserIds: ['intern'],
  };

  it('R-A3: an app with no distribution set on an account lists nobody (unless auto-distributed)', () => {
    const empty = distributionFor('app', 'a1', []);
    expect(standingOf(acct, empty, user('u1', ['staff']))).toBe('notListed');
    expect(
      standingOf(account('a1', 1, { autoDistributeToAllUsers: true }), empty, user('u1')),
    ).toBe('fcfs');
  });

  it('R-A3: the All Users group lists every user and device of the space', () => {
    const all = { ...d, fcfsGroupIds: [ALL_USERS_GROUP_ID] };
    expect(isListedFcfs(acct, all, user('anyone'))).toBe(true);
    expect(isListedFcfs(acct, all, device({ id: 'lonely' }))).toBe(true);
  });

  it('R-A3: standing of each kind of entry', () => {
    expect(standingOf(acct, d, user('u1', ['staff']))).toBe('fcfs');
    expect(standingOf(acct, d, user('boss'))).toBe('reserved');
    expect(standingOf(acct, d, device({ id: 'kiosk' }))).toBe('reserved');
    expect(standingOf(acct, d, user('intern', ['staff']))).toBe('prohibited');
    expect(standingOf(acct, d, user('u2', ['other']))).toBe('notListed');
  });

  it('R-A2: a device is listed through its own groups or its primary user’s', () => {
    expect(standingOf(acct, d, device({ groupIds: ['staff'] }))).toBe('fcfs');
    expect(standingOf(acct, d, device({ primaryUser: user('u1', ['staff']) }))).toBe('fcfs');
    expect(standingOf(acct, d, device({ primaryUser: user('u1', ['other']) }))).toBe('notListed');
  });

  it('R-A4: a user reservation does not reserve a seat for the user’s device', () => {
    expect(standingOf(acct, d, device({ primaryUser: user('boss') }))).toBe('notListed');
  });

  it('R-A5: a device whose primary user is prohibited is refused by that account', () => {
    expect(standingOf(acct, d, device({ groupIds: ['staff'], primaryUser: user('intern') }))).toBe(
      'prohibited',
    );
  });
});

describe('licence types (R-A8)', () => {
  const settings = { intent: 'required' as const };

  it('R-A8: the first type is for a new licence; both may be reused when nothing forbids it', () => {
    const d = device({ primaryUser: user('u1') });
    expect(licenseTypesFor(product, d, settings)).toEqual(['device', 'user']);
    expect(licenseTypesFor(product, d, { intent: 'available' })).toEqual(['user', 'device']);
  });

  it('R-A8: ISV seats and online Microsoft apps belong to users', () => {
    const d = device({ primaryUser: user('u1') });
    expect(licenseTypesFor({ id: 'p', store: 'isv', deviceAssignable: true }, d, settings)).toEqual(
      ['user'],
    );
    expect(
      licenseTypesFor({ id: 'p', store: 'microsoft', deviceAssignable: true }, d, {
        ...settings,
        deviceContext: true,
      }),
    ).toEqual(['user']);
  });

  it('R-A8: a user subject can only take a user licence', () => {
    expect(
      licenseTypesFor(product, user('u1'), { intent: 'required', licenseType: 'device' }),
    ).toEqual(['user']);
  });
});
