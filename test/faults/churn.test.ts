/**
 * R-V8 under churn: two `allot serve` processes on one PostgreSQL, many more devices than
 * licences, devices checking in without pause while an administrator revokes a licence every
 * 200 ms (one the store holds, helpers/churn.ts says why) — so check-ins keep taking seats
 * that revokes have just freed, in transactions that race them. The store must hear each
 * seat's disassociate before the associate that takes it: no call is refused, no
 * `storeRefused` alert is raised, and `allot verify` finds no drift.
 *
 * ALLOT_FAULTS_CHURN_SECONDS sets how long the churn lasts (default 25 s).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './helpers/http.js';
import {
  checkIns,
  createDevices,
  expectLedgerMatchesStore,
  newTenant,
  outboxStates,
  requiredApp,
  syncedAppleAccount,
  waitForOutbox,
} from './helpers/scenario.js';
import { churn, storeCallsDelivered } from './helpers/churn.js';
import { describeFaults, startFaultWorld, type FaultWorld } from './helpers/world.js';

const DEVICES = 200;
const SEATS = 5;
const CHURN_MS = Number(process.env.ALLOT_FAULTS_CHURN_SECONDS ?? 25) * 1000;
const REVOKE_EVERY_MS = 200;

describeFaults(`R-V8: check-ins take the seats revokes free, at two processes`, () => {
  let world: FaultWorld;
  let clients: ApiClient[];

  beforeAll(async () => {
    world = await startFaultWorld();
    const a = await world.start('a', 'all');
    const b = await world.start('b', 'all');
    const token = await newTenant(world, a.url);
    clients = [apiClient(a.url, token), apiClient(b.url, token)];
  });
  afterAll(async () => world?.close());

  it(`R-V8, R-A13: ${DEVICES} devices, ${SEATS} seats, a revoke every ${REVOKE_EVERY_MS} ms: the store refuses nothing`, async () => {
    const admin = clients[0]!;
    const { locationId } = await syncedAppleAccount(world, admin, [
      { adamId: '750001', name: 'Churn', bundleId: 'com.example.churn', totalCount: SEATS },
    ]);
    const app = await requiredApp(admin, '750001');
    const devices = await createDevices(admin, DEVICES, 'CHURN');
    const logStart = world.apple.requestLog.length;

    const figures = await churn(clients, devices, {
      durationMs: CHURN_MS,
      revokeEveryMs: REVOKE_EVERY_MS,
      checkInConcurrency: 6,
    });
    expect(figures.errors, 'failed requests').toEqual([]);
    // A calm check-in of every device settles what the last revokes left (a revoked device
    // learns it at its next check-in).
    const calm = await checkIns(
      clients,
      devices.map((d) => d.serialNumber),
      4,
    );
    expect(calm.filter((r) => r.status !== 200)).toEqual([]);
    await waitForOutbox(world);
    const delivered = storeCallsDelivered(world.apple.requestLog.slice(logStart));
    const refusals = (await outboxStates(world)).failed ?? 0;
    const alerts = (await admin.get('/notifications?kind=storeRefused')).body.items as unknown[];
    console.info(
      `churn: ${figures.checkIns} check-ins, ${figures.revokes} revokes, ` +
        `${delivered.associate} associates and ${delivered.disassociate} disassociates ` +
        `delivered, ${refusals} refusals, ${alerts.length} storeRefused alerts`,
    );
    // The churn did happen: every seat changed hands, on average, at least once. (A revoke
    // waits for the store to hold a licence: about a round of the pool every 5 s.)
    expect(figures.revokes).toBeGreaterThanOrEqual(SEATS);
    expect(delivered.associate).toBeGreaterThanOrEqual(figures.revokes);
    expect(refusals, 'store calls refused').toBe(0);
    expect(alerts, 'storeRefused notifications').toEqual([]);
    await expectLedgerMatchesStore(world, locationId, [app]);
  });
});
