import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMicrosoftAccount,
  NOTES,
  settle,
  startMicrosoftWorld,
  type MicrosoftWorld,
} from '../helpers/microsoftFlow.js';
import type { Client } from '../helpers/testApp.js';

let w: MicrosoftWorld;
beforeAll(async () => {
  w = await startMicrosoftWorld();
});
afterAll(async () => w.close());

function body(credentials: { tenantDirectoryId: string; clientId: string; clientSecret: string }) {
  return {
    store: 'microsoft',
    name: 'Microsoft Store',
    tenantDirectoryId: credentials.tenantDirectoryId,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    language: 'en-US',
  };
}

function newDirectory(organizationName = 'Contoso') {
  return w.microsoft.createAccount({
    organizationName,
    domain: `${organizationName.toLowerCase()}.example.com`,
    products: [{ productId: NOTES, name: 'Notes', seats: 5 }],
  });
}

async function accountCount(admin: Client): Promise<number> {
  return (await admin.get('/accounts?store=microsoft')).body.items.length;
}

describe('binding a tenant to its Microsoft Store account', () => {
  it('R-T11: checks the credentials with the store, shows the directory, keeps the secret encrypted, and queues the first sync', async () => {
    const { admin } = await w.t.newTenant();
    const credentials = newDirectory('Northwind');
    const created = await admin.post('/accounts', { ...body(credentials), language: 'fr-FR' });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      store: 'microsoft',
      status: 'syncing',
      statusReason: 'First sync queued',
      organizationName: 'Northwind',
      locationName: 'northwind.example.com',
      tenantDirectoryId: credentials.tenantDirectoryId,
      language: 'fr-FR',
      priority: 1,
      seats: null,
      syncJobId: expect.any(String),
      warnings: [],
    });
    expect(Date.parse(created.body.tokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(created.text).not.toContain(credentials.clientSecret);
    const row = await w.t.ctx.db.kysely
      .selectFrom('accounts')
      .select('tokenEncrypted')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.tokenEncrypted).not.toContain(credentials.clientSecret);

    await settle(w.t);
    const job = (await admin.get(`/jobs/${created.body.syncJobId}`)).body;
    expect(job).toMatchObject({ state: 'succeeded', result: { outcome: 'synced', products: 1 } });
    const account = (await admin.get(`/accounts/${created.body.id}`)).body;
    expect(account).toMatchObject({ status: 'healthy', statusReason: null });
    expect(account.lastSyncAt).not.toBeNull();
    expect((await admin.get('/activity?action=account.create')).body.items[0]).toMatchObject({
      subject: { id: created.body.id },
      store: 'microsoft',
    });
  });

  it('R-T11: a tenant is bound once: a second Store account is refused with a clear 409', async () => {
    const { admin } = await w.t.newTenant();
    const { account } = await addMicrosoftAccount(w, admin, { products: [] });
    const second = await admin.post('/accounts', body(newDirectory('Fabrikam')));
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: 'MICROSOFT_ACCOUNT_EXISTS',
      details: { accountId: account.id, field: 'tenantDirectoryId' },
    });
    expect(second.body.error.message).toMatch(/already bound.*cannot be\s+changed/s);
    expect(await accountCount(admin)).toBe(1);
  });

  it('R-T11: deleting the account does not unbind the tenant: only the same directory may be connected again', async () => {
    const { admin } = await w.t.newTenant();
    const { account, credentials } = await addMicrosoftAccount(w, admin, { products: [] });
    expect((await admin.delete(`/accounts/${account.id}?confirm=true`)).status).toBe(200);
    const other = await admin.post('/accounts', body(newDirectory('Litware')));
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('MICROSOFT_ACCOUNT_EXISTS');
    expect(other.body.error.message).toContain(credentials.tenantDirectoryId);
    const again = await admin.post('/accounts', body(credentials));
    expect(again.status, again.text).toBe(201);
  });

  it('R-T11: one directory’s Store account belongs to one tenant of the deployment', async () => {
    const a = await w.t.newTenant();
    const b = await w.t.newTenant();
    const credentials = newDirectory('Tailspin');
    expect((await a.admin.post('/accounts', body(credentials))).status).toBe(201);
    const taken = await b.admin.post('/accounts', body(credentials));
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({
      code: 'LOCATION_TAKEN',
      details: { field: 'tenantDirectoryId' },
    });
  });

  it('R-T10: refused credentials store nothing and say what to fix', async () => {
    const { admin } = await w.t.newTenant();
    const credentials = newDirectory('Adatum');
    const wrong = await admin.post('/accounts', { ...body(credentials), clientSecret: 'wrong' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({
      code: 'INVALID_TOKEN',
      details: { field: 'clientSecret', storeCode: 'invalidToken' },
    });
    w.microsoft.credentials(credentials.tenantDirectoryId, 'deactivate');
    const inactive = await admin.post('/accounts', body(credentials));
    expect(inactive.status).toBe(422);
    expect(inactive.body.error).toMatchObject({
      code: 'LOGIN_REQUIRED',
      details: { field: 'clientId', remedy: expect.stringContaining('management tool') },
    });
    w.microsoft.credentials(credentials.tenantDirectoryId, 'activate');
    w.microsoft.injectFaults({ status: 503, count: 20 });
    const down = await admin.post('/accounts', body(credentials));
    w.microsoft.clearFaults();
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('STORE_UNAVAILABLE');
    expect(await accountCount(admin)).toBe(0);
    expect((await admin.post('/accounts', body(credentials))).status).toBe(201);
  });

  it('R-T11: the body is validated for the store it names', async () => {
    const { admin } = await w.t.newTenant();
    const credentials = newDirectory();
    const language = await admin.post('/accounts', { ...body(credentials), language: 'english' });
    expect(language.status).toBe(400);
    expect(language.body.error.details.field).toBe('language');
    const missing: Partial<ReturnType<typeof body>> = body(credentials);
    delete missing.clientSecret;
    const noSecret = await admin.post('/accounts', missing);
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.error.details.field).toBe('clientSecret');
    const extra = await admin.post('/accounts', { ...body(credentials), token: 'x' });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatchObject({ code: 'UNKNOWN_FIELD', details: { field: 'token' } });
    const store = await admin.post('/accounts', { ...body(credentials), store: 'google' });
    expect(store.status).toBe(400);
    expect(store.body.error.details.field).toBe('store');
  });

  it('R-T12: a Microsoft account takes its counts from the store: seats are read-only', async () => {
    const { admin } = await w.t.newTenant();
    const { account } = await addMicrosoftAccount(w, admin, { products: [] });
    const patched = await admin.patch(`/accounts/${account.id}`, { seats: 10 });
    expect(patched.status).toBe(422);
    expect(patched.body.error).toMatchObject({
      code: 'SEATS_READ_ONLY',
      details: { source: 'store' },
    });
  });
});
