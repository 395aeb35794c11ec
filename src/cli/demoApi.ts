/** The demo seeds Allot through its own REST API, as an administrator's script would. */
import type { FastifyInstance } from 'fastify';

export interface Created {
  id: string;
  serialNumber: string;
  items: Array<{ id: string; storeProductId: string }>;
}

export interface DemoApi {
  post(url: string, body?: unknown): Promise<Created>;
  get(url: string): Promise<Created>;
  put(url: string, body: unknown): Promise<Created>;
}

export function apiOf(app: FastifyInstance, token: string): DemoApi {
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    if (response.statusCode >= 400) {
      throw new Error(`${method} ${url} → ${response.statusCode}: ${response.body}`);
    }
    return JSON.parse(response.body) as Created;
  };
  return {
    post: (url, body) => call('POST', url, body ?? {}),
    get: (url) => call('GET', url),
    put: (url, body) => call('PUT', url, body),
  };
}
