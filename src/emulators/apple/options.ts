/** Options of the Apple Apps and Books emulator, and their defaults. */
import { ValidationError } from '../../domain/errors.js';

/** The limits announced by GET /service/config and enforced on writes (reference §3.1). */
export interface AppleLimits {
  maxAssets: number;
  maxClientUserIds: number;
  maxSerialNumbers: number;
  maxRevokeClientUserIds: number;
  maxRevokeSerialNumbers: number;
  maxUsers: number;
  maxNotificationLength: number;
  maxMdmNameLength: number;
  maxMdmIdLength: number;
  maxMdmMetadataLength: number;
  maxRequestPerSecond: number;
  maxSubscriptions: number;
  maxSubscriptionClientUserIds: number;
}

export const APPLE_DEFAULT_LIMITS: Readonly<AppleLimits> = {
  maxAssets: 25,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxRevokeClientUserIds: 100,
  maxRevokeSerialNumbers: 100,
  maxUsers: 100,
  maxNotificationLength: 512,
  maxMdmNameLength: 100,
  maxMdmIdLength: 100,
  maxMdmMetadataLength: 255,
  maxRequestPerSecond: 15,
  maxSubscriptions: 25,
  maxSubscriptionClientUserIds: 1000,
};

/** What a wire request looked like; passed to `onRequest` and kept in `requestLog`. */
export interface WireRequestInfo {
  method: string;
  /** Path below the wire base, e.g. `/assets/associate`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body of POSTs (undefined for GETs or unparseable bodies). */
  body?: unknown;
}

export interface AppleEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Items per page of /assets, /assignments and /users (Apple: "several hundred"). */
  pageSize?: number;
  /** Per token; 0 or Infinity disables the limit. Default 15, as Apple announces. */
  maxRequestsPerSecond?: number;
  /** Send `Retry-After: 1` with 429s (Apple's docs only say "back off"). Default false. */
  rateLimitRetryAfter?: boolean;
  /** How long asynchronous events stay PENDING before they are processed. Default 20 ms. */
  eventDelayMs?: number;
  /**
   * HTTP status of auth errors (9601, 9621, 9622, 9625, 9722). Default 200: Apple answers a
   * bad, expired or revoked token with HTTP 200 and the error in the body, as Fleet's and
   * Zentral's clients document from production; 401 is what Apple's documentation says.
   */
  authErrorStatus?: 200 | 401;
  /** Overrides of the announced limits (e.g. smaller batches in tests). */
  limits?: Partial<AppleLimits>;
  /** Delay before each wire response (slow store). */
  responseDelayMs?: number;
  /** Wait between notification attempts (Apple: 1–5 min). Default 200 ms. */
  notificationRetryDelayMs?: number;
  /** Attempts per notification (Apple: 3). */
  notificationAttempts?: number;
  /** Per-attempt timeout of a notification POST. Default 2 s. */
  notificationTimeoutMs?: number;
  /** Deliver every notification twice, as Apple sometimes does. Default false. */
  duplicateNotifications?: boolean;
  /** The clock, for token expiry and the rate limit (epoch ms). Default Date.now. */
  now?: () => number;
  /** Called synchronously at the start of every wire request (tests use it to interleave). */
  onRequest?: (request: WireRequestInfo) => void;
  /** How many wire requests `requestLog` keeps (newest last). Default 1000. */
  requestLogSize?: number;
}

/** The auth error status from text (the command line's `--auth-error-status`). */
export function parseAuthErrorStatus(value: string): 200 | 401 {
  if (value === '200') return 200;
  if (value === '401') return 401;
  throw new ValidationError('the auth error status must be 200 or 401', {
    field: 'authErrorStatus',
  });
}

export type ResolvedOptions = Required<
  Omit<AppleEmulatorOptions, 'limits' | 'onRequest' | 'port' | 'host'>
> & {
  limits: AppleLimits;
  onRequest?: (request: WireRequestInfo) => void;
};

export function resolveOptions(options: AppleEmulatorOptions): ResolvedOptions {
  const rate = options.maxRequestsPerSecond ?? 15;
  if (options.authErrorStatus !== undefined) parseAuthErrorStatus(String(options.authErrorStatus));
  return {
    pageSize: Math.max(1, options.pageSize ?? 1000),
    maxRequestsPerSecond: rate > 0 ? rate : Infinity,
    rateLimitRetryAfter: options.rateLimitRetryAfter ?? false,
    eventDelayMs: options.eventDelayMs ?? 20,
    authErrorStatus: options.authErrorStatus ?? 200,
    limits: {
      ...APPLE_DEFAULT_LIMITS,
      maxRequestPerSecond: Number.isFinite(rate) && rate > 0 ? rate : 0,
      ...options.limits,
    },
    responseDelayMs: options.responseDelayMs ?? 0,
    notificationRetryDelayMs: options.notificationRetryDelayMs ?? 200,
    notificationAttempts: Math.max(1, options.notificationAttempts ?? 3),
    notificationTimeoutMs: options.notificationTimeoutMs ?? 2000,
    duplicateNotifications: options.duplicateNotifications ?? false,
    now: options.now ?? Date.now,
    requestLogSize: options.requestLogSize ?? 1000,
    ...(options.onRequest && { onRequest: options.onRequest }),
  };
}
