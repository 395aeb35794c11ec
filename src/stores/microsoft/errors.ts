/**
 * How Microsoft's answers become StoreErrors. The Store API has string codes, not numbers, so
 * `storeErrorNumber` carries the HTTP status and `details.storeCode` the Store's code
 * (`NotOnline`, `NotFound`…). Azure AD's AADSTS codes decide the auth problems (R-T10).
 */
import { StoreError, type StoreErrorCode } from '../connector.js';
import type { WireOAuthError, WireStoreError } from './wire-types.js';

const MESSAGES: Partial<Record<StoreErrorCode, string>> = {
  invalidToken:
    'Azure AD refused the Store account credentials; check the tenant, client ID and client secret',
  tokenExpired:
    'The client secret of the Store account has expired; create a new one in Entra ID and update the account',
  loginRequired:
    'The Store does not accept this app; activate it as a management tool in the Store for Business settings',
  rateLimited: 'The Microsoft Store is rate limiting this account',
  unavailable: 'The Microsoft Store is unavailable for now',
  storeRejected: 'The Microsoft Store refused the request',
  badResponse: 'The Microsoft Store answered something unexpected',
};

export function msError(
  code: StoreErrorCode,
  options: {
    message?: string;
    httpStatus?: number;
    retryAfterSeconds?: number;
    details?: Record<string, unknown>;
  } = {},
): StoreError {
  const base = MESSAGES[code] ?? 'The Microsoft Store refused the request';
  return new StoreError(code, options.message ? `${base}: ${options.message}` : base, {
    store: 'microsoft',
    ...(options.httpStatus !== undefined && { storeErrorNumber: options.httpStatus }),
    ...(options.retryAfterSeconds !== undefined && {
      retryAfterSeconds: options.retryAfterSeconds,
    }),
    ...(options.details && { details: options.details }),
  });
}

/** Azure AD's token endpoint refused the credentials (after retries of 429/5xx). */
export function oauthFailure(status: number, body: unknown): StoreError {
  const wire = (body ?? {}) as WireOAuthError;
  const codes = Array.isArray(wire.error_codes) ? wire.error_codes : [];
  const details = {
    httpStatus: status,
    ...(wire.error !== undefined && { oauthError: wire.error }),
    ...(codes.length > 0 && { aadsts: codes }),
  };
  const message = typeof wire.error_description === 'string' ? wire.error_description : undefined;
  const options = { httpStatus: status, details, ...(message && { message }) };
  if (codes.includes(7000222)) return msError('tokenExpired', options);
  // The Store's service principal is missing from the tenant: the Store is not set up there.
  if (wire.error === 'invalid_resource' || codes.includes(500011)) {
    return msError('loginRequired', options);
  }
  return msError('invalidToken', options);
}

/** The Store API (or Graph) refused a request for good: 4xx other than 401 and 429. */
export function apiFailure(status: number, body: unknown, path: string): StoreError {
  const wire = (body ?? {}) as WireStoreError & { error?: { code?: string; message?: string } };
  const storeCode = wire.code ?? wire.error?.code;
  const message = wire.message ?? wire.error?.message;
  return msError('storeRejected', {
    httpStatus: status,
    ...(message && { message }),
    details: {
      httpStatus: status,
      path,
      ...(storeCode !== undefined && { storeCode }),
      ...(wire.itemType !== undefined && { itemType: wire.itemType }),
      ...(wire.values !== undefined && { values: wire.values }),
    },
  });
}
