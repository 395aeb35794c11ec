/**
 * R-S5: webhook targets on the deployment's own network are refused — when saved, and again
 * on the address each delivery connects to — unless the operator allows them.
 */
import type dns from 'node:dns';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhooks } from '../../src/jobs/webhookDeliveries.js';
import { encryptSecret } from '../../src/services/access/secrets.js';
import { raiseNotification } from '../../src/services/monitoring/notifications.js';
import { newId } from '../../src/ids.js';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';

/** A receiver on loopback; answers with `answer` (200 by default). */
class Receiver {
  hits = 0;
  answer: (res: http.ServerResponse) => void = (res) => res.writeHead(200).end('ok');
  private server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      this.hits += 1;
      this.answer(res);
    });
  });
  port = 0;
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** DNS as it answers at delivery time: every name resolves to `address`. */
function resolvingTo(address: string): typeof dns.lookup {
  const lookup = (
    _hostname: string,
    options: dns.LookupOptions,
    callback: (error: Error | null, address: unknown, family?: number) => void,
  ) => {
    const family = net.isIPv6(address) ? 6 : 4;
    if (options.all === true) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return lookup as unknown as typeof dns.lookup;
}

const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const clock = new ManualClock();
let closed: TestApp;
let listed: TestApp;
const receiver = new Receiver();
const elsewhere = new Receiver();
beforeAll(async () => {
  closed = await createTestApp({ clock });
  listed = await createTestApp({
    clock,
    env: {
      ALLOT_ALLOWED_PRIVATE_HOSTS:
        'localhost, allowed.example.test,10.0.0.5 192.168.50.0/24,[fd00::5]',
    },
  });
  await receiver.start();
  await elsewhere.start();
});
afterAll(async () => {
  await receiver.close();
  await elsewhere.close();
  await closed.close();
  await listed.close();
});

async function raise(t: TestApp, tenantId: string) {
  await t.ctx.db.transaction((trx) =>
    raiseNotification(
      trx,
      tenantId,
      {
        kind: 'usage',
        severity: 'warning',
        subject: { type: 'product', id: 'p-ssrf', name: 'Final Cut Pro' },
        spaceId: null,
        threshold: 70,
        message: 'Final Cut Pro: 70 % of licences in use',
      },
      clock.now(),
    ),
  );
}

async function onlyDelivery(t: TestApp, admin: { get: TestApp['admin']['get'] }, id: string) {
  const items = (await admin.get(`/webhooks/${id}/deliveries`)).body.items;
  expect(items).toHaveLength(1);
  return items[0];
}

describe('R-S5: internal webhook targets', () => {
  it('R-S5: a URL that is, or resolves to, a non-public address is refused with 400 PRIVATE_TARGET naming the url', async () => {
    const { admin } = await closed.newTenant();
    const refused: [string, string][] = [
      ['http://127.0.0.1:8080/hook', 'loopback'],
      ['http://127.1/', 'loopback'],
      ['http://0x7f000001/', 'loopback'],
      ['http://2130706433/', 'loopback'],
      ['http://localhost:8080/hook', 'loopback'], // a name that resolves there
      ['http://LOCALHOST./', 'loopback'],
      ['http://[::1]/', 'loopback'],
      ['http://[::ffff:127.0.0.1]/', 'loopback'], // IPv4-mapped
      ['http://[2002:7f00:1::]/', 'loopback'], // 6to4 of 127.0.0.1
      ['http://0.0.0.0/', 'unspecified'],
      ['http://[::]/', 'unspecified'],
      ['http://10.1.2.3/', 'private'],
      ['http://172.16.0.1/', 'private'],
      ['https://192.168.1.1/', 'private'],
      ['http://[64:ff9b::a00:1]/', 'private'], // NAT64 of 10.0.0.1
      ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
      ['http://[fe80::1]/', 'linkLocal'],
      ['http://100.64.0.1/', 'carrierGradeNat'],
      ['http://[fd12:3456::1]/', 'uniqueLocal'],
      ['http://224.0.0.1/', 'multicast'],
      ['http://[ff02::1]/', 'multicast'],
      ['http://255.255.255.255/', 'reserved'],
      ['http://192.0.2.10/', 'reserved'],
    ];
    for (const [url, range] of refused) {
      const response = await admin.post('/webhooks', { url, events: ['*'], secret: SECRET });
      expect(response.status, url).toBe(400);
      expect(response.body.error, url).toMatchObject({
        code: 'PRIVATE_TARGET',
        details: { field: 'url', range },
      });
    }
    expect((await admin.get('/webhooks')).body.items).toEqual([]);

    // Public addresses, and a name that does not resolve (yet: checked again when called).
    for (const url of [
      'http://93.184.216.34/hook',
      'https://[2606:4700:4700::1111]/hook',
      'https://hooks.example.test/allot',
    ]) {
      const response = await admin.post('/webhooks', { url, events: ['*'], secret: SECRET });
      expect(response.status, `${url}: ${response.text}`).toBe(201);
    }
    // An update is checked as a creation is.
    const hook = (await admin.get('/webhooks')).body.items[0];
    const moved = await admin.patch(`/webhooks/${hook.id}`, { url: 'http://10.0.0.1/' });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toMatchObject({ code: 'PRIVATE_TARGET', details: { field: 'url' } });
    expect((await admin.get(`/webhooks/${hook.id}`)).body.url).toBe(hook.url);
  });

  it('R-S5: each delivery is checked on the address it connects to: a name that now resolves to loopback is not called', async () => {
    const { admin, id: tenantId } = await closed.newTenant();
    // Saved while the name did not resolve; by delivery time DNS points it at loopback.
    const hook = (
      await admin.post('/webhooks', {
        url: `http://rebind.example.test:${receiver.port}/hook`,
        events: ['usage'],
        secret: SECRET,
      })
    ).body;
    expect(hook.id).toEqual(expect.any(String));
    receiver.hits = 0;
    await raise(closed, tenantId);
    expect(await deliverWebhooks(closed.ctx, { lookup: resolvingTo('127.0.0.1') })).toEqual({
      delivered: 0,
      retried: 1,
      failed: 0,
    });
    expect(await deliverWebhooks(closed.ctx, { lookup: resolvingTo('::1') })).toEqual({
      delivered: 0,
      retried: 0,
      failed: 0,
    });
    expect(receiver.hits).toBe(0);
    // The tenant sees an attempt without an answer, as for a host that is down.
    expect(await onlyDelivery(closed, admin, hook.id)).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastStatus: null,
    });
    clock.advance(30_000);
    await deliverWebhooks(closed.ctx, { lookup: resolvingTo('::ffff:7f00:1') });
    expect(receiver.hits).toBe(0);

    // A webhook saved before targets were checked (a literal loopback URL) is not called either.
    const { admin: other, id: otherTenant } = await closed.newTenant();
    const id = newId(clock.now().getTime());
    await closed.ctx.db.kysely
      .insertInto('webhooks')
      .values({
        id,
        tenantId: otherTenant,
        url: `http://127.0.0.1:${receiver.port}/hook`,
        events: JSON.stringify(['*']),
        secretEncrypted: encryptSecret(closed.ctx.secretKey, SECRET),
        createdAt: clock.now().toISOString(),
      })
      .execute();
    await raise(closed, otherTenant);
    await deliverWebhooks(closed.ctx);
    expect(receiver.hits).toBe(0);
    expect(await onlyDelivery(closed, other, id)).toMatchObject({ attempts: 1, lastStatus: null });
  });

  it('R-S5: the operator allows listed hosts, addresses and ranges only; a listed name is called wherever it resolves', async () => {
    const { admin, id: tenantId } = await listed.newTenant();
    const accepted = [
      `http://localhost:${receiver.port}/hook`,
      'http://10.0.0.5/hook',
      'http://192.168.50.7/hook',
      'http://[fd00::5]/hook',
    ];
    for (const url of accepted) {
      const response = await admin.post('/webhooks', {
        url,
        events: ['authError'],
        secret: SECRET,
      });
      expect(response.status, `${url}: ${response.text}`).toBe(201);
    }
    for (const url of [
      `http://127.0.0.1:${receiver.port}/hook`, // the address of a listed name is not listed
      'http://10.0.0.6/hook',
      'http://192.168.51.7/hook',
      'http://[fd00::6]/hook',
    ]) {
      const response = await admin.post('/webhooks', { url, events: ['*'], secret: SECRET });
      expect(response.status, url).toBe(400);
      expect(response.body.error.code).toBe('PRIVATE_TARGET');
    }

    const named = (
      await admin.post('/webhooks', {
        url: `http://allowed.example.test:${receiver.port}/hook`,
        events: ['usage'],
        secret: SECRET,
      })
    ).body;
    receiver.hits = 0;
    await raise(listed, tenantId);
    expect(await deliverWebhooks(listed.ctx, { lookup: resolvingTo('127.0.0.1') })).toEqual({
      delivered: 1,
      retried: 0,
      failed: 0,
    });
    expect(receiver.hits).toBe(1);
    expect(await onlyDelivery(listed, admin, named.id)).toMatchObject({
      state: 'delivered',
      lastStatus: 200,
    });
  });

  it('R-S5: a redirect is not followed: the delivery is retried and the target it names is never called', async () => {
    const { admin, id: tenantId } = await listed.newTenant();
    const hook = (
      await admin.post('/webhooks', {
        url: `http://localhost:${receiver.port}/hook`,
        events: ['usage'],
        secret: SECRET,
      })
    ).body;
    receiver.hits = 0;
    elsewhere.hits = 0;
    receiver.answer = (res) =>
      res.writeHead(307, { location: `http://127.0.0.1:${elsewhere.port}/internal` }).end();
    try {
      await raise(listed, tenantId);
      expect(await deliverWebhooks(listed.ctx)).toEqual({ delivered: 0, retried: 1, failed: 0 });
    } finally {
      receiver.answer = (res) => res.writeHead(200).end('ok');
    }
    expect(receiver.hits).toBe(1);
    expect(elsewhere.hits).toBe(0);
    expect(await onlyDelivery(listed, admin, hook.id)).toMatchObject({
      state: 'pending',
      lastStatus: 307,
    });
  });
});
