import { describe, expect, it } from 'vitest';
import {
  ALL_USERS_GROUP_ID,
  distributionFor,
  effectiveDistribution,
  isProhibitedEverywhere,
  listFor,
  standingOf,
} from '../../src/domain/distribution.js';
import { forecastAssignment, type ForecastInput } from '../../src/domain/forecast.js';
import type { Account, DeviceSubject, Distribution, UserSubject } from '../../src/domain/types.js';
import { account, device, distribution, pool, product, user } from '../factories/domain.js';

const APP = 'app-1';

/** The standing of a holder on the list of `acct` for the app, among `distributions`. */
const standing = (
  acct: Account,
  distributions: Distribution[],
  holder: UserSubject | DeviceSubject,
) => standingOf(acct, listFor(acct, APP, distributions), holder);

describe('the list of an app on an account (R-A2, R-T2)', () => {
  it('R-A2, R-T2: with no distribution set, All Users is the default FCFS list of an auto-distributing account', () => {
    expect(listFor(account('a1'), APP, [])).toEqual({
      catalogAppId: APP,
      accountId: 'a1',
      fcfsGroupIds: [ALL_USERS_GROUP_ID],
      reservedUserIds: [],
      reservedDeviceIds: [],
      prohibitedUserIds: [],
      source: 'accountDefault',
    });
    expect(standing(account('a1'), [], device('kiosk'))).toBe('fcfs');
    expect(standing(account('a1'), [], user('anyone'))).toBe('fcfs');
  });

  it('R-A2, R-T2: without autoDistributeToAllUsers the default lists nobody', () => {
    const manual = account('a1', { autoDistributeToAllUsers: false });
    expect(listFor(manual, APP, [])).toMatchObject({ fcfsGroupIds: [], source: 'accountDefault' });
    expect(standing(manual, [], user('anyone'))).toBe('notListed');
  });

  it('R-A2: a distribution set for the app replaces the default: only its groups are listed', () => {
    const acct = account('a1');
    const set = [distribution('a1', { fcfsGroupIds: ['teachers'] })];
    const teacher = user('t1', { groupIds: ['teachers'] });
    expect(listFor(acct, APP, set)).toMatchObject({
      fcfsGroupIds: ['teachers'],
      source: 'explicit',
    });
    expect(standing(acct, set, device('outside'))).toBe('notListed');
    expect(standing(acct, set, user('outsider'))).toBe('notListed');
    expect(standing(acct, set, device('inside', { primaryUser: teacher }))).toBe('fcfs');
    expect(standing(acct, set, device('cart', { groupIds: ['teachers'] }))).toBe('fcfs');
  });

  it('R-A2: the replacement is per app: other apps of the account keep the default', () => {
    const set = [distribution('a1', { fcfsGroupIds: ['teachers'] })];
    expect(listFor(account('a1'), 'another-app', set).source).toBe('accountDefault');
    expect(standingOf(account('a1'), listFor(account('a1'), 'another-app', set), user('u'))).toBe(
      'fcfs',
    );
  });

  it('R-A2, R-A3: a distribution of reservations only lists the reserved subjects, no one FCFS', () => {
    const acct = account('a1');
    const set = [distribution('a1', { reservedDeviceIds: ['cart-1'], reservedUserIds: ['boss'] })];
    expect(standing(acct, set, device('cart-1'))).toBe('reserved');
    expect(standing(acct, set, user('boss'))).toBe('reserved');
    expect(standing(acct, set, device('d2'))).toBe('notListed');
    expect(standing(acct, set, user('u2'))).toBe('notListed');
  });

  it('R-A2: a distribution set with every list empty lists nobody', () => {
    expect(standing(account('a1'), [distribution('a1')], user('anyone'))).toBe('notListed');
  });

  it('R-A2, R-A3: choosing All Users in a set distribution keeps everyone, with reservations beside', () => {
    const set = [
      distribution('a1', { fcfsGroupIds: [ALL_USERS_GROUP_ID], reservedDeviceIds: ['cart-1'] }),
    ];
    const manual = account('a1', { autoDistributeToAllUsers: false });
    expect(standing(manual, set, user('anyone'))).toBe('fcfs');
    expect(standing(manual, set, device('cart-1'))).toBe('reserved');
  });

  it('R-A2, R-T6: turning auto-distribution off changes the default, never a set distribution', () => {
    const set = [distribution('a1', { fcfsGroupIds: ['teachers'] })];
    const off = account('a1', { autoDistributeToAllUsers: false });
    expect(standing(off, set, user('t1', { groupIds: ['teachers'] }))).toBe('fcfs');
    expect(standing(off, [], user('t1', { groupIds: ['teachers'] }))).toBe('notListed');
  });

  it('R-A2: a stored distribution read without a source is a set one', () => {
    const legacy: Distribution = { ...distribution('a1', { fcfsGroupIds: ['teachers'] }) };
    delete legacy.source;
    expect(effectiveDistribution(account('a1'), legacy).source).toBe('explicit');
    expect(standing(account('a1'), [legacy], user('outsider'))).toBe('notListed');
  });

  it('R-A2: distributionFor gives the stored distribution, or a placeholder for the default', () => {
    const set = distribution('a1', { fcfsGroupIds: ['teachers'] });
    expect(distributionFor(APP, 'a1', [set])).toBe(set);
    expect(distributionFor(APP, 'a2', [set]).source).toBe('accountDefault');
  });
});

describe('prohibited on every account holding the app (R-A5)', () => {
  const accounts = [account('a1'), account('a2', { priority: 2 })];
  const prohibiting = (id: string) =>
    distribution(id, { fcfsGroupIds: [ALL_USERS_GROUP_ID], prohibitedUserIds: ['u1'] });

  it('R-A5: true only when every account prohibits the holder', () => {
    const u1 = user('u1');
    expect(isProhibitedEverywhere(accounts, APP, [prohibiting('a1'), prohibiting('a2')], u1)).toBe(
      true,
    );
    expect(isProhibitedEverywhere(accounts, APP, [prohibiting('a1')], u1)).toBe(false);
    expect(isProhibitedEverywhere([], APP, [], u1)).toBe(false);
  });

  it('R-A5: the prohibition reaches the devices of the user, except a device reserved by name', () => {
    const both = [prohibiting('a1'), prohibiting('a2')];
    expect(
      isProhibitedEverywhere(accounts, APP, both, device('d1', { primaryUser: user('u1') })),
    ).toBe(true);
    const reserved = [prohibiting('a1'), { ...prohibiting('a2'), reservedDeviceIds: ['d1'] }];
    expect(
      isProhibitedEverywhere(accounts, APP, reserved, device('d1', { primaryUser: user('u1') })),
    ).toBe(false);
  });

  it('R-A5, R-A12: the forecast does not count holders no licence can ever reach', () => {
    const input: ForecastInput = {
      catalogAppId: APP,
      product: product(),
      spaceId: 's1',
      settings: { intent: 'available' },
      subjects: [user('u1'), user('u2')],
      licenses: [],
      accounts,
      pools: accounts.map((a) => pool(a.id, 0)),
      distributions: [prohibiting('a1'), prohibiting('a2')],
    };
    expect(forecastAssignment(input)).toEqual({ needed: 1, available: 0, shortfall: 1 });
    expect(forecastAssignment({ ...input, distributions: [prohibiting('a1')] }).needed).toBe(2);
  });
});
