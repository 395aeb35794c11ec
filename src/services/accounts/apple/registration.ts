/**
 * The store side of adding, renewing and claiming an Apple account: what the store says about
 * a token, registering Allot as the location's manager, and push-notification registration.
 * Every call here happens outside database transactions (no network inside a transaction).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { StoreContext } from '../../serviceContext.js';
import { ConflictError, RuleViolationError, UnavailableError } from '../../../domain/errors.js';
import { problemMessage, remedyWhileUploading } from '../../../domain/accountStatus.js';
import {
  StoreError,
  type StoreConnector,
  type TokenDescription,
} from '../../../stores/connector.js';

/** R-T4: shown wherever a token is added. */
export const TOKEN_SHARING_WARNING =
  'Use this token in Allot only. A location token used by two management products makes ' +
  'them overwrite each other, and licence assignments are lost.';

export const AUTH_CODES = {
  invalidToken: 'INVALID_TOKEN',
  tokenExpired: 'TOKEN_EXPIRED',
  tokenRevoked: 'TOKEN_REVOKED',
  loginRequired: 'LOGIN_REQUIRED',
} as const;

/**
 * A store failure while checking a token, as the caller should see it: the store refusing the
 * token is 422 with the store's reason (R-T3, R-T10); an outage is 503 with Retry-After.
 */
export function tokenRefusal(error: unknown): unknown {
  if (!(error instanceof StoreError)) return error;
  const problem = error.authProblem;
  if (problem !== undefined) {
    const message = problemMessage('apple', problem);
    const remedy = remedyWhileUploading('apple', problem);
    return new RuleViolationError(AUTH_CODES[problem], `${message} ${remedy}`, {
      field: 'token',
      storeCode: problem,
      remedy,
    });
  }
  if (error.retryable) {
    return new UnavailableError(
      'STORE_UNAVAILABLE',
      `${error.message}; try again later`,
      error.retryAfterSeconds ?? 30,
      { store: error.store },
    );
  }
  return new RuleViolationError('STORE_REJECTED', error.message, {
    field: 'token',
    storeCode: error.code,
  });
}

/** What the store says about a token (organisation, location, expiry, who manages it). */
export async function describeToken(ctx: StoreContext, sToken: string): Promise<TokenDescription> {
  try {
    return await ctx.stores.apple.describeToken(sToken);
  } catch (error) {
    throw tokenRefusal(error);
  }
}

/**
 * Declares Allot the manager of the location. Returns false when another product holds it and
 * `takeover` is false (the account is then `claimedElsewhere`, R-T4).
 */
export async function registerManager(
  connector: StoreConnector,
  takeover: boolean,
): Promise<boolean> {
  try {
    await connector.register({ takeover });
    return true;
  } catch (error) {
    if (error instanceof StoreError && error.code === 'claimedElsewhere' && !takeover) return false;
    throw tokenRefusal(error);
  }
}

/** The refusal when a location is already held by another account of the deployment (R-T3). */
export function locationTaken(sameTenantAccountId: string | null): ConflictError {
  return new ConflictError(
    'LOCATION_TAKEN',
    'This location is already connected to another account of this deployment; renew that ' +
      "account's token instead of adding it again",
    {
      field: 'token',
      ...(sameTenantAccountId !== null && { accountId: sameTenantAccountId }),
    },
  );
}

/** SHA-256 of a push-notification secret, as stored in accounts.notification_secret_hash. */
export function hashNotificationSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A fresh secret the store presents as Bearer on every push notification. */
export function newNotificationSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Where the store pushes notifications for an account (ALLOT_PUBLIC_URL must be set). */
export function notificationUrl(publicUrl: string, accountId: string): string {
  return `${publicUrl}/api/v1/store-notifications/apple/${accountId}`;
}
