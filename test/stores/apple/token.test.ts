import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import {
  createAppleConnectorFactory,
  isAuthorizedNotification,
  NotificationDeduper,
  parseAppleNotification,
  StoreError,
} from '../../../src/stores/apple/index.js';
import { eventually, startListener } from '../../emulators/apple/helpers.js';
import { caught, connectorFor, fakeClock, MDM } from './helpers.js';

let emulator: AppleEmulator;

beforeAll(async () => {
  emulator = await startAppleEmulator({ maxRequestsPerSecond: 0, eventDelayMs: 1 });
});

afterAll(async () => {
  await emulator.close();
});

function location() {
  return emulator.createLocation({
    organizationName: 'Example',
    locationName: 'Tokens',
    assets: [{ adamId: '9001', totalCount: 10 }],
  });
}

describe('Apple connector: token state', () => {
  it('R-T10: tells invalidToken, tokenExpired, tokenRevoked and loginRequired apart', async () => {
    const problem = async (sToken: string) => {
      const error = await caught(() => connectorFor(emulator, sToken).listAssets());
      expect(error).toBeInstanceOf(StoreError);
      return [error.code, error.authProblem, error.storeErrorNumber, error.retryable];
    };
    const unknown = Buffer.from(
      '{"token":"x","expDate":"2030-01-01T00:00:00+0000","orgName":"O"}',
    ).toString('base64');
    expect(await problem(unknown)).toEqual(['invalidToken', 'invalidToken', 9622, false]);

    const expired = location();
    emulator.setTokenState(expired.locationId, { action: 'expire' });
    expect(await problem(expired.sToken)).toEqual(['tokenExpired', 'tokenExpired', 9621, false]);

    const revoked = location();
    emulator.setTokenState(revoked.locationId, { action: 'revoke' });
    expect(await problem(revoked.sToken)).toEqual(['tokenRevoked', 'tokenRevoked', 9625, false]);

    const fine = location();
    emulator.injectFaults({ status: 401, errorNumber: 9601, count: 1 });
    expect(await problem(fine.sToken)).toEqual(['loginRequired', 'loginRequired', 9601, false]);
    emulator.injectFaults({ status: 401, errorNumber: 9722, count: 1 });
    expect(await problem(fine.sToken)).toEqual(['invalidToken', 'invalidToken', 9722, false]);
  });

  it('R-T4: detects a token claimed by another product', async () => {
    const { locationId, sToken } = location();
    const connector = connectorFor(emulator, sToken);
    const mine = await connector.register({ takeover: false });
    expect(mine).toMatchObject({
      claimedBy: null,
      managedBy: { id: MDM.id, name: 'Allot', version: '0.1.0' },
    });
    expect((await connector.listAssets()).items).toHaveLength(1);

    emulator.setTokenState(locationId, { action: 'claim', mdmName: 'Jamf Pro' });
    const error = await caught(() => connector.listAssets());
    expect(error).toMatchObject({
      code: 'claimedElsewhere',
      details: expect.objectContaining({ claimedBy: 'Jamf Pro' }),
    });
    expect(await connector.describeToken()).toMatchObject({ claimedBy: 'Jamf Pro' });
    expect(await caught(() => connector.register({ takeover: false }))).toMatchObject({
      code: 'claimedElsewhere',
    });

    // An explicit takeover writes our mdmInfo over theirs; then everything works again.
    const taken = await connector.register({ takeover: true });
    expect(taken.claimedBy).toBeNull();
    expect((await connector.listAssignments()).items).toEqual([]);
    expect(emulator.clientConfig(locationId).mdmInfo).toMatchObject({ id: MDM.id });
  });

  it('R-T4: refuses to register over a product that held the token first', async () => {
    const { locationId, sToken } = location();
    emulator.setTokenState(locationId, { action: 'claim', mdmName: 'Intune' });
    const connector = connectorFor(emulator, sToken);
    expect(await connector.describeToken()).toMatchObject({
      claimedBy: 'Intune',
      managedBy: expect.objectContaining({ name: 'Intune' }),
    });
    expect(await caught(() => connector.register({ takeover: false }))).toMatchObject({
      code: 'claimedElsewhere',
    });
  });

  it('registers for notifications; they arrive with the Bearer secret and parse', async () => {
    const listener = await startListener();
    try {
      const { locationId, sToken } = location();
      const connector = connectorFor(emulator, sToken);
      await connector.register({
        takeover: false,
        notificationUrl: listener.url,
        notificationSecret: 'per-account-secret',
      });
      expect(emulator.clientConfig(locationId)).toMatchObject({
        notificationUrl: listener.url,
        notificationAuthToken: 'per-account-secret',
        notificationTypes: [
          'ASSET_MANAGEMENT',
          'ASSET_COUNT',
          'USER_MANAGEMENT',
          'USER_ASSOCIATED',
        ],
      });

      await connector.associate({
        products: [{ storeProductId: '9001' }],
        subjects: [{ serialNumber: 'N1' }],
      });
      emulator.buy(locationId, { adamId: '9001', totalCount: 2 });
      const received = await eventually(() => {
        if (listener.received.length < 3) throw new Error('waiting');
        return listener.received;
      });
      for (const r of received) {
        expect(isAuthorizedNotification(r.headers.authorization, 'per-account-secret')).toBe(true);
        expect(isAuthorizedNotification(r.headers.authorization, 'another-secret')).toBe(false);
      }
      const parsed = received.map((r) => parseAppleNotification(r.body));
      expect(parsed.map((p) => p.type).sort()).toEqual([
        'ASSET_COUNT',
        'ASSET_MANAGEMENT',
        'TEST_NOTIFICATION',
      ]);
      expect(parsed.find((p) => p.type === 'ASSET_MANAGEMENT')).toMatchObject({
        uId: locationId,
        operation: 'ASSOCIATE',
        result: 'SUCCESS',
        assignments: [{ storeProductId: '9001', pricingParam: 'STDQ', serialNumber: 'N1' }],
      });
      expect(parsed.find((p) => p.type === 'ASSET_COUNT')).toMatchObject({
        storeProductId: '9001',
        countDelta: 2,
      });
    } finally {
      await listener.close();
    }
  });

  it('R-T3: a factory describes tokens, refusing malformed content before any call', async () => {
    const factory = createAppleConnectorFactory({
      baseUrl: emulator.url,
      mdm: MDM,
      maxRequestsPerSecond: 0,
    });
    const { locationId, sToken } = location();
    expect(await factory.describeToken(sToken)).toMatchObject({
      locationId,
      locationName: 'Tokens',
    });
    const before = emulator.stats.requests;
    expect(await caught(() => factory.describeToken('not a token'))).toMatchObject({
      code: 'INVALID_TOKEN',
    });
    expect(emulator.stats.requests).toBe(before);
  });

  it('R-T4: a write accepted while another product holds the token names its event', async () => {
    const { locationId, sToken } = location();
    const connector = connectorFor(emulator, sToken);
    await connector.register({ takeover: false });
    emulator.setTokenState(locationId, { action: 'claim' });
    const error = await caught(() =>
      connector.client.associate({
        assets: [{ adamId: '9001', pricingParam: 'STDQ' }],
        serialNumbers: ['Z'],
      }),
    );
    expect(error).toMatchObject({
      code: 'claimedElsewhere',
      details: expect.objectContaining({ acceptedEventId: expect.any(String) }),
    });
  });

  it('refuses a notification URL Apple would not accept', async () => {
    const { sToken } = location();
    const error = await caught(() =>
      connectorFor(emulator, sToken).register({
        takeover: false,
        notificationUrl: 'http://allot.example.org/hook',
        notificationSecret: 'x',
      }),
    );
    expect(error).toMatchObject({ code: 'storeRejected', storeErrorNumber: 9712 });
  });
});

