import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  appleAccountBody,
  newLocation,
  poolOf,
  registerStoreUser,
  runJobs,
} from '../helpers/appleAccounts.js';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let apple: AppleEmulator;
let t: TestApp;
let publicUrl: string;
beforeAll(async () => {
  apple = await startAppleEmulator({
    port: 0,
    maxRequestsPerSecond: 0,
    eventDelayMs: 5,
    notificationRetryDelayMs: 20,
  });
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  t = await createTestApp({ env: { ALLOT_APPLE_API_URL: apple.url, ALLOT_PUBLIC_URL: publicUrl } });
  await t.app.listen({ port, host: '127.0.0.1' });
});
afterAll(async () => {
  await apple.close();
  await t.close();
});

/** Waits until the emulator's latest notification of `type` was delivered (or gave up). */
async function delivered(type: string, since: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const entry = apple.notifications
      .slice(since)
      .find((n) => n.envelope.notificationType === type);
    if (entry?.delivered) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${type} was not delivered`);
}

async function connected(admin: any) {
  const { locationId, sToken } = newLocation(apple);
  const created = await admin.post('/accounts', appleAccountBody(sToken));
  expect(created.status).toBe(201);
  await runJobs(t);
  const secret = apple.clientConfig(locationId).notificationAuthToken!;
  return { id: created.body.id as string, locationId, secret, created: created.body };
}

function notify(accountId: string, body: unknown, authorization?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/store-notifications/apple/${accountId}`,
    headers: authorization === undefined ? {} : { authorization },
    payload: body as object,
  });
}

describe('store push notifications', () => {
  it('R-T7: the URL is registered with the store, which checks it with a test notification', async () => {
    const { admin } = await t.newTenant();
    const before = apple.notifications.length;
    const { id, locationId, secret, created } = await connected(admin);
    expect(created.warnings).toHaveLength(1);
    const config = apple.clientConfig(locationId);
    expect(config.notificationUrl).toBe(`${publicUrl}/api/v1/store-notifications/apple/${id}`);
    expect(config.notificationTypes).toEqual(
      expect.arrayContaining(['ASSET_COUNT', 'ASSET_MANAGEMENT', 'USER_ASSOCIATED']),
    );
    const test = apple.notifications.slice(before).find((n) => n.url === config.notificationUrl);
    expect(test).toMatchObject({
      delivered: true,
      envelope: { notificationType: 'TEST_NOTIFICATION' },
    });
    // Only the secret's hash is stored.
    const row = await t.ctx.db.kysely
      .selectFrom('accounts')
      .select('notificationSecretHash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.notificationSecretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.notificationSecretHash).not.toContain(secret);
  });

  it('R-T7: a purchase pushed by the store triggers an incremental sync', async () => {
    const { admin } = await t.newTenant();
    const { id, locationId } = await connected(admin);
    const before = apple.notifications.length;
    apple.buy(locationId, { adamId: '1001', totalCount: 5 });
    await delivered('ASSET_COUNT', before);
    const queued = await t.ctx.db.kysely
      .selectFrom('jobs')
      .select('payload')
      .where('subjectId', '=', id)
      .where('state', '=', 'queued')
      .execute();
    expect(queued.map((j) => JSON.parse(j.payload))).toEqual([{ accountId: id, full: false }]);
    await runJobs(t);
    expect((await poolOf(t, id, '1001')).total).toBe(15);
  });

  it('R-A10: a user accepting the invitation is joined at once', async () => {
    const { admin } = await t.newTenant();
    const { id, locationId } = await connected(admin);
    const kim = (await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).body;
    await registerStoreUser(t, id, kim.id, 'registered');
    apple.seed(locationId, { users: [{ clientUserId: kim.id, status: 'Registered' }] });
    const before = apple.notifications.length;
    apple.acceptInvitation(locationId, kim.id);
    await delivered('USER_ASSOCIATED', before);
    expect((await admin.get(`/users/${kim.id}`)).body.enrolment).toBe('joined');
    const activity = (await admin.get(`/activity?subjectId=${kim.id}&action=user.enrolment`)).body;
    expect(activity.items[0].after).toEqual({ enrolment: 'joined' });
  });

  it('checks the secret, refuses unknown accounts and drops duplicates', async () => {
    const { admin } = await t.newTenant();
    const { id, locationId, secret } = await connected(admin);
    const test = {
      notificationId: 'n-1',
      notificationType: 'TEST_NOTIFICATION',
      uId: locationId,
      notification: {},
    };
    expect((await notify(id, test)).statusCode).toBe(401);
    expect((await notify(id, test, 'Bearer wrong')).statusCode).toBe(401);
    expect((await notify('no-such-account', test, `Bearer ${secret}`)).statusCode).toBe(404);

    const first = await notify(id, test, `Bearer ${secret}`);
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ received: true, duplicate: false, action: 'none' });
    const count = {
      notificationId: 'n-2',
      notificationType: 'ASSET_COUNT',
      uId: locationId,
      notification: { adamId: '1001', pricingParam: 'STDQ', countDelta: 1 },
    };
    expect(JSON.parse((await notify(id, count, `Bearer ${secret}`)).body).action).toBe(
      'syncQueued',
    );
    const again = await notify(id, count, `Bearer ${secret}`);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
    const jobs = await t.ctx.db.kysely
      .selectFrom('jobs')
      .select('id')
      .where('subjectId', '=', id)
      .where('state', '=', 'queued')
      .execute();
    expect(jobs).toHaveLength(1);

    const elsewhere = await notify(
      id,
      { ...count, notificationId: 'n-3', uId: '999' },
      `Bearer ${secret}`,
    );
    expect(elsewhere.statusCode).toBe(400);
    const malformed = await notify(id, { notificationType: 'ASSET_COUNT' }, `Bearer ${secret}`);
    expect(malformed.statusCode).toBe(400);
    expect(JSON.parse(malformed.body).error.code).toBe('INVALID_NOTIFICATION');
  });

  it('an account whose notification URL the store refuses is still added, with a warning', async () => {
    const { admin } = await t.newTenant();
    const original = t.ctx.config.publicUrl;
    t.ctx.config.publicUrl = `http://127.0.0.1:${await freePort()}`;
    try {
      const { locationId, sToken } = newLocation(apple);
      const created = await admin.post('/accounts', appleAccountBody(sToken));
      expect(created.status).toBe(201);
      expect(created.body.warnings).toHaveLength(2);
      expect(created.body.warnings[1]).toMatch(/push notifications/);
      expect(apple.clientConfig(locationId).notificationUrl).toBeUndefined();
      await runJobs(t);
      expect((await admin.get(`/accounts/${created.body.id}`)).body.status).toBe('healthy');
    } finally {
      t.ctx.config.publicUrl = original;
    }
  });
});
