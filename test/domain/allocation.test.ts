import { describe, expect, it } from 'vitest';
import { allocate, type AllocationInput } from '../../src/domain/allocation.js';
import { ALL_USERS_GROUP_ID } from '../../src/domain/distribution.js';
import type { Account, DeviceSubject, UserSubject } from '../../src/domain/types.js';
import {
  account,
  device,
  distribution,
  license,
  pool,
  product,
  user,
  userLicense,
} from '../factories/domain.js';

/** A device of u1, the subject of most of these tests. */
const u1Device = (id = 'd1', over: Partial<DeviceSubject> = {}) =>
  device(id, { primaryUser: user('u1'), ...over });

/** An account that lists nobody by default: only the distributions set on it list subjects. */
const manualAccount = (id: string, over: Partial<Account> = {}) =>
  account(id, { autoDistributeToAllUsers: false, ...over });

/** u1's device d1 asks for a required install; one account lists everyone and has 10 free seats. */
const input = (over: Partial<AllocationInput> = {}): AllocationInput => ({
  catalogAppId: 'app-1',
  product: product(),
  spaceId: 's1',
  subject: u1Device(),
  settings: { intent: 'required' },
  accounts: [account('a1')],
  pools: [pool('a1', 10)],
  distributions: [],
  licenses: [],
  ...over,
});

function grantedFrom(decision: ReturnType<typeof allocate>): string | null {
  return decision.outcome === 'allocate' ? decision.accountId : null;
}

