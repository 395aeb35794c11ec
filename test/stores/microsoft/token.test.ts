import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type MicrosoftEmulator,
} from '../../../src/emulators/microsoft/index.js';
import {
  createMicrosoftConnectorFactory,
  StoreError,
} from '../../../src/stores/microsoft/index.js';
import { caught, connectorFor, fakeClock } from './helpers.js';

const clock = fakeClock();
let emulator: MicrosoftEmulator;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({ now: clock.now, accessTokenTtlSeconds: 3600 });
});

afterAll(async () => {
  await emulator.close();
});

function account(organizationName = 'Contoso Ltd') {
  return emulator.createAccount({
    organizationName,
    domain: 'contoso.com',
    countryCode: 'FR',
    secretExpiresAt: '2027-06-30T00:00:00Z',
    products: [{ productId: '9WZDNCRFJ3PZ', seats: 1 }],
  });
}

function tokenCalls(since: number): number {
  return emulator.requestLog.slice(since).filter((r) => r.path.endsWith('/oauth2/token')).length;
}

describe('Microsoft connector: credentials and tokens', () => {
  it('describes the directory: organisation, domain, country and client secret expiry', async () => {
    const credentials = account();
    const factory = createMicrosoftConnectorFactory({
      baseUrl: emulator.url,
      authorityUrl: emulator.authorityUrl,
      graphUrl: emulator.graphUrl,
      now: clock.now,
    });
    expect(factory.store).toBe('microsoft');
    const description = await factory.describeToken({ ...credentials, language: 'en-US' });
    expect(description).toEqual({
      organizationName: 'Contoso Ltd',
      locationName: 'contoso.com',
      locationId: credentials.tenantDirectoryId,
      expiresAt: new Date('2027-06-30T00:00:00Z'),
      claimedBy: null,
      managedBy: null,
      countryCode: 'FR',
      tenantDirectoryId: credentials.tenantDirectoryId,
      defaultDomain: 'contoso.com',
      secretExpiresAt: new Date('2027-06-30T00:00:00Z'),
    });
    const connector = factory.connect({ ...credentials, language: 'en-US' });
    expect(await connector.register({ takeover: false })).toMatchObject({
      organizationName: 'Contoso Ltd',
    });
  });

  it('says the secret expiry is unknown when Graph will not read the application', async () => {
    const credentials = account();
    const refusing: typeof fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('/applications(')) {
        return new Response(JSON.stringify({ error: { code: 'Authorization_RequestDenied' } }), {
          status: 403,
        });
      }
      return fetch(input, init);
    };
    const description = await connectorFor(emulator, credentials, {
      fetch: refusing,
      now: clock.now,
    }).describeToken();
    expect(description.secretExpiresAt).toBeNull();
    expect(description.expiresAt.getTime()).toBe(8.64e15);
  });

  it('reuses one access token, and refreshes it before it expires', async () => {
    const credentials = account();
    const connector = connectorFor(emulator, credentials, { now: clock.now });
    const mark = emulator.requestLog.length;
    await connector.listAssets();
    await connector.listAssignments();
    expect(tokenCalls(mark)).toBe(1);
    // Within five minutes of expiry (or past it), the next call fetches a new token.
    clock.advance(3_400_000);
    await connector.listAssets();
    expect(tokenCalls(mark)).toBe(2);
    clock.advance(4_000_000);
    await connector.listAssets();
    expect(tokenCalls(mark)).toBe(3);
    expect(connector.tokens.issued).toBe(3);
  });

  it('fetches one token for concurrent callers, and a new one when the store answers 401', async () => {
    const credentials = account();
    const connector = connectorFor(emulator, credentials, { now: clock.now });
    const mark = emulator.requestLog.length;
    await Promise.all([connector.listAssets(), connector.listAssets(), connector.listAssets()]);
    expect(tokenCalls(mark)).toBe(1);
    emulator.credentials(credentials.tenantDirectoryId, 'revokeTokens');
    const assets = await connector.listAssets();
    expect(assets.items).toHaveLength(1);
    expect(tokenCalls(mark)).toBe(2);
  });

  it('R-T10: tells the auth problems apart', async () => {
    const credentials = account();
    const wrongSecret = await caught(() =>
      connectorFor(emulator, { ...credentials, clientSecret: 'wrong' }).listAssets(),
    );
    expect(wrongSecret).toBeInstanceOf(StoreError);
    expect(wrongSecret).toMatchObject({
      code: 'invalidToken',
      authProblem: 'invalidToken',
      storeErrorNumber: 401,
      details: { aadsts: [7000215] },
    });
    const unknownTenant = await caught(() =>
      connectorFor(emulator, { ...credentials, tenantDirectoryId: 'nobody' }).describeToken(),
    );
    expect(unknownTenant).toMatchObject({ code: 'invalidToken', details: { aadsts: [90002] } });
    const unknownApp = await caught(() =>
      connectorFor(emulator, { ...credentials, clientId: 'other-app' }).listAssets(),
    );
    expect(unknownApp).toMatchObject({ code: 'invalidToken', details: { aadsts: [700016] } });

    const expiring = account('Expiring');
    emulator.credentials(expiring.tenantDirectoryId, 'expire');
    expect(
      await caught(() => connectorFor(emulator, expiring, { now: clock.now }).listAssets()),
    ).toMatchObject({
      code: 'tokenExpired',
      authProblem: 'tokenExpired',
    });

    const deactivated = account('Deactivated');
    emulator.credentials(deactivated.tenantDirectoryId, 'deactivate');
    const connector = connectorFor(emulator, deactivated, { now: clock.now });
    const mark = emulator.requestLog.length;
    const refused = await caught(() => connector.describeToken());
    expect(refused).toMatchObject({ code: 'loginRequired', authProblem: 'loginRequired' });
    // The 401 was retried once with a fresh token before giving up.
    expect(tokenCalls(mark)).toBe(3);
  });
});
