import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type AccountCredentials,
  type MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';
import { StoreError } from '../../../src/stores/microsoft/index.js';
import { caught, connectorFor, fakeClock } from './helpers.js';

let emulator: MicrosoftEmulator;
let credentials: AccountCredentials;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator();
  credentials = emulator.createAccount({
    organizationName: 'Retries',
    products: [{ productId: '9WZDNCRFJ3PZ', seats: 5 }],
    users: ['ana@contoso.com'],
  });
});

beforeEach(() => emulator.clearFaults());

afterAll(async () => {
  await emulator.close();
});

/** A connector whose clock moves only when it sleeps, with the default backoff. */
function slowConnector(clock = fakeClock(Date.now()), retry = {}) {
  return { clock, connector: connectorFor(emulator, credentials, { ...clock, retry }) };
}

describe('Microsoft connector: retries and backoff', () => {
  it('waits as long as Retry-After says after 503s on the Store API, then succeeds', async () => {
    const { clock, connector } = slowConnector();
    emulator.injectFaults({ status: 503, retryAfterSeconds: 3, count: 2, path: '/V1/' });
    const assets = await connector.listAssets();
    expect(assets.items).toHaveLength(1);
    expect(clock.sleeps).toEqual([3000, 3000]);
  });

  it('backs off exponentially on 429 without Retry-After, token endpoint included', async () => {
    const { clock, connector } = slowConnector();
    emulator.injectFaults({ status: 429, count: 2, path: '/oauth2/token' });
    emulator.injectFaults({ status: 429, count: 1, path: '/V1/' });
    await connector.associate({
      products: [{ storeProductId: '9WZDNCRFJ3PZ/0016' }],
      subjects: [{ clientUserId: 'ana@contoso.com' }],
    });
    expect(clock.sleeps).toEqual([1000, 2000, 1000]);
    expect(emulator.listInventory(credentials.tenantDirectoryId)[0]?.assignedTo).toEqual([
      'ana@contoso.com',
    ]);
  });

  it('gives up after maxAttempts with a retryable error carrying retryAfterSeconds', async () => {
    const { clock, connector } = slowConnector(undefined, { maxAttempts: 3 });
    emulator.injectFaults({ status: 503, retryAfterSeconds: 5, count: 10, path: '/V1/' });
    const error = await caught(() => connector.listAssets());
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'unavailable',
      storeErrorNumber: 503,
      retryAfterSeconds: 5,
      retryable: true,
      details: { attempts: 3 },
    });
    expect(clock.sleeps).toEqual([5000, 5000]);
  });

  it('hands a Retry-After longer than it will wait straight back, as rateLimited for 429', async () => {
    const { clock, connector } = slowConnector();
    emulator.injectFaults({ status: 429, retryAfterSeconds: 3600, count: 1, path: '/V1/' });
    const error = await caught(() => connector.listAssets());
    expect(error).toMatchObject({ code: 'rateLimited', retryAfterSeconds: 3600 });
    expect(clock.sleeps).toEqual([]);
  });

  it('treats an unreachable store as unavailable after its retries', async () => {
    const clock = fakeClock();
    const offline = connectorFor(emulator, credentials, {
      ...clock,
      authorityUrl: 'http://127.0.0.1:9',
      retry: { maxAttempts: 2 },
    });
    const error = await caught(() => offline.listAssets());
    expect(error).toMatchObject({ code: 'unavailable', retryAfterSeconds: 2 });
    expect(clock.sleeps).toEqual([1000]);
  });
});