describe('allocate: where a licence comes from', () => {
  it('R-A1: a required install on a device takes one device licence from the pool', () => {
    const decision = allocate(input());
    expect(decision).toMatchObject({
      outcome: 'allocate',
      accountId: 'a1',
      licenseType: 'device',
      holder: { type: 'device', id: 'd1' },
      distribution: 'fcfs',
      installState: 'pending',
      reason: 'priority',
    });
  });

  it('R-A1: a user-licensed app on a second device of the same user consumes no second licence', () => {
    const held = userLicense('u1');
    const decision = allocate(
      input({
        subject: u1Device('d2'),
        settings: { intent: 'available' },
        licenses: [held],
      }),
    );
    expect(decision).toMatchObject({ outcome: 'reuse', license: held, reason: 'existingLicense' });
  });

  it('R-A2, R-T9: accounts are tried in priority order, not in the order they are given', () => {
    const decision = allocate(
      input({
        accounts: [account('a3', { priority: 3 }), account('a1'), account('a2', { priority: 2 })],
        pools: [pool('a3', 5), pool('a2', 5), pool('a1', 5)],
      }),
    );
    expect(grantedFrom(decision)).toBe('a1');
  });

  it('R-A2: falls through to the next account only when the previous has no licence for the subject', () => {
    const accounts = [account('a1'), account('a2', { priority: 2 })];
    const full = allocate(input({ accounts, pools: [pool('a1', 3, { inUse: 3 }), pool('a2', 3)] }));
    expect(grantedFrom(full)).toBe('a2');
    expect(full.outcome === 'allocate' && full.checked).toEqual([
      { accountId: 'a1', outcome: 'exhausted' },
      { accountId: 'a2', outcome: 'granted' },
    ]);
    const free = allocate(input({ accounts, pools: [pool('a1', 3, { inUse: 2 }), pool('a2', 3)] }));
    expect(grantedFrom(free)).toBe('a1');
  });

  it('R-A2: an account gives a licence only to a subject on its list; the next one is tried', () => {
    const decision = allocate(
      input({
        subject: u1Device('d1', { groupIds: ['g-b'] }),
        accounts: [manualAccount('a1'), manualAccount('a2', { priority: 2 })],
        pools: [pool('a1', 5), pool('a2', 5)],
        distributions: [
          distribution('a1', { fcfsGroupIds: ['g-a'] }),
          distribution('a2', { fcfsGroupIds: ['g-b'] }),
        ],
      }),
    );
    expect(grantedFrom(decision)).toBe('a2');
    expect(decision.outcome === 'allocate' && decision.checked[0]).toEqual({
      accountId: 'a1',
      outcome: 'notListed',
    });
  });

  it('R-A2: a device is listed when its primary user is in a listed group', () => {
    const decision = allocate(
      input({
        subject: device('d1', { primaryUser: user('u1', { groupIds: ['teachers'] }) }),
        accounts: [manualAccount('a1')],
        distributions: [distribution('a1', { fcfsGroupIds: ['teachers'] })],
      }),
    );
    expect(grantedFrom(decision)).toBe('a1');
  });

  it('R-A2: a device is listed when it is itself in a listed device group', () => {
    const decision = allocate(
      input({
        subject: device('d1', { groupIds: ['lab-ipads'] }),
        accounts: [manualAccount('a1')],
        distributions: [distribution('a1', { fcfsGroupIds: ['lab-ipads'] })],
      }),
    );
    expect(grantedFrom(decision)).toBe('a1');
  });

  it('R-A2, R-T2: by default, autoDistributeToAllUsers lists every user and device of the space', () => {
    const lone = device('kiosk');
    const auto = input({
      subject: lone,
      accounts: [account('a1')],
    });
    expect(grantedFrom(allocate(auto))).toBe('a1');
    const off = input({ subject: lone, accounts: [manualAccount('a1')] });
    expect(allocate(off)).toMatchObject({ outcome: 'refuse', reason: 'noLicenseAvailable' });
  });

  it('R-A2: an app distribution set on an auto-distributing account replaces the All Users default', () => {
    const accounts = [account('a1'), account('a2', { priority: 2 })];
    const pools = [pool('a1', 5), pool('a2', 5)];
    const distributions = [distribution('a1', { fcfsGroupIds: ['teachers'] })];
    const outside = allocate(input({ subject: u1Device('d-out'), accounts, pools, distributions }));
    // Not on a1's list any more: a2, still on its default, gives the licence.
    expect(grantedFrom(outside)).toBe('a2');
    expect(outside.outcome === 'allocate' && outside.checked[0]).toEqual({
      accountId: 'a1',
      outcome: 'notListed',
    });
    const inside = allocate(
      input({
        subject: device('d-in', { primaryUser: user('u1', { groupIds: ['teachers'] }) }),
        accounts,
        pools,
        distributions,
      }),
    );
    expect(grantedFrom(inside)).toBe('a1');
    const only = allocate(
      input({
        subject: u1Device('d-out'),
        accounts: [accounts[0]!],
        pools: [pools[0]!],
        distributions,
      }),
    );
    expect(only).toMatchObject({
      outcome: 'refuse',
      reason: 'noLicenseAvailable',
      checked: [{ accountId: 'a1', outcome: 'notListed' }],
    });
  });

  it('R-A2, R-A3: a distribution of reservations only serves the reserved subjects, no one FCFS', () => {
    const accounts = [account('a1')];
    const distributions = [distribution('a1', { reservedDeviceIds: ['cart-1'] })];
    const pools = [pool('a1', 5, { reserved: 1 })];
    const cart = allocate(input({ subject: u1Device('cart-1'), accounts, pools, distributions }));
    expect(cart).toMatchObject({ outcome: 'allocate', distribution: 'reserved' });
    const other = allocate(input({ subject: u1Device('d-other'), accounts, pools, distributions }));
    expect(other).toMatchObject({ outcome: 'refuse', reason: 'noLicenseAvailable' });
  });

  it('R-A2: accounts of another space, or that do not hold the app, are not candidates', () => {
    const decision = allocate(
      input({
        accounts: [
          account('other', { spaceId: 's2' }),
          account('no-app', { priority: 2 }),
          account('a3', { priority: 3 }),
        ],
        pools: [pool('other', 5), pool('a3', 5)],
      }),
    );
    expect(grantedFrom(decision)).toBe('a3');
    expect(decision.outcome === 'allocate' && decision.checked).toEqual([
      { accountId: 'a3', outcome: 'granted' },
    ]);
  });

  it('R-A2: an account waiting for an administrator (error, claimedElsewhere) gives nothing', () => {
    const decision = allocate(
      input({
        accounts: [
          account('a1', { status: 'error' }),
          account('a2', { priority: 2, status: 'claimedElsewhere' }),
          account('a3', { priority: 3, status: 'degraded' }),
        ],
        pools: [pool('a1', 5), pool('a2', 5), pool('a3', 5)],
      }),
    );
    expect(grantedFrom(decision)).toBe('a3');
  });

  it('R-A3: FCFS groups, reserved subjects and prohibited users combine on one account', () => {
    const d = distribution('a1', {
      fcfsGroupIds: ['staff'],
      reservedUserIds: ['boss'],
      prohibitedUserIds: ['intern'],
    });
    const base = {
      accounts: [manualAccount('a1')],
      distributions: [d],
      settings: { intent: 'available' as const },
    };
    const staff = allocate(input({ ...base, subject: user('u1', { groupIds: ['staff'] }) }));
    expect(staff).toMatchObject({ outcome: 'allocate', distribution: 'fcfs' });
    const boss = allocate(
      input({ ...base, subject: user('boss'), pools: [pool('a1', 5, { reserved: 1 })] }),
    );
    expect(boss).toMatchObject({ outcome: 'allocate', distribution: 'reserved' });
    const intern = allocate(input({ ...base, subject: user('intern', { groupIds: ['staff'] }) }));
    expect(intern).toMatchObject({ outcome: 'refuse', reason: 'purchaseRequired' });
  });
});

