/**
 * How Apple's answers become StoreErrors. Apple sometimes puts an error body in a 200 (Fleet
 * saw it), so the body's errorNumber decides first and the HTTP status second.
 */
import { StoreError, type StoreErrorCode } from '../connector.js';
import type { WireErrorInfo } from './wire-types.js';

const AUTH_ERRORS: Record<number, StoreErrorCode> = {
  9601: 'loginRequired',
  9621: 'tokenExpired',
  9622: 'invalidToken',
  9625: 'tokenRevoked',
  9722: 'invalidToken',
};

/** Outages: internal error, maintenance, temporarily unavailable. */
const UNAVAILABLE_ERRORS = new Set([9603, 9644, 9729]);

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
    const auth = AUTH_ERRORS[errorNumber];
    if (auth) return { code: auth, retryable: false };
    if (errorNumber === 9646) return { code: 'rateLimited', retryable: true };
    if (UNAVAILABLE_ERRORS.has(errorNumber)) return { code: 'unavailable', retryable: true };
    return { code: 'storeRejected', retryable: false };
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
