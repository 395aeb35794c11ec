import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_STATUSES,
  AUTH_PROBLEM_KINDS,
  STORED_ACCOUNT_STATUSES,
  canLicense,
  canSync,
  expiringTokenRemedy,
  hasProblem,
  isAuthProblem,
  problemMessage,
  remedyFor,
  remedyWhileUploading,
  statusAfterFailure,
  statusAfterNewToken,
  statusAfterProblem,
  statusAfterSync,
  statusAfterTakeover,
  statusesThat,
  type StoredAccountStatus,
} from '../../src/domain/accountStatus.js';

const STORES = ['apple', 'microsoft'] as const;

/** Every text an administrator may read as a remedy. */
function everyRemedy(): string[] {
  return [
    expiringTokenRemedy(),
    ...STORES.flatMap((store) =>
      AUTH_PROBLEM_KINDS.flatMap((p) => [remedyFor(store, p), remedyWhileUploading(store, p)]),
    ),
  ];
}

describe('account statuses and problems (R-T4, R-T7, R-T10)', () => {
  it('R-T7: the statuses are the ones API.md lists; `deleted` is stored, never shown', () => {
    expect(ACCOUNT_STATUSES).toEqual([
      'healthy',
      'syncing',
      'degraded',
      'error',
      'claimedElsewhere',
    ]);
    expect(STORED_ACCOUNT_STATUSES).toEqual([...ACCOUNT_STATUSES, 'deleted']);
  });

  it('R-T10, R-T4: the problems are told apart; other store failures are not problems', () => {
    expect(AUTH_PROBLEM_KINDS).toEqual([
      'invalidToken',
      'tokenExpired',
      'tokenRevoked',
      'loginRequired',
      'claimedElsewhere',
    ]);
    for (const problem of AUTH_PROBLEM_KINDS) expect(isAuthProblem(problem)).toBe(true);
    for (const code of ['unavailable', 'rateLimited', 'storeRejected', 'eventTimeout', '']) {
      expect(isAuthProblem(code)).toBe(false);
    }
  });
});

describe('the remedy table (R-T10, R-T4)', () => {
  it('R-T10: every problem has one message and one remedy per store, written out', () => {
    for (const store of STORES) {
      for (const problem of AUTH_PROBLEM_KINDS) {
        expect(problemMessage(store, problem)).toMatch(/^[A-Z].*\.$/);
        expect(remedyFor(store, problem)).toMatch(/^[A-Z].*\.$/);
        // The same problem is always given the same remedy.
        expect(remedyFor(store, problem)).toBe(remedyFor(store, problem));
      }
    }
    // Any store but Microsoft is worded as Apple (ISV subscriptions have no token).
    expect(remedyFor('isv', 'invalidToken')).toBe(remedyFor('apple', 'invalidToken'));
  });

  it('R-T10: no remedy mentions an API path or method: administrators read them in the console', () => {
    for (const remedy of everyRemedy()) {
      expect(remedy).not.toMatch(/\/accounts|\/api|\{id\}|…\//);
      expect(remedy).not.toMatch(/\b(PUT|POST|GET|PATCH|DELETE)\b/);
    }
  });

  it('R-T10: each remedy says what to do as R-T10 words it, and where in the console', () => {
    expect(remedyFor('apple', 'invalidToken')).toBe(
      'Upload a valid token (Store accounts → this account → Renew token).',
    );
    expect(remedyFor('apple', 'tokenRevoked')).toBe(remedyFor('apple', 'invalidToken'));
    expect(remedyFor('apple', 'tokenExpired')).toMatch(
      /^Generate a new token for this location in Apple Business Manager or Apple School Manager and upload it \(Store accounts → this account → Renew token\)\.$/,
    );
    expect(remedyFor('apple', 'loginRequired')).toMatch(
      /^Sign in to the store account .*\(Store accounts → this account → Sync now\)\.$/,
    );
    expect(expiringTokenRemedy()).toMatch(/^Renew the token .*→ Renew token\)\.$/);
  });

  it('R-T4: a claimed token: take it over (where), and the warning about sharing a token', () => {
    expect(remedyFor('apple', 'claimedElsewhere')).toBe(
      'Take the token over to manage this location here, or delete the account ' +
        '(Store accounts → this account → Take over the token). ' +
        'Using one token in two products loses assignments.',
    );
  });

  it('R-T10, R-T11: Microsoft problems are fixed in Entra ID or the Store settings', () => {
    expect(remedyFor('microsoft', 'tokenExpired')).toBe(
      'Create a new client secret for the management app in Entra ID.',
    );
    expect(remedyFor('microsoft', 'loginRequired')).toMatch(/management tool/);
    expect(remedyFor('microsoft', 'invalidToken')).toMatch(/client secret/);
  });

  it('R-T3, R-T10: in the upload dialog the remedy is the action alone', () => {
    for (const store of STORES) {
      for (const problem of AUTH_PROBLEM_KINDS) {
        const action = remedyWhileUploading(store, problem);
        expect(action).toMatch(/\.$/);
        expect(action).not.toMatch(/→/);
        expect(remedyFor(store, problem).startsWith(action.slice(0, -1))).toBe(true);
      }
    }
  });
});

