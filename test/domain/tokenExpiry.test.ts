import { describe, expect, it } from 'vitest';
import {
  AUTH_PROBLEMS,
  authProblemNotification,
  dueExpiryWarning,
  isTokenExpired,
  tokenExpiresAt,
} from '../../src/domain/tokenExpiry.js';

const DAY = 24 * 60 * 60 * 1000;
const expiresAt = new Date('2027-03-01T10:00:00Z');
const daysBefore = (days: number) => new Date(expiresAt.getTime() - days * DAY);

describe('token validity and expiry warnings (R-T3, R-T10)', () => {
  it('R-T3: a token is valid one year', () => {
    expect(tokenExpiresAt(new Date('2026-03-01T10:00:00Z'))).toEqual(expiresAt);
    expect(tokenExpiresAt(new Date('2027-06-15T00:00:00Z'))).toEqual(
      new Date('2028-06-15T00:00:00Z'),
    );
  });

  it('R-T3: a token is expired from its expiry instant on', () => {
    expect(isTokenExpired(expiresAt, daysBefore(0.001))).toBe(false);
    expect(isTokenExpired(expiresAt, expiresAt)).toBe(true);
  });

  it('R-T10: expiry is warned 30, 15, 7 and 1 days ahead, each once', () => {
    const sent: number[] = [];
    const seen: Array<number | undefined> = [];
    // A daily job from 40 days before expiry to the day after.
    for (let day = 40; day >= -1; day--) {
      const warning = dueExpiryWarning(expiresAt, daysBefore(day), sent);
      if (warning) {
        sent.push(warning.days);
        seen.push(warning.days);
      }
    }
    expect(seen).toEqual([30, 15, 7, 1]);
  });

  it('R-T10: nothing is due more than 30 days ahead', () => {
    expect(dueExpiryWarning(expiresAt, daysBefore(31), [])).toBeNull();
  });

  it('R-T10: only the closest step reached is due for a token first seen late', () => {
    expect(dueExpiryWarning(expiresAt, daysBefore(6), [])).toEqual({
      days: 7,
      severity: 'warning',
      daysLeft: 6,
    });
  });

  it('R-T10: the warnings grow in severity', () => {
    expect(dueExpiryWarning(expiresAt, daysBefore(30), [])?.severity).toBe('info');
    expect(dueExpiryWarning(expiresAt, daysBefore(15), [30])?.severity).toBe('info');
    expect(dueExpiryWarning(expiresAt, daysBefore(7), [30, 15])?.severity).toBe('warning');
    expect(dueExpiryWarning(expiresAt, daysBefore(0.5), [30, 15, 7])).toEqual({
      days: 1,
      severity: 'alert',
      daysLeft: 1,
    });
  });

  it('R-T10: an expired token gets no warning (it is the tokenExpired auth problem)', () => {
    expect(dueExpiryWarning(expiresAt, expiresAt, [])).toBeNull();
    expect(dueExpiryWarning(expiresAt, daysBefore(-3), [])).toBeNull();
  });

  it('R-T10: authentication failures are told apart, each with its remedy', () => {
    expect(AUTH_PROBLEMS.invalidToken.remedy).toMatch(/upload a valid token/i);
    expect(AUTH_PROBLEMS.tokenExpired.remedy).toMatch(/generate a new token in the store portal/i);
    expect(AUTH_PROBLEMS.tokenRevoked.remedy).toMatch(/upload a valid token/i);
    expect(AUTH_PROBLEMS.loginRequired.remedy).toMatch(/sign in to the store account/i);
    for (const [kind, problem] of Object.entries(AUTH_PROBLEMS)) expect(problem.kind).toBe(kind);
  });

  it('R-T10, R-T7: an auth problem raises an authError alert and puts the account in error', () => {
    expect(authProblemNotification('tokenRevoked')).toEqual({
      kind: 'authError',
      severity: 'alert',
      accountStatus: 'error',
      problem: AUTH_PROBLEMS.tokenRevoked,
    });
  });
});
