import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import { eventually, startListener, wire } from './helpers.js';

let emulator: AppleEmulator;
let listener: Awaited<ReturnType<typeof startListener>>;

const mdmInfo = { id: 'allot-test', name: 'Allot', metadata: '0.1.0' };
const ALL_TYPES = ['ASSET_MANAGEMENT', 'ASSET_COUNT', 'USER_MANAGEMENT', 'USER_ASSOCIATED'];

beforeAll(async () => {
  emulator = await startAppleEmulator({
    eventDelayMs: 1,
    maxRequestsPerSecond: 0,
    notificationRetryDelayMs: 5,
  });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(async () => {
  await listener?.close();
});

async function registered(assetCount = 150) {
  listener = await startListener();
  const { locationId, sToken } = emulator.createLocation({
    organizationName: 'Example',
    locationName: `Notified ${Math.random()}`,
    assets: [{ adamId: '3001', totalCount: assetCount }],
  });
  const api = wire(emulator, sToken);
  const response = await api.post('/client/config', {
    mdmInfo,
    notificationUrl: listener.url,
    notificationAuthToken: 's3cr3t',
    notificationTypes: ALL_TYPES,
  });
  expect(response.status).toBe(200);
  return { locationId, api, sToken };
}

describe('Apple emulator: client config', () => {
  it('sends a TEST_NOTIFICATION with the Bearer secret, then echoes mdmInfo everywhere', async () => {
    const { api } = await registered();
    expect(listener.received).toHaveLength(1);
    expect(listener.received[0]?.headers.authorization).toBe('Bearer s3cr3t');
    expect(listener.received[0]?.body).toMatchObject({
      notificationType: 'TEST_NOTIFICATION',
      notification: {},
      notificationId: expect.any(String),
    });
    const config = await api.get('/client/config');
    expect(config.body).toMatchObject({
      mdmInfo,
      notificationUrl: listener.url,
      notificationAuthToken: 's3cr3t',
      subscribedNotificationTypes: ALL_TYPES,
      locationName: expect.stringMatching(/^Notified/),
    });
    expect((await api.get('/assets')).body.mdmInfo).toEqual(mdmInfo);
  });

  it('refuses the config when the TEST_NOTIFICATION cannot be delivered (9728)', async () => {
    listener = await startListener(() => 500);
    const { sToken } = emulator.createLocation({ organizationName: 'O', locationName: 'L' });
    const api = wire(emulator, sToken);
    const response = await api.post('/client/config', {
      mdmInfo,
      notificationUrl: listener.url,
      notificationAuthToken: 'x',
    });
    expect([response.status, response.body.errorNumber]).toEqual([400, 9728]);
    expect((await api.get('/client/config')).body).not.toHaveProperty('mdmInfo');
  });

  it.each([
    [
      '9712 plain http off loopback',
      { notificationUrl: 'http://example.org/n', notificationAuthToken: 'x' },
      9712,
    ],
    [
      '9712 a query string',
      { notificationUrl: 'https://example.org/n?a=1', notificationAuthToken: 'x' },
      9712,
    ],
    ['9712 not a URL', { notificationUrl: 'ftp:/nope', notificationAuthToken: 'x' }, 9712],
    ['9710 a URL without secret', { notificationUrl: 'https://example.org/n' }, 9710],
    [
      '9711 a secret too long',
      { notificationUrl: 'https://example.org/n', notificationAuthToken: 'x'.repeat(513) },
      9711,
    ],
    ['9723 an incomplete mdmInfo', { mdmInfo: { id: 'x', name: 'y' } }, 9723],
    ['9724 an mdmInfo id too long', { mdmInfo: { ...mdmInfo, id: 'x'.repeat(101) } }, 9724],
    [
      '9713 mdmInfo metadata too long',
      { mdmInfo: { ...mdmInfo, metadata: 'x'.repeat(256) } },
      9713,
    ],
    ['9602 an unknown notification type', { notificationTypes: ['EVERYTHING'] }, 9602],
  ])('refuses %s', async (_label, body, errorNumber) => {
    const { sToken } = emulator.createLocation({ organizationName: 'O', locationName: 'L' });
    const response = await wire(emulator, sToken).post('/client/config', body);
    expect(response.body.errorNumber).toBe(errorNumber);
  });

  it('R-T4: a claim by another MDM overwrites mdmInfo and stops our notifications', async () => {
    const { locationId, api } = await registered();
    emulator.setTokenState(locationId, { action: 'claim', mdmName: 'Other MDM' });
    const { body } = await api.get('/assets');
    expect(body.mdmInfo).toMatchObject({ name: 'Other MDM' });
    expect(body.mdmInfo).not.toMatchObject({ id: mdmInfo.id });
    emulator.buy(locationId, { adamId: '3001', totalCount: 1 });
    expect(emulator.clientConfig(locationId).notificationUrl).toBeUndefined();
  });
});

describe('Apple emulator: notifications', () => {
  it('sends ASSET_MANAGEMENT in batches of at most 100, with the failures apart', async () => {
    const { api } = await registered(120);
    const serialNumbers = Array.from({ length: 130 }, (_, i) => `SN${i}`);
    const { body } = await api.post('/assets/associate', {
      assets: [{ adamId: '3001', pricingParam: 'STDQ' }],
      serialNumbers,
    });
    const batches = await eventually(() => {
      const found = listener.received.filter((r) => r.body.notificationType === 'ASSET_MANAGEMENT');
      if (found.length < 3) throw new Error('waiting');
      return found.map((r) => r.body.notification);
    });
    expect(batches.map((n) => [n.result, (n.assignments as unknown[]).length])).toEqual([
      ['SUCCESS', 100],
      ['SUCCESS', 20],
      ['FAILURE', 10],
    ]);
    expect(batches.every((n) => n.eventId === body.eventId && n.type === 'ASSOCIATE')).toBe(true);
    expect(batches[2]?.error).toEqual({ errorNumber: 9709, errorMessage: expect.any(String) });
  });

  it('sends USER_MANAGEMENT on user events and USER_ASSOCIATED when an invitation is accepted', async () => {
    const { locationId, api } = await registered();
    await api.post('/users/create', { users: [{ clientUserId: 'u-7', email: 'u7@example.org' }] });
    const created = await eventually(() => {
      const n = listener.received.find((r) => r.body.notificationType === 'USER_MANAGEMENT');
      if (!n) throw new Error('waiting');
      return n.body.notification;
    });
    expect(created).toMatchObject({
      type: 'CREATE',
      result: 'SUCCESS',
      users: [{ clientUserId: 'u-7', status: 'Registered', inviteCode: expect.any(String) }],
    });

    emulator.acceptInvitation(locationId, 'u-7');
    const associated = await eventually(() => {
      const n = listener.received.find((r) => r.body.notificationType === 'USER_ASSOCIATED');
      if (!n) throw new Error('waiting');
      return n.body;
    });
    expect(associated.uId).toBe(locationId);
    expect(associated.notification).toEqual({
      associatedUsers: [
        expect.objectContaining({
          clientUserId: 'u-7',
          status: 'Associated',
          idHash: expect.any(String),
        }),
      ],
    });
  });

  it('sends ASSET_COUNT with the signed delta on purchase and refund', async () => {
    const { locationId } = await registered(10);
    emulator.buy(locationId, { adamId: '3001', totalCount: 5 });
    emulator.buy(locationId, { adamId: '3001', totalCount: -3 });
    const deltas = await eventually(() => {
      const found = listener.received.filter((r) => r.body.notificationType === 'ASSET_COUNT');
      if (found.length < 2) throw new Error('waiting');
      return found.map((r) => r.body.notification.countDelta);
    });
    expect(deltas.sort()).toEqual([-3, 5]);
    expect(emulator.listAssets(locationId)[0]).toMatchObject({ totalCount: 12 });
    expect(() => emulator.buy(locationId, { adamId: '3001', totalCount: -20 })).toThrow(
      /unassigned/,
    );
  });

  it('tries a notification up to 3 times, then gives up', async () => {
    // The receiver takes the TEST_NOTIFICATION, then fails everything.
    listener = await startListener((n) => (n === 1 ? 200 : 503));
    const { sToken } = emulator.createLocation({ organizationName: 'O', locationName: 'retry' });
    const api = wire(emulator, sToken);
    await api.post('/client/config', {
      mdmInfo,
      notificationUrl: listener.url,
      notificationAuthToken: 'x',
      notificationTypes: ['USER_MANAGEMENT'],
    });
    await api.post('/users/create', { users: [{ clientUserId: 'z' }] });
    const entry = await eventually(() => {
      const e = emulator.notifications.find(
        (n) => n.url === listener.url && n.envelope.notificationType === 'USER_MANAGEMENT',
      );
      if (!e || e.attempts < 3) throw new Error('waiting');
      return e;
    });
    expect(entry).toMatchObject({ attempts: 3, delivered: false });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(listener.attempts()).toBe(4);
  });
});