describe('transitions (R-T4, R-T7, R-T10)', () => {
  it('R-T10: every token problem puts the account in error, without retries, with an authError alert', () => {
    for (const problem of AUTH_PROBLEM_KINDS.filter((p) => p !== 'claimedElsewhere')) {
      expect(statusAfterProblem(problem)).toMatchObject({
        status: 'error',
        authProblem: problem,
        retries: false,
        raises: { kind: 'authError', severity: 'alert' },
      });
    }
  });

  it('R-T4: a claim puts the account in claimedElsewhere, with the same notification kind', () => {
    expect(statusAfterProblem('claimedElsewhere')).toEqual({
      status: 'claimedElsewhere',
      authProblem: 'claimedElsewhere',
      retries: false,
      raises: { kind: 'authError', severity: 'alert' },
      clears: ['syncFailed'],
    });
  });

  it('R-T10, R-T4: one kind for one condition, whoever finds it (sync, outbox, expiry check)', () => {
    for (const problem of AUTH_PROBLEM_KINDS) {
      // A sync failing on the problem and the outbox refused for it decide the same change.
      expect(statusAfterFailure(problem)).toEqual(statusAfterProblem(problem));
    }
    expect(new Set(AUTH_PROBLEM_KINDS.map((p) => statusAfterProblem(p).raises?.kind))).toEqual(
      new Set(['authError']),
    );
  });

  it('R-T10: an expired token ends its expiry warnings; any problem ends the "will retry" warning', () => {
    expect(statusAfterProblem('tokenExpired').clears).toEqual(['syncFailed', 'tokenExpiring']);
    expect(statusAfterProblem('tokenRevoked').clears).toEqual(['syncFailed']);
  });

  it('R-T7: any other failure makes the account degraded, with a syncFailed warning, and it retries', () => {
    expect(statusAfterFailure(null)).toEqual({
      status: 'degraded',
      retries: true,
      raises: { kind: 'syncFailed', severity: 'warning' },
      clears: [],
    });
    // The problem the account may wait on is left as it is (undefined: not changed).
    expect(statusAfterFailure(null).authProblem).toBeUndefined();
  });

  it('R-T7: a successful sync makes the account healthy and ends its failures and problems', () => {
    expect(statusAfterSync()).toEqual({
      status: 'healthy',
      authProblem: null,
      retries: true,
      raises: null,
      clears: ['syncFailed', 'authError'],
    });
  });

  it('R-T6, R-T4: a new token syncs, or is claimedElsewhere with the claim alert', () => {
    expect(statusAfterNewToken(false)).toEqual({
      status: 'syncing',
      authProblem: null,
      retries: true,
      raises: null,
      clears: ['authError', 'syncFailed', 'tokenExpiring'],
    });
    expect(statusAfterNewToken(true)).toMatchObject({
      status: 'claimedElsewhere',
      authProblem: 'claimedElsewhere',
      retries: false,
      raises: { kind: 'authError', severity: 'alert' },
    });
    expect(statusAfterNewToken(true).clears).toContain('tokenExpiring');
  });

  it('R-T4: a confirmed takeover syncs and ends the claim alert', () => {
    expect(statusAfterTakeover()).toMatchObject({
      status: 'syncing',
      authProblem: null,
      raises: null,
    });
    expect(statusAfterTakeover().clears).toContain('authError');
  });

  it('R-T10: an account already waiting on the problem is not changed again', () => {
    expect(hasProblem({ status: 'error', authProblem: 'tokenRevoked' }, 'tokenRevoked')).toBe(true);
    expect(hasProblem({ status: 'error', authProblem: 'tokenRevoked' }, 'invalidToken')).toBe(
      false,
    );
    // A sync by hand marks it syncing first: the problem found again is recorded again.
    expect(hasProblem({ status: 'syncing', authProblem: 'tokenRevoked' }, 'tokenRevoked')).toBe(
      false,
    );
    expect(
      hasProblem(
        { status: 'claimedElsewhere', authProblem: 'claimedElsewhere' },
        'claimedElsewhere',
      ),
    ).toBe(true);
  });
});

describe('what an account in a status may do (R-T4, R-T7, R-T10)', () => {
  const table: Array<[StoredAccountStatus, boolean, boolean, boolean]> = [
    // status, an administrator may sync, the schedule/store may sync, gives licences
    ['healthy', true, true, true],
    ['syncing', true, true, true],
    ['degraded', true, true, true],
    ['error', true, false, false],
    ['claimedElsewhere', false, false, false],
    ['deleted', false, false, false],
  ];
  for (const [status, byAdministrator, automatic, licenses] of table) {
    it(`R-T4, R-T10: ${status}: sync by hand ${byAdministrator}, by itself ${automatic}, licences ${licenses}`, () => {
      expect(canSync(status, 'administrator')).toBe(byAdministrator);
      expect(canSync(status, 'automatic')).toBe(automatic);
      expect(canLicense(status)).toBe(licenses);
    });
  }

  it('R-T7: the statuses for queries come from the same decisions', () => {
    expect(statusesThat((s) => !canSync(s, 'automatic'))).toEqual([
      'error',
      'claimedElsewhere',
      'deleted',
    ]);
    expect(statusesThat((s) => !canLicense(s))).toEqual(['error', 'claimedElsewhere', 'deleted']);
  });

  it('R-T10: a problem leaves the account in a status that gives no licence and does not sync by itself', () => {
    for (const problem of AUTH_PROBLEM_KINDS) {
      const { status } = statusAfterProblem(problem);
      expect(canLicense(status)).toBe(false);
      expect(canSync(status, 'automatic')).toBe(false);
    }
    expect(canLicense(statusAfterFailure(null).status)).toBe(true);
  });
});
