import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../src/services/access/secrets.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  // The MDM lives on an internal address the operator allows (R-S5); nothing else internal is.
  t = await createTestApp({
    env: {
      ALLOT_PUBLIC_URL: 'https://allot.example.org',
      ALLOT_ALLOWED_PRIVATE_HOSTS: '10.20.0.5',
    },
  });
});
afterAll(async () => t.close());

const API_KEY = 'nanomdm-api-key-that-can-erase-devices';
const connectorInput = (name = 'NanoMDM') => ({
  kind: 'nanomdm',
  name,
  apiUrl: 'http://10.20.0.5:9000/',
  apiKey: API_KEY,
});

describe('MDM connectors', () => {
  it('R-I4, R-S3: a connector is created with its webhook URL and secret shown once; the API key is encrypted and never returned', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const created = await admin.post('/mdm-connectors', connectorInput());
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'nanomdm',
      name: 'NanoMDM',
      apiUrl: 'http://10.20.0.5:9000',
      status: 'awaitingEvents',
      signatureRequired: false,
    });
    expect(created.body.webhookUrl).toMatch(
      /^https:\/\/allot\.example\.org\/api\/v1\/mdm-events\/[A-Za-z0-9_-]{43}$/,
    );
    expect(created.body.webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.text).not.toContain(API_KEY);

    const read = await admin.get(`/mdm-connectors/${created.body.id}`);
    const list = await admin.get('/mdm-connectors');
    expect(read.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    for (const text of [read.text, list.text]) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(created.body.webhookSecret);
      expect(text).not.toContain(created.body.webhookUrl.split('/').at(-1));
    }
    expect(read.body).not.toHaveProperty('webhookUrl');

    const row = await t.ctx.db.kysely
      .selectFrom('mdmConnectors')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.tenantId).toBe(tenantId);
    expect(row.apiKeyEncrypted).not.toContain(API_KEY);
    expect(decryptSecret(t.ctx.secretKey, row.apiKeyEncrypted)).toBe(API_KEY);
    expect(decryptSecret(t.ctx.secretKey, row.webhookSecretEncrypted)).toBe(
      created.body.webhookSecret,
    );
    expect(JSON.stringify(row)).not.toContain(created.body.webhookUrl.split('/').at(-1));

    // R-M7: logged, without the secrets.
    const activity = await admin.get('/activity?action=mdmConnector.create');
    expect(activity.body.items).toHaveLength(1);
    expect(activity.text).not.toContain(API_KEY);
    expect(activity.text).not.toContain(created.body.webhookSecret);
  });

  it('R-I4, R-S5: an MDM API URL on an internal address is refused unless the operator allows it', async () => {
    const { admin } = await t.newTenant();
    for (const apiUrl of ['http://127.0.0.1:9000', 'http://169.254.169.254/', 'http://10.20.0.6']) {
      const refused = await admin.post('/mdm-connectors', { ...connectorInput(), apiUrl });
      expect(refused.status, apiUrl).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'PRIVATE_TARGET',
        details: { field: 'apiUrl' },
      });
    }
    const notUrl = await admin.post('/mdm-connectors', { ...connectorInput(), apiUrl: 'nanomdm' });
    expect(notUrl.status).toBe(400);
    const creds = await admin.post('/mdm-connectors', {
      ...connectorInput(),
      apiUrl: 'http://nanomdm:key@10.20.0.5:9000',
    });
    expect(creds.status).toBe(400);
    expect((await admin.get('/mdm-connectors')).body.items).toHaveLength(0);
  });

  it('R-I4, R-S1: only a globalAdmin creates, changes or deletes connectors; other roles read them', async () => {
    const { admin } = await t.newTenant();
    const created = (await admin.post('/mdm-connectors', connectorInput())).body;
    for (const role of ['appManager', 'licenseAdmin', 'userAdmin', 'readOnly']) {
      const token = (await admin.post('/api-tokens', { name: role, role })).body.token;
      const other = t.client(token);
      expect((await other.post('/mdm-connectors', connectorInput(role))).status, role).toBe(403);
      expect((await other.patch(`/mdm-connectors/${created.id}`, { name: 'x' })).status).toBe(403);
      expect((await other.delete(`/mdm-connectors/${created.id}`)).status).toBe(403);
      expect((await other.get(`/mdm-connectors/${created.id}`)).status).toBe(200);
    }
  });

  it('R-I4, R-S2: another tenant, or another space, does not see the connector', async () => {
    const a = await t.newTenant();
    const b = await t.newTenant();
    const created = (await a.admin.post('/mdm-connectors', connectorInput())).body;
    expect((await b.admin.get(`/mdm-connectors/${created.id}`)).status).toBe(404);
    expect((await b.admin.get('/mdm-connectors')).body.items).toHaveLength(0);
    expect((await b.admin.delete(`/mdm-connectors/${created.id}`)).status).toBe(404);

    const space = (await a.admin.post('/spaces', { name: 'Sales' })).body;
    const scoped = t.client(
      (await a.admin.post('/api-tokens', { name: 's', role: 'globalAdmin', spaceId: space.id }))
        .body.token,
    );
    expect((await scoped.get(`/mdm-connectors/${created.id}`)).status).toBe(404);
    const own = await scoped.post('/mdm-connectors', connectorInput('Sales MDM'));
    expect(own.status, own.text).toBe(201);
    expect(own.body.spaceId).toBe(space.id);
    expect((await scoped.get('/mdm-connectors')).body.items.map((c: any) => c.id)).toEqual([
      own.body.id,
    ]);
  });

  it('R-I4: PATCH renames, re-checks the URL and replaces the key; DELETE ends the webhook', async () => {
    const { admin } = await t.newTenant();
    const created = (await admin.post('/mdm-connectors', connectorInput())).body;
    const renamed = await admin.patch(`/mdm-connectors/${created.id}`, {
      name: 'NanoMDM (prod)',
      apiKey: 'a-new-key',
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.name).toBe('NanoMDM (prod)');
    expect(renamed.text).not.toContain('a-new-key');
    const row = await t.ctx.db.kysely
      .selectFrom('mdmConnectors')
      .select('apiKeyEncrypted')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(decryptSecret(t.ctx.secretKey, row.apiKeyEncrypted)).toBe('a-new-key');
    const internal = await admin.patch(`/mdm-connectors/${created.id}`, {
      apiUrl: 'http://192.168.1.1',
    });
    expect(internal.status).toBe(400);
    expect(internal.body.error.code).toBe('PRIVATE_TARGET');
    expect((await admin.patch(`/mdm-connectors/${created.id}`, {})).status).toBe(400);

    const path = new URL(created.webhookUrl).pathname;
    expect((await admin.delete(`/mdm-connectors/${created.id}`)).status).toBe(204);
    expect((await admin.get(`/mdm-connectors/${created.id}`)).status).toBe(404);
    const event = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json' },
      payload: '{"topic":"mdm.Connect"}',
    });
    expect(event.statusCode).toBe(401);
    const actions = (await admin.get('/activity')).body.items.map((a: any) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['mdmConnector.update', 'mdmConnector.delete']));
  });
});
