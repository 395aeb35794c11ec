import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import { wire } from './helpers.js';

let emulator: AppleEmulator;
let locationId: string;
let sToken: string;

beforeAll(async () => {
  emulator = await startAppleEmulator({ pageSize: 2, eventDelayMs: 1, maxRequestsPerSecond: 0 });
  ({ locationId, sToken } = emulator.createLocation({
    organizationName: 'Example School',
    locationName: 'Main Campus',
    assets: [
      { adamId: '1001', totalCount: 10, name: 'Maps Pro', price: 2.99 },
      { adamId: '1002', totalCount: 3, pricingParam: 'PLUS' },
      { adamId: '1003', productType: 'Book', totalCount: 5 },
      { adamId: '1004', price: 0 },
      { adamId: '1005', totalCount: 1, deviceAssignable: false },
    ],
  }));
});

afterAll(async () => {
  await emulator.close();
});

describe('Apple emulator: transport and auth', () => {
  it('serves /service/config without auth, with limits, urls, types and error codes', async () => {
    const response = await fetch(`${emulator.url}/service/config`);
    const body = (await response.json()) as Record<string, Record<string, unknown>>;
    expect(response.status).toBe(200);
    expect(body.limits).toMatchObject({ maxAssets: 25, maxSerialNumbers: 1000, maxUsers: 100 });
    expect(body.urls?.getAssets).toBe(`${emulator.url}/assets`);
    expect(body.urls?.contentMetadataLookup).toBe(emulator.contentMetadataUrl);
    expect(body.notificationTypes).toContain('ASSET_COUNT');
    expect(body.errorCodes).toContainEqual({
      errorNumber: 9709,
      errorMessage: 'Not enough assets available.',
    });
  });

  it("R-T10: answers each auth problem with its own error number, in an HTTP 200 as Apple's production does", async () => {
    const call = async (authorization?: string) => {
      const response = await fetch(`${emulator.url}/assets`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      return [response.status, ((await response.json()) as { errorNumber: number }).errorNumber];
    };
    expect(await call()).toEqual([200, 9601]);
    expect(await call(`Basic ${sToken}`)).toEqual([200, 9722]);
    expect(await call('Bearer bm90LWEtdG9rZW4=')).toEqual([200, 9622]);

    const other = emulator.createLocation({ organizationName: 'O', locationName: 'L' });
    emulator.setTokenState(other.locationId, { action: 'expire' });
    expect(await call(`Bearer ${other.sToken}`)).toEqual([200, 9621]);
    emulator.setTokenState(other.locationId, { action: 'revoke' });
    expect(await call(`Bearer ${other.sToken}`)).toEqual([200, 9625]);
    const { sToken: renewed } = emulator.setTokenState(other.locationId, { action: 'renew' });
    const ok = await fetch(`${emulator.url}/assets`, {
      headers: { authorization: `Bearer ${renewed}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).not.toHaveProperty('errorNumber');
  });

  it('answers auth errors with HTTP 401, as Apple documents, when told to (authErrorStatus)', async () => {
    const documented = await startAppleEmulator({ authErrorStatus: 401 });
    try {
      const response = await fetch(`${documented.url}/assets`, {
        headers: { authorization: 'Bearer x' },
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ errorNumber: 9622 });
    } finally {
      await documented.close();
    }
    await expect(startAppleEmulator({ authErrorStatus: 403 as 401 })).rejects.toThrow(/200 or 401/);
  });

  it('refuses a wrong method (9726/405) and a wrong content type (9727/415)', async () => {
    const api = wire(emulator, sToken);
    const wrongMethod = await api.call('DELETE', '/assets');
    expect([wrongMethod.status, wrongMethod.body.errorNumber]).toEqual([405, 9726]);
    const getOnPost = await api.get('/assets/associate');
    expect(getOnPost.body.errorNumber).toBe(9726);
    const response = await fetch(`${emulator.url}/assets/associate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sToken}`, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ errorNumber: 9727 });
  });

  it('answers 9602 for a body that is not JSON, but only once the caller is authenticated', async () => {
    const post = (authorization?: string) =>
      fetch(`${emulator.url}/assets/revoke`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization !== undefined && { authorization }),
        },
        body: '{not json',
      }).then(async (r) => [r.status, ((await r.json()) as { errorNumber: number }).errorNumber]);
    expect(await post()).toEqual([200, 9601]);
    expect(await post(`Bearer ${sToken}`)).toEqual([400, 9602]);
  });

  it('adds uId, tokenExpirationDate and (once set) mdmInfo to every response', async () => {
    const { body } = await wire(emulator, sToken).get('/assets');
    expect(body.uId).toBe(locationId);
    expect(body.tokenExpirationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    expect(body.mdmInfo).toBeUndefined();
  });
});

describe('Apple emulator: paged, versioned listings', () => {
  it('pages /assets with currentPageIndex, nextPageIndex, size, totalPages', async () => {
    const api = wire(emulator, sToken);
    const first = await api.get('/assets');
    expect(first.body).toMatchObject({
      currentPageIndex: 0,
      nextPageIndex: 1,
      size: 2,
      totalPages: 3,
    });
    const last = await api.get('/assets?pageIndex=2');
    expect(last.body).toMatchObject({ currentPageIndex: 2, size: 1, totalPages: 3 });
    expect(last.body).not.toHaveProperty('nextPageIndex');
    expect((await api.get('/assets?pageIndex=3')).body.errorNumber).toBe(9650);
    expect((await api.get('/assets?pageIndex=-1')).body.errorNumber).toBe(9650);
  });

  it('filters /assets and keeps free apps apart with unlimited=true', async () => {
    const api = wire(emulator, sToken);
    const books = await api.get('/assets?productType=Book');
    expect(books.body.assets).toEqual([
      expect.objectContaining({ adamId: '1003', deviceAssignable: false, revocable: false }),
    ]);
    const plus = await api.get('/assets?pricingParam=PLUS');
    expect(plus.body.assets).toEqual([expect.objectContaining({ adamId: '1002' })]);
    const one = await api.get('/assets?adamId=1004');
    expect(one.body.assets).toEqual([expect.objectContaining({ totalCount: 2147483647 })]);
    const split = await api.get('/assets?unlimited=true&adamId=1004');
    expect(split.body.assets).toEqual([]);
    expect(split.body.unlimitedAssets).toEqual([
      expect.not.objectContaining({ totalCount: expect.anything() }),
    ]);
    const limitedOnly = await api.get('/assets?unlimited=false&deviceAssignable=true');
    const ids = (limitedOnly.body.assets as Array<{ adamId: string }>).map((a) => a.adamId);
    expect(ids).toEqual(['1001', '1002']);
    expect((await api.get('/assets?productType=Film')).body.errorNumber).toBe(9602);
  });

  it('gives assignment and user deltas since a versionId, and refuses a bad one (9721)', async () => {
    const api = wire(emulator, sToken);
    emulator.seed(locationId, { assignments: [{ adamId: '1001', serialNumber: 'S-OLD' }] });
    const before = await api.get('/assignments');
    const since = before.body.versionId as string;
    const usersBefore = await api.get('/users');

    emulator.seed(locationId, {
      users: [{ clientUserId: 'u-delta', email: 'd@example.org' }],
      assignments: [{ adamId: '1001', serialNumber: 'S-NEW' }],
    });
    const delta = await api.get(`/assignments?sinceVersionId=${since}`);
    expect(delta.body.assignments).toEqual([
      { adamId: '1001', pricingParam: 'STDQ', serialNumber: 'S-NEW' },
    ]);
    expect(delta.body.versionId).not.toBe(since);
    const users = await api.get(`/users?sinceVersionId=${usersBefore.body.versionId as string}`);
    expect(users.body.users).toEqual([
      expect.objectContaining({ clientUserId: 'u-delta', status: 'Associated' }),
    ]);
    const empty = await api.get(`/assignments?sinceVersionId=${delta.body.versionId as string}`);
    expect(empty.body).toMatchObject({ assignments: [], totalPages: 1 });

    expect((await api.get('/assignments?sinceVersionId=nope')).body.errorNumber).toBe(9721);
    const other = emulator.createLocation({ organizationName: 'O', locationName: 'L2' });
    const foreign = (await wire(emulator, other.sToken).get('/assignments')).body
      .versionId as string;
    expect((await api.get(`/assignments?sinceVersionId=${foreign}`)).body.errorNumber).toBe(9721);
  });

  it('filters assignments by adamId, serialNumber and clientUserId', async () => {
    const api = wire(emulator, sToken);
    const bySerial = await api.get('/assignments?serialNumber=S-NEW');
    expect(bySerial.body.assignments).toHaveLength(1);
    const byAsset = await api.get('/assignments?adamId=1002');
    expect(byAsset.body.assignments).toEqual([]);
  });
});

describe('Apple emulator: rate limit and faults', () => {
  it('answers 9646/429 past maxRequestsPerSecond per token', async () => {
    let now = 1_000_000;
    const limited = await startAppleEmulator({ maxRequestsPerSecond: 3, now: () => now });
    try {
      const { sToken: t } = limited.createLocation({ organizationName: 'O', locationName: 'L' });
      const api = wire(limited, t);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await api.get('/assets')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect((await api.get('/assets')).body.errorNumber).toBe(9646);
      now += 1000;
      expect((await api.get('/assets')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('fails the next N wire calls as injected, with Retry-After', async () => {
    emulator.injectFaults({ status: 503, retryAfterSeconds: 7, count: 2 });
    const api = wire(emulator, sToken);
    const first = await api.get('/assets');
    expect(first.status).toBe(503);
    expect(first.body.errorNumber).toBe(9729);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await fetch(`${emulator.url}/service/config`)).status).toBe(503);
    expect((await api.get('/assets')).status).toBe(200);

    emulator.injectFaults({ status: 500, count: 1, path: '/users' });
    expect((await api.get('/assets')).status).toBe(200);
    const failed = await api.get('/users');
    expect([failed.status, failed.body.errorNumber]).toEqual([500, 9603]);
  });
});
