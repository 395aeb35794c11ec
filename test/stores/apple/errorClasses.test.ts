/**
 * One table classifies every Apple error number of the reference (stores/apple/errors.ts):
 * retry, re-register, refuse, token problem. Each class is proven against the emulator, with
 * the error in an HTTP 200 body (Apple's production habit) as well as with its own status.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import { APPLE_ERRORS, appleErrorRule } from '../../../src/stores/apple/errors.js';
import { caught, connectorFor, fakeClock } from './helpers.js';

/** Every number in apple-apps-and-books-api.md (§3.2, §3.5, §3.6 and the table of §5.2). */
const REFERENCE_NUMBERS = [
  9601,
  9602,
  9603,
  9609,
  9621,
  9622,
  9623,
  9625,
  9634,
  9635,
  9637,
  9641,
  9644,
  9646,
  9647,
  9650,
  ...Array.from({ length: 30 }, (_, i) => 9700 + i),
];

let emulator: AppleEmulator;
let sToken: string;
let locationId: string;

beforeAll(async () => {
  emulator = await startAppleEmulator({ maxRequestsPerSecond: 0, eventDelayMs: 40 });
  ({ sToken, locationId } = emulator.createLocation({
    organizationName: 'Example',
    locationName: 'Errors',
    assets: [{ adamId: '6001', totalCount: 5 }],
  }));
});

beforeEach(() => emulator.clearFaults());

afterAll(async () => {
  await emulator.close();
});

function assetsReads(since: number): number {
  return emulator.requestLog.slice(since).filter((r) => r.path === '/assets').length;
}

describe('Apple errors: one table, four classes', () => {
  it('R-V8, R-T10: classifies every error number of the reference, and only those', () => {
    expect(Object.keys(APPLE_ERRORS).map(Number)).toEqual(REFERENCE_NUMBERS);
    const classes = new Set(REFERENCE_NUMBERS.map((n) => appleErrorRule(n).class));
    expect(classes).toEqual(new Set(['retry', 'reRegister', 'refuse', 'token']));
    // A number Apple adds later is refused, never retried.
    expect(appleErrorRule(9999)).toEqual({ class: 'refuse', code: 'storeRejected' });
  });

  it.each([
    [9603, 500],
    [9644, 200],
    [9646, 429],
    [9729, 503],
  ])(
    'R-V8: retry — %i (HTTP %i) is retried until the store answers',
    async (errorNumber, status) => {
      expect(appleErrorRule(errorNumber).class).toBe('retry');
      const clock = fakeClock();
      const mark = emulator.requestLog.length;
      emulator.injectFaults({ status, errorNumber, count: 2, path: '/assets' });
      const assets = await connectorFor(emulator, sToken, clock).listAssets();
      expect(assets.items).toHaveLength(1);
      expect(assetsReads(mark)).toBe(3);
      expect(clock.sleeps).toHaveLength(2);
    },
  );

  it.each([
    [9601, 'loginRequired'],
    [9621, 'tokenExpired'],
    [9622, 'invalidToken'],
    [9625, 'tokenRevoked'],
    [9647, 'invalidToken'],
    [9722, 'invalidToken'],
  ])(
    'R-T10: token — %i in an HTTP 200 is the token problem %s, not retried',
    async (n, problem) => {
      expect(appleErrorRule(n).class).toBe('token');
      const mark = emulator.requestLog.length;
      emulator.injectFaults({ status: 200, errorNumber: n, count: 1, path: '/assets' });
      const error = await caught(() => connectorFor(emulator, sToken, fakeClock()).listAssets());
      expect(error).toMatchObject({ code: problem, authProblem: problem, storeErrorNumber: n });
      expect(assetsReads(mark)).toBe(1);
    },
  );

  it.each([9602, 9650, 9700, 9708, 9721, 9727])(
    'R-V8: refuse — %i is a refusal that sending again would not change',
    async (n) => {
      expect(appleErrorRule(n).class).toBe('refuse');
      const mark = emulator.requestLog.length;
      emulator.injectFaults({ status: 400, errorNumber: n, count: 1, path: '/assets' });
      const error = await caught(() => connectorFor(emulator, sToken, fakeClock()).listAssets());
      expect(error).toMatchObject({ code: 'storeRejected', storeErrorNumber: n });
      expect(error.authProblem).toBeUndefined();
      expect(assetsReads(mark)).toBe(1);
    },
  );

  it('R-V8: refuse — per-subject refusals keep their reason (9709 no licence, 9716 exists)', async () => {
    expect(appleErrorRule(9709)).toMatchObject({ class: 'refuse', reason: 'noLicenseAvailable' });
    const connector = connectorFor(emulator, sToken);
    const many = Array.from({ length: 7 }, (_, i) => ({ serialNumber: `REF${i}` }));
    const result = await connector.associate({
      products: [{ storeProductId: '6001' }],
      subjects: many,
    });
    expect(result.failures.map((f) => [f.reason, f.storeErrorNumber])).toEqual([
      ['noLicenseAvailable', 9709],
      ['noLicenseAvailable', 9709],
    ]);
    await connector.enrolment.createUsers([{ clientUserId: 'dup' }]);
    const again = await connector.enrolment.createUsers([{ clientUserId: 'dup' }]);
    expect(again.failures.map((f) => [f.reason, f.storeErrorNumber])).toEqual([
      ['subjectExists', 9716],
    ]);
  });

  it('R-V8: re-register — 9609, at once or in the event, names the user the store does not know', async () => {
    expect(appleErrorRule(9609)).toMatchObject({ class: 'reRegister', reason: 'subjectNotFound' });
    const connector = connectorFor(emulator, sToken);
    const atOnce = await connector.associate({
      products: [{ storeProductId: '6001' }],
      subjects: [{ clientUserId: 'never-registered' }],
    });
    expect(atOnce.failures).toEqual([
      expect.objectContaining({
        subject: { clientUserId: 'never-registered' },
        reason: 'subjectNotFound',
        storeErrorNumber: 9609,
      }),
    ]);

    // A user retired at the store after the request was accepted fails in the event.
    emulator.seed(locationId, { users: [{ clientUserId: 'leaving' }] });
    const accepted = connector.associate({
      products: [{ storeProductId: '6001' }],
      subjects: [{ clientUserId: 'leaving' }],
    });
    await new Promise((resolve) => setTimeout(resolve, 15));
    emulator.retireUser(locationId, 'leaving');
    expect((await accepted).failures).toEqual([
      expect.objectContaining({
        subject: { clientUserId: 'leaving' },
        reason: 'subjectNotFound',
        storeErrorNumber: 9609,
      }),
    ]);
  });
});
