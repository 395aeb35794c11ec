import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import { AppleClient, StoreError } from '../../../src/stores/apple/index.js';
import { caught, connectorFor, fakeClock, MDM } from './helpers.js';

let emulator: AppleEmulator;
let sToken: string;

beforeAll(async () => {
  emulator = await startAppleEmulator({ maxRequestsPerSecond: 0 });
  ({ sToken } = emulator.createLocation({
    organizationName: 'Example',
    locationName: 'Retries',
    assets: [{ adamId: '5001', totalCount: 5 }],
  }));
});

beforeEach(() => emulator.clearFaults());

afterAll(async () => {
  await emulator.close();
});

describe('Apple connector: retries and backoff', () => {
  it('R-V8: waits as long as Retry-After says after injected 503s, then succeeds', async () => {
    const clock = fakeClock();
    emulator.injectFaults({ status: 503, retryAfterSeconds: 3, count: 2 });
    const assets = await connectorFor(emulator, sToken, clock).listAssets();
    expect(assets.items).toHaveLength(1);
    expect(clock.sleeps).toEqual([3000, 3000]);
  });

  it('R-V8: backs off exponentially on 429 without Retry-After', async () => {
    const clock = fakeClock();
    emulator.injectFaults({ status: 429, count: 3 });
    await connectorFor(emulator, sToken, clock).listAssets();
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it('R-V8: backs off on 500s and on an unreachable store', async () => {
    const clock = fakeClock();
    emulator.injectFaults({ status: 500, count: 1 });
    await connectorFor(emulator, sToken, clock).listAssets();
    expect(clock.sleeps).toEqual([1000]);

    const offline = new AppleClient({
      baseUrl: 'http://127.0.0.1:9/mdm/v2',
      sToken,
      maxRequestsPerSecond: 0,
      retry: { maxAttempts: 2 },
      ...clock,
    });
    const error = await caught(() => offline.getAssets());
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'unavailable', retryAfterSeconds: 2 });
  });

  it('gives up after maxAttempts with a typed error carrying retryAfterSeconds', async () => {
    const clock = fakeClock();
    emulator.injectFaults({ status: 503, retryAfterSeconds: 5, count: 10 });
    const connector = connectorFor(emulator, sToken, { ...clock, retry: { maxAttempts: 3 } });
    const error = await caught(() => connector.listAssets());
    expect(error).toMatchObject({
      code: 'unavailable',
      storeErrorNumber: 9729,
      retryAfterSeconds: 5,
      retryable: true,
    });
    expect(clock.sleeps).toEqual([5000, 5000]);
  });

  it('hands a Retry-After longer than it will wait straight back to the caller', async () => {
    const clock = fakeClock();
    emulator.injectFaults({ status: 503, retryAfterSeconds: 3600, count: 1 });
    const error = await caught(() => connectorFor(emulator, sToken, clock).listAssets());
    expect(error).toMatchObject({ code: 'unavailable', retryAfterSeconds: 3600 });
    expect(clock.sleeps).toEqual([]);
  });

  it('R-V8: recovers under the store rate limit (9646) with backoff', async () => {
    const clock = fakeClock();
    const limited = await startAppleEmulator({
      maxRequestsPerSecond: 3,
      now: clock.now,
      pageSize: 1,
    });
    try {
      const { sToken: t } = limited.createLocation({
        organizationName: 'O',
        locationName: 'L',
        assets: Array.from({ length: 8 }, (_, i) => ({ adamId: String(6000 + i), totalCount: 1 })),
      });
      const unpaced = connectorFor(limited, t, { ...clock, maxRequestsPerSecond: 0 });
      expect((await unpaced.listAssets()).items).toHaveLength(8);
      expect(limited.requestLog.some((r) => r.status === 429)).toBe(true);
      expect(clock.sleeps.length).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('paces itself under the store rate limit, so that no request is refused', async () => {
    // Real time here: pacing is about when requests arrive, which a fake clock blurs.
    const limited = await startAppleEmulator({ maxRequestsPerSecond: 5, pageSize: 1 });
    try {
      const { sToken: t } = limited.createLocation({
        organizationName: 'O',
        locationName: 'L',
        assets: Array.from({ length: 7 }, (_, i) => ({ adamId: String(6100 + i), totalCount: 1 })),
      });
      const paced = connectorFor(limited, t, { maxRequestsPerSecond: 5 });
      const started = Date.now();
      expect((await paced.listAssets()).items).toHaveLength(7);
      expect(limited.requestLog.filter((r) => r.status === 429)).toEqual([]);
      expect(limited.requestLog).toHaveLength(7);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await limited.close();
    }
  });

  it('does not retry a request Apple refused (storeRejected)', async () => {
    const clock = fakeClock();
    const connector = connectorFor(emulator, sToken, clock);
    const error = await caught(() =>
      connector.associate({
        products: [{ storeProductId: 'not-owned' }],
        subjects: [{ serialNumber: 'X' }],
      }),
    );
    expect(error).toMatchObject({
      code: 'storeRejected',
      storeErrorNumber: 9602,
      retryable: false,
    });
    expect(clock.sleeps).toEqual([]);
  });

  it('reads errorNumber from a 200 answer too', async () => {
    const quirky = await startAppleEmulator({ authErrorStatus: 200 });
    try {
      const client = new AppleClient({ baseUrl: quirky.url, sToken: 'bm9wZQ==', mdm: MDM });
      expect(await caught(() => client.getAssets())).toMatchObject({
        code: 'invalidToken',
        storeErrorNumber: 9622,
        authProblem: 'invalidToken',
      });
    } finally {
      await quirky.close();
    }
  });
});
