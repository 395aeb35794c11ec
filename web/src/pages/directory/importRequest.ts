/**
 * POST with an Idempotency-Key for the CSV import: a row sent twice (a retry after a dropped
 * answer) creates one user or device. The shared API client sends no custom headers, so this
 * one speaks to /api/v1 the same way: the tab's token, else the sign-on session's CSRF token.
 */
import { ApiError } from '../../api/client.js';
import { CSRF_HEADER, loadCookieSession } from '../../session/cookieSession.js';
import { readToken } from '../../session/token.js';

async function authHeaders(): Promise<Record<string, string>> {
  const token = readToken();
  if (token !== null) return { authorization: `Bearer ${token}` };
  const session = await loadCookieSession();
  return session === null ? {} : { [CSRF_HEADER]: session.csrfToken };
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
    // Not the API's JSON error body.
  }
  return new ApiError(response.status, 'HTTP_ERROR', `HTTP ${response.status}`);
}

/** One authenticated poster for a whole import (the session is read once). */
export async function keyedPoster(
  unreachable: string,
): Promise<<T>(path: string, body: unknown, key: string) => Promise<T>> {
  const auth = await authHeaders();
  return async <T>(path: string, body: unknown, key: string): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`/api/v1${path}`, {
        method: 'POST',
        headers: {
          ...auth,
          accept: 'application/json',
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'NETWORK', unreachable);
    }
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as T;
  };
}