describe('allocate: reservations (R-A4)', () => {
  it('R-A4: a reservation on any account comes before priority', () => {
    const decision = allocate(
      input({
        subject: u1Device('d1'),
        accounts: [account('a1'), account('a2', { priority: 2 })],
        pools: [pool('a1', 5), pool('a2', 5, { reserved: 1 })],
        distributions: [distribution('a2', { reservedDeviceIds: ['d1'] })],
      }),
    );
    expect(decision).toMatchObject({
      outcome: 'allocate',
      accountId: 'a2',
      distribution: 'reserved',
      reason: 'reservation',
    });
  });

  it('R-A4: a reserved subject takes its held seat even when FCFS availability is 0', () => {
    // total 3, in use 2, 1 held for d1: FCFS sees 0, d1 sees its seat.
    const decision = allocate(
      input({
        accounts: [account('a1')],
        pools: [pool('a1', 3, { inUse: 2, reserved: 1 })],
        distributions: [distribution('a1', { reservedDeviceIds: ['d1'] })],
      }),
    );
    expect(decision).toMatchObject({ outcome: 'allocate', distribution: 'reserved' });
  });

  it('R-A4: FCFS availability is total − in use − unfulfilled reservations', () => {
    const pools = [pool('a1', 5, { inUse: 3, reserved: 2 })];
    const other = allocate(input({ subject: u1Device('d9'), pools }));
    expect(other).toMatchObject({ outcome: 'refuse', installState: 'noLicense' });
    const oneFree = allocate(
      input({ subject: u1Device('d9'), pools: [pool('a1', 5, { inUse: 2, reserved: 2 })] }),
    );
    expect(oneFree).toMatchObject({ outcome: 'allocate', distribution: 'fcfs' });
  });

  it("R-A4: a device install never consumes a seat held for a reservation, not even its user's", () => {
    // u1 has a user reservation; the required install on u1's device takes a device licence,
    // which must come from FCFS seats, and there are none.
    const decision = allocate(
      input({
        subject: device('d1', { primaryUser: user('u1') }),
        settings: { intent: 'required' },
        pools: [pool('a1', 1, { reserved: 1 })],
        distributions: [
          distribution('a1', { fcfsGroupIds: [ALL_USERS_GROUP_ID], reservedUserIds: ['u1'] }),
        ],
      }),
    );
    expect(decision).toMatchObject({
      outcome: 'refuse',
      licenseType: 'device',
      reason: 'noLicenseAvailable',
    });
  });

  it('R-A4: a user reservation is fulfilled by the user licence of a user-requested install', () => {
    const decision = allocate(
      input({
        subject: device('d1', { primaryUser: user('u1') }),
        settings: { intent: 'available' },
        accounts: [manualAccount('a1')],
        pools: [pool('a1', 1, { reserved: 1 })],
        distributions: [distribution('a1', { reservedUserIds: ['u1'] })],
      }),
    );
    expect(decision).toMatchObject({
      outcome: 'allocate',
      licenseType: 'user',
      holder: { type: 'user', id: 'u1' },
      distribution: 'reserved',
    });
  });

  it('R-A4: a reservation whose seat is gone falls back to priority order where listed', () => {
    const decision = allocate(
      input({
        accounts: [account('a1'), account('a2', { priority: 2 })],
        // a1 is over-reserved: 2 seats, both in use; d1's reservation cannot be honoured.
        pools: [pool('a1', 2, { inUse: 2, reserved: 1 }), pool('a2', 2)],
        distributions: [distribution('a1', { reservedDeviceIds: ['d1'] })],
      }),
    );
    expect(decision).toMatchObject({ outcome: 'allocate', accountId: 'a2', distribution: 'fcfs' });
  });
});

