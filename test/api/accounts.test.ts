import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSToken } from '../../src/domain/stoken.js';
import { decryptSecret } from '../../src/services/access/secrets.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import { appleAccountBody, newLocation, runJobs } from '../helpers/appleAccounts.js';

let world: AppleWorld;
beforeAll(async () => {
  world = await startAppleWorld();
});
afterAll(async () => world.close());

const YEAR_MS = 365 * 24 * 3600 * 1000;

async function accountCount(tenantId: string): Promise<number> {
  const rows = await world.t.ctx.db.kysely
    .selectFrom('accounts')
    .select('id')
    .where('tenantId', '=', tenantId)
    .execute();
  return rows.length;
}

describe('adding Apple accounts', () => {
  it('R-T1: a space holds many Apple accounts, listed by priority; each space numbers its own', async () => {
    const { admin } = await world.t.newTenant();
    const names = ['North', 'South', 'East'];
    for (const name of names) {
      const { sToken } = newLocation(world.apple);
      const created = await admin.post('/accounts', appleAccountBody(sToken, { name }));
      expect(created.status).toBe(201);
    }
    const list = await admin.get('/accounts?store=apple');
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: any) => [a.name, a.priority])).toEqual([
      ['North', 1],
      ['South', 2],
      ['East', 3],
    ]);
    expect(list.body.nextCursor).toBeNull();

    const space = (await admin.post('/spaces', { name: 'Annex' })).body;
    const { sToken } = newLocation(world.apple);
    const annex = await admin.post(
      '/accounts',
      appleAccountBody(sToken, { name: 'Annex', spaceId: space.id }),
    );
    expect(annex.body).toMatchObject({ spaceId: space.id, priority: 1 });
    expect((await admin.get(`/accounts?spaceId=${space.id}`)).body.items).toHaveLength(1);

    const firstPage = await admin.get('/accounts?limit=2');
    expect(firstPage.body.items).toHaveLength(2);
    const rest = await admin.get(`/accounts?limit=2&cursor=${firstPage.body.nextCursor}`);
    expect(rest.body.items).toHaveLength(2);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('R-T2: takes name, token, Apple ID and type; autoDistribute defaults on, clearing off', async () => {
    const { admin } = await world.t.newTenant();
    const { sToken } = newLocation(world.apple);
    const created = await admin.post('/accounts', appleAccountBody(sToken));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      store: 'apple',
      name: 'Main location',
      appleId: 'vpp-admin@example.org',
      accountType: 'education',
      autoDistributeToAllUsers: true,
      clearPreviousLicenseData: false,
      status: 'syncing',
      syncIntervalMinutes: 720,
      untrackedLicenses: 0,
      lastSyncAt: null,
    });
    expect(created.body.syncJobId).toEqual(expect.any(String));
    const job = await admin.get(`/jobs/${created.body.syncJobId}`);
    expect(job.body).toMatchObject({ kind: 'account.sync', state: 'queued', progress: 0 });

    const other = newLocation(world.apple);
    const chosen = await admin.post(
      '/accounts',
      appleAccountBody(other.sToken, {
        accountType: 'business',
        autoDistributeToAllUsers: false,
        clearPreviousLicenseData: true,
      }),
    );
    expect(chosen.body).toMatchObject({
      accountType: 'business',
      autoDistributeToAllUsers: false,
      clearPreviousLicenseData: true,
    });

    const missing = await admin.post('/accounts', {
      ...appleAccountBody(sToken),
      appleId: undefined,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.field).toBe('appleId');
    const badType = await admin.post(
      '/accounts',
      appleAccountBody(sToken, { accountType: 'home' }),
    );
    expect(badType.status).toBe(400);
    expect(badType.body.error.details.field).toBe('accountType');
  });

  it('R-T3: malformed and expired tokens are refused and nothing is stored', async () => {
    const { admin, id } = await world.t.newTenant();
    const malformed = await admin.post('/accounts', appleAccountBody('not a token file'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({
      code: 'INVALID_TOKEN',
      details: { field: 'token' },
    });

    const notJson = await admin.post(
      '/accounts',
      appleAccountBody(Buffer.from('hello').toString('base64')),
    );
    expect(notJson.body.error.code).toBe('INVALID_TOKEN');

    const expired = encodeSToken({
      token: 'abc',
      organizationName: 'Example School',
      expiresAt: new Date(Date.now() - 24 * 3600 * 1000),
    });
    const refused = await admin.post('/accounts', appleAccountBody(expired));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'TOKEN_EXPIRED',
      details: { field: 'token' },
    });

    const { locationId, sToken } = newLocation(world.apple);
    world.apple.setTokenState(locationId, { action: 'revoke' });
    const revoked = await admin.post('/accounts', appleAccountBody(sToken));
    expect(revoked.status).toBe(422);
    expect(revoked.body.error).toMatchObject({
      code: 'TOKEN_REVOKED',
      details: { field: 'token', storeCode: 'tokenRevoked', remedy: 'Upload a valid token.' },
    });

    const unknown = encodeSToken({
      token: 'never-issued',
      organizationName: 'Example School',
      expiresAt: new Date(Date.now() + YEAR_MS),
    });
    const invalid = await admin.post('/accounts', appleAccountBody(unknown));
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe('INVALID_TOKEN');

    const down = newLocation(world.apple);
    world.apple.injectFaults({ status: 503, count: 10, path: '/client/config' });
    const unavailable = await admin.post('/accounts', appleAccountBody(down.sToken));
    world.apple.clearFaults();
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error.code).toBe('STORE_UNAVAILABLE');
    expect(unavailable.headers['retry-after']).toEqual(expect.any(String));

    expect(await accountCount(id)).toBe(0);
    expect((await admin.get('/accounts')).body.items).toEqual([]);
  });

  it('R-T3: shows the organisation, location, creation and expiry dates of the token', async () => {
    const { admin } = await world.t.newTenant();
    const expiresAt = new Date(Date.UTC(2027, 2, 1, 10, 0, 0));
    const { sToken } = world.apple.createLocation({
      organizationName: 'Lakeside Academy',
      locationName: 'Upper School',
      expiresAt,
    });
    const created = await admin.post('/accounts', appleAccountBody(sToken));
    expect(created.body).toMatchObject({
      organizationName: 'Lakeside Academy',
      locationName: 'Upper School',
      tokenExpiresAt: '2027-03-01T10:00:00.000Z',
      tokenCreatedAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('R-T3: a location already held by an account of the deployment is refused', async () => {
    const first = await world.t.newTenant();
    const second = await world.t.newTenant();
    const { sToken } = newLocation(world.apple);
    const held = await first.admin.post('/accounts', appleAccountBody(sToken));
    expect(held.status).toBe(201);

    const elsewhere = await second.admin.post('/accounts', appleAccountBody(sToken));
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.code).toBe('LOCATION_TAKEN');
    // Another tenant's account is not revealed.
    expect(elsewhere.body.error.details.accountId).toBeUndefined();
    expect(await accountCount(second.id)).toBe(0);

    const again = await first.admin.post('/accounts', appleAccountBody(sToken, { name: 'Twice' }));
    expect(again.status).toBe(409);
    expect(again.body.error.details.accountId).toBe(held.body.id);
    expect(await accountCount(first.id)).toBe(1);
  });

  it('R-T4: a token claimed by another product is claimedElsewhere and syncs nothing until claimed', async () => {
    const { admin } = await world.t.newTenant();
    const { locationId, sToken } = newLocation(world.apple);
    world.apple.setTokenState(locationId, { action: 'claim', mdmName: 'Other MDM' });
    const created = await admin.post('/accounts', appleAccountBody(sToken));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'claimedElsewhere', syncJobId: null });
    expect(created.body.statusReason).toContain('Other MDM');
    expect(created.body.warnings.join(' ')).toMatch(
      /two management products.*assignments are lost/,
    );

    const sync = await admin.post(`/accounts/${created.body.id}/sync`, {});
    expect(sync.status).toBe(409);
    expect(sync.body.error.code).toBe('ACCOUNT_CLAIMED_ELSEWHERE');
    const jobs = await world.t.ctx.db.kysely
      .selectFrom('jobs')
      .select('id')
      .where('subjectId', '=', created.body.id)
      .execute();
    expect(jobs).toEqual([]);
    await runJobs(world.t);
    expect((await admin.get('/products')).body.items).toEqual([]);
    expect(world.apple.clientConfig(locationId).mdmInfo?.name).toBe('Other MDM');

    const claimed = await admin.post(`/accounts/${created.body.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.status).toBe('syncing');
    expect(world.apple.clientConfig(locationId).mdmInfo?.name).toBe('Allot');
    await runJobs(world.t);
    const account = (await admin.get(`/accounts/${created.body.id}`)).body;
    expect(account.status).toBe('healthy');
    expect((await admin.get('/products')).body.items).toHaveLength(4);

    const twice = await admin.post(`/accounts/${created.body.id}/claim`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('NOT_CLAIMED_ELSEWHERE');
  });

  it('R-T4: the warning about sharing a token is in the response and in the API documentation', async () => {
    const { admin } = await world.t.newTenant();
    const { sToken } = newLocation(world.apple);
    const created = await admin.post('/accounts', appleAccountBody(sToken));
    expect(created.body.warnings).toHaveLength(1);
    expect(created.body.warnings[0]).toMatch(/one management product|two management products/);
    const docs = await world.t.app.inject({ method: 'GET', url: '/docs/json' });
    const post = JSON.parse(docs.body).paths['/api/v1/accounts'].post;
    expect(post.description).toMatch(/assignments are lost/);
  });

  it('R-S3: the token is encrypted at rest and never returned, not even in the activity log', async () => {
    const { admin } = await world.t.newTenant();
    const { locationId, sToken } = newLocation(world.apple);
    const inner = JSON.parse(Buffer.from(sToken, 'base64').toString('utf8')).token as string;
    const created = await admin.post('/accounts', appleAccountBody(sToken));
    const id = created.body.id as string;
    const row = await world.t.ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.tokenEncrypted).not.toContain(sToken);
    expect(row.tokenEncrypted).not.toContain(inner);
    expect(decryptSecret(world.t.ctx.secretKey, row.tokenEncrypted!)).toBe(sToken);

    const renewed = world.apple.setTokenState(locationId, { action: 'renew' }).sToken!;
    const responses = [
      created,
      await admin.get(`/accounts/${id}`),
      await admin.get('/accounts'),
      await admin.put(`/accounts/${id}/token`, { token: renewed }),
      await admin.patch(`/accounts/${id}`, { name: 'Renamed' }),
      await admin.get('/activity?limit=500'),
      await admin.get('/docs/json'),
    ];
    for (const response of responses) {
      expect(response.status).toBeLessThan(300);
      for (const secret of [sToken, inner, renewed]) expect(response.text).not.toContain(secret);
    }
    for (const key of ['token', 'tokenEncrypted', 'notificationSecretHash']) {
      expect(created.body).not.toHaveProperty(key);
    }
  });

  it('R-S1, R-S2: accounts:write is needed to change accounts; other tenants and spaces see nothing', async () => {
    const { admin } = await world.t.newTenant();
    const { sToken } = newLocation(world.apple);
    const account = (await admin.post('/accounts', appleAccountBody(sToken))).body;
    const space = (await admin.post('/spaces', { name: 'Annex' })).body;
    const readOnly = world.t.client(
      (await admin.post('/api-tokens', { name: 'ro', role: 'readOnly' })).body.token,
    );
    const annexAdmin = world.t.client(
      (await admin.post('/api-tokens', { name: 'a', role: 'licenseAdmin', spaceId: space.id })).body
        .token,
    );
    expect((await readOnly.get(`/accounts/${account.id}`)).status).toBe(200);
    const other = newLocation(world.apple);
    expect((await readOnly.post('/accounts', appleAccountBody(other.sToken))).status).toBe(403);
    expect((await readOnly.patch(`/accounts/${account.id}`, { name: 'x' })).status).toBe(403);

    expect((await annexAdmin.get(`/accounts/${account.id}`)).status).toBe(404);
    expect((await annexAdmin.get('/accounts')).body.items).toEqual([]);
    expect((await annexAdmin.post(`/accounts/${account.id}/sync`, {})).status).toBe(404);
    expect((await annexAdmin.get(`/jobs/${account.syncJobId}`)).status).toBe(404);

    const stranger = await world.t.newTenant();
    expect((await stranger.admin.get(`/accounts/${account.id}`)).status).toBe(404);
    expect((await stranger.admin.delete(`/accounts/${account.id}?confirm=true`)).status).toBe(404);
    expect((await stranger.admin.get(`/jobs/${account.syncJobId}`)).status).toBe(404);
  });
});
