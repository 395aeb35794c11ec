/**
 * How Apple's answers become StoreErrors. Apple answers a bad token with HTTP 200 and the
 * error in the body (Fleet and Zentral saw it in production), so the body's errorNumber
 * decides first and the HTTP status second.
 */
import { StoreError, type StoreErrorCode, type StoreFailureReason } from '../connector.js';
import type { WireErrorInfo } from './wire-types.js';

/**
 * What Allot does about an Apple error:
 * - `retry`: the store is busy or down; try again later (backoff, Retry-After);
 * - `reRegister`: the store does not know the user; register them again (users/create with
 *   the same clientUserId) and retry once (services/outbox/send.ts);
 * - `refuse`: the store said no to this request or subject; sending it again changes nothing;
 * - `token`: the store refuses the token itself; the account needs its administrator (R-T10).
 */
export type AppleErrorClass = 'retry' | 'reRegister' | 'refuse' | 'token';

export interface AppleErrorRule {
  class: AppleErrorClass;
  code: StoreErrorCode;
  /** How a per-subject failure with this number is reported (StoreFailure.reason). */
  reason?: StoreFailureReason;
}

const retry = (code: StoreErrorCode): AppleErrorRule => ({ class: 'retry', code });
const token = (code: StoreErrorCode): AppleErrorRule => ({ class: 'token', code });
const refuse = (reason?: StoreFailureReason): AppleErrorRule => ({
  class: 'refuse',
  code: 'storeRejected',
  ...(reason && { reason }),
});

/**
 * Every error number of the reference (apple-apps-and-books-api.md §3.2, §3.5, §3.6, §5.2),
 * classified once. A number Apple adds later is refused (`storeRejected`), never retried.
 */
export const APPLE_ERRORS: Readonly<Record<number, AppleErrorRule>> = {
  9601: token('loginRequired'),
  9602: refuse(),
  9603: retry('unavailable'),
  9609: { class: 'reRegister', code: 'storeRejected', reason: 'subjectNotFound' },
  9621: token('tokenExpired'),
  9622: token('invalidToken'),
  9623: refuse(),
  9625: token('tokenRevoked'),
  9634: refuse(),
  9635: refuse('accountConflict'),
  9637: refuse(),
  9641: refuse('accountConflict'),
  9644: retry('unavailable'),
  9646: retry('rateLimited'),
  // "Not supported for legacy tokens": only a new token file helps.
  9647: token('invalidToken'),
  9650: refuse(),
  9700: refuse(),
  9701: refuse(),
  9702: refuse(),
  9703: refuse(),
  9704: refuse(),
  9705: refuse(),
  9706: refuse(),
  9707: refuse(),
  9708: refuse(),
  9709: refuse('noLicenseAvailable'),
  9710: refuse(),
  9711: refuse(),
  9712: refuse(),
  9713: refuse(),
  9714: refuse(),
  9715: refuse(),
  9716: refuse('subjectExists'),
  9717: refuse(),
  9718: refuse(),
  9719: refuse(),
  9720: refuse(),
  9721: refuse(),
  9722: token('invalidToken'),
  9723: refuse(),
  9724: refuse(),
  9725: refuse(),
  9726: refuse(),
  9727: refuse(),
  9728: refuse(),
  9729: retry('unavailable'),
};

/** The rule of an error number; unknown numbers are refusals. */
export function appleErrorRule(errorNumber: number): AppleErrorRule {
  return APPLE_ERRORS[errorNumber] ?? refuse();
}

/** How a per-subject failure (an event's `failures`, a synchronous 9609) is reported. */
export function failureReason(errorNumber: number): StoreFailureReason {
  return appleErrorRule(errorNumber).reason ?? 'other';
}

const MESSAGES: Partial<Record<StoreErrorCode, string>> = {
  invalidToken: 'Apple refused the location token as invalid; upload a valid token',
  tokenExpired:
    'The location token has expired; generate a new one in Apple Business/School Manager',
  tokenRevoked: 'Apple has revoked the location token; upload a valid token',
  loginRequired: 'Apple asks to sign in to the store account again',
  rateLimited: 'Apple is rate limiting this token',
  unavailable: 'Apple Apps and Books is unavailable for now',
  claimedElsewhere: 'Another management product holds this location token',
  eventTimeout: 'Apple has not finished processing the request',
  badResponse: 'Apple answered something unexpected',
};

export interface Classified {
  code: StoreErrorCode;
  retryable: boolean;
}

/** What kind of failure a status and errorNumber are; null when the answer is a success. */
export function classify(status: number, errorNumber: number | undefined): Classified | null {
  if (errorNumber !== undefined) {
    const rule = appleErrorRule(errorNumber);
    return { code: rule.code, retryable: rule.class === 'retry' };
  }
  if (status === 429) return { code: 'rateLimited', retryable: true };
  if (status >= 500) return { code: 'unavailable', retryable: true };
  if (status === 401) return { code: 'invalidToken', retryable: false };
  if (status >= 400) return { code: 'storeRejected', retryable: false };
  return null;
}

export function appleError(
  code: StoreErrorCode,
  options: {
    errorNumber?: number;
    message?: string;
    retryAfterSeconds?: number;
    errorInfo?: WireErrorInfo;
    details?: Record<string, unknown>;
  } = {},
): StoreError {
  const base = MESSAGES[code] ?? 'Apple refused the request';
  const message = options.message ? `${base}: ${options.message}` : base;
  return new StoreError(code, message, {
    store: 'apple',
    ...(options.errorNumber !== undefined && { storeErrorNumber: options.errorNumber }),
    ...(options.retryAfterSeconds !== undefined && {
      retryAfterSeconds: options.retryAfterSeconds,
    }),
    details: { ...(options.errorInfo && { errorInfo: options.errorInfo }), ...options.details },
  });
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); undefined if absent. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
