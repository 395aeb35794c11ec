/**
 * R-S4, the secrets check: a scripted session uses every kind of secret Allot handles (the
 * bootstrap token, the secret key, a tenant's admin token, API tokens — also through
 * Idempotency-Key retries —, an Apple token, a Microsoft client secret, a webhook secret, a
 * wrong token), with every log line written (level trace). Then the database (every SQLite
 * file, or every PostgreSQL table, pg-boss's included) and the logs are scanned for each of
 * them: none may be found in clear.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { LOG_SERIALIZERS, type AppContext } from '../../src/context.js';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import {
  startMicrosoftEmulator,
  type MicrosoftEmulator,
} from '../../src/emulators/microsoft/index.js';
import { buildApp } from '../../src/http/app.js';
import { bossSchema } from '../../src/jobs/boss.js';
import { hashToken } from '../../src/services/access/apiTokens.js';
import { prepare } from '../../src/server.js';
import type { FastifyInstance } from 'fastify';
import { settle } from '../helpers/appleFlow.js';
import {
  FAST_APPLE,
  FAST_MICROSOFT,
  dropTestSchemas,
  makeClient,
  usingPostgres,
  type TestApp,
} from '../helpers/testApp.js';

let apple: AppleEmulator;
let microsoft: MicrosoftEmulator;
let ctx: AppContext;
let app: FastifyInstance;
let dataDir: string;
let schema: string | undefined;
const logLines: string[] = [];
const secrets = new Map<string, string>();

beforeAll(async () => {
  apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 5 });
  microsoft = await startMicrosoftEmulator({ port: 0, maxRequestsPerSecond: 0 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-secrets-'));
  schema = usingPostgres ? `allot_test_${randomBytes(6).toString('hex')}` : undefined;
  const bootstrapToken = `secrets-bootstrap-${randomBytes(16).toString('hex')}`;
  const secretKey = randomBytes(32).toString('base64');
  secrets.set('bootstrap token', bootstrapToken);
  secrets.set('secret key', secretKey);
  const config = loadConfig({
    ALLOT_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    ALLOT_DATABASE_SCHEMA: schema,
    ALLOT_ADMIN_TOKEN: bootstrapToken,
    ALLOT_SECRET_KEY: secretKey,
    // The webhook's receiver is the emulator on loopback.
    ALLOT_ALLOW_PRIVATE_TARGETS: 'true',
    LOG_LEVEL: 'trace',
    ALLOT_APPLE_API_URL: apple.url,
    ALLOT_MICROSOFT_API_URL: microsoft.url,
    ALLOT_MICROSOFT_AUTHORITY_URL: microsoft.authorityUrl,
    ALLOT_MICROSOFT_GRAPH_URL: microsoft.graphUrl,
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'trace', serializers: LOG_SERIALIZERS }, sink);
  ({ ctx } = await prepare(config, { logger, apple: FAST_APPLE, microsoft: FAST_MICROSOFT }));
  app = await buildApp(ctx);
  await app.ready();
});

afterAll(async () => {
  await app.close().catch(() => undefined);
  await ctx.close().catch(() => undefined);
  if (schema !== undefined) await dropTestSchemas(schema);
  fs.rmSync(dataDir, { recursive: true, force: true });
  await apple.close();
  await microsoft.close();
});

/** Every row of every table of the PostgreSQL schemas, as text. */
async function postgresText(): Promise<string> {
  const texts: string[] = [];
  for (const name of [schema!, bossSchema(schema!)]) {
    const tables = await sql<{ table: string }>`
      select table_name as "table" from information_schema.tables
      where table_schema = ${name} and table_type = 'BASE TABLE'`.execute(ctx.db.kysely);
    for (const { table } of tables.rows) {
      const rows = await sql<{ row: string }>`
        select t::text as row from ${sql.table(`${name}.${table}`)} as t`.execute(ctx.db.kysely);
      texts.push(...rows.rows.map((r) => r.row));
    }
  }
  return texts.join('\n');
}

/** Every file of the SQLite database (the database, its write-ahead log, its shared memory). */
function sqliteBytes(): Array<{ file: string; bytes: Buffer }> {
  return fs
    .readdirSync(dataDir)
    .filter((file) => file.startsWith('allot.db'))
    .map((file) => ({ file, bytes: fs.readFileSync(path.join(dataDir, file)) }));
}

