import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice } from '../factories/directory.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import {
  appleAccountBody,
  grant,
  newLocation,
  poolOf,
  runJobs,
  syncedAccount,
} from '../helpers/appleAccounts.js';

let world: AppleWorld;
beforeAll(async () => {
  world = await startAppleWorld();
});
afterAll(async () => world.close());

async function licensesOf(accountId: string) {
  return world.t.ctx.db.kysely
    .selectFrom('licenses')
    .selectAll()
    .where('accountId', '=', accountId)
    .orderBy('id')
    .execute();
}

describe('store account lifecycle', () => {
  it('R-T6: renewing a token keeps every licence and clears auth errors; the same location only', async () => {
    const { admin } = await world.t.newTenant();
    const { account, locationId } = await syncedAccount(world.t, world.apple, admin);
    const ipad = await createDevice(admin, { serialNumber: 'DMPRENEW0001' });
    const license = await grant(world.t, account.id, '1001', {
      type: 'device',
      id: ipad.id,
      name: 'iPad',
      serialNumber: ipad.serialNumber,
    });

    world.apple.setTokenState(locationId, { action: 'revoke' });
    await admin.post(`/accounts/${account.id}/sync`, {});
    await runJobs(world.t);
    const broken = (await admin.get(`/accounts/${account.id}`)).body;
    expect(broken).toMatchObject({ status: 'error', authProblem: 'tokenRevoked' });
    expect((await admin.get('/notifications?kind=authError&state=active')).body.items).toHaveLength(
      1,
    );

    const renewedToken = world.apple.setTokenState(locationId, { action: 'renew' }).sToken!;
    const renewed = await admin.put(`/accounts/${account.id}/token`, {
      token: renewedToken,
      autoDistributeToAllUsers: false,
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({
      id: account.id,
      status: 'syncing',
      authProblem: null,
      autoDistributeToAllUsers: false,
      clearPreviousLicenseData: false,
      priority: 1,
    });
    expect(renewed.body.warnings).toHaveLength(1);
    expect((await admin.get('/notifications?kind=authError&state=active')).body.items).toEqual([]);
    await runJobs(world.t);
    expect((await admin.get(`/accounts/${account.id}`)).body.status).toBe('healthy');
    const [kept] = await licensesOf(account.id);
    expect(kept).toMatchObject({ id: license.id, state: 'active' });
    expect((await poolOf(world.t, account.id, '1001')).inUse).toBe(1);

    const other = newLocation(world.apple);
    const mismatch = await admin.put(`/accounts/${account.id}/token`, { token: other.sToken });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.error).toMatchObject({
      code: 'LOCATION_MISMATCH',
      details: { field: 'token' },
    });
    const malformed = await admin.put(`/accounts/${account.id}/token`, { token: '%%%' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_TOKEN');
    // The refused tokens changed nothing.
    expect((await admin.get(`/accounts/${account.id}`)).body.status).toBe('healthy');
  });

  it('R-T8: deleting needs confirmation and says what is lost', async () => {
    const { admin } = await world.t.newTenant();
    const { account } = await syncedAccount(world.t, world.apple, admin);
    const ipad = await createDevice(admin, { serialNumber: 'DMPDELETE001' });
    await grant(world.t, account.id, '1001', {
      type: 'device',
      id: ipad.id,
      name: 'iPad',
      serialNumber: ipad.serialNumber,
    });
    const refused = await admin.delete(`/accounts/${account.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'CONFIRMATION_REQUIRED',
      details: { field: 'confirm', activeLicenses: 1, reservations: 0 },
    });
    expect(refused.body.error.message).toMatch(/revokes its 1 active licence/);
    expect(refused.body.error.message).toMatch(/stay in the catalog/);
    expect(refused.body.error.message).toMatch(/30-day grace period/);
    expect((await admin.delete(`/accounts/${account.id}?confirm=false`)).status).toBe(400);
    expect((await admin.get(`/accounts/${account.id}`)).status).toBe(200);
  });

  it('R-T8: deletion revokes licences with their grace period, tells the store, and apps stay', async () => {
    const { admin, id: tenantId } = await world.t.newTenant();
    const { account, locationId, sToken } = await syncedAccount(world.t, world.apple, admin);
    const second = await syncedAccount(world.t, world.apple, admin);
    expect(second.account.priority).toBe(2);
    const ipad = await createDevice(admin, { serialNumber: 'DMPGONE00001' });
    const mac = await createDevice(admin, { serialNumber: 'C02GONE00001', platform: 'macos' });
    await grant(world.t, account.id, '1001', {
      type: 'device',
      id: ipad.id,
      name: 'iPad',
      serialNumber: ipad.serialNumber,
    });
    await grant(world.t, account.id, '1001', {
      type: 'device',
      id: mac.id,
      name: 'Mac',
      serialNumber: mac.serialNumber,
    });
    const product = (await admin.get('/products?q=Maps')).body.items[0];
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
    await world.t.ctx.db.kysely
      .insertInto('distributionEntries')
      .values({
        tenantId,
        catalogAppId: `app-${account.id}`,
        accountId: account.id,
        kind: 'reservedDevice',
        subjectId: 'some-device',
        createdAt: now,
      })
      .execute();

    const deleted = await admin.delete(`/accounts/${account.id}?confirm=true`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ revokedLicenses: 2 });

    expect((await admin.get(`/accounts/${account.id}`)).status).toBe(404);
    const remaining = (await admin.get('/accounts')).body.items;
    expect(remaining.map((a: any) => [a.id, a.priority])).toEqual([[second.account.id, 1]]);

    const licenses = await licensesOf(account.id);
    expect(licenses.map((l) => [l.serialNumber, l.state, l.lastAction])).toEqual([
      ['DMPGONE00001', 'revoked', 'account.delete'],
      ['C02GONE00001', 'revoked', 'account.delete'],
    ]);
    const grace = Date.parse(licenses[0]!.graceUntil!) - Date.parse(licenses[0]!.revokedAt!);
    expect(grace).toBe(30 * 24 * 3600 * 1000);
    expect(licenses[1]!.graceUntil).toBeNull();

    const outbox = await world.t.ctx.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('accountId', '=', account.id)
      .where('operation', '=', 'disassociate')
      .execute();
    expect(outbox.map((o) => JSON.parse(o.payload).serialNumber).sort()).toEqual([
      'C02GONE00001',
      'DMPGONE00001',
    ]);
    // The account's row stays (hidden) so the outbox can still use its token.
    const row = await world.t.ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'deleted', locationKey: null });
    expect(row.tokenEncrypted).not.toBeNull();

    // Apps stay: the product and the catalog app remain, without this account's pool.
    const after = (await admin.get(`/products/${product.id}`)).body;
    expect(after.pools.map((p: any) => p.accountId)).toEqual([second.account.id]);
    const app = await world.t.ctx.db.kysely
      .selectFrom('catalogApps')
      .select('id')
      .where('id', '=', `app-${account.id}`)
      .executeTakeFirst();
    expect(app).toBeDefined();
    const entries = await world.t.ctx.db.kysely
      .selectFrom('distributionEntries')
      .select('subjectId')
      .where('accountId', '=', account.id)
      .execute();
    expect(entries).toEqual([]);

    // Its queued syncs do nothing; the location can be connected again.
    await admin.post(`/accounts/${second.account.id}/sync`, {});
    await runJobs(world.t);
    void locationId;
    const again = await admin.post('/accounts', appleAccountBody(sToken, { name: 'Back' }));
    expect(again.status).toBe(201);
    expect(again.body.priority).toBe(2);
  });

  it('R-V4, R-T8: a licence whose devices are unknown takes its grace from the product, never from a guess', async () => {
    const { admin } = await world.t.newTenant();
    const { account } = await syncedAccount(world.t, world.apple, admin);
    const kim = (await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).body;
    // Kim has no device Allot knows: Maps Pro runs on iOS, Notes Plus on macOS only.
    const user = { type: 'user' as const, id: kim.id, name: 'Kim' };
    const maps = await grant(world.t, account.id, '1001', user, { confirmed: true });
    const notes = await grant(world.t, account.id, '1002', user, { confirmed: true });

    expect((await admin.delete(`/accounts/${account.id}?confirm=true`)).body).toEqual({
      revokedLicenses: 2,
    });

    const licenses = new Map((await licensesOf(account.id)).map((l) => [l.id, l]));
    const mapsLicense = licenses.get(maps.id)!;
    expect(Date.parse(mapsLicense.graceUntil!) - Date.parse(mapsLicense.revokedAt!)).toBe(
      30 * 24 * 3600 * 1000,
    );
    expect(licenses.get(notes.id)!.graceUntil).toBeNull();
  });

  it('R-T9: changing the priority renumbers the accounts 1..n and moves no licence', async () => {
    const { admin } = await world.t.newTenant();
    const ids: string[] = [];
    for (const name of ['A', 'B', 'C']) {
      const { sToken } = newLocation(world.apple);
      ids.push((await admin.post('/accounts', appleAccountBody(sToken, { name }))).body.id);
    }
    await runJobs(world.t);
    const ipad = await createDevice(admin, { serialNumber: 'DMPPRIO00001' });
    const license = await grant(world.t, ids[1]!, '1001', {
      type: 'device',
      id: ipad.id,
      name: 'iPad',
      serialNumber: ipad.serialNumber,
    });
    const order = async () =>
      (await admin.get('/accounts')).body.items.map((a: any) => `${a.name}${a.priority}`);

    const moved = await admin.patch(`/accounts/${ids[2]}`, { priority: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body.priority).toBe(1);
    expect(await order()).toEqual(['C1', 'A2', 'B3']);

    expect((await admin.patch(`/accounts/${ids[2]}`, { priority: 99 })).body.priority).toBe(3);
    expect(await order()).toEqual(['A1', 'B2', 'C3']);
    await admin.patch(`/accounts/${ids[1]}`, { priority: 1 });
    expect(await order()).toEqual(['B1', 'A2', 'C3']);

    const [kept] = await licensesOf(ids[1]!);
    expect(kept).toMatchObject({ id: license.id, state: 'active', accountId: ids[1] });
    expect((await poolOf(world.t, ids[1]!, '1001')).inUse).toBe(1);
    expect((await poolOf(world.t, ids[0]!, '1001')).inUse).toBe(0);

    const bad = await admin.patch(`/accounts/${ids[0]}`, { priority: 0 });
    expect(bad.status).toBe(400);
    const activity = (await admin.get('/activity?action=account.update')).body.items;
    expect(activity.length).toBeGreaterThanOrEqual(3);
  });

  it('R-T7: the sync interval is per account; store accounts refuse seat changes', async () => {
    const { admin } = await world.t.newTenant();
    const { account } = await syncedAccount(world.t, world.apple, admin);
    const changed = await admin.patch(`/accounts/${account.id}`, {
      name: ' Library ',
      syncIntervalMinutes: 60,
    });
    expect(changed.body).toMatchObject({ name: 'Library', syncIntervalMinutes: 60 });
    expect(Date.parse(changed.body.nextSyncAt) - Date.parse(account.lastSyncAt)).toBe(3_600_000);
    expect((await admin.patch(`/accounts/${account.id}`, { syncIntervalMinutes: 5 })).status).toBe(
      400,
    );
    const seats = await admin.patch(`/accounts/${account.id}`, { seats: 5 });
    expect(seats.status).toBe(422);
    expect(seats.body.error.code).toBe('SEATS_READ_ONLY');
  });
});
