/**
 * R-T3, R-T10: a store token is valid one year; expiry is warned 30, 15, 7 and 1 days ahead.
 * What a refused or expired token does to the account, and its remedy: accountStatus.ts.
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
