import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import { connectorFor } from './helpers.js';

let emulator: AppleEmulator;

beforeAll(async () => {
  emulator = await startAppleEmulator({ pageSize: 3, maxRequestsPerSecond: 0, eventDelayMs: 1 });
});

afterAll(async () => {
  await emulator.close();
});

function location(assignments = 0) {
  const created = emulator.createLocation({
    organizationName: 'Example School',
    locationName: 'Sync',
    assets: [
      { adamId: '7001', totalCount: 100, supportedPlatforms: ['iOS', 'macOS'] },
      { adamId: '7002', productType: 'Book', totalCount: 4 },
      { adamId: '7003', price: 0 },
      { adamId: '7004', totalCount: 2, pricingParam: 'PLUS' },
    ],
  });
  if (assignments > 0) {
    emulator.seed(created.locationId, {
      assignments: Array.from({ length: assignments }, (_, i) => ({
        adamId: '7001',
        serialNumber: `S${String(i).padStart(3, '0')}`,
      })),
    });
  }
  return created;
}

describe('Apple connector: reading the store', () => {
  it('lists every asset across pages; free apps come back unlimited', async () => {
    const { sToken } = location();
    const assets = await connectorFor(emulator, sToken).listAssets();
    expect(assets.delta).toBe(false);
    expect(assets.versionId).toEqual(expect.any(String));
    expect(assets.items).toHaveLength(4);
    expect(assets.items.find((a) => a.storeProductId === '7001')).toEqual({
      storeProductId: '7001',
      pricingParam: 'STDQ',
      kind: 'app',
      deviceAssignable: true,
      revocable: true,
      platforms: ['ios', 'ipados', 'macos'],
      total: 100,
      assigned: 0,
      available: 100,
      retired: 0,
      unlimited: false,
    });
    expect(assets.items.find((a) => a.storeProductId === '7002')).toMatchObject({
      kind: 'book',
      deviceAssignable: false,
      revocable: false,
    });
    expect(assets.items.find((a) => a.storeProductId === '7003')).toMatchObject({
      unlimited: true,
      total: null,
      available: null,
    });
  });

  it('walks assignment pages with at most 5 in flight', async () => {
    const slow = await startAppleEmulator({
      pageSize: 3,
      maxRequestsPerSecond: 0,
      responseDelayMs: 15,
    });
    try {
      const { locationId, sToken } = slow.createLocation({
        organizationName: 'O',
        locationName: 'L',
        assets: [{ adamId: '1', totalCount: 100 }],
      });
      slow.seed(locationId, {
        assignments: Array.from({ length: 40 }, (_, i) => ({ adamId: '1', serialNumber: `S${i}` })),
      });
      slow.resetStats();
      const result = await connectorFor(slow, sToken).listAssignments();
      expect(result.items).toHaveLength(40);
      expect(new Set(result.items.map((a) => a.serialNumber)).size).toBe(40);
      expect(slow.stats.requests).toBe(14);
      expect(slow.stats.maxInFlight).toBeGreaterThan(1);
      expect(slow.stats.maxInFlight).toBeLessThanOrEqual(5);
    } finally {
      await slow.close();
    }
  });

  it("keeps page 0's versionId and walks to the end while the listing grows under it", async () => {
    let target: string | null = null;
    let pagesSeen = 0;
    const moving = await startAppleEmulator({
      pageSize: 2,
      maxRequestsPerSecond: 0,
      onRequest: (request) => {
        if (request.path !== '/assignments' || !target) return;
        pagesSeen += 1;
        // Someone else assigns a licence while every page after page 0 is read.
        if (pagesSeen > 1) {
          moving.seed(target, {
            assignments: [{ adamId: '1', serialNumber: `LATE${pagesSeen}` }],
          });
        }
      },
    });
    try {
      const { locationId, sToken } = moving.createLocation({
        organizationName: 'O',
        locationName: 'L',
        assets: [{ adamId: '1', totalCount: 100 }],
      });
      moving.seed(locationId, {
        assignments: Array.from({ length: 9 }, (_, i) => ({ adamId: '1', serialNumber: `S${i}` })),
      });
      target = locationId;
      const connector = connectorFor(moving, sToken, {});
      const result = await connector.listAssignments();
      const serials = result.items.map((a) => a.serialNumber ?? '');
      // Every assignment there from start to end is read, once; the walk never restarted.
      for (let i = 0; i < 9; i++) expect(serials).toContain(`S${i}`);
      expect(new Set(serials).size).toBe(serials.length);
      expect(serials.some((s) => s.startsWith('LATE'))).toBe(true);
      const reads = moving.requestLog.filter((r) => r.path === '/assignments');
      expect(reads.filter((r) => (r.query.pageIndex ?? '0') === '0')).toHaveLength(1);
      expect(result.settled).toBe(false);

      // The versionId is page 0's: the next delta reports every assignment added meanwhile.
      target = null;
      const firstPage = reads[0]!;
      expect(firstPage.query.pageIndex ?? '0').toBe('0');
      const delta = await connector.listAssignments({ sinceVersionId: result.versionId });
      const late = moving
        .listAssignments(locationId)
        .filter((a) => a.serialNumber?.startsWith('LATE'))
        .map((a) => a.serialNumber);
      expect(delta.items.map((a) => a.serialNumber).sort()).toEqual(late.sort());
    } finally {
      await moving.close();
    }
  });

  it('a walk over a listing that does not move is settled', async () => {
    const { sToken } = location(7);
    const result = await connectorFor(emulator, sToken).listAssignments();
    expect(result.items).toHaveLength(7);
    expect(result.settled).toBe(true);
  });

  it('R-T7: applies assignment and user deltas with sinceVersionId', async () => {
    const { locationId, sToken } = location(5);
    const connector = connectorFor(emulator, sToken);
    const full = await connector.listAssignments();
    const usersVersionBefore = (await connector.enrolment.listUsers()).versionId;
    expect(full).toMatchObject({ delta: false });
    expect(full.items).toHaveLength(5);

    emulator.seed(locationId, {
      users: [{ clientUserId: 'u-1', email: 'u1@example.org' }],
      assignments: [{ adamId: '7002', clientUserId: 'u-1' }],
    });
    const delta = await connector.listAssignments({ sinceVersionId: full.versionId });
    expect(delta.delta).toBe(true);
    expect(delta.items).toEqual([
      { storeProductId: '7002', pricingParam: 'STDQ', clientUserId: 'u-1' },
    ]);
    expect(delta.versionId).not.toBe(full.versionId);

    // Users have a version of their own (9721 for an assignments versionId).
    const wrongVersion = await connector.enrolment
      .listUsers({ sinceVersionId: full.versionId })
      .catch((e: unknown) => e);
    expect(wrongVersion).toMatchObject({ storeErrorNumber: 9721 });
    const users = await connector.enrolment.listUsers({ sinceVersionId: usersVersionBefore });
    expect(users.items).toEqual([
      {
        clientUserId: 'u-1',
        email: 'u1@example.org',
        status: 'associated',
        accountHash: expect.any(String),
      },
    ]);
    const nothing = await connector.listAssignments({ sinceVersionId: delta.versionId });
    expect(nothing.items).toEqual([]);

    const error = await connector
      .listAssignments({ sinceVersionId: 'stale' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'storeRejected', storeErrorNumber: 9721 });
  });

  it('R-T3: describes a token: organisation, location, uId, expiry and holder', async () => {
    const { locationId, sToken } = emulator.createLocation({
      organizationName: 'Example School',
      locationName: 'West Campus',
      expiresAt: '2031-05-06T07:08:09Z',
    });
    const description = await connectorFor(emulator, sToken).describeToken();
    expect(description).toEqual({
      organizationName: 'Example School',
      locationName: 'West Campus',
      locationId,
      expiresAt: new Date('2031-05-06T07:08:09Z'),
      claimedBy: null,
      managedBy: null,
      countryCode: 'US',
    });
  });

  it('R-T6: a renewed token describes the same location', async () => {
    const { locationId, sToken } = location();
    const { sToken: renewed } = emulator.setTokenState(locationId, { action: 'renew' });
    const before = await connectorFor(emulator, renewed ?? '').describeToken();
    expect(before.locationId).toBe(locationId);
    const old = await connectorFor(emulator, sToken)
      .describeToken()
      .catch((e: unknown) => e);
    expect(old).toMatchObject({ code: 'invalidToken' });
  });

  it('looks product names, versions and prices up', async () => {
    emulator.createLocation({
      organizationName: 'O',
      locationName: 'Catalog',
      assets: [
        {
          adamId: '7101',
          name: 'Atlas',
          bundleId: 'com.example.atlas',
          price: 2.99,
          version: '3.1',
        },
        { adamId: '7102', name: 'Field Guide', productType: 'Book', price: 9.5 },
      ],
    });
    const { sToken } = location();
    const infos = await connectorFor(emulator, sToken).lookupProducts(['7101', '7102', '404']);
    expect(infos).toEqual([
      {
        storeProductId: '7101',
        name: 'Atlas',
        kind: 'app',
        bundleId: 'com.example.atlas',
        version: '3.1',
        price: { amount: 299, currency: 'USD' },
      },
      {
        storeProductId: '7102',
        name: 'Field Guide',
        kind: 'book',
        bundleId: null,
        version: null,
        price: { amount: 950, currency: 'USD' },
      },
    ]);
  });
});
