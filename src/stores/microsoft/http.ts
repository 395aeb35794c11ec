/**
 * One HTTP exchange with a Microsoft service, retried where retrying helps: 429 and 5xx
 * (Retry-After honoured, else exponential backoff) and no answer at all. Other answers go
 * back to the caller, which knows what they mean. The retry policy, the sleep and the
 * Retry-After parsing are the Apple connector's, which are store-agnostic.
 */
import { parseRetryAfter } from '../apple/errors.js';
import { realSleep, type Sleep } from '../apple/timing.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../apple/transport.js';
import { msError } from './errors.js';

export interface HttpOptions {
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  body: unknown;
}

export class RetryingHttp {
  private readonly fetch: typeof fetch;
  readonly sleep: Sleep;
  readonly now: () => number;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: HttpOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** `what` names the call in errors (a path, "token"). */
  async send(request: HttpRequest, what: string): Promise<HttpAnswer> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.once(request);
      const busy = answer.status === 429;
      if (!busy && answer.status !== 0 && answer.status < 500) {
        return { status: answer.status, body: answer.body };
      }
      const retryAfter = parseRetryAfter(answer.retryAfter, this.now());
      const waitMs =
        retryAfter !== undefined
          ? retryAfter * 1000
          : Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      if (attempt >= this.retry.maxAttempts || waitMs > this.retry.maxWaitMs) {
        throw msError(busy ? 'rateLimited' : 'unavailable', {
          ...(answer.status !== 0 && { httpStatus: answer.status }),
          retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
          details: { httpStatus: answer.status, path: what, attempts: attempt },
        });
      }
      await this.sleep(waitMs);
    }
  }

  /** One try; status 0 stands for "no answer" (network error or timeout). */
  private async once(
    request: HttpRequest,
  ): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
    try {
      const response = await this.fetch(request.url, {
        method: request.method,
        headers: { accept: 'application/json', ...request.headers },
        ...(request.body !== undefined && { body: request.body }),
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
}
