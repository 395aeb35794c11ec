/**
 * One HTTP exchange with Apple, done right: Bearer sToken, pacing, timeout, the body's
 * errorNumber checked whatever the status, Retry-After honoured, exponential backoff on
 * 9646/429 and outages (bounded), and the mdmInfo check that spots a token claimed by
 * another product (R-T4).
 */
import { classify, appleError, parseRetryAfter } from './errors.js';
import { Pacer, realSleep, type Sleep } from './timing.js';
import type { WireCommon, WireErrorInfo } from './wire-types.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff; doubles at each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxWaitMs: 120_000,
};

/** Who we are at Apple (the mdmInfo we write); `name` defaults to "Allot". */
export interface MdmIdentity {
  id: string;
  name?: string;
  /** Our version, sent as mdmInfo.metadata. */
  version: string;
}

export interface TransportOptions {
  baseUrl: string;
  sToken: string;
  /** When given, a response whose mdmInfo has another id fails with claimedElsewhere. */
  mdm?: MdmIdentity;
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Client-side pacing per token; 0 disables. Default 15 (Apple's maxRequestPerSecond). */
  maxRequestsPerSecond?: number;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Below the base URL (`/assets`), or an absolute URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Default true; /service/config and the metadata lookup go without the token. */
  auth?: boolean;
  /** Default true; off when reading who holds the token or taking it over. */
  checkMdm?: boolean;
}

interface Attempt {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

export class AppleTransport {
  private readonly fetch: typeof fetch;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly pacer: Pacer;
  private readonly baseUrl: string;

  constructor(private readonly options: TransportOptions) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.pacer = new Pacer(options.maxRequestsPerSecond ?? 15, this.now, this.sleep);
  }

  get mdm(): MdmIdentity | undefined {
    return this.options.mdm;
  }

  url(spec: Pick<RequestSpec, 'path' | 'query'>): string {
    const url = new URL(/^https?:\/\//.test(spec.path) ? spec.path : `${this.baseUrl}${spec.path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(spec);
      const body = result.body as
        | (WireCommon & {
            errorNumber?: unknown;
            errorMessage?: unknown;
            errorInfo?: WireErrorInfo;
          })
        | null;
      const errorNumber = typeof body?.errorNumber === 'number' ? body.errorNumber : undefined;
      const failure =
        result.status === 0
          ? { code: 'unavailable' as const, retryable: true }
          : classify(result.status, errorNumber);
      if (!failure) {
        if (body === null || typeof body !== 'object') {
          throw appleError('badResponse', { message: `${spec.path} did not answer JSON` });
        }
        if (spec.checkMdm !== false) this.checkMdm(body);
        return body as T;
      }
      const retryAfter = parseRetryAfter(result.retryAfter, this.now());
      const waitMs =
        retryAfter !== undefined
          ? retryAfter * 1000
          : Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      const giveUp =
        !failure.retryable || attempt >= this.retry.maxAttempts || waitMs > this.retry.maxWaitMs;
      if (giveUp) {
        throw appleError(failure.code, {
          ...(errorNumber !== undefined && { errorNumber }),
          ...(typeof body?.errorMessage === 'string' && { message: body.errorMessage }),
          ...(failure.retryable && { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) }),
          ...(body?.errorInfo && { errorInfo: body.errorInfo }),
          details: { httpStatus: result.status, path: spec.path, attempts: attempt },
        });
      }
      await this.sleep(waitMs);
    }
  }

  /** One try; status 0 stands for "no answer" (network error or timeout). */
  private async attempt(spec: RequestSpec): Promise<Attempt> {
    await this.pacer.wait();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.auth !== false) headers.authorization = `Bearer ${this.options.sToken}`;
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.fetch(this.url(spec), {
        method: spec.method,
        headers,
        ...(spec.body !== undefined && { body: JSON.stringify(spec.body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = text.length > 0 ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      return { status: response.status, body, retryAfter: response.headers.get('retry-after') };
    } catch {
      return { status: 0, body: null, retryAfter: null };
    }
  }

  /**
   * Apple has no lock: a write still goes through when another product holds the token, so
   * the error then names the accepted event (`acceptedEventId`) for the caller to reconcile.
   */
  private checkMdm(body: WireCommon & { eventId?: unknown }): void {
    const ours = this.options.mdm;
    const theirs = body.mdmInfo;
    if (!ours || !theirs || typeof theirs.id !== 'string' || theirs.id === ours.id) return;
    throw appleError('claimedElsewhere', {
      message: `the location is managed by ${theirs.name || 'another product'}; confirm a takeover to manage it here`,
      details: {
        claimedBy: theirs.name,
        claimedById: theirs.id,
        ...(typeof body.eventId === 'string' && { acceptedEventId: body.eventId }),
      },
    });
  }
}
