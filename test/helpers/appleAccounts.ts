/** Apple accounts for API tests: locations in the emulator, accounts added and synced. */
import type { ControlAssetInput } from '../../src/emulators/apple/index.js';
import type { AppleEmulator } from '../../src/emulators/apple/index.js';
import { runQueuedJobs } from '../../src/jobs/runner.js';
import { syncJobHandlers } from '../../src/jobs/accountTasks.js';
import { grantLicense } from '../../src/services/ledger/ledger.js';
import type { Client, TestApp } from './testApp.js';

let locations = 0;

/** A location with a few assets (defaults: two paid apps of 10 seats, a book, a free app). */
export function newLocation(
  apple: AppleEmulator,
  assets?: ControlAssetInput[],
  names: { organizationName?: string; locationName?: string } = {},
): { locationId: string; sToken: string } {
  locations += 1;
  return apple.createLocation({
    organizationName: names.organizationName ?? 'Example School',
    locationName: names.locationName ?? `Campus ${locations}`,
    assets: assets ?? [
      { adamId: '1001', name: 'Maps Pro', totalCount: 10, price: 2.99, version: '3.1' },
      { adamId: '1002', name: 'Notes Plus', totalCount: 10, supportedPlatforms: ['macOS'] },
      { adamId: '2001', name: 'Field Guide', productType: 'Book', totalCount: 5 },
      { adamId: '3001', name: 'Free Calc', price: 0 },
    ],
  });
}

export function appleAccountBody(sToken: string, extra: Record<string, unknown> = {}) {
  return {
    store: 'apple',
    name: 'Main location',
    token: sToken,
    appleId: 'vpp-admin@example.org',
    accountType: 'education',
    ...extra,
  };
}

/** Runs every queued job (syncs) now. */
export async function runJobs(t: TestApp): Promise<number> {
  return runQueuedJobs(t.ctx, syncJobHandlers);
}

/** A location, its account added through the API, and the first sync run. */
export async function syncedAccount(
  t: TestApp,
  apple: AppleEmulator,
  client: Client,
  options: { assets?: ControlAssetInput[]; body?: Record<string, unknown> } = {},
): Promise<{ account: any; locationId: string; sToken: string }> {
  const { locationId, sToken } = newLocation(apple, options.assets);
  const created = await client.post('/accounts', appleAccountBody(sToken, options.body));
  if (created.status !== 201) throw new Error(`account not created: ${created.text}`);
  await runJobs(t);
  const account = (await client.get(`/accounts/${created.body.id}`)).body;
  return { account, locationId, sToken };
}

/** The pool of an account for a product, straight from the database. */
export async function poolOf(t: TestApp, accountId: string, storeProductId: string) {
  return t.ctx.db.kysely
    .selectFrom('pools')
    .innerJoin('products', 'products.id', 'pools.productId')
    .selectAll('pools')
    .where('pools.accountId', '=', accountId)
    .where('products.storeProductId', '=', storeProductId)
    .executeTakeFirstOrThrow();
}

/**
 * Grants a licence the way allocation will (until check-in exists in these tests). With
 * `confirmed`, the store is taken to hold it already (no store call queued).
 */
export async function grant(
  t: TestApp,
  accountId: string,
  storeProductId: string,
  subject: { type: 'user' | 'device'; id: string; name: string; serialNumber?: string },
  options: { confirmed?: boolean; clientUserId?: string } = {},
) {
  const pool = await poolOf(t, accountId, storeProductId);
  const account = await t.ctx.db.kysely
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return t.ctx.db.transaction(async (trx) => {
    const license = await grantLicense(trx, t.ctx.db.dialect, {
      tenantId: account.tenantId,
      spaceId: account.spaceId,
      pool,
      catalogAppId: null,
      licenseType: subject.type,
      subject: { type: subject.type, id: subject.id, name: subject.name },
      serialNumber: subject.serialNumber ?? null,
      distribution: 'fcfs',
      storeCall: options.confirmed
        ? null
        : {
            operation: 'associate',
            storeProductId,
            pricingParam: 'STDQ',
            ...(subject.serialNumber !== undefined
              ? { serialNumber: subject.serialNumber }
              : { clientUserId: options.clientUserId ?? subject.id }),
          },
      action: 'test.grant',
      at: t.ctx.clock.now(),
    });
    if (license === null) throw new Error('no seat left');
    return license;
  });
}

/** A store user Allot registered (what the invitation flow records), with its clientUserId. */
export async function registerStoreUser(
  t: TestApp,
  accountId: string,
  userId: string,
  status = 'registered',
): Promise<void> {
  const account = await t.ctx.db.kysely
    .selectFrom('accounts')
    .select('tenantId')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  await t.ctx.db.kysely
    .insertInto('storeUsers')
    .values({
      tenantId: account.tenantId,
      accountId,
      userId,
      clientUserId: userId,
      status,
      inviteCode: null,
      updatedAt: new Date().toISOString(),
    })
    .execute();
}
