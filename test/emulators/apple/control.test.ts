import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSToken } from '../../../src/domain/stoken.js';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import { wire } from './helpers.js';

let emulator: AppleEmulator;

beforeAll(async () => {
  emulator = await startAppleEmulator({ maxRequestsPerSecond: 0, pageSize: 1000 });
});

afterAll(async () => {
  await emulator.close();
});

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.controlUrl}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Apple emulator: control API over HTTP', () => {
  it('creates a location whose sToken is a real .vpptoken (Base64 JSON)', async () => {
    const { status, body } = await control('POST', '/locations', {
      organizationName: 'Example School',
      locationName: 'North',
      expiresAt: '2031-01-02T03:04:05Z',
      assets: [
        {
          adamId: '4001',
          name: 'Notes Plus',
          bundleId: 'com.example.notes',
          productType: 'App',
          pricingParam: 'STDQ',
          totalCount: 3,
          deviceAssignable: true,
          supportedPlatforms: ['iOS'],
          price: 4.99,
        },
      ],
    });
    expect(status).toBe(201);
    const token = parseSToken(body.sToken as string);
    expect(token).toMatchObject({
      organizationName: 'Example School',
      expiresAt: new Date('2031-01-02T03:04:05Z'),
    });
    const config = await wire(emulator, body.sToken as string).get('/client/config');
    expect(config.body).toMatchObject({ uId: body.locationId, locationName: 'North' });
  });

  it('buys, accepts invitations, changes token state and lists what the store holds', async () => {
    const created = await control('POST', '/locations', {
      organizationName: 'O',
      locationName: 'South',
      assets: [{ adamId: '4002', totalCount: 1 }],
    });
    const id = created.body.locationId as string;
    const sToken = created.body.sToken as string;

    const bought = await control('POST', `/locations/${id}/assets`, {
      adamId: '4002',
      totalCount: 4,
    });
    expect(bought.body).toMatchObject({ totalCount: 5 });
    const newApp = await control('POST', `/locations/${id}/assets`, {
      adamId: '4003',
      totalCount: 2,
      name: 'Fresh',
    });
    expect(newApp.body).toMatchObject({ adamId: '4003', totalCount: 2 });
    const refund = await control('POST', `/locations/${id}/assets`, {
      adamId: '4002',
      totalCount: -9,
    });
    expect(refund.status).toBe(409);

    await control('POST', `/locations/${id}/seed`, {
      users: [{ clientUserId: 'inv', status: 'Registered', email: 'i@example.org' }],
      assignments: [{ adamId: '4002', serialNumber: 'SER1' }],
    });
    const accepted = await control('POST', `/locations/${id}/users/inv/accept`, {});
    expect(accepted.body).toMatchObject({ clientUserId: 'inv', status: 'Associated' });
    expect((await control('POST', `/locations/${id}/users/nobody/accept`, {})).status).toBe(404);

    expect((await control('GET', `/locations/${id}/users`)).body.users).toEqual([
      expect.objectContaining({
        clientUserId: 'inv',
        email: 'i@example.org',
        status: 'Associated',
      }),
    ]);
    expect((await control('GET', `/locations/${id}/assignments`)).body.assignments).toEqual([
      { adamId: '4002', pricingParam: 'STDQ', serialNumber: 'SER1' },
    ]);

    const claimed = await control('POST', `/locations/${id}/token`, {
      action: 'claim',
      mdmName: 'Jamf',
    });
    expect(claimed.body).toMatchObject({ mdmInfo: { name: 'Jamf' } });
    const renewed = await control('POST', `/locations/${id}/token`, { action: 'renew' });
    const fresh = renewed.body.sToken as string;
    expect(fresh).not.toBe(sToken);
    expect((await wire(emulator, fresh).get('/assets')).status).toBe(200);
    expect((await wire(emulator, sToken).get('/assets')).body.errorNumber).toBe(9622);
    expect((await control('POST', `/locations/${id}/token`, { action: 'explode' })).status).toBe(
      400,
    );
  });

  it('injects faults over HTTP and validates the spec', async () => {
    expect((await control('POST', '/faults', { status: 'x', count: 1 })).status).toBe(400);
    expect((await control('POST', '/faults', { status: 429, count: 1 })).body).toEqual({
      pending: 1,
    });
    const response = await fetch(`${emulator.url}/service/config`);
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ errorNumber: 9646 });
    await control('POST', '/faults', { status: 503, count: 5 });
    expect((await control('DELETE', '/faults')).body).toEqual({ pending: 0 });
  });

  it('answers product metadata in the iTunes lookup shape', async () => {
    const response = await fetch(`${emulator.lookupUrl}?id=4001,999999`);
    expect(await response.json()).toEqual({
      resultCount: 1,
      results: [
        expect.objectContaining({
          trackId: 4001,
          trackName: 'Notes Plus',
          bundleId: 'com.example.notes',
          price: 4.99,
          currency: 'USD',
          kind: 'software',
        }),
      ],
    });
  });
});

describe('Apple emulator: scale', () => {
  it('seeds 1,000 assets and 100,000 assignments and pages them without rescanning', async () => {
    const assets = Array.from({ length: 1000 }, (_, i) => ({
      adamId: String(500000 + i),
      totalCount: 200,
    }));
    const started = performance.now();
    const { locationId, sToken } = emulator.createLocation({
      organizationName: 'Big',
      locationName: 'Bench',
      assets,
    });
    const assignments = Array.from({ length: 100_000 }, (_, i) => ({
      adamId: String(500000 + (i % 1000)),
      serialNumber: `SN${i}`,
    }));
    expect(emulator.seed(locationId, { assignments })).toEqual({ users: 0, assignments: 100_000 });
    const seeded = performance.now();

    const api = wire(emulator, sToken);
    const first = await api.get('/assignments');
    expect(first.body).toMatchObject({ totalPages: 100, size: 1000 });
    const pages = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.get(`/assignments?pageIndex=${80 + i}`)),
    );
    expect(pages.every((p) => p.body.versionId === first.body.versionId)).toBe(true);
    const walked = performance.now();
    const perAsset = await api.get('/assignments?adamId=500007');
    expect((perAsset.body.assignments as unknown[]).length).toBe(100);

    // Generous bounds for a shared 2-core machine; an O(n²) walk would take far longer.
    expect(seeded - started).toBeLessThan(15_000);
    expect(walked - seeded).toBeLessThan(15_000);
  });
});
