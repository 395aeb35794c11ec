/** `allot demo` in this process: the seeded Apple emulator and Allot on a free port. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describeDemo, startDemo, type Demo } from '../../../src/cli/demo.js';
import { loadConfig } from '../../../src/config.js';

export interface DemoServer {
  demo: Demo;
  url: string;
  token: string;
  /** A temporary folder of this server's, removed on close. */
  dataDir: string;
  /** The REST API with the demo's globalAdmin token (or another). */
  api<T = any>(method: string, url: string, body?: unknown, token?: string): Promise<T>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-e2e-'));
  const config = loadConfig({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    ALLOT_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  });
  const demo = await startDemo(config);
  if (demo.server.url === null) throw new Error(`the demo has no URL:\n${describeDemo(demo)}`);
  const url = demo.server.url;
  const api = async (method: string, route: string, body?: unknown, token = demo.token) => {
    const response = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
  return {
    demo,
    url,
    token: demo.token,
    dataDir,
    api,
    async close() {
      await demo.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
