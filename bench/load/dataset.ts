/**
 * One configuration's data, set up in the harness process before any server starts: the fleet
 * of bench/scenarios.ts — a tenant, an Apple account on the emulator with FLEET.appsPerDevice
 * apps required on All Devices (added and synced through the API, in-process), then users,
 * devices and — for the devices the scenario says hold their licences — their licences and
 * installs written straight into the database in bulk, with the matching assignments seeded
 * into the emulator. Those devices check in as a fleet in its steady state would; the others
 * get their licences at their first check-in during the load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { dropPostgresSchema, openDatabase, type Db } from '../../src/db/database.js';
import { bossSchema } from '../../src/jobs/boss.js';
import type { DeviceTable, InstallTable, LicenseTable, UserTable } from '../../src/db/schema.js';
import type { AppleEmulator } from '../../src/emulators/apple/index.js';
import { buildApp } from '../../src/http/app.js';
import { newId } from '../../src/ids.js';
import { drainOutbox } from '../../src/jobs/outbox.js';
import { runQueuedJobs } from '../../src/jobs/runner.js';
import { syncJobHandlers } from '../../src/jobs/accountTasks.js';
import { prepare } from '../../src/server.js';
import { FLEET, holdsLicences } from '../scenarios.js';
import type { Configuration, LoadOptions } from './options.js';

export interface Dataset {
  /** Allot's configuration, the same for every server process of the configuration. */
  env: Record<string, string>;
  /** The tenant's globalAdmin token (it may check devices in, as an MDM's token does). */
  token: string;
  serialsFile: string;
  bundleIds: string[];
  /** A device that already holds its licences, for the sanity check. */
  preallocatedSerial: string | null;
  preallocated: number;
  /** Primary users of the devices. */
  users: number;
  setupSeconds: number;
  /** Active licences now (to count the allocations a step made). */
  activeLicenses(): Promise<number>;
  cleanup(): Promise<void>;
}

const CHUNK = 500;

async function insertInChunks<T>(
  db: Db,
  rows: readonly T[],
  insert: (trx: Db['kysely'], chunk: T[]) => Promise<unknown>,
): Promise<void> {
  // One transaction per 20 chunks: fast on SQLite, without one huge transaction on PostgreSQL.
  for (let i = 0; i < rows.length; i += CHUNK * 20) {
    await db.kysely.transaction().execute(async (trx) => {
      for (let j = i; j < Math.min(rows.length, i + CHUNK * 20); j += CHUNK) {
        await insert(trx, rows.slice(j, j + CHUNK));
      }
    });
  }
}

/**
 * What a database that has been running for a while would be: on PostgreSQL, statistics for
 * the planner (autovacuum keeps them) and the bulk-loaded tables vacuumed and their pages
 * written out; on SQLite, the log checkpointed. Without this, autovacuum and the checkpoint that
 * follow a bulk load of this size run during the measurement. SQLite gets no ANALYZE: Allot
 * never runs one, so a SQLite database that has run for a while has no statistics, as in
 * `npm run bench` (bench/scenarios.ts: the two benchmarks measure the same database).
 */
async function settle(db: Db): Promise<void> {
  if (db.dialect === 'sqlite') {
    await sql`pragma wal_checkpoint(truncate)`.execute(db.kysely);
    return;
  }
  await sql`vacuum (analyze) users, devices, licenses, installs, pools, accounts`.execute(
    db.kysely,
  );
  // A superuser's or pg_checkpoint's right; without it the checkpointer catches up on its own.
  await sql`checkpoint`.execute(db.kysely).catch(() => undefined);
}

