import { describe, expect, it } from 'vitest';
import {
  remedyFor,
  remedyWhileUploading,
  type AuthProblem,
} from '../../src/domain/accountStatus.js';
import { dueExpiryWarning, isTokenExpired, tokenExpiresAt } from '../../src/domain/tokenExpiry.js';

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

  it('R-T3, R-T10: a token refused on upload is worded from the one table, without "where"', () => {
    const uploading = (problem: AuthProblem) => remedyWhileUploading('apple', problem);
    expect(uploading('invalidToken')).toBe('Upload a valid token.');
    expect(uploading('tokenExpired')).toMatch(/^Generate a new token .* and upload it\.$/);
    expect(uploading('tokenRevoked')).toBe(uploading('invalidToken'));
    expect(uploading('loginRequired')).toMatch(/^Sign in to the store account/);
    for (const problem of [
      'invalidToken',
      'tokenExpired',
      'tokenRevoked',
      'loginRequired',
    ] as const) {
      // The notification says where to act; the upload dialog is that place already.
      expect(remedyFor('apple', problem)).toContain(uploading(problem).slice(0, -1));
      expect(uploading(problem)).not.toMatch(/→/);
    }
  });
});
