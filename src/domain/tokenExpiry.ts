/**
 * R-T3, R-T10: a store token is valid one year; expiry is warned 30, 15, 7 and 1 days ahead;
 * authentication failures are told apart, each with its remedy.
 */

export const TOKEN_VALIDITY_YEARS = 1;

export const EXPIRY_WARNING_DAYS = [30, 15, 7, 1] as const;

export type ExpiryWarningDays = (typeof EXPIRY_WARNING_DAYS)[number];

export type NotificationSeverity = 'info' | 'warning' | 'alert';

const DAY_MS = 24 * 60 * 60 * 1000;

/** R-T3: the expiry of a token created at `createdAt` (one calendar year later, UTC). */
export function tokenExpiresAt(createdAt: Date): Date {
  const expires = new Date(createdAt.getTime());
  expires.setUTCFullYear(expires.getUTCFullYear() + TOKEN_VALIDITY_YEARS);
  return expires;
}

export function isTokenExpired(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() <= now.getTime();
}

/** 30 and 15 days ahead inform; 7 days warns; the last day is an alert. */
export function expiryWarningSeverity(days: ExpiryWarningDays): NotificationSeverity {
  if (days === 1) return 'alert';
  return days === 7 ? 'warning' : 'info';
}

export interface ExpiryWarning {
  /** The warning step: 30, 15, 7 or 1 days ahead. */
  days: ExpiryWarningDays;
  severity: NotificationSeverity;
  /** Whole days left, rounded up (1 on the last day). */
  daysLeft: number;
}

/**
 * R-T10: the expiry warning due at `now`, or null. Only the closest step reached is due: a
 * token first seen 6 days before expiry gets the 7-day warning, not the 30- and 15-day ones.
 * `sent` are the steps already sent for this expiry date (a renewed token starts afresh). An
 * expired token gets no warning: it is an auth problem (`tokenExpired`).
 */
export function dueExpiryWarning(
  expiresAt: Date,
  now: Date,
  sent: readonly number[],
): ExpiryWarning | null {
  const leftMs = expiresAt.getTime() - now.getTime();
  if (leftMs <= 0) return null;
  const reached = EXPIRY_WARNING_DAYS.filter((days) => leftMs <= days * DAY_MS);
  const days = reached[reached.length - 1];
  if (days === undefined || sent.includes(days)) return null;
  return { days, severity: expiryWarningSeverity(days), daysLeft: Math.ceil(leftMs / DAY_MS) };
}

export type AuthProblemKind = 'invalidToken' | 'tokenExpired' | 'tokenRevoked' | 'loginRequired';

export interface AuthProblem {
  kind: AuthProblemKind;
  message: string;
  remedy: string;
}

/** R-T10: each authentication failure with what the administrator should do. */
export const AUTH_PROBLEMS: Readonly<Record<AuthProblemKind, AuthProblem>> = {
  invalidToken: {
    kind: 'invalidToken',
    message: 'The store does not accept the token of this account.',
    remedy: 'Upload a valid token.',
  },
  tokenExpired: {
    kind: 'tokenExpired',
    message: 'The token of this account has expired.',
    remedy: 'Generate a new token in the store portal and upload it.',
  },
  tokenRevoked: {
    kind: 'tokenRevoked',
    message: 'The token of this account was revoked in the store.',
    remedy: 'Upload a valid token.',
  },
  loginRequired: {
    kind: 'loginRequired',
    message: 'The store needs someone to sign in to this account again.',
    remedy: 'Sign in to the store account.',
  },
};

/**
 * R-T10 for the Microsoft Store, whose "token" is the directory's management app: what each
 * problem means there and what the administrator does about it.
 */
export const MICROSOFT_AUTH_PROBLEMS: Readonly<Record<AuthProblemKind, AuthProblem>> = {
  invalidToken: {
    kind: 'invalidToken',
    message: 'Entra ID refuses the credentials of the Store management app.',
    remedy:
      'Check the directory (tenant) ID, the client ID and the client secret of the management app in Entra ID.',
  },
  tokenExpired: {
    kind: 'tokenExpired',
    message: 'The client secret of the Store management app has expired.',
    remedy: 'Create a new client secret for the management app in Entra ID.',
  },
  tokenRevoked: {
    kind: 'tokenRevoked',
    message: 'The client secret of the Store management app was revoked.',
    remedy: 'Create a new client secret for the management app in Entra ID.',
  },
  loginRequired: {
    kind: 'loginRequired',
    message: 'The Microsoft Store does not accept the management app.',
    remedy: 'Activate the app as a management tool in the Microsoft Store for Business settings.',
  },
};

/** The problem as the store of the account words it. */
export function authProblemFor(store: string, kind: AuthProblemKind): AuthProblem {
  return (store === 'microsoft' ? MICROSOFT_AUTH_PROBLEMS : AUTH_PROBLEMS)[kind];
}

/** R-T10, R-T7: an auth problem is an `authError` alert and puts the account in `error`. */
export function authProblemNotification(kind: AuthProblemKind): {
  kind: 'authError';
  severity: 'alert';
  accountStatus: 'error';
  problem: AuthProblem;
} {
  return {
    kind: 'authError',
    severity: 'alert',
    accountStatus: 'error',
    problem: AUTH_PROBLEMS[kind],
  };
}