describe('allocate: prohibited users (R-A5)', () => {
  it('R-A5: a prohibited user gets no licence from that account, but from the next one', () => {
    const decision = allocate(
      input({
        subject: user('u1'),
        settings: { intent: 'available' },
        accounts: [account('a1'), account('a2', { priority: 2 })],
        pools: [pool('a1', 5), pool('a2', 5)],
        distributions: [distribution('a1', { prohibitedUserIds: ['u1'] })],
      }),
    );
    expect(grantedFrom(decision)).toBe('a2');
    expect(decision.outcome === 'allocate' && decision.checked[0]).toEqual({
      accountId: 'a1',
      outcome: 'prohibited',
    });
  });

  it('R-A5: a prohibited user can still buy the app: an available install says purchaseRequired', () => {
    const decision = allocate(
      input({
        subject: user('u1'),
        settings: { intent: 'available' },
        distributions: [distribution('a1', { prohibitedUserIds: ['u1'] })],
      }),
    );
    expect(decision).toMatchObject({
      outcome: 'refuse',
      reason: 'purchaseRequired',
      installState: 'noLicense',
    });
  });

  it('R-A5: the prohibition follows the user to the devices they are the primary user of', () => {
    const decision = allocate(
      input({ distributions: [distribution('a1', { prohibitedUserIds: ['u1'] })] }),
    );
    expect(decision).toMatchObject({ outcome: 'refuse', reason: 'noLicenseAvailable' });
  });

  it('R-A5: a device reserved by name keeps its reservation even if its user is prohibited', () => {
    const decision = allocate(
      input({
        pools: [pool('a1', 5, { reserved: 1 })],
        distributions: [
          distribution('a1', { prohibitedUserIds: ['u1'], reservedDeviceIds: ['d1'] }),
        ],
      }),
    );
    expect(decision).toMatchObject({ outcome: 'allocate', distribution: 'reserved' });
  });

  it('R-A5: a user both reserved and prohibited on one account is prohibited there', () => {
    const decision = allocate(
      input({
        subject: user('u1'),
        settings: { intent: 'available' },
        accounts: [manualAccount('a1')],
        pools: [pool('a1', 5, { reserved: 1 })],
        distributions: [distribution('a1', { prohibitedUserIds: ['u1'], reservedUserIds: ['u1'] })],
      }),
    );
    expect(decision).toMatchObject({ outcome: 'refuse', reason: 'purchaseRequired' });
  });
});

