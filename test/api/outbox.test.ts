/**
 * R-V8, R-A13, R-T4, R-T10: the outbox worker against the Apple emulator on loopback. Each
 * test makes its own tenant, account (an emulator location) and pool; licences are granted
 * and released through the ledger, as the services do, and the store is read back.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../src/context.js';
import { sql, type Kysely } from 'kysely';
import { insertTogether } from '../../src/db/batches.js';
import type { Database, LicenseTable } from '../../src/db/schema.js';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import { drainOutbox } from '../../src/jobs/outbox.js';
import { claimDueCalls } from '../../src/services/outbox/claim.js';
import { sendClaimedCalls } from '../../src/services/outbox/send.js';
import { newId } from '../../src/ids.js';
import { enqueueJob } from '../../src/services/queuedJobs.js';
import {
  grantLicense,
  PendingGrants,
  releaseLicense,
  type GrantRequest,
} from '../../src/services/ledger/ledger.js';
import { encryptSecret } from '../../src/services/access/secrets.js';
import { connectorFor } from '../../src/services/accounts/connections.js';
import {
  createTestApp,
  FAST_APPLE,
  ManualClock,
  type Client,
  type TestApp,
  usingPostgres,
} from '../helpers/testApp.js';

let apple: AppleEmulator;
let t: TestApp;
let ctx: AppContext;
const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));

beforeAll(async () => {
  // Small batches, so that batching shows with a few dozen licences.
  apple = await startAppleEmulator({
    port: 0,
    maxRequestsPerSecond: 0,
    eventDelayMs: 2,
    limits: { maxSerialNumbers: 10 },
  });
  t = await createTestApp({ clock, env: { ALLOT_APPLE_API_URL: apple.url } });
  ctx = t.ctx;
});
afterAll(async () => {
  await t.close();
  await apple.close();
});

interface Fixture {
  tenantId: string;
  admin: Client;
  spaceId: string;
  accountId: string;
  productId: string;
  poolId: string;
  catalogAppId: string;
  locationId: string;
  adamId: string;
}

let locations = 0;

/** An Apple account on a fresh emulator location holding `storeTotal` licences of one app. */
async function fixture(options: { storeTotal: number; allotTotal?: number }): Promise<Fixture> {
  locations += 1;
  const adamId = String(400_000_000 + locations);
  const { locationId, sToken } = apple.createLocation({
    organizationName: 'Example School',
    locationName: `Campus ${locations}`,
    assets: [{ adamId, name: `App ${locations}`, totalCount: options.storeTotal }],
  });
  const tenant = await t.newTenant();
  const db = ctx.db.kysely;
  const space = await db
    .selectFrom('spaces')
    .select('id')
    .where('tenantId', '=', tenant.id)
    .where('isDefault', '=', 1)
    .executeTakeFirstOrThrow();
  const now = clock.now().toISOString();
  const accountId = newId();
  await db
    .insertInto('accounts')
    .values({
      id: accountId,
      tenantId: tenant.id,
      spaceId: space.id,
      store: 'apple',
      name: `Campus ${locations}`,
      priority: 1,
      status: 'healthy',
      statusReason: null,
      authProblem: null,
      tokenEncrypted: encryptSecret(ctx.secretKey, sToken),
      locationKey: locationId,
      organizationName: 'Example School',
      locationName: `Campus ${locations}`,
      appleId: 'admin@example.org',
      accountType: 'education',
      autoDistributeToAllUsers: 1,
      clearPreviousLicenseData: 0,
      settings: '{}',
      tokenCreatedAt: now,
      tokenExpiresAt: '2027-06-01T00:00:00.000Z',
      notificationSecretHash: null,
      syncIntervalMinutes: 720,
      lastSyncAt: now,
      lastSyncAttemptAt: now,
      nextSyncAt: null,
      firstSyncDone: 1,
      assignmentsVersionId: null,
      usersVersionId: null,
      untrackedLicenses: 0,
      expiryWarningsSent: '[]',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  const productId = newId();
  await db
    .insertInto('products')
    .values({
      id: productId,
      tenantId: tenant.id,
      store: 'apple',
      storeProductId: adamId,
      pricingParam: 'STDQ',
      kind: 'app',
      name: `App ${locations}`,
      bundleId: `com.example.app${locations}`,
      version: '1.0',
      platforms: '["ios","ipados"]',
      costAmount: 99,
      costCurrency: 'USD',
      deviceAssignable: 1,
      revocable: 1,
      licenseModel: 'standard',
      sizeBytes: null,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  const poolId = newId();
  await db
    .insertInto('pools')
    .values({
      id: poolId,
      tenantId: tenant.id,
      accountId,
      productId,
      total: options.allotTotal ?? options.storeTotal,
      inUse: 0,
      reserved: 0,
      unlimited: 0,
      storeAssigned: 0,
      asOf: now,
      updatedAt: now,
    })
    .execute();
  const catalogAppId = newId();
  await db
    .insertInto('catalogApps')
    .values({
      id: catalogAppId,
      tenantId: tenant.id,
      spaceId: space.id,
      productId,
      description: null,
      installOnDevice: 1,
      updateMode: 'immediate',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return {
    tenantId: tenant.id,
    admin: tenant.admin,
    spaceId: space.id,
    accountId,
    productId,
    poolId,
    catalogAppId,
    locationId,
    adamId,
  };
}

interface TestDevice {
  id: string;
  serialNumber: string;
}

async function devices(f: Fixture, count: number): Promise<TestDevice[]> {
  const created: TestDevice[] = [];
  for (let i = 0; i < count; i++) {
    const serialNumber = `SN${randomBytes(5).toString('hex').toUpperCase()}`;
    const response = await f.admin.post('/devices', { serialNumber, platform: 'ipados' });
    expect(response.status).toBe(201);
    created.push({ id: response.body.id, serialNumber });
  }
  return created;
}

/** A device licence from the fixture's pool, mirrored by an associate call. */
function grantRequest(f: Fixture, device: TestDevice, at: Date): GrantRequest {
  return {
    tenantId: f.tenantId,
    spaceId: f.spaceId,
    pool: { id: f.poolId, accountId: f.accountId, productId: f.productId },
    catalogAppId: f.catalogAppId,
    licenseType: 'device',
    subject: { type: 'device', id: device.id, name: device.serialNumber },
    serialNumber: device.serialNumber,
    distribution: 'fcfs',
    storeCall: {
      operation: 'associate',
      storeProductId: f.adamId,
      pricingParam: 'STDQ',
      serialNumber: device.serialNumber,
    },
    action: 'test.grant',
    at,
  };
}

/** A device licence granted by the ledger, with its associate call in the outbox. */
async function grant(f: Fixture, device: TestDevice, on: AppContext = ctx): Promise<LicenseTable> {
  const license = await on.db.kysely
    .transaction()
    .execute((db) => grantLicense(db, on.db.dialect, grantRequest(f, device, on.clock.now())));
  if (license === null) throw new Error('no seat left in the pool');
  return license;
}

/** A check-in's writes, as services/checkIn does them: its rows, then the seats. */
async function writeCheckIn(db: Kysely<Database>, grants: PendingGrants): Promise<void> {
  await insertTogether(db, ctx.db.dialect, grants.rows());
  await grants.takeSeats(db, ctx.db.dialect);
}

async function release(
  f: Fixture,
  license: LicenseTable,
  db: Kysely<Database> = ctx.db.kysely,
): Promise<void> {
  const run = (trx: Kysely<Database>) =>
    releaseLicense(trx, license, {
      action: 'test.release',
      at: clock.now(),
      graceUntil: null,
      restoreReservation: false,
      storeCall: {
        operation: 'disassociate',
        storeProductId: f.adamId,
        pricingParam: 'STDQ',
        serialNumber: license.serialNumber!,
      },
    });
  const released = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  expect(released).toBe(true);
}

/** Serial numbers holding the app at the store. */
function storeSerials(f: Fixture): string[] {
  return apple
    .listAssignments(f.locationId)
    .filter((a) => a.adamId === f.adamId)
    .map((a) => a.serialNumber!)
    .sort();
}

async function activeSerials(f: Fixture): Promise<string[]> {
  const licenses = (await f.admin.get(`/licenses?accountId=${f.accountId}&state=active&limit=200`))
    .body.items as Array<{ serialNumber: string }>;
  return licenses.map((l) => l.serialNumber).sort();
}

async function poolInUse(f: Fixture): Promise<number> {
  const pool = await ctx.db.kysely
    .selectFrom('pools')
    .select('inUse')
    .where('id', '=', f.poolId)
    .executeTakeFirstOrThrow();
  return pool.inUse;
}

async function outboxRows(f: Fixture) {
  return ctx.db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('tenantId', '=', f.tenantId)
    .orderBy('seq')
    .execute();
}

/** The subjects of every associate (or disassociate) request the store received since `from`. */
function subjectsSent(path: '/assets/associate' | '/assets/disassociate', from = 0): string[] {
  return apple.requestLog
    .slice(from)
    .filter((r) => r.path === path)
    .flatMap((r) => (r.body as { serialNumbers?: string[] }).serialNumbers ?? []);
}

function requestsTo(path: string, from = 0): number {
  return apple.requestLog.slice(from).filter((r) => r.path === path).length;
}

describe('R-V8: the outbox worker', () => {
  it('R-V8: sends every grant and release to the store once, in batches within its limits', async () => {
    const f = await fixture({ storeTotal: 40 });
    const fleet = await devices(f, 30);
    const licenses = [];
    for (const device of fleet) licenses.push(await grant(f, device));
    const start = apple.requestLog.length;

    await drainOutbox(ctx);
    // 30 serial numbers with a limit of 10 per request: 3 requests, one per batch.
    expect(requestsTo('/assets/associate', start)).toBe(3);
    expect(subjectsSent('/assets/associate', start).sort()).toEqual(
      fleet.map((d) => d.serialNumber).sort(),
    );
    expect(storeSerials(f)).toEqual(fleet.map((d) => d.serialNumber).sort());
    const confirmed = (await f.admin.get(`/licenses?accountId=${f.accountId}&limit=100`)).body
      .items;
    expect(confirmed).toHaveLength(30);
    expect(confirmed.every((l: any) => l.storeState === 'confirmed')).toBe(true);

    const released = licenses.slice(0, 12);
    for (const license of released) await release(f, license);
    const second = apple.requestLog.length;
    await drainOutbox(ctx);
    expect(requestsTo('/assets/disassociate', second)).toBe(2);
    expect(subjectsSent('/assets/disassociate', second).sort()).toEqual(
      released.map((l) => l.serialNumber).sort(),
    );
    expect(storeSerials(f)).toEqual(await activeSerials(f));
    expect(storeSerials(f)).toHaveLength(18);
    expect(await poolInUse(f)).toBe(18);

    // Nothing is sent twice: a drain with nothing due says nothing to the store.
    const third = apple.requestLog.length;
    expect(await drainOutbox(ctx)).toEqual({ sent: 0, refused: 0, failed: 0, retried: 0 });
    expect(apple.requestLog.length).toBe(third);
    const rows = await outboxRows(f);
    expect(rows).toHaveLength(42);
    expect(rows.every((r) => r.state === 'done' && r.doneAt !== null)).toBe(true);
  });

  it("R-V8: keeps each subject's calls in order when a grant and a release meet in one drain", async () => {
    const f = await fixture({ storeTotal: 5 });
    const [a, b] = await devices(f, 2);
    const first = await grant(f, a!);
    await release(f, first);
    await grant(f, a!); // granted again: the store must end up holding it
    const onB = await grant(f, b!);
    await release(f, onB); // released: the store must end up without it

    const result = await drainOutbox(ctx);
    expect(result).toMatchObject({ sent: 5, failed: 0, retried: 0 });
    expect(storeSerials(f)).toEqual([a!.serialNumber]);
    expect(await activeSerials(f)).toEqual([a!.serialNumber]);
    expect(await poolInUse(f)).toBe(1);
  });

  it('R-V8: while the store answers 503 with Retry-After, calls wait and are then delivered', async () => {
    const f = await fixture({ storeTotal: 10 });
    const fleet = await devices(f, 5);
    for (const device of fleet) await grant(f, device);
    apple.injectFaults({
      status: 503,
      count: 2,
      retryAfterSeconds: 30,
      path: '/assets/associate',
    });
    const start = apple.requestLog.length;
    try {
      expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, retried: 5 });
      let rows = await outboxRows(f);
      expect(rows.every((r) => r.state === 'pending' && r.attempts === 1)).toBe(true);
      expect(rows[0]!.lastError).toContain('unavailable');
      // Not before the Retry-After: the store hears nothing.
      expect(rows[0]!.nextAttemptAt).toBe(new Date(clock.now().getTime() + 30_000).toISOString());
      clock.advance(29_000);
      await drainOutbox(ctx);
      expect(requestsTo('/assets/associate', start)).toBe(1);

      // A licence granted meanwhile waits behind the calls made before it.
      const [late] = await devices(f, 1);
      await grant(f, late!);
      await drainOutbox(ctx);
      expect(requestsTo('/assets/associate', start)).toBe(1);

      clock.advance(1_000);
      expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, retried: 6 });
      rows = await outboxRows(f);
      // The late call went out with the others (one group) and waits with them.
      expect(rows.slice(0, 5).every((r) => r.attempts === 2)).toBe(true);
      expect(rows[5]!.attempts).toBe(1);
      clock.set(new Date(rows[0]!.nextAttemptAt));

      expect(await drainOutbox(ctx)).toMatchObject({ sent: 6, failed: 0, retried: 0 });
      expect(storeSerials(f)).toEqual([...fleet, late!].map((d) => d.serialNumber).sort());
      expect(storeSerials(f)).toEqual(await activeSerials(f));
      expect((await outboxRows(f)).every((r) => r.state === 'done')).toBe(true);
    } finally {
      apple.clearFaults();
    }
  });

  it('R-A13, R-V8: a store refusal rolls the extra licences back and queues a sync', async () => {
    // Allot believes in 5 licences; the store has 3 (someone assigned the others elsewhere).
    const f = await fixture({ storeTotal: 3, allotTotal: 5 });
    const fleet = await devices(f, 5);
    const licenses = [];
    for (const device of fleet) licenses.push(await grant(f, device));
    const now = clock.now().toISOString();
    for (const [i, device] of fleet.entries()) {
      await ctx.db.kysely
        .insertInto('installs')
        .values({
          id: newId(),
          tenantId: f.tenantId,
          deviceId: device.id,
          catalogAppId: f.catalogAppId,
          state: 'pending',
          reason: null,
          licenseId: licenses[i]!.id,
          version: null,
          installedAt: null,
          updatedAt: now,
        })
        .execute();
    }

    expect(await drainOutbox(ctx)).toMatchObject({ sent: 3, refused: 2, failed: 2, retried: 0 });

    // The ledger now says what the store holds.
    expect(storeSerials(f)).toHaveLength(3);
    expect(await activeSerials(f)).toEqual(storeSerials(f));
    expect(await poolInUse(f)).toBe(3);
    const revoked = (await f.admin.get(`/licenses?accountId=${f.accountId}&state=revoked`)).body
      .items;
    expect(revoked).toHaveLength(2);
    expect(revoked.every((l: any) => l.storeState === 'refused')).toBe(true);

    const refusedDevices = fleet.filter((d) => !storeSerials(f).includes(d.serialNumber));
    const installs = await ctx.db.kysely
      .selectFrom('installs')
      .selectAll()
      .where('tenantId', '=', f.tenantId)
      .execute();
    for (const install of installs) {
      const refused = refusedDevices.some((d) => d.id === install.deviceId);
      expect(install).toMatchObject(
        refused
          ? { state: 'noLicense', reason: 'storeRefused', licenseId: null }
          : { state: 'pending', reason: null },
      );
    }

    const notifications = (await f.admin.get('/notifications?kind=storeRefused')).body.items;
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      severity: 'alert',
      subject: { type: 'pool', id: f.poolId },
    });
    expect(notifications[0].remedy).toMatch(/buy more licences/i);

    const jobs = await ctx.db.kysely
      .selectFrom('jobs')
      .selectAll()
      .where('tenantId', '=', f.tenantId)
      .execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      kind: 'account.sync',
      subjectId: f.accountId,
      state: 'queued',
    });
    expect(JSON.parse(jobs[0]!.payload)).toEqual({ accountId: f.accountId, full: false });

    const activity = (await f.admin.get('/activity?action=license.storeRefused')).body.items;
    expect(activity).toHaveLength(2);
    expect(activity[0]).toMatchObject({
      actor: { type: 'system' },
      after: { storeState: 'refused' },
    });

    const rows = await outboxRows(f);
    expect(rows.filter((r) => r.state === 'done')).toHaveLength(3);
    expect(rows.filter((r) => r.state === 'failed')).toHaveLength(2);
    // Nothing is left to send: the refused calls are not retried.
    const before = apple.requestLog.length;
    await drainOutbox(ctx);
    expect(apple.requestLog.length).toBe(before);
  });

  it('R-V8: the server stops mid-outbox; the next process sends every call exactly once', async () => {
    const f = await fixture({ storeTotal: 20 });
    const fleet = await devices(f, 12);
    const licenses = [];
    for (const device of fleet.slice(0, 6)) licenses.push(await grant(f, device));
    await drainOutbox(ctx);
    // Then: 3 releases and 3 new grants, claimed by a process that dies before sending.
    for (const license of licenses.slice(0, 3)) await release(f, license);
    for (const device of fleet.slice(6, 9)) await grant(f, device);
    const start = apple.requestLog.length;

    const dying = await createAppContext(t.config, { clock, apple: FAST_APPLE });
    const claimed = await claimDueCalls(dying);
    expect(claimed.flatMap((c) => c.rows)).toHaveLength(6);
    await dying.close();
    // And 3 more grants claimed by a process that sends them, then dies before recording it.
    for (const device of fleet.slice(9, 12)) await grant(f, device);
    const sender = await createAppContext(t.config, { clock, apple: FAST_APPLE });
    const account = await sender.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', f.accountId)
      .executeTakeFirstOrThrow();
    // The first claim holds the account: nothing more is claimed until its lease ends.
    expect(await claimDueCalls(sender)).toEqual([]);
    await sender.close();

    const restarted = await createAppContext(t.config, { clock, apple: FAST_APPLE });
    try {
      expect(await drainOutbox(restarted)).toMatchObject({ sent: 0 });
      expect(requestsTo('/assets/associate', start)).toBe(0);
      clock.advance(2 * 60 * 1000 + 1);
      // This time the claim covers the 9 waiting calls; the store receives them, but the
      // process stops before writing down the answer.
      const reclaimed = await claimDueCalls(restarted);
      expect(reclaimed.flatMap((c) => c.rows)).toHaveLength(9);
      await connectorFor(restarted, account).associate({
        products: [{ storeProductId: f.adamId, pricingParam: 'STDQ' }],
        subjects: fleet.slice(6, 12).map((d) => ({ serialNumber: d.serialNumber })),
      });
      clock.advance(2 * 60 * 1000 + 1);

      // The next drain resends what was not written down: a no-op at the store.
      expect(await drainOutbox(restarted)).toMatchObject({ sent: 9, failed: 0, retried: 0 });
      expect(subjectsSent('/assets/disassociate', start).sort()).toEqual(
        licenses
          .slice(0, 3)
          .map((l) => l.serialNumber)
          .sort(),
      );
      expect(storeSerials(f)).toEqual(await activeSerials(f));
      expect(storeSerials(f)).toEqual([...fleet.slice(3, 12)].map((d) => d.serialNumber).sort());
      expect(await poolInUse(f)).toBe(9);
      const states = (await f.admin.get(`/licenses?accountId=${f.accountId}&state=active`)).body
        .items;
      expect(states.every((l: any) => l.storeState === 'confirmed')).toBe(true);
      expect((await outboxRows(f)).every((r) => r.state === 'done')).toBe(true);
    } finally {
      await restarted.close();
    }
  });

  it('R-V8: calls claimed by a live process are not sent by another', async () => {
    const f = await fixture({ storeTotal: 5 });
    const [device] = await devices(f, 1);
    await grant(f, device!);
    const other = await createAppContext(t.config, { clock, apple: FAST_APPLE });
    try {
      // Two processes claim at once (on SQLite, one process holds the database: in turn).
      const [first, second] = usingPostgres
        ? await Promise.all([claimDueCalls(ctx), claimDueCalls(other)])
        : [await claimDueCalls(ctx), await claimDueCalls(other)];
      const mine = [...first, ...second].filter((c) => c.accountId === f.accountId);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.rows).toHaveLength(1);
      const owner = first.some((c) => c.accountId === f.accountId) ? ctx : other;
      expect(await sendClaimedCalls(owner, mine[0]!)).toMatchObject({ sent: 1 });
      expect(storeSerials(f)).toEqual([device!.serialNumber]);
    } finally {
      await other.close();
    }
  });

  it('R-T10: a revoked token puts the account in error; its calls wait for the administrator', async () => {
    const f = await fixture({ storeTotal: 5 });
    const [device] = await devices(f, 1);
    await grant(f, device!);
    apple.setTokenState(f.locationId, { action: 'revoke' });

    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, retried: 1 });
    const [row] = await outboxRows(f);
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row!.nextAttemptAt).toBe(new Date(clock.now().getTime() + 15 * 60_000).toISOString());
    const account = await ctx.db.kysely
      .selectFrom('accounts')
      .select(['status', 'authProblem'])
      .where('id', '=', f.accountId)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ status: 'error', authProblem: 'tokenRevoked' });
    const notifications = (await f.admin.get('/notifications?kind=authError')).body.items;
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ severity: 'alert', subject: { id: f.accountId } });
    expect(notifications[0].remedy).toMatch(/valid token/);

    // Retried later, still refused: no second notification.
    clock.advance(15 * 60_000);
    expect(await drainOutbox(ctx)).toMatchObject({ retried: 1 });
    expect((await f.admin.get('/notifications?kind=authError')).body.items).toHaveLength(1);
    expect(storeSerials(f)).toEqual([]);
  });

  it('R-T4: a token claimed by another product puts the account in claimedElsewhere', async () => {
    const f = await fixture({ storeTotal: 5 });
    const [device] = await devices(f, 1);
    await grant(f, device!);
    apple.setTokenState(f.locationId, { action: 'claim', mdmName: 'Other MDM' });

    expect(await drainOutbox(ctx)).toMatchObject({ sent: 0, retried: 1 });
    const account = await ctx.db.kysely
      .selectFrom('accounts')
      .select(['status', 'authProblem'])
      .where('id', '=', f.accountId)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ status: 'claimedElsewhere', authProblem: 'claimedElsewhere' });
    expect((await outboxRows(f))[0]).toMatchObject({ state: 'pending' });
  });
});

