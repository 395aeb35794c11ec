/** Options of the Microsoft Store for Business emulator, and their defaults. */

/** What a request looked like; passed to `onRequest` and kept in `requestLog`. */
export interface MicrosoftRequestInfo {
  method: string;
  /** The full path, e.g. `/V1/Inventory` or `/contoso-id/oauth2/token`. */
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON (or form) body of POSTs; undefined otherwise. */
  body?: unknown;
}

export interface LoggedMicrosoftRequest extends MicrosoftRequestInfo {
  status: number;
  /** The store's error code (`NotFound`, `NotOnline`…) or the OAuth `error`. */
  code?: string;
}

export interface MicrosoftEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Default `maxResults` of /Inventory (the Store's default is 25). */
  pageSize?: number;
  /** Default `maxResults` of seat listings (25); the Store caps them at 100. */
  seatPageSize?: number;
  /** Per tenant, over the Store API and Graph; 0 (default) disables. The real limit is unknown. */
  maxRequestsPerSecond?: number;
  /** Lifetime of an access token (Azure AD: about an hour). Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Delay before each response (slow store). */
  responseDelayMs?: number;
  /** The clock (epoch ms): token expiry, lastModified, dateAssigned. Default Date.now. */
  now?: () => number;
  /** Called synchronously at the start of every request but /_control. */
  onRequest?: (request: MicrosoftRequestInfo) => void;
  /** How many requests `requestLog` keeps (newest last). Default 1000. */
  requestLogSize?: number;
}

export type ResolvedMicrosoftOptions = Required<
  Omit<MicrosoftEmulatorOptions, 'onRequest' | 'port' | 'host'>
> & { onRequest?: (request: MicrosoftRequestInfo) => void };

export function resolveOptions(options: MicrosoftEmulatorOptions): ResolvedMicrosoftOptions {
  const rate = options.maxRequestsPerSecond ?? 0;
  return {
    pageSize: Math.max(1, options.pageSize ?? 25),
    seatPageSize: Math.min(100, Math.max(1, options.seatPageSize ?? 25)),
    maxRequestsPerSecond: rate > 0 ? rate : Infinity,
    accessTokenTtlSeconds: Math.max(1, options.accessTokenTtlSeconds ?? 3600),
    responseDelayMs: options.responseDelayMs ?? 0,
    now: options.now ?? Date.now,
    requestLogSize: options.requestLogSize ?? 1000,
    ...(options.onRequest && { onRequest: options.onRequest }),
  };
}