describe('allocate: prohibited on every account holding the app (R-A5, R-A6)', () => {
  const accounts = [account('a1'), account('a2', { priority: 2 })];
  const pools = [pool('a1', 5), pool('a2', 5)];
  const prohibitedOn = (...ids: string[]) =>
    ids.map((id) =>
      distribution(id, { fcfsGroupIds: [ALL_USERS_GROUP_ID], prohibitedUserIds: ['u1'] }),
    );

  it.each(['none', 'invited', 'joined'] as const)(
    'R-A5, R-A6: an available install answers purchaseRequired whatever the enrolment (%s)',
    (enrolment) => {
      const decision = allocate(
        input({
          subject: device('d1', { primaryUser: user('u1', { enrolment }) }),
          settings: { intent: 'available' },
          accounts,
          pools,
          distributions: prohibitedOn('a1', 'a2'),
        }),
      );
      expect(decision).toMatchObject({
        outcome: 'refuse',
        licenseType: 'user',
        installState: 'noLicense',
        reason: 'purchaseRequired',
        // No licence can come: no invitation to a programme that would not help.
        invitationNeeded: false,
        checked: [
          { accountId: 'a1', outcome: 'prohibited' },
          { accountId: 'a2', outcome: 'prohibited' },
        ],
      });
    },
  );

  it('R-A5, R-A6: a required user-licensed install is noLicense, not awaitingEnrolment', () => {
    const decision = allocate(
      input({
        subject: device('d1', { primaryUser: user('u1', { enrolment: 'none' }) }),
        settings: { intent: 'required', licenseType: 'user' },
        accounts,
        pools,
        distributions: prohibitedOn('a1', 'a2'),
      }),
    );
    expect(decision).toMatchObject({
      outcome: 'refuse',
      installState: 'noLicense',
      reason: 'noLicenseAvailable',
      invitationNeeded: false,
    });
  });

  it('R-A5, R-A10: prohibited on only some accounts, an unenrolled user still waits for enrolment', () => {
    const decision = allocate(
      input({
        subject: device('d1', { primaryUser: user('u1', { enrolment: 'none' }) }),
        settings: { intent: 'available' },
        accounts,
        pools,
        distributions: prohibitedOn('a1'),
      }),
    );
    expect(decision).toMatchObject({
      installState: 'awaitingEnrolment',
      reason: 'awaitingEnrolment',
      invitationNeeded: true,
    });
  });

  it('R-A5, R-A10: an account in error that does not prohibit the user may still license them later', () => {
    const decision = allocate(
      input({
        subject: user('u1', { enrolment: 'invited' }),
        settings: { intent: 'available' },
        accounts: [accounts[0]!, account('a2', { priority: 2, status: 'error' })],
        pools,
        distributions: prohibitedOn('a1'),
      }),
    );
    expect(decision).toMatchObject({ installState: 'awaitingEnrolment' });
  });

  it('R-A10: with no account holding the app, an unenrolled user is still awaited', () => {
    const decision = allocate(
      input({
        subject: user('u1', { enrolment: 'none' }),
        settings: { intent: 'available' },
        pools: [],
      }),
    );
    expect(decision).toMatchObject({ installState: 'awaitingEnrolment', invitationNeeded: true });
  });
});

describe('allocate: no licence (R-A6)', () => {
  const empty = { pools: [pool('a1', 2, { inUse: 2 })] };

  it('R-A6: a required install without a licence does not happen and shows noLicense', () => {
    expect(allocate(input({ ...empty, settings: { intent: 'required' } }))).toMatchObject({
      outcome: 'refuse',
      installState: 'noLicense',
      reason: 'noLicenseAvailable',
    });
  });

  it('R-A6: an available install without a licence offers the user to buy it', () => {
    expect(allocate(input({ ...empty, settings: { intent: 'available' } }))).toMatchObject({
      outcome: 'refuse',
      installState: 'noLicense',
      reason: 'purchaseRequired',
    });
  });

  it('R-A6: no account of the space holds the app → the same refusal', () => {
    expect(allocate(input({ pools: [] }))).toMatchObject({
      outcome: 'refuse',
      reason: 'noLicenseAvailable',
      checked: [],
    });
  });
});

