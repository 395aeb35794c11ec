import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { deliverWebhooks } from '../../src/jobs/webhookDeliveries.js';
import { raiseNotification } from '../../src/services/monitoring/notifications.js';
import { decryptSecret, encryptSecret } from '../../src/services/access/secrets.js';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback answering with the statuses queued (200 once they run out). */
class Receiver {
  received: Received[] = [];
  statuses: number[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(this.statuses.shift() ?? 200).end('ok');
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const SECRET_2 = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;
const clock = new ManualClock();
let t: TestApp;
const receiver = new Receiver();
beforeAll(async () => {
  // The receivers listen on loopback: the operator allows internal targets here (R-S5).
  t = await createTestApp({ clock, env: { ALLOT_ALLOW_PRIVATE_TARGETS: 'true' } });
  await receiver.start();
});
afterEach(() => {
  vi.useRealTimers();
});

/** What a receiver does with a Standard Webhooks library: verify, at its own clock's time. */
function verify(secret: string, request: Received, at: Date = clock.now()): unknown {
  vi.useFakeTimers({ now: at, toFake: ['Date'] });
  try {
    return new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}
afterAll(async () => {
  await receiver.close();
  await t.close();
});

async function raise(tenantId: string, subjectId: string, kind: 'usage' | 'authError' = 'usage') {
  await t.ctx.db.transaction((trx) =>
    raiseNotification(
      trx,
      tenantId,
      {
        kind,
        severity: 'warning',
        subject: { type: 'product', id: subjectId, name: 'Final Cut Pro' },
        spaceId: null,
        threshold: kind === 'usage' ? 70 : null,
        message: 'Final Cut Pro: 70 % of licences in use',
      },
      clock.now(),
    ),
  );
}

/** Runs the sender until nothing more is due now. */
async function drain() {
  const total = { delivered: 0, retried: 0, failed: 0 };
  for (;;) {
    const r = await deliverWebhooks(t.ctx, { timeoutMs: 2_000 });
    total.delivered += r.delivered;
    total.retried += r.retried;
    total.failed += r.failed;
    if (r.delivered + r.retried + r.failed === 0) return total;
  }
}

describe('webhooks', () => {
  it('R-M6, R-S3: a webhook keeps its secret encrypted and never returns it', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const created = await admin.post('/webhooks', {
      url: receiver.url,
      events: ['usage', 'authError', 'usage'],
      secret: SECRET,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      url: receiver.url,
      events: ['usage', 'authError'],
      createdAt: expect.any(String),
    });
    const listed = await admin.get('/webhooks');
    expect(listed.body.items).toHaveLength(1);
    expect(listed.text).not.toContain(SECRET);
    expect((await admin.get(`/webhooks/${created.body.id}`)).text).not.toContain(SECRET);
    const row = await t.ctx.db.kysely
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.secretEncrypted).not.toContain(SECRET);
    expect(decryptSecret(t.ctx.secretKey, row.secretEncrypted)).toBe(SECRET);
    expect((await admin.get('/activity?action=webhook.')).text).not.toContain(SECRET);

    const bad = (body: object) =>
      admin.post('/webhooks', { url: receiver.url, events: ['*'], secret: SECRET, ...body });
    expect((await bad({ url: 'ftp://example.org/hook' })).body.error.details.field).toBe('url');
    expect((await bad({ url: 'not a url' })).status).toBe(400);
    expect((await bad({ url: 'https://user:pw@example.org/' })).status).toBe(400);
    for (const secret of [
      'short',
      'a-long-webhook-secret-0123456789', // not whsec_
      `whsec_${Buffer.alloc(16).toString('base64')}`, // 16 bytes: too short
      `whsec_${Buffer.alloc(65).toString('base64')}`, // too long
      'whsec_not base64 at all!!!!!!!!!!!!!!!!!!!!!!',
    ]) {
      const refused = await bad({ secret });
      expect(refused.status, secret).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'INVALID_WEBHOOK_SECRET',
        details: { field: 'secret' },
      });
    }
    expect((await bad({ events: ['birthdays'] })).status).toBe(400);
    expect((await bad({ events: [] })).status).toBe(400);

    const space = (await admin.post('/spaces', { name: 'Scoped' })).body;
    const scoped = t.client(
      (await admin.post('/api-tokens', { name: 's', role: 'globalAdmin', spaceId: space.id })).body
        .token,
    );
    expect((await scoped.get('/webhooks')).status).toBe(403);
    expect(
      (await scoped.post('/webhooks', { url: receiver.url, events: ['*'], secret: SECRET })).status,
    ).toBe(403);
    const reader = t.client(
      (await admin.post('/api-tokens', { name: 'r', role: 'readOnly' })).body.token,
    );
    expect(
      (await reader.post('/webhooks', { url: receiver.url, events: ['*'], secret: SECRET })).status,
    ).toBe(403);
    const stranger = await t.newTenant();
    expect((await stranger.admin.delete(`/webhooks/${created.body.id}`)).status).toBe(404);

    // Deleting drops the deliveries not yet made.
    await raise(tenantId, 'p-delete');
    expect(
      await t.ctx.db.kysely
        .selectFrom('webhookDeliveries')
        .select('id')
        .where('webhookId', '=', created.body.id)
        .execute(),
    ).toHaveLength(1);
    expect((await admin.delete(`/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await admin.get(`/webhooks/${created.body.id}`)).status).toBe(404);
    expect(await drain()).toEqual({ delivered: 0, retried: 0, failed: 0 });
  });

  it('R-M6, R-S4: notifications go to the webhooks subscribed to their kind, signed as Standard Webhooks with each secret', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const usage = (
      await admin.post('/webhooks', { url: receiver.url, events: ['usage'], secret: SECRET })
    ).body;
    const everything = (
      await admin.post('/webhooks', { url: receiver.url, events: ['*'], secret: SECRET_2 })
    ).body;
    await admin.post('/webhooks', { url: receiver.url, events: ['authError'], secret: SECRET });
    receiver.received = [];
    await raise(tenantId, 'p-signed');
    expect(await drain()).toEqual({ delivered: 2, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(2);
    const verifiedWith = new Set<string>();
    for (const request of receiver.received) {
      expect(request.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(request.headers['webhook-timestamp']).toBe(
        String(Math.floor(clock.now().getTime() / 1000)),
      );
      expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(request.headers['x-allot-signature']).toBeUndefined(); // the body-only signature is gone
      expect(request.headers['x-allot-event']).toBe('notification.raised');
      expect(request.headers['content-type']).toBe('application/json');
      // Each webhook signs with its own secret: exactly one of the two verifies.
      const secrets = [SECRET, SECRET_2].filter((secret) => {
        try {
          verify(secret, request);
          return true;
        } catch {
          return false;
        }
      });
      expect(secrets).toHaveLength(1);
      verifiedWith.add(secrets[0]!);
      expect(verify(secrets[0]!, request)).toMatchObject({
        event: 'notification.raised',
        notification: {
          kind: 'usage',
          severity: 'warning',
          threshold: 70,
          subject: { id: 'p-signed' },
        },
      });
    }
    expect(verifiedWith).toEqual(new Set([SECRET, SECRET_2]));
    const toAll = await admin.get(`/webhooks/${everything.id}/deliveries`);
    expect(toAll.body.items.map((d: any) => d.state)).toEqual(['delivered']);
    const deliveries = await admin.get(`/webhooks/${usage.id}/deliveries`);
    expect(deliveries.body.items).toEqual([
      expect.objectContaining({
        event: 'notification.raised',
        state: 'delivered',
        attempts: 1,
        lastStatus: 200,
        nextAttemptAt: null,
      }),
    ]);
  });

  it('R-S4: a receiver refuses a replayed, altered or re-dated delivery; a retry keeps its webhook-id and is signed anew', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    await admin.post('/webhooks', { url: receiver.url, events: ['usage'], secret: SECRET });
    receiver.received = [];
    receiver.statuses = [503];
    await raise(tenantId, 'p-replay');
    await drain();
    clock.advance(30_000);
    await drain();
    const [first, retry] = receiver.received;
    expect(first!.headers['webhook-id']).toBe(retry!.headers['webhook-id']);
    expect(Number(retry!.headers['webhook-timestamp'])).toBe(
      Number(first!.headers['webhook-timestamp']) + 30,
    );
    expect(retry!.headers['webhook-signature']).not.toBe(first!.headers['webhook-signature']);
    expect(verify(SECRET, retry!)).toMatchObject({ event: 'notification.raised' });

    // Captured and sent again later: the timestamp is too old (Standard Webhooks: 5 minutes).
    expect(() => verify(SECRET, retry!, new Date(clock.now().getTime() + 6 * 60_000))).toThrow(
      /too old/,
    );
    // Re-dated to pass the time check: the signature covers the timestamp.
    const redated = {
      ...retry!,
      headers: { ...retry!.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) },
    };
    expect(() => verify(SECRET, redated, new Date())).toThrow(/signature/);
    // The body altered.
    const altered = { ...retry!, body: retry!.body.replace('p-replay', 'p-other') };
    expect(() => verify(SECRET, altered)).toThrow(/signature/);
    // Another delivery's ID on this body.
    const renamed = {
      ...retry!,
      headers: { ...retry!.headers, 'webhook-id': '00000000-0000-7000-8000-000000000000' },
    };
    expect(() => verify(SECRET, renamed)).toThrow(/signature/);
  });

  it('R-S4: a webhook saved with a secret of the old free form signs with its bytes, verified as whsec_ + base64 of it', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const hook = (
      await admin.post('/webhooks', { url: receiver.url, events: ['usage'], secret: SECRET })
    ).body;
    const legacy = 'a-long-webhook-secret-0123456789';
    await t.ctx.db.kysely
      .updateTable('webhooks')
      .set({ secretEncrypted: encryptSecret(t.ctx.secretKey, legacy) })
      .where('id', '=', hook.id)
      .execute();
    receiver.received = [];
    await raise(tenantId, 'p-legacy');
    expect(await drain()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    const secret = `whsec_${Buffer.from(legacy, 'utf8').toString('base64')}`;
    expect(verify(secret, receiver.received[0]!)).toMatchObject({ event: 'notification.raised' });
  });

  it('R-M6: PATCH changes the URL, the events and the secret; deliveries are signed with the new secret', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const hook = (
      await admin.post('/webhooks', {
        url: `${receiver.url}/old`,
        events: ['authError'],
        secret: SECRET,
      })
    ).body;
    const changed = await admin.patch(`/webhooks/${hook.id}`, {
      url: receiver.url,
      events: ['usage', 'usage'],
      secret: SECRET_2,
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toEqual({ ...hook, url: receiver.url, events: ['usage'] });
    expect(changed.text).not.toContain(SECRET_2);
    const activity = await admin.get('/activity?action=webhook.update');
    expect(activity.text).not.toContain(SECRET_2.slice(6));
    expect(activity.text).not.toContain(SECRET.slice(6));
    expect((await admin.patch(`/webhooks/${hook.id}`, {})).status).toBe(400);
    const badSecret = await admin.patch(`/webhooks/${hook.id}`, { secret: 'plain-text-secret' });
    expect(badSecret.body.error).toMatchObject({
      code: 'INVALID_WEBHOOK_SECRET',
      details: { field: 'secret' },
    });
    const stranger = await t.newTenant();
    expect((await stranger.admin.patch(`/webhooks/${hook.id}`, { events: ['*'] })).status).toBe(
      404,
    );
    receiver.received = [];
    await raise(tenantId, 'p-patched');
    expect(await drain()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(verify(SECRET_2, receiver.received[0]!)).toMatchObject({ event: 'notification.raised' });
    expect(() => verify(SECRET, receiver.received[0]!)).toThrow();
  });

  it('R-M6: a failed delivery is retried with exponential backoff, then given up after 10 attempts', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const flaky = (
      await admin.post('/webhooks', { url: receiver.url, events: ['usage'], secret: SECRET })
    ).body;
    receiver.received = [];
    receiver.statuses = [500, 503];
    await raise(tenantId, 'p-flaky');
    expect(await drain()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    const [first] = (await admin.get(`/webhooks/${flaky.id}/deliveries`)).body.items;
    expect(first).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500 });
    expect(Date.parse(first.nextAttemptAt) - clock.now().getTime()).toBe(30_000);
    clock.advance(29_000);
    expect(await drain()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    clock.advance(1_000);
    expect(await drain()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    const [second] = (await admin.get(`/webhooks/${flaky.id}/deliveries`)).body.items;
    expect(second).toMatchObject({ attempts: 2, lastStatus: 503 });
    expect(Date.parse(second.nextAttemptAt) - clock.now().getTime()).toBe(60_000);
    clock.advance(60_000);
    expect(await drain()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(3);
    // The same delivery each time: same ID, same body (signed anew at each attempt's time).
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);

    // An endpoint that never answers 2xx (here: nothing listens) is given up after 10 attempts.
    const dead = (
      await admin.post('/webhooks', {
        url: 'http://127.0.0.1:9/gone',
        events: ['authError'],
        secret: SECRET,
      })
    ).body;
    await raise(tenantId, 'p-dead', 'authError');
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const r = await drain();
      expect(r).toEqual(
        attempt < 10
          ? { delivered: 0, retried: 1, failed: 0 }
          : { delivered: 0, retried: 0, failed: 1 },
      );
      const [row] = (await admin.get(`/webhooks/${dead.id}/deliveries`)).body.items;
      if (row.nextAttemptAt !== null) {
        const wait = Date.parse(row.nextAttemptAt) - clock.now().getTime();
        waits.push(wait / 1000);
        clock.advance(wait);
      }
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    const [gaveUp] = (await admin.get(`/webhooks/${dead.id}/deliveries`)).body.items;
    expect(gaveUp).toMatchObject({
      state: 'failed',
      attempts: 10,
      lastStatus: null,
      nextAttemptAt: null,
    });
    clock.advance(24 * 3600_000);
    expect(await drain()).toEqual({ delivered: 0, retried: 0, failed: 0 });
  });

  it('R-M6: two senders at once never send one delivery twice', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    await admin.post('/webhooks', { url: receiver.url, events: ['*'], secret: SECRET });
    receiver.received = [];
    for (let i = 0; i < 6; i += 1) await raise(tenantId, `p-race-${i}`);
    const reports = await Promise.all([
      deliverWebhooks(t.ctx, { concurrency: 3 }),
      deliverWebhooks(t.ctx, { concurrency: 3 }),
      deliverWebhooks(t.ctx, { concurrency: 3 }),
    ]);
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(6);
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });
});
