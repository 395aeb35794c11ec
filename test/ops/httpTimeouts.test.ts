/**
 * Slow clients (issue 13, item 7): a connection that sends its headers or its body slowly, or
 * sits idle after a response, is closed within a bounded time (ALLOT_HEADERS_TIMEOUT,
 * ALLOT_REQUEST_TIMEOUT, ALLOT_KEEP_ALIVE_TIMEOUT), over raw sockets.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.js';
import { setup, type Setup } from './helpers.js';

let env: Setup;
let server: RunningServer;
let port: number;

beforeAll(async () => {
  env = setup();
  server = await startServer(
    env.config({
      ALLOT_HEADERS_TIMEOUT: '1',
      ALLOT_REQUEST_TIMEOUT: '2',
      ALLOT_KEEP_ALIVE_TIMEOUT: '1',
    }),
    undefined,
    { role: 'api' },
  );
  port = Number(new URL(server.url!).port);
});

afterAll(async () => {
  await server?.close();
  await env?.cleanup();
});

/** Opens a raw connection, writes `first`, then `drip` every `everyMs`; resolves at close. */
function slowClient(first: string, drip: string | null, everyMs = 200) {
  return new Promise<{ ms: number; received: string }>((resolve, reject) => {
    const started = Date.now();
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(first));
    const timer = drip === null ? null : setInterval(() => socket.write(drip), everyMs);
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (timer !== null) clearInterval(timer);
      resolve({ ms: Date.now() - started, received });
    });
    // Far beyond every limit under test: the server never closed the connection.
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the connection open for 15 s'));
    }, 15_000).unref();
  });
}

describe('slow clients are cut off', () => {
  it('headers sent a byte at a time are answered 408 and closed after ALLOT_HEADERS_TIMEOUT', async () => {
    const result = await slowClient('GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X');
    expect(result.received).toMatch(/^HTTP\/1\.1 408 /);
    // The limit (1 s), plus at most the once-a-second check, plus scheduling slack.
    expect(result.ms).toBeGreaterThanOrEqual(900);
    expect(result.ms).toBeLessThan(3_500);
  });

  it('a connection that sends nothing at all is closed after ALLOT_HEADERS_TIMEOUT', async () => {
    const result = await slowClient('', null);
    expect(result.ms).toBeLessThan(3_500);
  });

  it('a body sent slowly is answered 408 and closed after ALLOT_REQUEST_TIMEOUT', async () => {
    const result = await slowClient(
      'POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${server.bootstrap.generatedToken}\r\n` +
        'Content-Length: 1000\r\n\r\n{',
      ' ',
    );
    expect(result.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(result.ms).toBeGreaterThanOrEqual(1_900);
    expect(result.ms).toBeLessThan(4_500);
  });

  it('an idle keep-alive connection is closed after ALLOT_KEEP_ALIVE_TIMEOUT', async () => {
    const result = await slowClient('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', null);
    expect(result.received).toMatch(/^HTTP\/1\.1 200 /);
    expect(result.ms).toBeLessThan(3_000);
  });

  it('a client that keeps up is served normally', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
  });
});
