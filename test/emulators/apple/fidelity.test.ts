/**
 * The emulator behaves as Apple does in production, for every client that runs against it
 * (issue 17): the order of checks, Apple's error body on unknown paths, the v1 user
 * registration still in use, a versionId per paged endpoint, the content metadata lookup
 * keyed by adamId, and ASSET_MANAGEMENT notifications for failed revokes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import { eventually, startListener, wire } from './helpers.js';

let emulator: AppleEmulator;
let listener: Awaited<ReturnType<typeof startListener>> | undefined;

beforeAll(async () => {
  emulator = await startAppleEmulator({ eventDelayMs: 1, maxRequestsPerSecond: 0, pageSize: 2 });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

function newLocation() {
  const { locationId, sToken } = emulator.createLocation({
    organizationName: 'Example School',
    locationName: `Site ${Math.random()}`,
    assets: [
      {
        adamId: '361309726',
        name: 'Pages',
        bundleId: 'com.apple.Pages',
        totalCount: 5,
        price: 0.99,
        version: '14.1',
        artistName: 'Apple',
      },
      { adamId: '361309727', name: 'Mac Tool', supportedPlatforms: ['macOS'], totalCount: 1 },
      { adamId: '361309728', name: 'Field Guide', productType: 'Book', totalCount: 2 },
    ],
  });
  return { locationId, sToken, api: wire(emulator, sToken) };
}

async function json(response: Response): Promise<[number, Record<string, unknown>]> {
  return [response.status, (await response.json()) as Record<string, unknown>];
}

describe('Apple emulator: paths and the order of checks', () => {
  it("answers every path it does not serve in Apple's error shape, not Fastify's", async () => {
    for (const path of ['/mdm/v2/nope', '/mdm/getVPPAssetsSrv', '/favicon.ico', '/']) {
      const [status, body] = await json(await fetch(`${emulator.origin}${path}`));
      expect(status, path).toBe(404);
      expect(body, path).toEqual({
        errorNumber: 9602,
        errorMessage: 'Invalid argument: no such endpoint.',
      });
    }
    // The control API keeps Allot's own error body.
    const [status, body] = await json(await fetch(`${emulator.controlUrl}/nope`));
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('checks the method first, then the token, then the content type', async () => {
    const { sToken } = newLocation();
    const send = (method: string, token: string, contentType: string) =>
      fetch(`${emulator.url}/assets/associate`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        ...(method !== 'GET' && { body: '{}' }),
      }).then(json);
    // A wrong method is wrong for everyone: 9726 even with a bad token.
    expect(await send('PUT', 'bad', 'text/plain')).toEqual([
      405,
      expect.objectContaining({ errorNumber: 9726 }),
    ]);
    // The body of a request that is not authenticated is never read: 9622, not 9727.
    expect(await send('POST', 'bad', 'text/plain')).toEqual([
      200,
      expect.objectContaining({ errorNumber: 9622 }),
    ]);
    expect(await send('POST', sToken, 'text/plain')).toEqual([
      415,
      expect.objectContaining({ errorNumber: 9727 }),
    ]);
  });
});

describe('Apple emulator: the v1 registerVPPUserSrv call', () => {
  const register = (body: unknown, contentType = 'application/x-www-form-urlencoded') =>
    fetch(emulator.v1RegisterUserUrl, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: JSON.stringify(body),
    }).then(json);

  it('registers a user with the sToken in the body, synchronously, and v2 then knows them', async () => {
    const { locationId, sToken, api } = newLocation();
    const [status, first] = await register({
      sToken,
      clientUserIdStr: 'v1-user',
      email: 'kim@example.org',
    });
    expect(status).toBe(200);
    expect(first).toEqual({
      status: 0,
      user: {
        userId: expect.any(Number),
        clientUserIdStr: 'v1-user',
        email: 'kim@example.org',
        status: 'Registered',
        inviteCode: expect.any(String),
        inviteUrl: expect.stringContaining('inviteCode='),
      },
    });
    // Registering an active clientUserId again returns the same user.
    const [, again] = await register({ sToken, clientUserIdStr: 'v1-user' }, 'application/json');
    expect(again).toEqual(first);
    const [, managed] = await register({
      sToken,
      clientUserIdStr: 'v1-managed',
      managedAppleIDStr: 'lee@appleid.example.org',
    });
    expect(managed.user).toMatchObject({ status: 'Associated', itsIdHash: expect.any(String) });

    expect(emulator.listUsers(locationId).map((u) => u.clientUserId)).toEqual([
      'v1-user',
      'v1-managed',
    ]);
    const associate = await api.post('/assets/associate', {
      assets: [{ adamId: '361309726', pricingParam: 'STDQ' }],
      clientUserIds: ['v1-user'],
    });
    expect(associate.body.eventId).toEqual(expect.any(String));
  });

  it('answers v1 errors as v1 does: HTTP 200, status -1, errorNumber', async () => {
    const { sToken } = newLocation();
    expect(await register({ clientUserIdStr: 'x' })).toEqual([
      200,
      expect.objectContaining({ status: -1, errorNumber: 9601 }),
    ]);
    expect(await register({ sToken: 'bm9wZQ==', clientUserIdStr: 'x' })).toEqual([
      200,
      expect.objectContaining({ status: -1, errorNumber: 9622 }),
    ]);
    expect(await register({ sToken })).toEqual([
      200,
      expect.objectContaining({ status: -1, errorNumber: 9602 }),
    ]);
    expect(await register({ sToken, clientUserIdStr: 'x', email: 'not-an-email' })).toEqual([
      200,
      expect.objectContaining({ status: -1, errorNumber: 9717 }),
    ]);
    const [status, wrongMethod] = await json(await fetch(emulator.v1RegisterUserUrl));
    expect([status, wrongMethod.errorNumber]).toEqual([200, 9726]);
  });
});

describe('Apple emulator: one versionId per paged endpoint', () => {
  it("R-T7: a user change does not move the assignments' version, and versionIds do not cross endpoints", async () => {
    const { locationId, api } = newLocation();
    emulator.seed(locationId, { assignments: [{ adamId: '361309726', serialNumber: 'S1' }] });
    const assignments = (await api.get('/assignments')).body.versionId as string;
    const users = (await api.get('/users')).body.versionId as string;
    const assets = (await api.get('/assets')).body.versionId as string;

    emulator.seed(locationId, { users: [{ clientUserId: 'u-new' }] });
    expect((await api.get('/assignments')).body.versionId).toBe(assignments);
    expect((await api.get('/assets')).body.versionId).toBe(assets);
    expect((await api.get('/users')).body.versionId).not.toBe(users);

    expect((await api.get(`/assignments?sinceVersionId=${users}`)).body.errorNumber).toBe(9721);
    expect((await api.get(`/users?sinceVersionId=${assignments}`)).body.errorNumber).toBe(9721);

    // A licence moves the assignments and the assets (their counts), not the users.
    const usersNow = (await api.get('/users')).body.versionId;
    emulator.seed(locationId, { assignments: [{ adamId: '361309726', serialNumber: 'S2' }] });
    expect((await api.get('/assignments')).body.versionId).not.toBe(assignments);
    expect((await api.get('/assets')).body.versionId).not.toBe(assets);
    expect((await api.get('/users')).body.versionId).toBe(usersNow);
  });
});

describe('Apple emulator: content metadata lookup', () => {
  it('answers the contentMetadataLookup URL of /service/config with results keyed by adamId', async () => {
    newLocation();
    const config = (await (await fetch(`${emulator.url}/service/config`)).json()) as {
      urls: Record<string, string>;
    };
    expect(config.urls.contentMetadataLookup).toBe(emulator.contentMetadataUrl);
    const url = new URL(config.urls.contentMetadataLookup!);
    for (const [k, v] of Object.entries({
      version: '2',
      id: '361309726,361309727,361309728,404',
      p: 'mdm-lockup',
      caller: 'MDM',
      platform: 'volumestore',
      cc: 'us',
      l: 'en',
    })) {
      url.searchParams.set(k, v);
    }
    const [status, body] = await json(await fetch(url));
    expect(status).toBe(200);
    const results = body.results as Record<string, Record<string, unknown>>;
    expect(Object.keys(results)).toEqual(['361309726', '361309727', '361309728']);
    expect(results['361309726']).toEqual({
      id: '361309726',
      name: 'Pages',
      artistName: 'Apple',
      kind: 'iosSoftware',
      bundleId: 'com.apple.Pages',
      deviceFamilies: ['iphone', 'ipad', 'ipod', 'mac'],
      isVppDeviceBasedLicensingEnabled: true,
      genreNames: ['Education'],
      url: 'https://apps.apple.com/us/app/id361309726',
      offers: [
        {
          type: 'buy',
          price: 0.99,
          priceFormatted: '0.99 USD',
          currencyCode: 'USD',
          version: { display: '14.1', externalId: expect.any(Number) },
        },
      ],
    });
    expect(results['361309727']).toMatchObject({ kind: 'macSoftware', deviceFamilies: ['mac'] });
    expect(results['361309728']).toMatchObject({
      kind: 'ebook',
      isVppDeviceBasedLicensingEnabled: false,
    });
    expect(results['361309728']).not.toHaveProperty('bundleId');
  });
});

describe('Apple emulator: revokes that fail are notified', () => {
  it('sends FAILURE notifications for a revoke of an unknown user (9609) and of a subject holding nothing', async () => {
    listener = await startListener();
    const { locationId, api } = newLocation();
    const configured = await api.post('/client/config', {
      mdmInfo: { id: 'mdm', name: 'MDM', metadata: '1' },
      notificationUrl: listener.url,
      notificationAuthToken: 'secret',
      notificationTypes: ['ASSET_MANAGEMENT'],
    });
    expect(configured.status).toBe(200);
    emulator.seed(locationId, { assignments: [{ adamId: '361309726', serialNumber: 'HELD' }] });

    const { body } = await api.post('/assets/revoke', {
      serialNumbers: ['HELD', 'EMPTY'],
      clientUserIds: ['ghost'],
    });
    const managed = await eventually(() => {
      const found = listener!.received.filter(
        (r) => r.body.notificationType === 'ASSET_MANAGEMENT',
      );
      if (found.length < 3) throw new Error('waiting');
      return found.map((r) => r.body.notification);
    });
    expect(managed).toEqual(
      expect.arrayContaining([
        {
          eventId: body.eventId,
          type: 'REVOKE',
          result: 'SUCCESS',
          assignments: [{ adamId: '361309726', pricingParam: 'STDQ', serialNumber: 'HELD' }],
        },
        {
          eventId: body.eventId,
          type: 'REVOKE',
          result: 'FAILURE',
          assignments: [{ serialNumber: 'EMPTY' }],
          error: { errorNumber: 9602, errorMessage: expect.stringContaining('no revocable') },
        },
        {
          eventId: body.eventId,
          type: 'REVOKE',
          result: 'FAILURE',
          assignments: [{ clientUserId: 'ghost' }],
          error: { errorNumber: 9609, errorMessage: 'Registered user not found.' },
        },
      ]),
    );
    const status = await api.get(`/status?eventId=${String(body.eventId)}`);
    expect(status.body).toMatchObject({ eventStatus: 'FAILED', numRequested: 3, numCompleted: 1 });
  });
});