describe('allocate: existing licences (R-A7)', () => {
  it('R-A7: a device that already holds a device licence uses it; no second licence', () => {
    const held = license({ accountId: 'a1' });
    expect(
      allocate(input({ licenses: [held], pools: [pool('a1', 1, { inUse: 1 })] })),
    ).toMatchObject({
      outcome: 'reuse',
      license: held,
      licenseType: 'device',
      installState: 'pending',
    });
  });

  it('R-A7: a user who holds a user licence uses it even for a required install', () => {
    const held = userLicense('u1');
    expect(allocate(input({ licenses: [held] }))).toMatchObject({
      outcome: 'reuse',
      license: held,
    });
  });

  it("R-A7: revoked licences, other products' licences and other subjects' licences are not reused", () => {
    const decision = allocate(
      input({
        licenses: [
          license({ id: 'revoked', state: 'revoked' }),
          license({ id: 'other-product', productId: 'prod-2' }),
          license({ id: 'other-device', subject: { type: 'device', id: 'd2' } }),
        ],
      }),
    );
    expect(decision.outcome).toBe('allocate');
  });

  it('R-A7, R-A8: a forced licence type only reuses a licence of that type', () => {
    const held = userLicense('u1');
    const decision = allocate(
      input({ settings: { intent: 'required', licenseType: 'device' }, licenses: [held] }),
    );
    expect(decision).toMatchObject({ outcome: 'allocate', licenseType: 'device' });
  });

  it('R-A7: a shared device does not use a user licence of its former user', () => {
    const held = userLicense('u1');
    const decision = allocate(
      input({ subject: u1Device('d1', { shared: true }), licenses: [held] }),
    );
    expect(decision).toMatchObject({ outcome: 'allocate', licenseType: 'device' });
  });
});

describe('allocate: licence type (R-A8)', () => {
  it('R-A8: a required install takes a device licence, a user-requested one a user licence', () => {
    expect(allocate(input({ settings: { intent: 'required' } }))).toMatchObject({
      licenseType: 'device',
    });
    expect(allocate(input({ settings: { intent: 'available' } }))).toMatchObject({
      licenseType: 'user',
      holder: { type: 'user', id: 'u1' },
    });
  });

  it('R-A8: every shared device takes device licences, even for an available app or a forced user type', () => {
    const shared = u1Device('d1', { shared: true });
    expect(allocate(input({ subject: shared, settings: { intent: 'available' } }))).toMatchObject({
      licenseType: 'device',
    });
    expect(
      allocate(input({ subject: shared, settings: { intent: 'available', licenseType: 'user' } })),
    ).toMatchObject({ licenseType: 'device' });
  });

  it('R-A8: an assignment may force either type', () => {
    expect(
      allocate(input({ settings: { intent: 'required', licenseType: 'user' } })),
    ).toMatchObject({ licenseType: 'user' });
    expect(
      allocate(input({ settings: { intent: 'available', licenseType: 'device' } })),
    ).toMatchObject({ licenseType: 'device' });
  });

  it('R-A8: a device without a primary user can only hold device licences', () => {
    const decision = allocate(
      input({
        subject: device('d1'),
        settings: { intent: 'available', licenseType: 'user' },
      }),
    );
    expect(decision).toMatchObject({ outcome: 'allocate', licenseType: 'device' });
  });

  it('R-A8: an app that is not device-assignable only gets user licences', () => {
    const userOnly = product({ deviceAssignable: false });
    expect(
      allocate(
        input({ product: userOnly, settings: { intent: 'required', licenseType: 'device' } }),
      ),
    ).toMatchObject({ outcome: 'allocate', licenseType: 'user' });
  });

  it('R-A8: a shared device and an app that is not device-assignable → noCompatibleLicenseType', () => {
    const userOnly = product({ deviceAssignable: false });
    expect(
      allocate(input({ product: userOnly, subject: u1Device('d1', { shared: true }) })),
    ).toMatchObject({
      outcome: 'refuse',
      reason: 'noCompatibleLicenseType',
      installState: 'noLicense',
      licenseType: null,
    });
  });

  it('R-A8: a user granted the app directly takes a user licence', () => {
    expect(
      allocate(input({ subject: user('u1'), settings: { intent: 'required' } })),
    ).toMatchObject({
      licenseType: 'user',
      holder: { type: 'user', id: 'u1' },
    });
  });
});

