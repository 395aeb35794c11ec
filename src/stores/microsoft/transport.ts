/**
 * Calls to a Microsoft API (the Store's or Graph) with a Bearer token for its resource. A
 * 401 drops the token and tries once more with a fresh one (it may simply have expired or
 * been revoked); a second 401 means the service does not accept the app: loginRequired.
 */
import { apiFailure, msError } from './errors.js';
import type { RetryingHttp } from './http.js';
import type { AccessTokens } from './token.js';

export type QueryValue = string | number | readonly string[] | undefined | null;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Below the base URL, segments already encoded (`/Inventory`). */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

export class ApiTransport {
  private readonly baseUrl: string;

  constructor(
    private readonly http: RetryingHttp,
    private readonly tokens: AccessTokens,
    private readonly resource: string,
    baseUrl: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  url(request: Pick<ApiRequest, 'path' | 'query'>): string {
    const url = new URL(`${this.baseUrl}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  async request<T>(request: ApiRequest): Promise<T> {
    for (let retried = false; ; retried = true) {
      const token = await this.tokens.get(this.resource);
      const answer = await this.http.send(
        {
          method: request.method,
          url: this.url(request),
          headers: {
            authorization: `Bearer ${token}`,
            ...(request.body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
        },
        request.path,
      );
      if (answer.status === 401) {
        this.tokens.invalidate(this.resource, token);
        if (!retried) continue;
        throw msError('loginRequired', {
          httpStatus: 401,
          details: { httpStatus: 401, path: request.path, resource: this.resource },
        });
      }
      if (answer.status >= 400) throw apiFailure(answer.status, answer.body, request.path);
      if (answer.body === null || typeof answer.body !== 'object') {
        throw msError('badResponse', { message: `${request.path} did not answer JSON` });
      }
      return answer.body as T;
    }
  }
}
