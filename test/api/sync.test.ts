import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncAccount } from '../../src/services/sync/syncAccount.js';
import { createDevice } from '../factories/directory.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import {
  appleAccountBody,
  grant,
  newLocation,
  poolOf,
  registerStoreUser,
  runJobs,
  syncedAccount,
} from '../helpers/appleAccounts.js';

let world: AppleWorld;
beforeAll(async () => {
  world = await startAppleWorld();
});
afterAll(async () => world.close());

const ASSETS = [
  { adamId: '5001', name: 'Atlas', totalCount: 10, price: 4.99 },
  { adamId: '5002', name: 'Reader', productType: 'Book' as const, totalCount: 3 },
];

describe('syncing an Apple account', () => {
  it('R-T7: the first sync imports products and pools, and the account is healthy as of its time', async () => {
    const { admin } = await world.t.newTenant();
    const { locationId, sToken } = newLocation(world.apple);
    const created = (await admin.post('/accounts', appleAccountBody(sToken))).body;
    expect(created.status).toBe('syncing');
    expect(await runJobs(world.t)).toBeGreaterThanOrEqual(1);

    const job = (await admin.get(`/jobs/${created.syncJobId}`)).body;
    expect(job).toMatchObject({ state: 'succeeded', progress: 100, error: null });
    expect(job.result).toMatchObject({ outcome: 'synced', full: true, products: 4, pools: 4 });

    const account = (await admin.get(`/accounts/${created.id}`)).body;
    expect(account).toMatchObject({ status: 'healthy', statusReason: null, untrackedLicenses: 0 });
    expect(account.lastSyncAt).toEqual(job.result.asOf);
    expect(Date.parse(account.nextSyncAt) - Date.parse(account.lastSyncAt)).toBe(720 * 60_000);

    const products = (await admin.get('/products?store=apple')).body.items;
    const maps = products.find((p: any) => p.storeProductId === '1001');
    expect(maps).toMatchObject({
      store: 'apple',
      kind: 'app',
      name: 'Maps Pro',
      bundleId: 'com.example.app1001',
      version: '3.1',
      platforms: ['ios', 'ipados', 'macos'],
      costPerLicense: { amount: 299, currency: 'USD' },
      deviceAssignable: true,
      pools: [
        {
          accountId: created.id,
          total: 10,
          inUse: 0,
          reserved: 0,
          available: 10,
          unlimited: false,
          untracked: 0,
          asOf: account.lastSyncAt,
        },
      ],
    });
    const book = products.find((p: any) => p.storeProductId === '2001');
    expect(book).toMatchObject({ kind: 'book', deviceAssignable: false, bundleId: null });
    const free = products.find((p: any) => p.storeProductId === '3001');
    expect(free.pools[0]).toMatchObject({ total: null, available: null, unlimited: true });
    expect(free.costPerLicense).toEqual({ amount: 0, currency: 'USD' });
    expect(world.apple.clientConfig(locationId).mdmInfo?.name).toBe('Allot');

    const activity = (await admin.get('/activity?action=account.sync')).body.items;
    expect(activity).toHaveLength(1);
  });

  it('R-T5: licences another product assigned are counted untracked and never adopted', async () => {
    const { admin } = await world.t.newTenant();
    const { locationId, sToken } = newLocation(world.apple, ASSETS);
    world.apple.seed(locationId, {
      assignments: [
        { adamId: '5001', serialNumber: 'OTHER0000001' },
        { adamId: '5001', serialNumber: 'OTHER0000002' },
        { adamId: '5001', clientUserId: 'someone-else' },
        { adamId: '5002', clientUserId: 'someone-else' },
      ],
    });
    const created = (await admin.post('/accounts', appleAccountBody(sToken))).body;
    await runJobs(world.t);
    const account = (await admin.get(`/accounts/${created.id}`)).body;
    expect(account.untrackedLicenses).toBe(4);
    const atlas = await poolOf(world.t, created.id, '5001');
    expect(atlas).toMatchObject({ total: 7, storeAssigned: 3, untracked: 3, inUse: 0 });
    expect((await poolOf(world.t, created.id, '5002')).total).toBe(2);
    expect((await admin.get(`/licenses?accountId=${created.id}`)).body.items).toEqual([]);
    const users = await world.t.ctx.db.kysely
      .selectFrom('storeUsers')
      .select('clientUserId')
      .where('accountId', '=', created.id)
      .execute();
    expect(users).toEqual([]);
    // Nothing was taken back from the other product.
    expect(world.apple.listAssignments(locationId)).toHaveLength(4);

    // A later full sync counts them again, not twice.
    await admin.post(`/accounts/${created.id}/sync`, { full: true });
    await runJobs(world.t);
    expect((await admin.get(`/accounts/${created.id}`)).body.untrackedLicenses).toBe(4);

    // R-T6: asking again with the token clears them at the next sync (the book stays).
    const renewed = await admin.put(`/accounts/${created.id}/token`, {
      token: sToken,
      clearPreviousLicenseData: true,
    });
    expect(renewed.body.clearPreviousLicenseData).toBe(true);
    await runJobs(world.t);
    expect((await admin.get(`/accounts/${created.id}`)).body.untrackedLicenses).toBe(1);
    expect(await poolOf(world.t, created.id, '5001')).toMatchObject({ total: 10, untracked: 0 });
  });

  it('R-T5, R-T2: clearPreviousLicenseData takes them back at the first sync (books stay)', async () => {
    const { admin } = await world.t.newTenant();
    const { locationId, sToken } = newLocation(world.apple, ASSETS);
    world.apple.seed(locationId, {
      assignments: [
        { adamId: '5001', serialNumber: 'OTHER0000003' },
        { adamId: '5001', clientUserId: 'previous-user' },
        { adamId: '5002', clientUserId: 'previous-user' },
      ],
    });
    const created = (
      await admin.post('/accounts', appleAccountBody(sToken, { clearPreviousLicenseData: true }))
    ).body;
    await runJobs(world.t);
    const account = (await admin.get(`/accounts/${created.id}`)).body;
    expect(account.untrackedLicenses).toBe(1);
    expect(await poolOf(world.t, created.id, '5001')).toMatchObject({ total: 10, untracked: 0 });
    const calls = await world.t.ctx.db.kysely
      .selectFrom('outbox')
      .select('payload')
      .where('accountId', '=', created.id)
      .execute();
    expect(calls.map((c) => JSON.parse(c.payload))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ operation: 'disassociate', serialNumber: 'OTHER0000003' }),
        expect.objectContaining({ operation: 'disassociate', clientUserId: 'previous-user' }),
      ]),
    );
    expect(calls).toHaveLength(2);

    // Until the outbox has sent them, a sync does not count them again; only the first sync clears.
    await admin.post(`/accounts/${created.id}/sync`, { full: true });
    await runJobs(world.t);
    expect((await admin.get(`/accounts/${created.id}`)).body.untrackedLicenses).toBe(1);
    const again = await world.t.ctx.db.kysely
      .selectFrom('outbox')
      .select('id')
      .where('accountId', '=', created.id)
      .execute();
    expect(again).toHaveLength(2);
  });

  it('R-T7: a full resync rebuilds the counts and drops licences the store no longer has', async () => {
    const { admin, id: tenantId } = await world.t.newTenant();
    const { account, locationId } = await syncedAccount(world.t, world.apple, admin, {
      assets: ASSETS,
    });
    const kept = await createDevice(admin, { serialNumber: 'DMPKEEP00001' });
    const lost = await createDevice(admin, { serialNumber: 'DMPLOST00001' });
    const pending = await createDevice(admin, { serialNumber: 'DMPPEND00001' });
    for (const d of [kept, lost]) {
      await grant(
        world.t,
        account.id,
        '5001',
        { type: 'device', id: d.id, name: d.serialNumber, serialNumber: d.serialNumber },
        { confirmed: true },
      );
    }
    await grant(world.t, account.id, '5001', {
      type: 'device',
      id: pending.id,
      name: 'pending',
      serialNumber: pending.serialNumber,
    });
    // The store holds the kept one; the lost one was removed there (e.g. in Apple's portal).
    world.apple.seed(locationId, {
      assignments: [{ adamId: '5001', serialNumber: 'DMPKEEP00001' }],
    });

    // A reservation on this account for a user without a licence holds one seat.
    const product = (await admin.get('/products?q=Atlas')).body.items[0];
    const now = new Date().toISOString();
    await world.t.ctx.db.kysely
      .insertInto('catalogApps')
      .values({
        id: `app-${account.id}`,
        tenantId,
        spaceId: account.spaceId,
        productId: product.id,
        description: null,
        installOnDevice: 1,
        updateMode: 'immediate',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    for (const [kind, subjectId] of [
      ['reservedUser', 'user-a'],
      ['reservedDevice', kept.id],
      ['reservedUser', 'user-b'],
      ['prohibitedUser', 'user-b'],
    ] as const) {
      await world.t.ctx.db.kysely
        .insertInto('distributionEntries')
        .values({
          tenantId,
          catalogAppId: `app-${account.id}`,
          accountId: account.id,
          kind,
          subjectId,
          createdAt: now,
        })
        .execute();
    }
    // Drifted counters.
    await world.t.ctx.db.kysely
      .updateTable('pools')
      .set({ inUse: 9, reserved: 5 })
      .where('accountId', '=', account.id)
      .execute();

    const incremental = await admin.post(`/accounts/${account.id}/sync`, {});
    expect(incremental.status).toBe(202);
    await runJobs(world.t);
    expect((await poolOf(world.t, account.id, '5001')).inUse).toBe(9);

    const full = await admin.post(`/accounts/${account.id}/sync`, { full: true });
    await runJobs(world.t);
    const job = (await admin.get(`/jobs/${full.body.jobId}`)).body;
    expect(job.result).toMatchObject({ full: true, releasedLicenses: 1, untrackedLicenses: 0 });
    expect(await poolOf(world.t, account.id, '5001')).toMatchObject({
      total: 10,
      inUse: 2,
      reserved: 1,
    });
    expect((await poolOf(world.t, account.id, '5002')).inUse).toBe(0);
    const licenses = (await admin.get(`/licenses?accountId=${account.id}`)).body.items;
    const bySerial = Object.fromEntries(licenses.map((l: any) => [l.serialNumber, l]));
    expect(bySerial.DMPLOST00001).toMatchObject({ state: 'revoked', lastAction: 'store.removed' });
    expect(bySerial.DMPKEEP00001.state).toBe('active');
    expect(bySerial.DMPPEND00001.state).toBe('active');
    const synced = (await admin.get(`/accounts/${account.id}`)).body;
    expect(synced.lastFullSyncAt).toBe(synced.lastSyncAt);
  });

  it('R-T7: an incremental sync applies purchases and new assignments made elsewhere', async () => {
    const { admin } = await world.t.newTenant();
    const { account, locationId } = await syncedAccount(world.t, world.apple, admin, {
      assets: ASSETS,
    });
    world.apple.buy(locationId, { adamId: '5001', totalCount: 5 });
    world.apple.buy(locationId, { adamId: '5003', name: 'New App', totalCount: 2 });
    world.apple.seed(locationId, {
      assignments: [{ adamId: '5001', serialNumber: 'ELSEWHERE001' }],
    });
    const sync = await admin.post(`/accounts/${account.id}/sync`, {});
    await runJobs(world.t);
    expect((await admin.get(`/jobs/${sync.body.jobId}`)).body.result.full).toBe(false);
    expect(await poolOf(world.t, account.id, '5001')).toMatchObject({ total: 14, untracked: 1 });
    expect((await poolOf(world.t, account.id, '5003')).total).toBe(2);
    expect((await admin.get(`/accounts/${account.id}`)).body.untrackedLicenses).toBe(1);
    // Nothing new: still one, not counted twice.
    await admin.post(`/accounts/${account.id}/sync`, {});
    await runJobs(world.t);
    expect((await poolOf(world.t, account.id, '5001')).untracked).toBe(1);

    // Two processes syncing the same delta at once apply it once.
    world.apple.seed(locationId, {
      assignments: [{ adamId: '5001', serialNumber: 'ELSEWHERE002' }],
    });
    const results = await Promise.all([
      syncAccount(world.t.ctx, account.id),
      syncAccount(world.t.ctx, account.id),
    ]);
    expect(results.map((r) => r.outcome)).toContain('synced');
    expect((await poolOf(world.t, account.id, '5001')).untracked).toBe(2);
    expect((await admin.get(`/accounts/${account.id}`)).body.status).toBe('healthy');
  });

  it('R-A10: users Allot registered get their enrolment from the store; others are ignored', async () => {
    const { admin } = await world.t.newTenant();
    const { account, locationId } = await syncedAccount(world.t, world.apple, admin, {
      assets: ASSETS,
    });
    const kim = (await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).body;
    const lee = (await admin.post('/users', { email: 'lee@example.org', displayName: 'Lee' })).body;
    await registerStoreUser(world.t, account.id, kim.id, 'pending');
    await registerStoreUser(world.t, account.id, lee.id, 'pending');
    world.apple.seed(locationId, {
      users: [
        { clientUserId: kim.id, status: 'Associated' },
        { clientUserId: lee.id, status: 'Registered' },
        { clientUserId: 'not-ours', status: 'Associated' },
      ],
    });
    await admin.post(`/accounts/${account.id}/sync`, {});
    await runJobs(world.t);
    expect((await admin.get(`/users/${kim.id}`)).body.enrolment).toBe('joined');
    expect((await admin.get(`/users/${lee.id}`)).body.enrolment).toBe('invited');
    const all = await world.t.ctx.db.kysely
      .selectFrom('storeUsers')
      .select(['clientUserId', 'status'])
      .where('accountId', '=', account.id)
      .orderBy('clientUserId')
      .execute();
    expect(all).toHaveLength(2);
    expect(all.map((u) => u.status).sort()).toEqual(['associated', 'registered']);
    expect((await admin.get(`/activity?action=user.enrolment`)).body.items).toHaveLength(2);
  });

  it('R-T7: the store answering 503 makes the account degraded with a retry; the next good sync heals it', async () => {
    const { admin } = await world.t.newTenant();
    const { account } = await syncedAccount(world.t, world.apple, admin, { assets: ASSETS });
    world.apple.injectFaults({ status: 503, count: 20, path: '/assets' });
    const sync = await admin.post(`/accounts/${account.id}/sync`, {});
    await runJobs(world.t);
    world.apple.clearFaults();
    const job = (await admin.get(`/jobs/${sync.body.jobId}`)).body;
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/unavailable/i);
    const degraded = (await admin.get(`/accounts/${account.id}`)).body;
    expect(degraded.status).toBe('degraded');
    expect(degraded.statusReason).toMatch(/unavailable/i);
    expect(degraded.lastSyncAt).toBe(account.lastSyncAt);
    expect(Date.parse(degraded.nextSyncAt)).toBeLessThan(Date.parse(account.nextSyncAt));
    // Counts stay as of the last good sync.
    expect((await poolOf(world.t, account.id, '5001')).asOf).toBe(account.lastSyncAt);
    const failed = (await admin.get('/notifications?kind=syncFailed&state=active')).body.items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ severity: 'warning', subject: { id: account.id } });

    await admin.post(`/accounts/${account.id}/sync`, {});
    await runJobs(world.t);
    expect((await admin.get(`/accounts/${account.id}`)).body.status).toBe('healthy');
    expect((await admin.get('/notifications?kind=syncFailed&state=active')).body.items).toEqual([]);
  });
});
