/**
 * Ledger rows written straight to the database for the API tests of `test/api/` (catalog,
 * distribution, assignments, monitoring, seats…): accounts, products and pools normally come
 * from a store sync, and licences from check-ins. Licences go through the ledger's own guarded
 * moves. Resources a test creates through the API live in `directory.ts`.
 */
import type { LicenseTable } from '../../src/db/schema.js';
import { newId } from '../../src/ids.js';
import { grantLicense, releaseLicense } from '../../src/services/ledger/ledger.js';
import type { TestApp } from '../helpers/testApp.js';

const ISO = '2026-06-01T08:00:00.000Z';

export async function defaultSpaceId(t: TestApp, tenantId: string): Promise<string> {
  const row = await t.ctx.db.kysely
    .selectFrom('spaces')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('isDefault', '=', 1)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertAccount(
  t: TestApp,
  tenantId: string,
  options: {
    spaceId: string;
    store?: 'apple' | 'microsoft' | 'isv';
    name?: string;
    priority?: number;
    autoDistributeToAllUsers?: boolean;
    status?: string;
  },
): Promise<string> {
  const id = newId();
  await t.ctx.db.kysely
    .insertInto('accounts')
    .values({
      id,
      tenantId,
      spaceId: options.spaceId,
      store: options.store ?? 'apple',
      name: options.name ?? `Account ${id.slice(-4)}`,
      priority: options.priority ?? 1,
      status: options.status ?? 'healthy',
      statusReason: null,
      authProblem: null,
      tokenEncrypted: null,
      locationKey: null,
      organizationName: null,
      locationName: null,
      appleId: null,
      accountType: null,
      autoDistributeToAllUsers: options.autoDistributeToAllUsers === true ? 1 : 0,
      clearPreviousLicenseData: 0,
      settings: '{}',
      tokenCreatedAt: null,
      tokenExpiresAt: null,
      notificationSecretHash: null,
      syncIntervalMinutes: 720,
      lastSyncAt: ISO,
      lastSyncAttemptAt: ISO,
      nextSyncAt: null,
      firstSyncDone: 1,
      assignmentsVersionId: null,
      usersVersionId: null,
      untrackedLicenses: 0,
      expiryWarningsSent: '[]',
      createdAt: ISO,
      updatedAt: ISO,
    })
    .execute();
  return id;
}

export async function insertProduct(
  t: TestApp,
  tenantId: string,
  options: {
    name: string;
    store?: 'apple' | 'microsoft' | 'isv';
    bundleId?: string;
    cost?: { amount: number; currency: string };
    deviceAssignable?: boolean;
    licenseModel?: 'standard' | 'online' | 'offline';
  },
): Promise<string> {
  const id = newId();
  await t.ctx.db.kysely
    .insertInto('products')
    .values({
      id,
      tenantId,
      store: options.store ?? 'apple',
      storeProductId: `${Math.floor(Math.random() * 1e9)}`,
      pricingParam: 'STDQ',
      kind: 'app',
      name: options.name,
      bundleId: options.bundleId ?? `com.example.${options.name.toLowerCase().replace(/\W/g, '')}`,
      version: '1.0',
      platforms: '["ios","macos"]',
      costAmount: options.cost?.amount ?? null,
      costCurrency: options.cost?.currency ?? null,
      deviceAssignable: options.deviceAssignable === false ? 0 : 1,
      revocable: 1,
      licenseModel: options.licenseModel ?? 'standard',
      sizeBytes: null,
      createdAt: ISO,
      updatedAt: ISO,
    })
    .execute();
  return id;
}

export async function insertPool(
  t: TestApp,
  tenantId: string,
  options: {
    accountId: string;
    productId: string;
    total: number;
    unlimited?: boolean;
    asOf?: string | null;
    /** Seats already taken or reserved, as a pool part-way through its life (default 0). */
    inUse?: number;
    reserved?: number;
  },
): Promise<string> {
  const id = newId();
  await t.ctx.db.kysely
    .insertInto('pools')
    .values({
      id,
      tenantId,
      accountId: options.accountId,
      productId: options.productId,
      total: options.total,
      inUse: options.inUse ?? 0,
      reserved: options.reserved ?? 0,
      unlimited: options.unlimited === true ? 1 : 0,
      storeAssigned: 0,
      asOf: options.asOf === undefined ? ISO : options.asOf,
      updatedAt: ISO,
    })
    .execute();
  return id;
}

export async function getPool(t: TestApp, poolId: string) {
  return t.ctx.db.kysely
    .selectFrom('pools')
    .selectAll()
    .where('id', '=', poolId)
    .executeTakeFirstOrThrow();
}

/** A licence taken from a pool as a check-in would (guarded update + outbox; the ledger re-evaluates usage). */
export async function grant(
  t: TestApp,
  input: {
    tenantId: string;
    spaceId: string;
    poolId: string;
    catalogAppId: string | null;
    subject: { type: 'user' | 'device'; id: string; name: string };
    serialNumber?: string;
    distribution?: 'fcfs' | 'reserved';
  },
): Promise<LicenseTable> {
  const at = t.ctx.clock.now();
  return t.ctx.db.transaction(async (trx) => {
    const pool = await trx
      .selectFrom('pools')
      .select(['id', 'accountId', 'productId'])
      .where('id', '=', input.poolId)
      .executeTakeFirstOrThrow();
    const license = await grantLicense(trx, t.ctx.db.dialect, {
      tenantId: input.tenantId,
      spaceId: input.spaceId,
      pool,
      catalogAppId: input.catalogAppId,
      licenseType: input.subject.type,
      subject: input.subject,
      serialNumber: input.serialNumber ?? null,
      distribution: input.distribution ?? 'fcfs',
      storeCall: null,
      action: 'test.grant',
      at,
    });
    if (license === null) throw new Error('the pool had no seat left');
    return license;
  });
}

/** Releases a licence through the ledger (which re-evaluates usage, R-M5). */
export async function release(t: TestApp, license: LicenseTable): Promise<void> {
  const at = t.ctx.clock.now();
  await t.ctx.db.transaction(async (trx) => {
    await releaseLicense(trx, license, {
      action: 'test.release',
      at,
      graceUntil: null,
      restoreReservation: false,
      storeCall: null,
    });
  });
}

export async function getLicenseRow(t: TestApp, id: string): Promise<LicenseTable> {
  return t.ctx.db.kysely
    .selectFrom('licenses')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** An app installed on a device with a licence, as a check-in would have left it. */
export async function insertInstall(
  t: TestApp,
  input: { tenantId: string; deviceId: string; catalogAppId: string; licenseId: string | null },
): Promise<string> {
  const id = newId();
  await t.ctx.db.kysely
    .insertInto('installs')
    .values({
      id,
      tenantId: input.tenantId,
      deviceId: input.deviceId,
      catalogAppId: input.catalogAppId,
      state: 'installed',
      reason: null,
      licenseId: input.licenseId,
      version: '1.0',
      installedAt: ISO,
      updatedAt: ISO,
    })
    .execute();
  return id;
}

export async function installState(t: TestApp, installId: string): Promise<string> {
  const row = await t.ctx.db.kysely
    .selectFrom('installs')
    .select('state')
    .where('id', '=', installId)
    .executeTakeFirstOrThrow();
  return row.state;
}
