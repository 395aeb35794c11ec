/**
 * One factory per kind of plain data the pure rules of `src/domain/` take, for the tests of
 * `test/domain/`. Each builds an ordinary, valid object and takes a `Partial` of the fields the
 * test is about (after the ID, where every call gives one), so a test shows what matters to it
 * and nothing else:
 *
 *   const accounts = [account('a1'), account('a2', { priority: 2, status: 'error' })];
 *   const full = pool('a1', 3, { inUse: 3 });
 *   const cart = device('cart-1', { shared: true, primaryUser: user('u1') });
 *
 * The defaults fit together: Apple product `prod-1` of catalog app `app-1`; account `a1` of
 * priority 1 in space `s1`, healthy, auto-distributing to All Users (R-T2); pools and licences
 * of `prod-1`; distributions of `app-1`, as set by an administrator, listing nobody; user `u1`,
 * joined, in no group; device `d1`, an iPhone, not shared, in no group, with no primary user.
 * A test file that needs other defaults throughout wraps a factory in a one-line local helper
 * (`const pc = (id) => device(id, { platform: 'windows' })`) rather than building its own.
 */
import type { Assignment } from '../../src/domain/targeting.js';
import type {
  Account,
  DeviceSubject,
  Distribution,
  License,
  Pool,
  Product,
  UserSubject,
} from '../../src/domain/types.js';

/** An Apple product, `prod-1`, that may be licensed to devices. */
export function product(over: Partial<Product> = {}): Product {
  return { id: 'prod-1', store: 'apple', deviceAssignable: true, ...over };
}

/** An Apple account of priority 1 in space `s1`, healthy, auto-distributing to All Users (R-T2). */
export function account(id = 'a1', over: Partial<Account> = {}): Account {
  return {
    id,
    store: 'apple',
    spaceId: 's1',
    priority: 1,
    autoDistributeToAllUsers: true,
    status: 'healthy',
    ...over,
  };
}

/** The pool of `prod-1` on an account: `total` seats, none in use or reserved. */
export function pool(accountId: string, total: number, over: Partial<Pool> = {}): Pool {
  return {
    accountId,
    productId: 'prod-1',
    total,
    inUse: 0,
    reserved: 0,
    unlimited: false,
    ...over,
  };
}

/** The distribution of `app-1` on an account, as stored once an administrator set it: empty. */
export function distribution(accountId = 'a1', over: Partial<Distribution> = {}): Distribution {
  return {
    catalogAppId: 'app-1',
    accountId,
    fcfsGroupIds: [],
    reservedUserIds: [],
    reservedDeviceIds: [],
    prohibitedUserIds: [],
    source: 'explicit',
    ...over,
  };
}

/** A user in no group who has joined the store's programme. */
export function user(id = 'u1', over: Partial<UserSubject> = {}): UserSubject {
  return { type: 'user', id, groupIds: [], enrolment: 'joined', ...over };
}

/** An iPhone in no group, not shared, with no primary user. */
export function device(id = 'd1', over: Partial<DeviceSubject> = {}): DeviceSubject {
  return { type: 'device', id, groupIds: [], shared: false, platform: 'ios', ...over };
}

/** An active FCFS device licence of `d1` for `app-1`, drawn from account `a1` in space `s1`. */
export function license(over: Partial<License> = {}): License {
  return {
    id: 'lic-1',
    accountId: 'a1',
    productId: 'prod-1',
    catalogAppId: 'app-1',
    spaceId: 's1',
    licenseType: 'device',
    subject: { type: 'device', id: 'd1' },
    distribution: 'fcfs',
    state: 'active',
    ...over,
  };
}

/** `license()` held by a user: a user licence, `lic-<userId>`. */
export function userLicense(userId: string, over: Partial<License> = {}): License {
  return license({
    id: `lic-${userId}`,
    licenseType: 'user',
    subject: { type: 'user', id: userId },
    ...over,
  });
}

let assignments = 0;

/**
 * A required assignment of `app-1` to All Users, excluding no group. Its id (`as-000001`…) grows
 * with each call: the assignment built later is the newer one, as ids sort in the database.
 */
export function assignment(over: Partial<Assignment> = {}): Assignment {
  return {
    id: `as-${String(++assignments).padStart(6, '0')}`,
    catalogAppId: 'app-1',
    target: { type: 'allUsers' },
    intent: 'required',
    excludeGroupIds: [],
    ...over,
  };
}
