/**
 * fetch() against /api/v1 with the tab's token, or else the sign-on session's cookie (whose
 * writes carry its CSRF token); every failure becomes an ApiError.
 */
import { CSRF_HEADER } from '../session/cookieSession.js';
import { readToken } from '../session/token.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

interface RequestOptions {
  body?: unknown;
  accept?: string;
  signal?: AbortSignal;
  /** E.g. an `Idempotency-Key`, so that a write sent again is done once. */
  headers?: Record<string, string>;
}

let csrfToken: string | null = null;

/** R-I3: the CSRF token of the sign-on session, sent on every write; null without one. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let unauthorized: (error: ApiError) => void = () => undefined;

/** Called when the server no longer accepts the token (revoked, deleted). */
export function onUnauthorized(handler: (error: ApiError) => void): void {
  unauthorized = handler;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; details?: Record<string, unknown> };
    };
    if (body.error?.message !== undefined) {
      return new ApiError(
        response.status,
        body.error.code ?? 'ERROR',
        body.error.message,
        body.error.details,
      );
    }
  } catch {
    // Not the API's JSON error body: fall through to a generic message.
  }
  return new ApiError(response.status, 'HTTP_ERROR', `The server answered ${response.status}`);
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    ...options.headers,
    accept: options.accept ?? 'application/json',
  };
  const token = readToken();
  if (token !== null) headers.authorization = `Bearer ${token}`;
  else if (csrfToken !== null && method !== 'GET') headers[CSRF_HEADER] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'The Allot server cannot be reached. Check the connection.');
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401) unauthorized(error);
    throw error;
  }
  return response;
}

async function json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => json<T>('GET', path, { signal }),
  post: <T>(
    path: string,
    body: unknown = {},
    headers?: Record<string, string>,
    signal?: AbortSignal,
  ) => json<T>('POST', path, { body, headers, signal }),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, { body }),
  delete: <T>(path: string) => json<T>('DELETE', path),
  /** A non-JSON representation, e.g. the activity log as CSV. */
  blob: async (path: string, accept: string) => (await send('GET', path, { accept })).blob(),
};

/** The message to show for any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
