import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.js';
import {
  checkPolicy,
  compareWaitlist,
  idleReasons,
  nextRunAt,
  reclaimCutoffs,
  restoreRefusal,
  type IdleFacts,
  type ReclaimPolicy,
} from '../../src/domain/reclaim.js';

const DAY = 86_400_000;
const now = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

const policy: ReclaimPolicy = {
  enabled: true,
  deviceInactiveDays: 30,
  notInstalledDays: 14,
  userDeactivated: true,
  intervalHours: 24,
};
const cutoffs = reclaimCutoffs(policy, now);

const facts = (overrides: Partial<IdleFacts>): IdleFacts => ({
  heldSince: daysAgo(100),
  reserved: false,
  lastSeenAt: daysAgo(1),
  installed: true,
  userDeactivated: false,
  ...overrides,
});

describe('idle licence reclaim', () => {
  it('R-X3: a licence on a device not seen for the period is idle; one seen since is not', () => {
    expect(idleReasons(cutoffs, facts({ lastSeenAt: daysAgo(31) }))).toEqual([
      'deviceNotCheckedIn',
    ]);
    expect(idleReasons(cutoffs, facts({ lastSeenAt: daysAgo(29) }))).toEqual([]);
    // The licence itself must be as old as the period: a fresh one on an old device waits.
    expect(idleReasons(cutoffs, facts({ lastSeenAt: daysAgo(40), heldSince: daysAgo(2) }))).toEqual(
      [],
    );
    // A user licence with no active device is not idle for want of check-ins.
    expect(idleReasons(cutoffs, facts({ lastSeenAt: null }))).toEqual([]);
  });

  it('R-X3: an app not installed N days after its licence is idle, with every reason that applies', () => {
    expect(idleReasons(cutoffs, facts({ installed: false, heldSince: daysAgo(15) }))).toEqual([
      'notInstalled',
    ]);
    expect(idleReasons(cutoffs, facts({ installed: false, heldSince: daysAgo(13) }))).toEqual([]);
    expect(
      idleReasons(
        cutoffs,
        facts({ installed: false, lastSeenAt: daysAgo(60), userDeactivated: true }),
      ),
    ).toEqual(['deviceNotCheckedIn', 'notInstalled', 'userDeactivated']);
  });

  it('R-X3: a reserved licence is never idle, and conditions left out are not applied', () => {
    expect(
      idleReasons(cutoffs, facts({ reserved: true, installed: false, lastSeenAt: daysAgo(90) })),
    ).toEqual([]);
    const onlyDeactivation = reclaimCutoffs(
      { ...policy, deviceInactiveDays: null, notInstalledDays: null },
      now,
    );
    expect(
      idleReasons(onlyDeactivation, facts({ installed: false, lastSeenAt: daysAgo(90) })),
    ).toEqual([]);
    expect(idleReasons(onlyDeactivation, facts({ userDeactivated: true }))).toEqual([
      'userDeactivated',
    ]);
  });

  it('R-X3: a negative, fractional or absurd period is refused naming its field', () => {
    const refusal = (p: Partial<ReclaimPolicy>) => {
      try {
        checkPolicy({ ...policy, ...p });
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).details?.field;
      }
    };
    expect(refusal({})).toBeNull();
    expect(refusal({ deviceInactiveDays: -1 })).toBe('deviceInactiveDays');
    expect(refusal({ deviceInactiveDays: 0 })).toBe('deviceInactiveDays');
    expect(refusal({ notInstalledDays: 2.5 })).toBe('notInstalledDays');
    expect(refusal({ notInstalledDays: 100_000 })).toBe('notInstalledDays');
    expect(refusal({ intervalHours: 0 })).toBe('intervalHours');
    expect(
      refusal({ deviceInactiveDays: null, notInstalledDays: null, userDeactivated: false }),
    ).toBe('enabled');
    expect(nextRunAt(policy, now).getTime() - now.getTime()).toBe(DAY);
  });

  it('R-X3, R-V4: a reclaimed licence can be restored while its grace runs, and only then', () => {
    const reclaimed = {
      state: 'revoked',
      lastAction: 'reclaim.deviceNotCheckedIn',
      revokedAt: daysAgo(10),
      graceUntil: new Date(daysAgo(10).getTime() + 30 * DAY),
    };
    expect(restoreRefusal(reclaimed, now)).toBeNull();
    expect(restoreRefusal(reclaimed, new Date(now.getTime() + 21 * DAY))).toBe('graceEnded');
    // macOS: no grace end shown; the same 30 days apply.
    expect(restoreRefusal({ ...reclaimed, graceUntil: null }, now)).toBeNull();
    expect(restoreRefusal({ ...reclaimed, lastAction: 'revoke.adminRevoked' }, now)).toBe(
      'notReclaimed',
    );
    expect(restoreRefusal({ ...reclaimed, state: 'active' }, now)).toBe('notReclaimed');
  });
});

describe('waitlist', () => {
  it('R-X4: reservations first, then in order of refusal', () => {
    const places = [
      { id: 'b', reserved: false, queuedAt: '2026-06-01T10:00:00.000Z' },
      { id: 'c', reserved: true, queuedAt: '2026-06-01T11:00:00.000Z' },
      { id: 'a', reserved: false, queuedAt: '2026-06-01T09:00:00.000Z' },
      { id: 'd', reserved: false, queuedAt: '2026-06-01T09:00:00.000Z' },
    ];
    expect([...places].sort(compareWaitlist).map((p) => p.id)).toEqual(['c', 'a', 'd', 'b']);
  });
});
