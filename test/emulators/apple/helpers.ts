/** Helpers for tests that talk to the Apple emulator over HTTP. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppleEmulator } from '../../../src/emulators/apple/index.js';

export interface WireAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** Raw wire calls with one token (no client logic: what Apple would answer). */
export function wire(emulator: AppleEmulator, sToken: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<WireAnswer> => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${sToken}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: response.headers,
    };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    call,
  };
}

/** Polls until `check` stops throwing (or returns true), up to `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== false) return value;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: {
    notificationId: string;
    notificationType: string;
    uId: string;
    notification: Record<string, unknown>;
  };
}

/** A local HTTP endpoint that records what is POSTed to it (a stand-in for Allot). */
export async function startListener(respond: (n: number) => number = () => 200) {
  const received: Received[] = [];
  let count = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      count += 1;
      const status = respond(count);
      if (status < 300) {
        received.push({
          headers: request.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
        });
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/store-notifications/apple/acct-1`,
    received,
    attempts: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
