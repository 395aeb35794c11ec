/** A small JSON client of the API of a server on a real port; a failed exchange is status 0. */

export interface HttpResponse {
  /** 0 when no answer came (connection refused or reset, timeout). */
  status: number;
  body: any;
  headers: Headers | null;
  /** Why no answer came, for status 0. */
  error?: string;
}

export interface ApiClient {
  baseUrl: string;
  token: string;
  get(path: string): Promise<HttpResponse>;
  post(path: string, body?: unknown): Promise<HttpResponse>;
}

export function apiClient(baseUrl: string, token: string, timeoutMs = 30_000): ApiClient {
  const send = async (method: string, path: string, body?: unknown): Promise<HttpResponse> => {
    try {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let parsed: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
        parsed = JSON.parse(text);
      }
      return { status: response.status, body: parsed, headers: response.headers };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return {
        status: 0,
        body: null,
        headers: null,
        error: cause?.code ?? cause?.message ?? String(error),
      };
    }
  };
  return {
    baseUrl,
    token,
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body),
  };
}

/** Fails with the answer unless it has the expected status. */
export function expectStatus(response: HttpResponse, status: number, what: string): any {
  if (response.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${response.status} ${response.error ?? JSON.stringify(response.body)}`,
    );
  }
  return response.body;
}
