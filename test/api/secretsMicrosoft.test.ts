/**
 * R-T11, R-S4: a Microsoft Store account's client secret is replaced in place through
 * `PUT /accounts/{id}/token`: checked with the store, stored encrypted, the account and its
 * licences kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../src/services/access/secrets.js';
import { syncedAccount } from '../helpers/appleAccounts.js';
import {
  addMicrosoftAccount,
  checkIn,
  directoryUsers,
  msCatalogApp,
  msProduct,
  NOTES,
  settle,
  startMicrosoftWorld,
  storeSeats,
  userGroup,
  windowsDevice,
  type MicrosoftWorld,
} from '../helpers/microsoftFlow.js';
import type { Client } from '../helpers/testApp.js';

let w: MicrosoftWorld;
beforeAll(async () => {
  w = await startMicrosoftWorld();
});
afterAll(async () => w.close());

async function syncNow(admin: Client, accountId: string) {
  const { jobId } = (await admin.post(`/accounts/${accountId}/sync`, {})).body;
  await settle(w.t);
  return (await admin.get(`/jobs/${jobId}`)).body;
}

async function storedCredentials(accountId: string) {
  const row = await w.t.ctx.db.kysely
    .selectFrom('accounts')
    .select('tokenEncrypted')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return {
    raw: row.tokenEncrypted!,
    plain: JSON.parse(decryptSecret(w.t.ctx, row.tokenEncrypted!)),
  };
}

describe('replacing a Microsoft client secret', () => {
  it('R-T11, R-S4: the new client secret is checked with the store, stored encrypted, and every licence stays', async () => {
    const { admin } = await w.t.newTenant();
    const upns = ['ana', 'ben'].map((n) => `${n}@contoso.example.com`);
    const { account, tenantDirectoryId, credentials } = await addMicrosoftAccount(w, admin, {
      users: upns,
      products: [
        { productId: NOTES, name: 'Notes', seats: 3, packageIdentityName: 'Contoso.Notes' },
      ],
    });
    const users = await directoryUsers(admin, upns);
    const app = await msCatalogApp(admin, NOTES);
    const staff = await userGroup(admin, 'Staff', users);
    const assigned = await admin.post(`/catalog-apps/${app.id}/assignments`, {
      target: { type: 'group', groupId: staff.id },
      intent: 'required',
    });
    expect(assigned.status, assigned.text).toBe(201);
    for (const user of users) await checkIn(admin, (await windowsDevice(admin, user)).serialNumber);
    await settle(w.t);
    const seatsBefore = storeSeats(w, tenantDirectoryId);
    expect(seatsBefore).toHaveLength(2);
    const licensesBefore = (await admin.get('/licenses')).body.items;
    expect(licensesBefore).toHaveLength(2);

    // The secret is rotated in Entra ID: the account can no longer reach the store.
    const { clientSecret: newSecret } = w.microsoft.credentials(tenantDirectoryId, 'rotate');
    expect((await syncNow(admin, account.id)).state).toBe('failed');
    expect((await admin.get(`/accounts/${account.id}`)).body.status).toBe('error');
    expect((await admin.get('/notifications?kind=authError&state=active')).body.items).toHaveLength(
      1,
    );

    // A wrong secret is refused by the store; nothing changes.
    const stored = await storedCredentials(account.id);
    const wrong = await admin.put(`/accounts/${account.id}/token`, { clientSecret: 'not-it' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({
      code: 'INVALID_TOKEN',
      details: { field: 'clientSecret', storeCode: 'invalidToken' },
    });
    expect((await storedCredentials(account.id)).raw).toBe(stored.raw);

    // Fields of the other stores are named.
    for (const [body, field, code] of [
      [{ token: 'x' }, 'token', 'UNKNOWN_FIELD'],
      [
        { clientSecret: newSecret, autoDistributeToAllUsers: true },
        'autoDistributeToAllUsers',
        'UNKNOWN_FIELD',
      ],
      [{}, 'clientSecret', 'VALIDATION_FAILED'],
    ] as const) {
      const refused = await admin.put(`/accounts/${account.id}/token`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error).toMatchObject({ code, details: { field } });
    }

    const renewed = await admin.put(`/accounts/${account.id}/token`, { clientSecret: newSecret });
    expect(renewed.status, renewed.text).toBe(200);
    expect(renewed.body).toMatchObject({
      id: account.id,
      status: 'syncing',
      authProblem: null,
      statusReason: 'Client secret replaced; sync queued',
      tenantDirectoryId,
      syncJobId: expect.any(String),
      warnings: [],
    });
    expect(renewed.text).not.toContain(newSecret!);
    const after = await storedCredentials(account.id);
    expect(after.raw).not.toContain(newSecret!);
    expect(after.plain).toEqual({
      tenantDirectoryId,
      clientId: credentials.clientId,
      clientSecret: newSecret,
    });
    const activity = await admin.get('/activity?action=account.token.renew');
    expect(activity.body.items).toHaveLength(1);
    expect(activity.text).not.toContain(newSecret!);

    await settle(w.t);
    expect((await admin.get(`/jobs/${renewed.body.syncJobId}`)).body.state).toBe('succeeded');
    expect((await admin.get(`/accounts/${account.id}`)).body).toMatchObject({
      status: 'healthy',
      authProblem: null,
    });
    expect((await admin.get('/notifications?kind=authError&state=active')).body.items).toEqual([]);
    expect((await admin.get('/notifications?kind=authError')).body.items).toEqual([
      expect.objectContaining({
        state: 'cleared',
        subject: expect.objectContaining({ id: account.id }),
      }),
    ]);
    // The same account, its licences and the store's seats, untouched.
    expect((await admin.get('/accounts?store=microsoft')).body.items).toHaveLength(1);
    expect(storeSeats(w, tenantDirectoryId)).toEqual(seatsBefore);
    const licensesAfter = (await admin.get('/licenses')).body.items;
    expect(licensesAfter.map((l: any) => l.id).sort()).toEqual(
      licensesBefore.map((l: any) => l.id).sort(),
    );
    expect((await msProduct(admin, NOTES)).pools[0]).toMatchObject({ total: 3, inUse: 2 });
  });

  it('R-T11, R-S2: an Apple account takes no client secret; another tenant cannot reach the account', async () => {
    const { admin } = await w.t.newTenant();
    const appleAccount = (await syncedAccount(w.t, w.apple, admin)).account;
    const refused = await admin.put(`/accounts/${appleAccount.id}/token`, {
      clientSecret: 'whatever',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'UNKNOWN_FIELD',
      details: { field: 'clientSecret' },
    });
    const { account } = await addMicrosoftAccount(w, admin, {
      products: [{ productId: NOTES, name: 'Notes', seats: 1 }],
    });
    const stranger = await w.t.newTenant();
    expect(
      (await stranger.admin.put(`/accounts/${account.id}/token`, { clientSecret: 'x' })).status,
    ).toBe(404);
    const reader = w.t.client(
      (await admin.post('/api-tokens', { name: 'r', role: 'readOnly' })).body.token,
    );
    expect((await reader.put(`/accounts/${account.id}/token`, { clientSecret: 'x' })).status).toBe(
      403,
    );
  });
});