describe('allocate: enrolment (R-A9, R-A10)', () => {
  const notJoined = (enrolment: UserSubject['enrolment']) =>
    device('d1', { primaryUser: user('u1', { enrolment }) });

  it('R-A9: a device licence needs no user enrolment', () => {
    expect(
      allocate(input({ subject: notJoined('none'), settings: { intent: 'required' } })),
    ).toMatchObject({
      outcome: 'allocate',
      licenseType: 'device',
    });
  });

  it('R-A10: a user licence waits until the user has joined; the first time an invitation is needed', () => {
    const decision = allocate(
      input({ subject: notJoined('none'), settings: { intent: 'required', licenseType: 'user' } }),
    );
    expect(decision).toMatchObject({
      outcome: 'refuse',
      installState: 'awaitingEnrolment',
      reason: 'awaitingEnrolment',
      invitationNeeded: true,
      licenseType: 'user',
    });
  });

  it('R-A10: an invited user who has not joined is waited for without a second invitation', () => {
    const decision = allocate(
      input({ subject: notJoined('invited'), settings: { intent: 'available' } }),
    );
    expect(decision).toMatchObject({ installState: 'awaitingEnrolment', invitationNeeded: false });
  });

  it('R-A10: joined with a licence available → installed; joined with none → noLicense', () => {
    const settings = { intent: 'required' as const, licenseType: 'user' as const };
    expect(allocate(input({ settings }))).toMatchObject({
      outcome: 'allocate',
      installState: 'pending',
    });
    expect(allocate(input({ settings, pools: [pool('a1', 1, { inUse: 1 })] }))).toMatchObject({
      installState: 'noLicense',
      reason: 'noLicenseAvailable',
    });
  });

  it('R-A10: a user licence follows the user to a new or replacement device', () => {
    const held = userLicense('u1');
    const replacement = u1Device('d-new', { platform: 'ipados' });
    expect(
      allocate(
        input({ subject: replacement, settings: { intent: 'available' }, licenses: [held] }),
      ),
    ).toMatchObject({ outcome: 'reuse', license: held });
  });

  it('R-A10: enrolment applies to the Apple programme only; Microsoft users are licensed directly', () => {
    const ms = product({ store: 'microsoft' });
    const decision = allocate(
      input({
        product: ms,
        subject: notJoined('none'),
        accounts: [account('a1', { store: 'microsoft' })],
      }),
    );
    expect(decision).toMatchObject({ outcome: 'allocate', licenseType: 'user' });
  });
});

describe('allocate: Microsoft Store (R-A11)', () => {
  const msAccount = [account('ms', { store: 'microsoft' })];
  const msPool = [pool('ms', 5)];
  const offline = product({ store: 'microsoft', offline: true });
  const online = product({ store: 'microsoft', offline: false });

  it('R-A11: an offline app in device context takes one device licence for every user of the device', () => {
    const decision = allocate(
      input({
        product: offline,
        subject: u1Device('d1', { platform: 'windows' }),
        settings: { intent: 'required', deviceContext: true },
        accounts: msAccount,
        pools: msPool,
      }),
    );
    expect(decision).toMatchObject({
      outcome: 'allocate',
      licenseType: 'device',
      holder: { type: 'device' },
    });
  });

  it('R-A11: without device context a Microsoft app uses one licence per user, even when required', () => {
    const decision = allocate(
      input({
        product: offline,
        subject: u1Device('d1', { platform: 'windows' }),
        settings: { intent: 'required' },
        accounts: msAccount,
        pools: msPool,
      }),
    );
    expect(decision).toMatchObject({ licenseType: 'user', holder: { type: 'user', id: 'u1' } });
  });

  it('R-A11: an online app cannot install in device context; it takes a user licence', () => {
    const decision = allocate(
      input({
        product: online,
        subject: u1Device('d1', { platform: 'windows' }),
        settings: { intent: 'required', deviceContext: true },
        accounts: msAccount,
        pools: msPool,
      }),
    );
    expect(decision).toMatchObject({ licenseType: 'user' });
  });

  it('R-A11: an Apple account does not serve a Microsoft product', () => {
    const decision = allocate(
      input({ product: offline, settings: { intent: 'required', deviceContext: true } }),
    );
    expect(decision).toMatchObject({ outcome: 'refuse', reason: 'noLicenseAvailable' });
  });
});

describe('allocate: free apps', () => {
  it('R-A4: an unlimited pool always has a seat', () => {
    expect(
      allocate(input({ pools: [pool('a1', 0, { inUse: 40, unlimited: true })] })),
    ).toMatchObject({
      outcome: 'allocate',
    });
  });
});
