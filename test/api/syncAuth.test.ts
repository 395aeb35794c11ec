import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import { checkTokenExpiries, scheduleDueSyncs } from '../../src/jobs/accountTasks.js';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';
import { appleAccountBody, runJobs } from '../helpers/appleAccounts.js';
import { remedyFor } from '../../src/domain/accountStatus.js';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

let clock: ManualClock;
let apple: AppleEmulator;
let t: TestApp;
beforeAll(async () => {
  clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
  apple = await startAppleEmulator({
    port: 0,
    maxRequestsPerSecond: 0,
    eventDelayMs: 5,
    now: () => clock.now().getTime(),
  });
  t = await createTestApp({ clock, env: { ALLOT_APPLE_API_URL: apple.url } });
});
afterAll(async () => {
  await t.close();
  await apple.close();
});

function location(expiresInMs = 365 * DAY) {
  return apple.createLocation({
    organizationName: 'Example School',
    locationName: 'Auth',
    expiresAt: new Date(clock.now().getTime() + expiresInMs),
    assets: [{ adamId: '7001', totalCount: 5 }],
  });
}

async function account(admin: any, expiresInMs?: number) {
  const { locationId, sToken } = location(expiresInMs);
  const created = await admin.post('/accounts', appleAccountBody(sToken));
  expect(created.status).toBe(201);
  await runJobs(t);
  return { id: created.body.id as string, locationId, sToken };
}

async function activeNotifications(admin: any, kind: string) {
  return (await admin.get(`/notifications?kind=${kind}&state=active`)).body.items as any[];
}

describe('R-T10: authentication problems', () => {
  const cases = [
    {
      problem: 'tokenRevoked',
      remedy: 'Upload a valid token (Store accounts → this account → Renew token).',
      cause: (locationId: string) => apple.setTokenState(locationId, { action: 'revoke' }),
    },
    {
      problem: 'tokenExpired',
      remedy: remedyFor('apple', 'tokenExpired'),
      cause: (locationId: string) => apple.setTokenState(locationId, { action: 'expire' }),
    },
    {
      problem: 'invalidToken',
      remedy: 'Upload a valid token (Store accounts → this account → Renew token).',
      // A new token was generated in the portal: the old one is no longer valid.
      cause: (locationId: string) => apple.setTokenState(locationId, { action: 'renew' }),
    },
    {
      problem: 'loginRequired',
      remedy: remedyFor('apple', 'loginRequired'),
      cause: () => apple.injectFaults({ status: 401, errorNumber: 9601, count: 1 }),
    },
  ];
  for (const { problem, remedy, cause } of cases) {
    it(`R-T10: ${problem} puts the account in error with an authError alert and its remedy`, async () => {
      const { admin } = await t.newTenant();
      const { id, locationId } = await account(admin);
      cause(locationId);
      const sync = await admin.post(`/accounts/${id}/sync`, {});
      await runJobs(t);
      expect((await admin.get(`/jobs/${sync.body.jobId}`)).body.state).toBe('failed');
      const broken = (await admin.get(`/accounts/${id}`)).body;
      expect(broken).toMatchObject({ status: 'error', authProblem: problem, nextSyncAt: null });
      const [alert, ...more] = await activeNotifications(admin, 'authError');
      expect(more).toEqual([]);
      expect(alert).toMatchObject({
        kind: 'authError',
        severity: 'alert',
        subject: { type: 'account', id },
        remedy,
      });

      // No retry until an administrator acts: the schedule passes it over.
      expect(await scheduleDueSyncs(t.ctx, new Date(clock.now().getTime() + 30 * DAY))).toBe(0);
      // A second failure does not raise the alert again.
      if (problem !== 'loginRequired') {
        await admin.post(`/accounts/${id}/sync`, {});
        await runJobs(t);
        expect(await activeNotifications(admin, 'authError')).toHaveLength(1);
      }
    });
  }

  it('R-T10: the problems are told apart: a new kind replaces the previous alert', async () => {
    const { admin } = await t.newTenant();
    const { id } = await account(admin);
    apple.injectFaults({ status: 401, errorNumber: 9601, count: 1 });
    await admin.post(`/accounts/${id}/sync`, {});
    await runJobs(t);
    apple.injectFaults({ status: 401, errorNumber: 9625, count: 1 });
    await admin.post(`/accounts/${id}/sync`, {});
    await runJobs(t);
    const alerts = await activeNotifications(admin, 'authError');
    expect(alerts.map((a) => a.remedy)).toEqual([remedyFor('apple', 'tokenRevoked')]);
    expect((await admin.get(`/accounts/${id}`)).body.authProblem).toBe('tokenRevoked');
    // Signing in again and syncing by hand heals the account.
    await admin.post(`/accounts/${id}/sync`, {});
    await runJobs(t);
    expect((await admin.get(`/accounts/${id}`)).body).toMatchObject({
      status: 'healthy',
      authProblem: null,
    });
    expect(await activeNotifications(admin, 'authError')).toEqual([]);
  });
});

