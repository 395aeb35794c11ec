/**
 * Stopping (issue 13, item 15): SIGTERM and SIGINT stop accepting, finish the requests in
 * flight, hand back the store calls being sent, close the database and exit 0; `npm start`
 * passes npm's SIGTERM on to the server.
 */
import fs from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { claimAccountCalls } from '../../src/services/outbox/claim.js';
import { enqueueStoreCalls } from '../../src/services/outbox/enqueue.js';
import { renewLease } from '../../src/services/outbox/leases.js';
import { drainOutbox, OutboxClaims } from '../../src/jobs/outbox.js';
import { startServer } from '../../src/server.js';
import {
  kill,
  servedUrl,
  setup,
  spawnAllot,
  spawnCommand,
  type Setup,
  type Spawned,
} from './helpers.js';

let current: Setup | null = null;
let spawned: Spawned | null = null;
afterEach(async () => {
  if (spawned !== null) await kill(spawned);
  spawned = null;
  await current?.cleanup();
  current = null;
});

/** Whether something accepts connections on the port now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A raw request whose body is sent in two parts; resolves with what the server answered. */
function twoPartRequest(port: number, token: string, body: string) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.on('error', () => undefined);
  const half = Math.floor(body.length / 2);
  return {
    async start() {
      await connected;
      socket.write(
        'POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          `Authorization: Bearer ${token}\r\nConnection: close\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
      );
    },
    finish() {
      socket.write(body.slice(half));
      return closed;
    },
  };
}

describe('stopping on a signal', () => {
  it('SIGTERM: stops accepting, finishes the request in flight, exits 0', async () => {
    current = setup();
    spawned = spawnAllot(['serve'], { ...current.env, LOG_LEVEL: 'info' });
    await spawned.waitFor('try: curl');
    const url = servedUrl(spawned.stdout());
    const port = Number(new URL(url).port);
    const token = /bootstrap token \(shown once[^\n]*\n\s+(\S+)/.exec(spawned.stdout())![1]!;

    const request = twoPartRequest(
      port,
      token,
      JSON.stringify({ email: 'kim@example.org', displayName: 'Kim Lee' }),
    );
    await request.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    spawned.child.kill('SIGTERM');
    // The listening socket closes at once: no new connection is accepted...
    const deadline = Date.now() + 5_000;
    while ((await accepts(port)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await accepts(port)).toBe(false);
    expect(spawned.child.exitCode).toBeNull();
    // ...while the request already in flight is answered.
    const answer = await request.finish();
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(answer).toContain('kim@example.org');
    const { code } = await spawned.exited;
    expect(code).toBe(0);
  });

  it('SIGINT (Ctrl-C) stops the server and exits 0 within the shutdown timeout', async () => {
    current = setup();
    spawned = spawnAllot(['serve'], current.env);
    await spawned.waitFor('try: curl');
    const port = Number(new URL(servedUrl(spawned.stdout())).port);
    const signalled = Date.now();
    spawned.child.kill('SIGINT');
    const { code } = await spawned.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(await accepts(port)).toBe(false);
    expect(spawned.stderr()).toBe('');
  });

  it.skipIf(!fs.existsSync('dist/main.js'))(
    'npm start passes SIGTERM on: the server stops with npm and frees its port',
    async () => {
      current = setup();
      // --ignore-scripts skips the `prestart` build: the test runs the dist/ built already.
      spawned = spawnCommand('npm', ['start', '--ignore-scripts'], {
        ...current.env,
        HOME: process.env.HOME ?? '/root',
      });
      await spawned.waitFor('try: curl', 60_000);
      const port = Number(new URL(servedUrl(spawned.stdout())).port);
      spawned.child.kill('SIGTERM');
      await spawned.exited;
      const deadline = Date.now() + 10_000;
      while ((await accepts(port)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await accepts(port)).toBe(false);
    },
    90_000,
  );
});

describe('R-V8: store calls being sent when the process stops are handed back', () => {
  it('R-V8: rows still held go back to pending, due now; closed rows and other senders’ rows are left alone', async () => {
    current = setup();
    const server = await startServer(current.config(), undefined, { role: 'api' });
    const ctx = server.ctx;
    try {
      const { id: tenantId } = await ctx.db.kysely
        .selectFrom('tenants')
        .select('id')
        .executeTakeFirstOrThrow();
      const now = ctx.clock.now();
      const call = (accountId: string, serialNumber: string) => ({
        accountId,
        call: { operation: 'associate' as const, storeProductId: '1', serialNumber },
      });
      await enqueueStoreCalls(
        ctx.db.kysely,
        tenantId,
        [call('acc-ours', 'S1'), call('acc-ours', 'S2'), call('acc-ours', 'S3')],
        now,
      );
      await enqueueStoreCalls(ctx.db.kysely, tenantId, [call('acc-other', 'S4')], now);

      const claims = new OutboxClaims();
      const ours = await claimAccountCalls(ctx, { tenantId, accountId: 'acc-ours' }, {});
      // Another process's sender holds the other account's call.
      const theirs = await claimAccountCalls(ctx, { tenantId, accountId: 'acc-other' }, {});
      expect(ours).toHaveLength(3);
      let release!: () => void;
      const sending = claims.send(ctx, tenantId, ours, async () => {
        // Mid-send: the first call is done, and the lease of the rest was renewed.
        await ctx.db.kysely
          .updateTable('outbox')
          .set({ state: 'done', leaseUntil: null, doneAt: now.toISOString() })
          .where('id', '=', ours[0]!.id)
          .execute();
        const later = new Date(now.getTime() + 5 * 60_000).toISOString();
        await renewLease(
          ctx,
          tenantId,
          ours.map((r) => r.id),
          later,
        );
        await new Promise<void>((resolve) => (release = resolve));
      });
      await new Promise((resolve) => setTimeout(resolve, 100));

      expect(await claims.handBack(ctx)).toBe(2);
      const rows = await ctx.db.kysely
        .selectFrom('outbox')
        .select(['id', 'state', 'leaseUntil', 'nextAttemptAt'])
        .where('tenantId', '=', tenantId)
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => r.state)).toEqual(['done', 'pending', 'pending', 'sending']);
      for (const row of rows.slice(1, 3)) {
        expect(row.leaseUntil).toBeNull();
        expect(row.nextAttemptAt <= ctx.clock.now().toISOString()).toBe(true);
      }
      expect(rows[3]!.id).toBe(theirs[0]!.id);

      // Once stopping, a drain claims nothing more: the calls wait for the next process.
      const drained = await drainOutbox(ctx, { claims });
      expect(drained).toEqual({ sent: 0, refused: 0, failed: 0, retried: 0 });
      const after = await ctx.db.kysely
        .selectFrom('outbox')
        .select('state')
        .where('accountId', '=', 'acc-ours')
        .execute();
      expect(after.filter((r) => r.state === 'pending')).toHaveLength(2);
      release();
      await sending;
    } finally {
      await server.close();
    }
  });
});
