/**
 * R-T4, R-T7, R-T10: a problem with an account is one condition, whoever finds it. The same
 * claim (or revoked token) found by a sync and by the outbox puts the account in the same
 * status, with the same notification kind, message and remedy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import { drainOutbox } from '../../src/jobs/outbox.js';
import { remedyFor } from '../../src/domain/accountStatus.js';
import { createTestApp, type Client, type TestApp } from '../helpers/testApp.js';
import { grant, runJobs, syncedAccount } from '../helpers/appleAccounts.js';

let apple: AppleEmulator;
let t: TestApp;
beforeAll(async () => {
  apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 2 });
  t = await createTestApp({ env: { ALLOT_APPLE_API_URL: apple.url } });
});
afterAll(async () => {
  await t.close();
  await apple.close();
});

type Fault = 'claim' | 'revoke';

function breakToken(locationId: string, fault: Fault): void {
  if (fault === 'claim') apple.setTokenState(locationId, { action: 'claim', mdmName: 'Other MDM' });
  else apple.setTokenState(locationId, { action: 'revoke' });
}

async function activeAlerts(admin: Client, kind: string): Promise<any[]> {
  return (await admin.get(`/notifications?kind=${kind}&state=active`)).body.items;
}

/** What an administrator sees of the account and its notifications once the fault is found. */
async function seen(admin: Client, accountId: string) {
  const account = (await admin.get(`/accounts/${accountId}`)).body;
  const [alert, ...more] = await activeAlerts(admin, 'authError');
  expect(more).toEqual([]);
  expect(await activeAlerts(admin, 'syncFailed')).toEqual([]);
  return {
    status: account.status,
    authProblem: account.authProblem,
    statusReason: account.statusReason,
    nextSyncAt: account.nextSyncAt,
    alert: {
      kind: alert.kind,
      severity: alert.severity,
      subject: alert.subject.type,
      // The message names the account: compare what follows the name.
      message: String(alert.message).slice(account.name.length),
      remedy: alert.remedy,
    },
  };
}

/** A sync finds the fault. */
async function foundBySync(fault: Fault) {
  const { admin } = await t.newTenant();
  const { account, locationId } = await syncedAccount(t, apple, admin);
  breakToken(locationId, fault);
  const sync = await admin.post(`/accounts/${account.id}/sync`, {});
  await runJobs(t);
  expect((await admin.get(`/jobs/${sync.body.jobId}`)).body.state).toBe('failed');
  return { admin, accountId: account.id as string, locationId };
}

/** The outbox finds the fault, sending a licence granted before it. */
async function foundByOutbox(fault: Fault) {
  const { admin } = await t.newTenant();
  const { account, locationId } = await syncedAccount(t, apple, admin);
  const ipad = (await admin.post('/devices', { serialNumber: 'DMPSTATUS001', platform: 'ipados' }))
    .body;
  await grant(t, account.id, '1001', {
    type: 'device',
    id: ipad.id,
    name: 'iPad',
    serialNumber: ipad.serialNumber,
  });
  breakToken(locationId, fault);
  expect(await drainOutbox(t.ctx)).toMatchObject({ sent: 0 });
  return { admin, accountId: account.id as string, locationId };
}

describe('R-T4, R-T10: one problem, one status, one notification', () => {
  it('R-T4: the same claim found by a sync and by the outbox raises the same authError with the same remedy', async () => {
    const bySync = await foundBySync('claim');
    const byOutbox = await foundByOutbox('claim');
    const sync = await seen(bySync.admin, bySync.accountId);
    const outbox = await seen(byOutbox.admin, byOutbox.accountId);
    expect(outbox).toEqual(sync);
    expect(sync).toEqual({
      status: 'claimedElsewhere',
      authProblem: 'claimedElsewhere',
      statusReason: 'Another management product has taken this location over.',
      nextSyncAt: null,
      alert: {
        kind: 'authError',
        severity: 'alert',
        subject: 'account',
        message: ': Another management product has taken this location over.',
        remedy: remedyFor('apple', 'claimedElsewhere'),
      },
    });
    // Plain language: what to do and where in the console, never an API path.
    expect(sync.alert.remedy).toMatch(/Take over the token/);
    expect(sync.alert.remedy).not.toMatch(/\/accounts|POST|PUT/);
  });

  it('R-T10: the same revoked token found by a sync and by the outbox raises the same authError', async () => {
    const sync = await seen(...ids(await foundBySync('revoke')));
    const outbox = await seen(...ids(await foundByOutbox('revoke')));
    expect(outbox).toEqual(sync);
    expect(sync).toMatchObject({
      status: 'error',
      authProblem: 'tokenRevoked',
      alert: { kind: 'authError', remedy: remedyFor('apple', 'tokenRevoked') },
    });
  });

  it('R-T4: the outbox finding the claim again raises nothing more; the takeover ends the alert', async () => {
    const { admin, accountId } = await foundByOutbox('claim');
    expect(await drainOutbox(t.ctx)).toMatchObject({ sent: 0 });
    expect(await activeAlerts(admin, 'authError')).toHaveLength(1);

    const claimed = await admin.post(`/accounts/${accountId}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'syncing', authProblem: null });
    expect(await activeAlerts(admin, 'authError')).toEqual([]);
    await runJobs(t);
    expect((await admin.get(`/accounts/${accountId}`)).body.status).toBe('healthy');
  });

  it('R-T7, R-T10: an outage first (degraded, syncFailed), then the claim: one alert, no stale warning', async () => {
    const { admin } = await t.newTenant();
    const { account, locationId } = await syncedAccount(t, apple, admin);
    apple.injectFaults({ status: 503, count: 20 });
    await admin.post(`/accounts/${account.id}/sync`, {});
    await runJobs(t);
    apple.clearFaults();
    expect((await admin.get(`/accounts/${account.id}`)).body.status).toBe('degraded');
    expect(await activeAlerts(admin, 'syncFailed')).toHaveLength(1);

    breakToken(locationId, 'claim');
    await admin.post(`/accounts/${account.id}/sync`, {});
    await runJobs(t);
    // "It will be retried" no longer holds: the account waits for an administrator.
    expect((await seen(admin, account.id)).status).toBe('claimedElsewhere');
  });
});

function ids(found: { admin: Client; accountId: string }): [Client, string] {
  return [found.admin, found.accountId];
}
