/**
 * R-V8 end to end: licences granted at check-in and revoked at retirement while the store
 * answers 503 with Retry-After, and a server that stops in the middle of sending them. Once the
 * store is back and a new process has drained the outbox, the store holds every association
 * and no revoked one, each request having reached it once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../src/context.js';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import { drainOutbox } from '../../src/jobs/outbox.js';
import { claimDueCalls } from '../../src/services/outbox/claim.js';
import { catalogApp, device, settle } from '../helpers/appleFlow.js';
import { appleAccountBody, newLocation } from '../helpers/appleAccounts.js';
import { createTestApp, FAST_APPLE, ManualClock, type TestApp } from '../helpers/testApp.js';

const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
let apple: AppleEmulator;
let t: TestApp;

beforeAll(async () => {
  apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 2 });
  t = await createTestApp({ clock, env: { ALLOT_APPLE_API_URL: apple.url } });
});
afterAll(async () => {
  await t.close();
  await apple.close();
});

/** Serial numbers in the store's successful (2xx) requests to `path`, one entry per request. */
function delivered(path: '/assets/associate' | '/assets/disassociate', from: number): string[] {
  return apple.requestLog
    .slice(from)
    .filter((r) => r.path === path && r.status < 300)
    .flatMap((r) => (r.body as { serialNumbers?: string[] }).serialNumbers ?? []);
}

function pendingCalls(ctx: AppContext) {
  return ctx.db.kysely
    .selectFrom('outbox')
    .select(['state', 'nextAttemptAt'])
    .where('state', '!=', 'done')
    .execute();
}

it('R-V8: a 503 outage with Retry-After and a restart mid-outbox lose and double nothing', async () => {
  const { admin } = await t.newTenant();
  const adamId = '510000001';
  const { locationId, sToken } = newLocation(apple, [
    { adamId, name: 'Maps for Schools', totalCount: 40 },
  ]);
  const account = (await admin.post('/accounts', appleAccountBody(sToken))).body;
  await settle(t);
  await catalogApp(admin, adamId, {
    target: { type: 'allDevices' },
    intent: 'required',
  });
  const start = apple.requestLog.length;

  // The store goes down for its next calls, asking to be left alone for a minute each time.
  apple.injectFaults({ status: 503, count: 4, retryAfterSeconds: 60, path: '/assets/' });
  const fleet = [];
  for (let i = 0; i < 12; i++) {
    const { device: created } = await device(admin, { user: null });
    const checkedIn = await admin.post('/check-in', { serialNumber: created.serialNumber });
    expect(checkedIn.body.commands).toHaveLength(1);
    fleet.push(created as { id: string; serialNumber: string });
  }
  expect(await drainOutbox(t.ctx)).toMatchObject({ sent: 0, retried: 12 });
  for (const retired of fleet.slice(0, 4)) {
    expect((await admin.post(`/devices/${retired.id}/retire`)).body.revokedLicenses).toBe(1);
  }
  // Not before the Retry-After: the store hears nothing more.
  await drainOutbox(t.ctx);
  expect(apple.requestLog.slice(start).filter((r) => r.path.startsWith('/assets/'))).toHaveLength(
    1,
  );

  // Past it, a process claims the calls and stops before sending them.
  clock.advance(60_000);
  const stopping = await createAppContext(t.config, { clock, apple: FAST_APPLE });
  expect((await claimDueCalls(stopping)).flatMap((c) => c.rows)).toHaveLength(16);
  await stopping.close();

  // A new process: nothing is sent while the claim's lease runs, then the store is still down
  // for three more calls, then everything goes through.
  const restarted = await createAppContext(t.config, { clock, apple: FAST_APPLE });
  try {
    expect(await drainOutbox(restarted)).toMatchObject({ sent: 0 });
    for (let round = 0; round < 10 && (await pendingCalls(restarted)).length > 0; round++) {
      clock.advance(2 * 60_000 + 1);
      await drainOutbox(restarted);
    }
    expect(await pendingCalls(restarted)).toEqual([]);
  } finally {
    await restarted.close();
  }

  const failedCalls = apple.requestLog
    .slice(start)
    .filter((r) => r.path.startsWith('/assets/') && r.status === 503);
  expect(failedCalls).toHaveLength(4);
  const serials = (list: Array<{ serialNumber: string }>) => list.map((d) => d.serialNumber).sort();
  // Each association and each revocation reached the store once…
  expect(delivered('/assets/associate', start).sort()).toEqual(serials(fleet));
  expect(delivered('/assets/disassociate', start).sort()).toEqual(serials(fleet.slice(0, 4)));
  // …and the store now holds exactly what the ledger holds.
  const held = apple
    .listAssignments(locationId)
    .filter((a) => a.adamId === adamId)
    .map((a) => a.serialNumber)
    .sort();
  expect(held).toEqual(serials(fleet.slice(4)));
  const licenses = (await admin.get(`/licenses?accountId=${account.id}&state=active&limit=100`))
    .body.items as Array<{ serialNumber: string; storeState: string }>;
  expect(licenses.map((l) => l.serialNumber).sort()).toEqual(held);
  expect(licenses.every((l) => l.storeState === 'confirmed')).toBe(true);
});