export async function buildDataset(
  configuration: Configuration,
  options: LoadOptions,
  apple: AppleEmulator,
  workDir: string,
): Promise<Dataset> {
  const started = performance.now();
  const tag = `${configuration.dialect}-${configuration.processes}`;
  const dataDir = path.join(workDir, tag);
  fs.mkdirSync(dataDir, { recursive: true });
  const schema =
    configuration.dialect === 'postgres' ? `allot_load_${randomBytes(5).toString('hex')}` : null;
  const bootstrapToken = `load-bootstrap-${randomBytes(12).toString('hex')}`;
  const env: Record<string, string> = {
    ALLOT_DATA_DIR: dataDir,
    ALLOT_ADMIN_TOKEN: bootstrapToken,
    ALLOT_SECRET_KEY: randomBytes(32).toString('base64'),
    ALLOT_APPLE_API_URL: apple.url,
    LOG_LEVEL: 'warn',
    ALLOT_DATABASE_POOL_SIZE: String(
      Math.ceil(options.databaseConnections / configuration.processes),
    ),
    ...(schema !== null && { DATABASE_URL: options.databaseUrl, ALLOT_DATABASE_SCHEMA: schema }),
  };
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const cleanupStorage = async () => {
    if (schema !== null) {
      await dropPostgresSchema(options.databaseUrl, schema);
      // The servers' pg-boss keeps its jobs in a schema of its own.
      await dropPostgresSchema(options.databaseUrl, bossSchema(schema));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const { ctx } = await prepare(config, {
    logger: pino({ level: 'silent' }),
    apple: {
      eventPolling: { firstPollMs: 10, intervalMs: 10, timeoutMs: 30_000 },
      maxRequestsPerSecond: 0,
    },
  });
  const app = await buildApp(ctx);
  let token: string;
  let bundleIds: string[];
  let serials: string[];
  let preallocated = 0;
  let preallocatedSerial: string | null = null;
  try {
    await app.ready();
    const call = async (method: 'GET' | 'POST', url: string, bearer: string, body?: object) => {
      const response = await app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${bearer}` },
        ...(body !== undefined && { payload: body }),
      });
      if (response.statusCode >= 300) {
        throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
      }
      return JSON.parse(response.body);
    };
    const created = await call('POST', '/tenants', bootstrapToken, { name: `load ${tag}` });
    token = created.adminToken as string;
    const tenantId = created.tenant.id as string;

    const assets = Array.from({ length: FLEET.appsPerDevice }, (_, i) => ({
      adamId: String(810_001 + i),
      name: `Load App ${i + 1}`,
      bundleId: `com.example.load${i + 1}`,
      totalCount: options.devices * FLEET.licencesPerDevice,
    }));
    const { locationId, sToken } = apple.createLocation({
      organizationName: 'Load Test District',
      locationName: `Fleet ${tag}`,
      assets,
    });
    const account = await call('POST', '/accounts', token, {
      store: 'apple',
      name: `Fleet ${tag}`,
      token: sToken,
      appleId: 'vpp-admin@example.org',
      accountType: 'education',
    });
    for (let round = 0; round < 20; round += 1) {
      const jobs = await runQueuedJobs(ctx, syncJobHandlers);
      const outbox = await drainOutbox(ctx);
      if (jobs === 0 && outbox.sent === 0 && outbox.retried === 0) break;
    }
    const products = (await call('GET', '/products?store=apple&limit=500', token)).items as any[];
    const apps = [];
    for (const asset of assets) {
      const product = products.find((p) => p.storeProductId === asset.adamId);
      if (product === undefined) throw new Error(`product ${asset.adamId} was not synced`);
      const catalogApp = await call('POST', '/catalog-apps', token, { productId: product.id });
      await call('POST', `/catalog-apps/${catalogApp.id}/assignments`, token, {
        target: { type: 'allDevices' },
        intent: 'required',
      });
      apps.push({ asset, productId: product.id as string, catalogAppId: catalogApp.id as string });
    }
    bundleIds = assets.map((a) => a.bundleId);

    const db = ctx.db;
    const space = await db.kysely
      .selectFrom('spaces')
      .select('id')
      .where('tenantId', '=', tenantId)
      .where('isDefault', '=', 1)
      .executeTakeFirstOrThrow();
    const pools = await db.kysely
      .selectFrom('pools')
      .selectAll()
      .where('accountId', '=', account.id)
      .execute();
    const now = new Date().toISOString();

    const userCount = Math.ceil(options.devices / FLEET.devicesPerUser);
    const users: UserTable[] = Array.from({ length: userCount }, (_, i) => ({
      id: newId(),
      tenantId,
      spaceId: space.id,
      email: `load-user-${i}@example.org`,
      displayName: `Load User ${i}`,
      enrolment: 'none',
      createdAt: now,
      updatedAt: now,
    }));
    await insertInChunks(db, users, (trx, chunk) =>
      trx.insertInto('users').values(chunk).execute(),
    );
    const devices: DeviceTable[] = Array.from({ length: options.devices }, (_, i) => ({
      id: newId(),
      tenantId,
      spaceId: space.id,
      serialNumber: `LD${String(i).padStart(8, '0')}`,
      platform: FLEET.platform,
      name: null,
      primaryUserId: users[i % users.length]!.id,
      shared: 0,
      state: 'active',
      lastCheckInAt: null,
      createdAt: now,
      updatedAt: now,
    }));
    await insertInChunks(db, devices, (trx, chunk) =>
      trx.insertInto('devices').values(chunk).execute(),
    );
    serials = devices.map((d) => d.serialNumber);

    // The scenario's share of devices starts without licences, spread over the serial numbers.
    const holders = devices.filter((_, i) => holdsLicences(options.scenario, i));
    preallocated = holders.length;
    preallocatedSerial = holders[0]?.serialNumber ?? null;
    for (const { asset, productId, catalogAppId } of apps) {
      const pool = pools.find((p) => p.productId === productId);
      if (pool === undefined) throw new Error(`no pool for ${asset.adamId}`);
      const licenses: LicenseTable[] = holders.map((d) => ({
        id: newId(),
        tenantId,
        spaceId: space.id,
        accountId: account.id as string,
        poolId: pool.id,
        productId,
        catalogAppId,
        licenseType: 'device',
        subjectType: 'device',
        subjectId: d.id,
        subjectName: d.serialNumber,
        serialNumber: d.serialNumber,
        distribution: 'fcfs',
        state: 'active',
        storeState: 'confirmed',
        assignedAt: now,
        revokedAt: null,
        graceUntil: null,
        lastAction: 'bench.preallocate',
        updatedAt: now,
      }));
      await insertInChunks(db, licenses, (trx, chunk) =>
        trx.insertInto('licenses').values(chunk).execute(),
      );
      const installs: InstallTable[] = licenses.map((l) => ({
        id: newId(),
        tenantId,
        deviceId: l.subjectId,
        catalogAppId,
        productId,
        state: options.scenario.installedBefore ? 'installed' : 'pending',
        reason: null,
        licenseId: l.id,
        version: options.scenario.installedBefore ? FLEET.version : null,
        installedAt: options.scenario.installedBefore ? now : null,
        updatedAt: now,
      }));
      await insertInChunks(db, installs, (trx, chunk) =>
        trx.insertInto('installs').values(chunk).execute(),
      );
      await db.kysely
        .updateTable('pools')
        .set({ inUse: licenses.length, storeAssigned: licenses.length })
        .where('id', '=', pool.id)
        .execute();
      apple.seed(locationId, {
        assignments: holders.map((d) => ({
          adamId: asset.adamId,
          pricingParam: 'STDQ',
          serialNumber: d.serialNumber,
        })),
      });
    }
    await settle(db);
  } catch (error) {
    await app.close();
    await ctx.close();
    await cleanupStorage();
    throw error;
  }
  await app.close();
  await ctx.close();

  const serialsFile = path.join(dataDir, 'serials.json');
  fs.writeFileSync(serialsFile, JSON.stringify(serials));
  let counter: Db | null = null;
  return {
    env,
    token,
    serialsFile,
    bundleIds,
    preallocatedSerial,
    preallocated,
    users: Math.ceil(options.devices / FLEET.devicesPerUser),
    setupSeconds: (performance.now() - started) / 1000,
    async activeLicenses() {
      counter ??= await openDatabase({ ...config, poolSize: 1 });
      const row = await counter.kysely
        .selectFrom('licenses')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', '=', 'active')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async cleanup() {
      await counter?.close();
      await cleanupStorage();
    },
  };
}