describe('Apple notifications', () => {
  it('parses failures, user events and unknown types; refuses malformed bodies', () => {
    const failure = parseAppleNotification({
      notificationId: 'n-1',
      notificationType: 'ASSET_MANAGEMENT',
      uId: 'u',
      notification: {
        eventId: 'e-1',
        type: 'ASSOCIATE',
        result: 'FAILURE',
        assignments: [{ adamId: '1', pricingParam: 'STDQ', serialNumber: 'S' }],
        error: { errorNumber: 9709, errorMessage: 'Not enough assets available.' },
      },
    });
    expect(failure).toMatchObject({
      eventId: 'e-1',
      result: 'FAILURE',
      error: { errorNumber: 9709 },
    });
    const joined = parseAppleNotification({
      notificationId: 'n-2',
      notificationType: 'USER_ASSOCIATED',
      uId: 'u',
      notification: { associatedUsers: [{ clientUserId: 'c', idHash: 'h', status: 'Associated' }] },
    });
    expect(joined).toMatchObject({
      users: [{ clientUserId: 'c', status: 'associated', accountHash: 'h' }],
    });
    const other = parseAppleNotification({
      notificationId: 'n-3',
      notificationType: 'SUBSCRIPTION_COUNT',
      uId: 'u',
      notification: { x: 1 },
    });
    expect(other).toMatchObject({ type: 'OTHER', notificationType: 'SUBSCRIPTION_COUNT' });
    expect(() => parseAppleNotification({ notificationType: 'TEST_NOTIFICATION' })).toThrow(
      /notificationId/,
    );
    expect(() => parseAppleNotification('nope')).toThrow(
      expect.objectContaining({ code: 'INVALID_NOTIFICATION' }),
    );
  });

  it('drops duplicate notification ids for ten minutes', () => {
    const clock = fakeClock();
    const dedupe = new NotificationDeduper(10 * 60 * 1000, clock.now);
    expect(dedupe.firstTime('a')).toBe(true);
    expect(dedupe.firstTime('a')).toBe(false);
    clock.advance(10 * 60 * 1000);
    expect(dedupe.firstTime('a')).toBe(true);
  });

  it('refuses missing or malformed Authorization headers', () => {
    expect(isAuthorizedNotification(undefined, 's')).toBe(false);
    expect(isAuthorizedNotification('Basic s', 's')).toBe(false);
    expect(isAuthorizedNotification('Bearer s', '')).toBe(false);
    expect(isAuthorizedNotification('bearer s', 's')).toBe(true);
  });
});