describe('R-S4: secrets are never stored or logged in clear', () => {
  it('R-S4: after a session using every kind of secret, none is found in the database or the logs', async () => {
    const bootstrap = makeClient(app, secrets.get('bootstrap token')!);
    const t = { ctx } as TestApp;

    const tenant = await bootstrap.post(
      '/tenants',
      { name: 'Secretive Ltd' },
      { 'idempotency-key': 'tenant-1' },
    );
    expect(tenant.status).toBe(201);
    secrets.set('tenant admin token', tenant.body.adminToken);
    expect(
      (
        await bootstrap.post(
          '/tenants',
          { name: 'Secretive Ltd' },
          { 'idempotency-key': 'tenant-1' },
        )
      ).status,
    ).toBe(409);
    const admin = makeClient(app, tenant.body.adminToken);

    const minted = await admin.post(
      '/api-tokens',
      { name: 'mdm', role: 'userAdmin' },
      { 'idempotency-key': 'token-1' },
    );
    expect(minted.status).toBe(201);
    secrets.set('API token', minted.body.token);
    await admin.post(
      '/api-tokens',
      { name: 'mdm', role: 'userAdmin' },
      { 'idempotency-key': 'token-1' },
    );
    const mdm = makeClient(app, minted.body.token);
    expect((await mdm.get('/me')).status).toBe(200);
    const second = await admin.post('/api-tokens', { name: 'temp', role: 'readOnly' });
    secrets.set('deleted API token', second.body.token);
    expect((await makeClient(app, second.body.token).get('/spaces')).status).toBe(200);
    expect((await admin.delete(`/api-tokens/${second.body.id}`)).status).toBe(204);

    const wrong = `allot_${randomBytes(32).toString('base64url')}`;
    secrets.set('wrong token', wrong);
    expect((await makeClient(app, wrong).get('/spaces')).status).toBe(401);

    const { sToken } = apple.createLocation({
      organizationName: 'Example School',
      locationName: 'Secrets campus',
      assets: [{ adamId: '1001', name: 'Maps Pro', totalCount: 5 }],
    });
    secrets.set('Apple token', sToken);
    const appleAccount = await admin.post(
      '/accounts',
      {
        store: 'apple',
        name: 'Main location',
        token: sToken,
        appleId: 'vpp@example.org',
        accountType: 'education',
      },
      { 'idempotency-key': 'apple-1' },
    );
    expect(appleAccount.status).toBe(201);
    await settle(t);
    expect(
      (await admin.put(`/accounts/${appleAccount.body.id}/token`, { token: sToken })).status,
    ).toBe(200);

    const credentials = microsoft.createAccount({
      organizationName: 'Contoso',
      domain: `contoso${randomBytes(3).toString('hex')}.example.com`,
      products: [],
      users: [],
    });
    secrets.set('Microsoft client secret', credentials.clientSecret);
    const microsoftAccount = await admin.post('/accounts', {
      store: 'microsoft',
      name: 'Microsoft Store',
      tenantDirectoryId: credentials.tenantDirectoryId,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      language: 'en-US',
    });
    expect(microsoftAccount.status).toBe(201);
    await settle(t);

    const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
    secrets.set('webhook secret', webhookSecret);
    const webhook = await admin.post('/webhooks', {
      url: `${apple.url}/hook`,
      events: ['*'],
      secret: webhookSecret,
    });
    expect(webhook.status, webhook.text).toBe(201);

    // An MDM connector: its API key, its event URL's token and its HMAC key, and one event.
    const mdmKey = `nanomdm-${randomBytes(16).toString('hex')}`;
    secrets.set('MDM API key', mdmKey);
    const connector = await admin.post('/mdm-connectors', {
      kind: 'nanomdm',
      name: 'NanoMDM',
      apiUrl: `${apple.url}/nanomdm`,
      apiKey: mdmKey,
    });
    expect(connector.status, connector.text).toBe(201);
    const eventPath = new URL(connector.body.webhookUrl, 'http://allot.invalid').pathname;
    secrets.set('MDM event URL token', eventPath.split('/').at(-1)!);
    secrets.set('MDM webhook secret', connector.body.webhookSecret);
    const event = await app.inject({ method: 'POST', url: eventPath, payload: {} });
    expect(event.statusCode).toBe(400);

    await app.close();
    await ctx.close();

    const found: string[] = [];
    const logs = logLines.join('');
    expect(logs.length, 'the session was logged').toBeGreaterThan(1000);
    if (usingPostgres) {
      // A fresh handle: the context above is closed.
      ({ ctx } = await prepare(
        loadConfig({
          ALLOT_DATA_DIR: dataDir,
          DATABASE_URL: process.env.DATABASE_URL,
          ALLOT_DATABASE_SCHEMA: schema,
          ALLOT_ADMIN_TOKEN: secrets.get('bootstrap token'),
          ALLOT_SECRET_KEY: secrets.get('secret key'),
          LOG_LEVEL: 'silent',
        }),
      ));
    }
    const database = usingPostgres ? null : sqliteBytes();
    const rows = usingPostgres ? await postgresText() : '';
    // The scan reads what is stored: the API token's hash is there, as R-S4 says it must be.
    const hash = hashToken(secrets.get('API token')!);
    if (database !== null) {
      expect(database.some((d) => d.bytes.includes(Buffer.from(hash)))).toBe(true);
    } else expect(rows).toContain(hash);
    for (const [what, secret] of secrets) {
      expect(secret.length, what).toBeGreaterThanOrEqual(20);
      if (logs.includes(secret)) found.push(`${what} in the logs`);
      if (database !== null) {
        for (const { file, bytes } of database) {
          if (bytes.includes(Buffer.from(secret, 'utf8'))) found.push(`${what} in ${file}`);
        }
      } else if (rows.includes(secret)) found.push(`${what} in the database`);
    }
    expect(found).toEqual([]);
  });
});
