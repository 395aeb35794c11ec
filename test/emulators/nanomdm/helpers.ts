/** Helpers for tests of the NanoMDM emulator: a webhook receiver and raw API calls. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { build, type PlistValue } from 'plist';
import type { NanoMdmEmulator } from '../../../src/emulators/nanomdm/index.js';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The HTTP status the next requests get (default 200). */
  status: number;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A webhook endpoint that records every POST and answers `status`. */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    status: 200,
    close: async () => undefined,
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
      });
      response.writeHead(receiver.status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  receiver.url = `${await listen(server)}/hook`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

/**
 * A loopback URL whose POSTs are handed to Allot's `app.inject()` (path, body and the
 * X-Hmac-Signature header as sent): the emulator posts over real HTTP, Allot opens no port.
 */
export async function forwardToApp(
  app: FastifyInstance,
): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const signature = request.headers['x-hmac-signature'];
      void app
        .inject({
          method: 'POST',
          url: request.url ?? '/',
          headers: {
            'content-type': request.headers['content-type'] ?? 'application/json',
            ...(typeof signature === 'string' && { 'x-hmac-signature': signature }),
          },
          payload: Buffer.concat(chunks),
        })
        .then((answer) => {
          response
            .writeHead(answer.statusCode, { 'content-type': 'application/json' })
            .end(answer.body);
        });
    });
  });
  const origin = await listen(server);
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A command plist as an MDM server builds it (reference §4). */
export function commandPlist(
  commandUuid: string,
  requestType: string,
  keys: Record<string, PlistValue> = {},
): string {
  return build({ CommandUUID: commandUuid, Command: { RequestType: requestType, ...keys } });
}

export function installCommand(commandUuid: string, adamId = 1234567890): string {
  return commandPlist(commandUuid, 'InstallApplication', {
    iTunesStoreID: adamId,
    ManagementFlags: 1,
    Options: { PurchaseMethod: 1 },
  });
}

export interface ApiAnswer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** Raw calls of NanoMDM's API with Basic `nanomdm:<key>` (no client logic). */
export function api(emulator: NanoMdmEmulator, key = emulator.apiKey, user = 'nanomdm') {
  const call = async (method: string, path: string, body?: string): Promise<ApiAnswer> => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: { authorization: `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}` },
      ...(body !== undefined && { body }),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  };
  return {
    enqueue: (ids: string, body: string, query = '') =>
      call('PUT', `/v1/enqueue/${ids}${query}`, body),
    push: (ids: string) => call('GET', `/v1/push/${ids}`),
    call,
  };
}