describe('R-T10: token expiry warnings', () => {
  it('R-T10: warns 30, 15, 7 and 1 days ahead, once each; then the expired token is an error', async () => {
    const { admin } = await t.newTenant();
    const start = clock.now();
    const { id, locationId } = await account(admin, 40 * DAY);
    const at = (daysBeforeExpiry: number) =>
      new Date(start.getTime() + (40 - daysBeforeExpiry) * DAY);
    const check = async (date: Date) => {
      clock.set(date);
      return checkTokenExpiries(t.ctx, clock.now());
    };

    expect(await check(at(31))).toEqual({ warned: 0, expired: 0 });
    const steps: Array<[number, string]> = [
      [30, 'info'],
      [15, 'info'],
      [7, 'warning'],
      [1, 'alert'],
    ];
    for (const [days, severity] of steps) {
      expect(await check(at(days))).toEqual({ warned: 1, expired: 0 });
      expect(await check(new Date(at(days).getTime() + HOUR))).toEqual({ warned: 0, expired: 0 });
      const active = await activeNotifications(admin, 'tokenExpiring');
      expect(active).toHaveLength(1);
      expect(active[0]).toMatchObject({ threshold: days, severity, subject: { id } });
      expect(active[0].remedy).toMatch(/Renew the token/);
      expect(active[0].remedy).not.toMatch(/\/accounts|PUT/);
      expect(active[0].message).toContain(`${days} day`);
    }

    expect(await check(new Date(at(0).getTime() + HOUR))).toEqual({ warned: 0, expired: 1 });
    expect(await check(new Date(at(0).getTime() + 2 * HOUR))).toEqual({ warned: 0, expired: 0 });
    expect((await admin.get(`/accounts/${id}`)).body).toMatchObject({
      status: 'error',
      authProblem: 'tokenExpired',
    });
    expect(await activeNotifications(admin, 'tokenExpiring')).toEqual([]);
    const [expired] = await activeNotifications(admin, 'authError');
    expect(expired.remedy).toBe(remedyFor('apple', 'tokenExpired'));

    // A renewed token starts afresh and clears the error.
    const renewed = apple.setTokenState(locationId, { action: 'renew' }).sToken!;
    const put = await admin.put(`/accounts/${id}/token`, { token: renewed });
    expect(put.status).toBe(200);
    expect(Date.parse(put.body.tokenExpiresAt)).toBeGreaterThan(clock.now().getTime() + 300 * DAY);
    expect(await activeNotifications(admin, 'authError')).toEqual([]);
    await runJobs(t);
    expect((await admin.get(`/accounts/${id}`)).body.status).toBe('healthy');
  });

  it('R-T10: a token first seen 6 days before expiry gets the 7-day warning only', async () => {
    const { admin } = await t.newTenant();
    await account(admin, 6 * DAY);
    const result = await checkTokenExpiries(t.ctx, clock.now());
    expect(result.warned).toBeGreaterThanOrEqual(1);
    const active = await activeNotifications(admin, 'tokenExpiring');
    expect(active.map((n) => n.threshold)).toEqual([7]);
  });
});

describe('R-T7: the sync schedule', () => {
  it('R-T7: due accounts are queued once, incremental within a day and full after a day', async () => {
    const { admin } = await t.newTenant();
    const { id } = await account(admin);
    const synced = (await admin.get(`/accounts/${id}`)).body;
    const last = Date.parse(synced.lastSyncAt);
    const jobsOf = async () =>
      t.ctx.db.kysely
        .selectFrom('jobs')
        .selectAll()
        .where('subjectId', '=', id)
        .where('state', '=', 'queued')
        .execute();

    await scheduleDueSyncs(t.ctx, new Date(last + 11 * HOUR));
    expect(await jobsOf()).toEqual([]);

    const due = new Date(last + 12 * HOUR);
    const queued = await Promise.all([scheduleDueSyncs(t.ctx, due), scheduleDueSyncs(t.ctx, due)]);
    const jobs = await jobsOf();
    expect(jobs).toHaveLength(1);
    // Other tenants' accounts are due too; this one is claimed by one of the two calls.
    expect(queued.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(jobs[0]!.payload)).toEqual({ accountId: id, full: false });
    const next = (await admin.get(`/accounts/${id}`)).body.nextSyncAt;
    expect(Date.parse(next)).toBe(due.getTime() + 12 * HOUR);

    clock.set(due);
    await runJobs(t);
    const day = new Date(last + 25 * HOUR);
    await scheduleDueSyncs(t.ctx, day);
    const [fullJob] = await jobsOf();
    expect(JSON.parse(fullJob!.payload)).toEqual({ accountId: id, full: true });
    clock.set(day);
    await runJobs(t);

    await admin.patch(`/accounts/${id}`, { syncIntervalMinutes: 60 });
    const soon = new Date(day.getTime() + HOUR);
    await scheduleDueSyncs(t.ctx, soon);
    expect(await jobsOf()).toHaveLength(1);
  });
});
