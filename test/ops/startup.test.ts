/**
 * Start-up failures (issue 13, items 13 and 14): `allot serve` stops at once, exits non-zero,
 * and says in one line which setting to change.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kill, setup, spawnAllot, usingPostgres, type Setup } from './helpers.js';

/** An ALLOT_ADMIN_TOKEN strong enough to pass the start-up check. */
const STRONG_TOKEN = 'Qm9vdHN0cmFwIHRva2VuIGZvciBvcHMgdGVzdHMhMjQ2OA';

let current: Setup | null = null;
afterEach(async () => {
  await current?.cleanup();
  current = null;
});

/** A TCP server that accepts connections and never answers (a hung database). */
async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function failedStart(env: Record<string, string>) {
  const serve = spawnAllot(['serve'], env);
  const { code, ms } = await serve.exited;
  return { code, ms, lines: serve.stderr().trim().split('\n'), stdout: serve.stdout() };
}

describe('start-up failures name the setting', () => {
  it('a second allot serve on a taken port exits 1 with one line naming PORT, and creates no bootstrap token', async () => {
    current = setup();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const failure = await failedStart({ ...current.env, PORT: String(port) });
      expect(failure.code).toBe(1);
      expect(failure.lines).toEqual([`allot: PORT: ${port} is already in use on 127.0.0.1`]);
      expect(failure.stdout).toBe('');
      expect(fs.existsSync(path.join(current.dataDir, 'admin-token'))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    // The token was not created, so the first start that works shows it.
    const serve = spawnAllot(['serve'], current.env);
    try {
      await serve.waitFor('try: curl');
      expect(serve.stdout()).toContain('bootstrap token (shown once');
    } finally {
      await kill(serve);
    }
  });

  it.skipIf(usingPostgres)(
    'ALLOT_DATA_DIR under /proc fails at once with one line naming it',
    async () => {
      const failure = await failedStart({ ALLOT_DATA_DIR: '/proc/x', PORT: '0' });
      expect(failure.code).toBe(1);
      expect(failure.lines).toHaveLength(1);
      expect(failure.lines[0]).toMatch(/^allot: ALLOT_DATA_DIR: cannot create \/proc\/x: /);
    },
  );

  it.skipIf(usingPostgres)('ALLOT_DATA_DIR that is a file names ALLOT_DATA_DIR', async () => {
    current = setup();
    const file = path.join(current.dataDir, 'a-file');
    fs.writeFileSync(file, '');
    const failure = await failedStart({ ALLOT_DATA_DIR: path.join(file, 'data'), PORT: '0' });
    expect(failure.code).toBe(1);
    expect(failure.lines).toEqual([
      `allot: ALLOT_DATA_DIR: cannot use ${file}/data: a part of the path is not a directory (ENOTDIR)`,
    ]);
  });

  it.skipIf(usingPostgres)(
    'an ALLOT_DATA_DIR database file that is not SQLite names ALLOT_DATA_DIR',
    async () => {
      current = setup();
      fs.writeFileSync(path.join(current.dataDir, 'allot.db'), 'x'.repeat(4096));
      const failure = await failedStart(current.env);
      expect(failure.code).toBe(1);
      expect(failure.lines).toHaveLength(1);
      expect(failure.lines[0]).toMatch(/^allot: ALLOT_DATA_DIR: cannot open .*allot\.db: /);
    },
  );

  it('a DATABASE_URL where nothing listens names DATABASE_URL, not ECONNREFUSED alone, and hides the password', async () => {
    const hole = await blackHole();
    await hole.close(); // the port is now free: nothing listens there
    const failure = await failedStart({
      DATABASE_URL: `postgres://allot:s3cret-pw@127.0.0.1:${hole.port}/allot`,
      ALLOT_SECRET_KEY: 'a'.repeat(64),
      ALLOT_ADMIN_TOKEN: STRONG_TOKEN,
      PORT: '0',
    });
    expect(failure.code).toBe(1);
    expect(failure.lines).toEqual([
      `allot: DATABASE_URL: nothing accepts connections at 127.0.0.1:${hole.port} (refused)`,
    ]);
  });

  it('a DATABASE_URL host that does not resolve names DATABASE_URL', async () => {
    const failure = await failedStart({
      DATABASE_URL: 'postgres://allot@no-such-host.invalid/allot',
      ALLOT_SECRET_KEY: 'a'.repeat(64),
      ALLOT_ADMIN_TOKEN: STRONG_TOKEN,
      PORT: '0',
    });
    expect(failure.code).toBe(1);
    expect(failure.lines).toHaveLength(1);
    expect(failure.lines[0]).toMatch(
      /^allot: DATABASE_URL: the host "no-such-host\.invalid" is not found \(E/,
    );
  });

  it('a DATABASE_URL that accepts the connection but never answers fails after the connect timeout', async () => {
    const hole = await blackHole();
    try {
      const failure = await failedStart({
        DATABASE_URL: `postgres://allot:s3cret-pw@127.0.0.1:${hole.port}/allot`,
        ALLOT_DATABASE_CONNECT_TIMEOUT: '1',
        ALLOT_SECRET_KEY: 'a'.repeat(64),
        ALLOT_ADMIN_TOKEN: STRONG_TOKEN,
        PORT: '0',
      });
      expect(failure.code).toBe(1);
      expect(failure.lines).toHaveLength(1);
      expect(failure.lines[0]).toMatch(
        new RegExp(`^allot: DATABASE_URL: 127\\.0\\.0\\.1:${hole.port} did not answer within 1 s`),
      );
      expect(failure.lines[0]).not.toContain('s3cret-pw');
    } finally {
      await hole.close();
    }
  });

  it('a HOST that is not an address of this machine names HOST', async () => {
    current = setup();
    // 192.0.2.0/24 is TEST-NET-1: never assigned to a machine.
    const failure = await failedStart({ ...current.env, HOST: '192.0.2.7' });
    expect(failure.code).toBe(1);
    expect(failure.lines).toEqual(['allot: HOST: "192.0.2.7" is not an address of this machine']);
  });

  it('a HOST that does not resolve names HOST', async () => {
    current = setup();
    const failure = await failedStart({ ...current.env, HOST: 'no-such-host.invalid' });
    expect(failure.code).toBe(1);
    expect(failure.lines).toHaveLength(1);
    expect(failure.lines[0]).toMatch(/^allot: HOST: the host "no-such-host\.invalid" is not found/);
  });
});
