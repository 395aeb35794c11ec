/** Helpers for tests that talk to the Microsoft Store emulator over HTTP. */
import {
  GRAPH_RESOURCE,
  STORE_RESOURCE,
  type AccountCredentials,
  type MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    body: text.length > 0 ? JSON.parse(text) : null,
    headers: response.headers,
  };
}

/** POSTs the client-credentials form to the emulated token endpoint. */
export async function requestToken(
  emulator: MicrosoftEmulator,
  tenant: string,
  form: Record<string, string>,
  version: 'v1' | 'v2' = 'v1',
): Promise<Answer> {
  const path = version === 'v1' ? 'oauth2/token' : 'oauth2/v2.0/token';
  return answer(
    await fetch(`${emulator.authorityUrl}/${tenant}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    }),
  );
}

export async function accessToken(
  emulator: MicrosoftEmulator,
  credentials: AccountCredentials,
  resource = STORE_RESOURCE,
): Promise<string> {
  const { status, body } = await requestToken(emulator, credentials.tenantDirectoryId, {
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    resource,
  });
  if (status !== 200) throw new Error(`token: ${status} ${JSON.stringify(body)}`);
  return body.access_token as string;
}

/** Raw calls to the Store API (or Graph) with one access token: what Microsoft would answer. */
export function api(emulator: MicrosoftEmulator, token: string, base = emulator.url) {
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> =>
    answer(
      await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    );
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    del: (path: string) => call('DELETE', path),
    call,
  };
}

/** A Store API client for an account, token included. */
export async function storeApi(emulator: MicrosoftEmulator, credentials: AccountCredentials) {
  return api(emulator, await accessToken(emulator, credentials));
}

export async function graphApi(emulator: MicrosoftEmulator, credentials: AccountCredentials) {
  return api(emulator, await accessToken(emulator, credentials, GRAPH_RESOURCE), emulator.graphUrl);
}

export async function control(
  emulator: MicrosoftEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  return answer(
    await fetch(`${emulator.controlUrl}${path}`, {
      method,
      ...(body !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    }),
  );
}

/** A movable clock shared by the emulator and the connector. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleeps,
    advance: (ms: number) => {
      time += ms;
    },
    sleep: async (ms: number): Promise<void> => {
      sleeps.push(ms);
      time += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