/** Each row's call as `operation serial`, in the order the outbox sends them. */
async function callsInOrder(f: Fixture): Promise<string[]> {
  return (await outboxRows(f)).map((r) => {
    const call = JSON.parse(r.payload) as { serialNumber: string };
    return `${r.operation} ${call.serialNumber}`;
  });
}

/** The store's write requests since `from`, as `operation serial…`. */
function writesSent(from: number): string[] {
  return apple.requestLog
    .slice(from)
    .filter((r) => r.path === '/assets/associate' || r.path === '/assets/disassociate')
    .map((r) => {
      const serials = (r.body as { serialNumbers?: string[] }).serialNumbers ?? [];
      return `${r.path.slice('/assets/'.length)} ${serials.join(' ')}`;
    });
}

/** Resolves once the PostgreSQL backend `pid` waits for a lock another transaction holds. */
async function waitingForLock(pid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await sql<{
      waitEventType: string | null;
    }>`select wait_event_type from pg_stat_activity where pid = ${pid}`.execute(ctx.db.kysely);
    if (rows[0]?.waitEventType === 'Lock') return;
    if (Date.now() > deadline) throw new Error(`backend ${pid} never waited for a lock`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('R-V8: calls reach the store in the order their transactions committed', () => {
  it('R-V8, R-A13: a check-in that started before a revoke and committed after it, taking its seat, is sent after it', async () => {
    const f = await fixture({ storeTotal: 1 });
    const [x, y] = await devices(f, 2);
    const held = await grant(f, x!);
    await drainOutbox(ctx);
    // Y's check-in starts; meanwhile an administrator revokes X's licence, the pool's last.
    const startedAt = clock.now();
    clock.advance(1000);
    const revoke = await ctx.db.kysely.startTransaction().execute();
    const grants = new PendingGrants();
    let checkIn: Promise<void>;
    try {
      await release(f, held, revoke);
      // The check-in writes while the revoke is open: on SQLite it waits for the one writer,
      // on PostgreSQL for the pool row the revoke holds; it takes the seat once the revoke
      // has committed.
      grants.add(grantRequest(f, y!, startedAt));
      checkIn = ctx.db.transaction((trx) => writeCheckIn(trx, grants));
      await revoke.commit().execute();
    } catch (error) {
      await revoke.rollback().execute();
      throw error;
    }
    await checkIn;

    expect(await callsInOrder(f)).toEqual([
      `associate ${x!.serialNumber}`,
      `disassociate ${x!.serialNumber}`,
      `associate ${y!.serialNumber}`,
    ]);
    // The request times say otherwise: the check-in's started first.
    const rows = await outboxRows(f);
    expect(rows[2]!.createdAt < rows[1]!.createdAt).toBe(true);
    const start = apple.requestLog.length;
    expect(await drainOutbox(ctx)).toEqual({ sent: 2, refused: 0, failed: 0, retried: 0 });
    expect(writesSent(start)).toEqual([
      `disassociate ${x!.serialNumber}`,
      `associate ${y!.serialNumber}`,
    ]);
    expect(storeSerials(f)).toEqual([y!.serialNumber]);
    expect((await f.admin.get('/notifications?kind=storeRefused')).body.items).toEqual([]);
  });

  it.skipIf(!usingPostgres)(
    'R-V8: on PostgreSQL, a check-in that wrote first, then waited for a revoke holding its pool, gets the later place',
    async () => {
      // SQLite runs one write transaction at a time: there, a check-in that wrote first
      // commits before any revoke can begin. (Had this check-in needed the seat the revoke
      // frees, it would not pass its guard but run again: seats.ts.)
      const f = await fixture({ storeTotal: 2 });
      const [x, y] = await devices(f, 2);
      const held = await grant(f, x!);
      await drainOutbox(ctx);

      const checkIn = await ctx.db.kysely.startTransaction().execute();
      const revoke = await ctx.db.kysely.startTransaction().execute();
      try {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(
          checkIn,
        );
        // Y's check-in writes its licence first…
        const grants = new PendingGrants();
        grants.add(grantRequest(f, y!, clock.now()));
        await insertTogether(checkIn, ctx.db.dialect, grants.rows());
        // …then X's licence is revoked: the revoke holds the pool row until it commits…
        clock.advance(1000);
        await release(f, held, revoke);
        // …so the check-in, taking its seat, waits for the revoke.
        const taking = grants.takeSeats(checkIn, ctx.db.dialect);
        await waitingForLock(rows[0]!.pid);
        await revoke.commit().execute();
        await taking;
        await checkIn.commit().execute();
      } catch (error) {
        await revoke
          .rollback()
          .execute()
          .catch(() => undefined);
        await checkIn
          .rollback()
          .execute()
          .catch(() => undefined);
        throw error;
      }

      expect(await callsInOrder(f)).toEqual([
        `associate ${x!.serialNumber}`,
        `disassociate ${x!.serialNumber}`,
        `associate ${y!.serialNumber}`,
      ]);
      const start = apple.requestLog.length;
      expect(await drainOutbox(ctx)).toEqual({ sent: 2, refused: 0, failed: 0, retried: 0 });
      expect(writesSent(start)).toEqual([
        `disassociate ${x!.serialNumber}`,
        `associate ${y!.serialNumber}`,
      ]);
      expect(storeSerials(f)).toEqual([y!.serialNumber]);
    },
  );
});

describe('R-V8: the background worker', () => {
  it('R-V8: sends store calls and runs queued jobs without help, and stops cleanly', async () => {
    const f = await fixture({ storeTotal: 5 });
    const [first, second] = await devices(f, 2);
    const ran: unknown[] = [];
    const worker = await ctx.jobs.startWorker(
      ctx,
      {
        'test.job': async (_ctx, job) => {
          ran.push(job.payload);
          return { ok: true };
        },
      },
      { intervals: { jobs: 20, outbox: 20, webhooks: 200, syncSchedule: 200, tokenExpiry: 200 } },
    );
    try {
      await grant(f, first!);
      await ctx.db.kysely
        .transaction()
        .execute((db) =>
          enqueueJob(
            db,
            { tenantId: f.tenantId, kind: 'test.job', subjectId: null, payload: { n: 1 } },
            clock.now(),
          ),
        );
      worker.kick();
      await waitUntil(() => storeSerials(f).length === 1 && ran.length === 1);
      expect(storeSerials(f)).toEqual([first!.serialNumber]);
      expect(ran).toEqual([{ n: 1 }]);
    } finally {
      await worker.stop();
    }
    // Stopped: nothing is sent any more.
    await grant(f, second!);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(storeSerials(f)).toEqual([first!.serialNumber]);
    expect((await outboxRows(f)).map((r) => r.state)).toEqual(['done', 'pending']);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
