/**
 * R-A13 across processes: two `allot serve` processes on one PostgreSQL, every device checking
 * in at both at once, more devices than licences. Exactly `total` licences are given, each
 * device holds at most one, and the store ends up holding exactly those.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AllotProcess } from '../../bench/load/allotProcess.js';
import { apiClient, type ApiClient } from './helpers/http.js';
import {
  appStateIn,
  checkIns,
  createDevices,
  expectLedgerMatchesStore,
  holders,
  inParallel,
  newTenant,
  requiredApp,
  syncedAppleAccount,
  waitForOutbox,
} from './helpers/scenario.js';
import { describeFaults, startFaultWorld, type FaultWorld } from './helpers/world.js';

const SEATS = 40;
const DEVICES = 120;

describeFaults(`R-A13: two processes race for the last licences`, () => {
  let world: FaultWorld;
  let a: AllotProcess;
  let b: AllotProcess;
  let admins: ApiClient[];

  beforeAll(async () => {
    world = await startFaultWorld();
    a = await world.start('a', 'all');
    b = await world.start('b', 'all');
    const token = await newTenant(world, a.url);
    admins = [apiClient(a.url, token), apiClient(b.url, token)];
  });
  afterAll(async () => world?.close());

  it(`R-A13, R-V8: ${DEVICES} devices checking in at both processes at once get exactly ${SEATS} licences`, async () => {
    const admin = admins[0]!;
    const { locationId } = await syncedAppleAccount(world, admin, [
      {
        adamId: '710001',
        name: 'Last Seats',
        bundleId: 'com.example.lastseats',
        totalCount: SEATS,
      },
      { adamId: '710002', name: 'Plenty', bundleId: 'com.example.plenty', totalCount: 1000 },
    ]);
    const scarce = await requiredApp(admin, '710001');
    const plenty = await requiredApp(admin, '710002');
    const devices = await createDevices(admin, DEVICES, 'RACE');

    // Each device at both processes at the same moment, 16 devices at a time.
    const raced = await inParallel(devices, 16, (d) =>
      Promise.all(
        admins.map((client) => client.post('/check-in', { serialNumber: d.serialNumber })),
      ),
    );
    const answers = raced.flat();
    expect(
      answers
        .filter((r) => r.status !== 200)
        .map((r) => `${r.status} ${r.error ?? JSON.stringify(r.body)}`),
    ).toEqual([]);
    expect(a.alive() && b.alive()).toBe(true);

    // A calm check-in of every device reports what it holds now.
    const calm = await checkIns(
      admins,
      devices.map((d) => d.serialNumber),
      4,
    );
    const states = calm.map((r) => appStateIn(r, scarce));
    expect(states.filter((s) => s === 'pending')).toHaveLength(SEATS);
    expect(states.filter((s) => s === 'noLicense')).toHaveLength(DEVICES - SEATS);
    expect(calm.every((r) => appStateIn(r, plenty) === 'pending')).toBe(true);

    await waitForOutbox(world);
    const scarceHolders = await holders(world, locationId, scarce);
    expect(scarceHolders.ledger).toHaveLength(SEATS);
    expect(scarceHolders.ledger).toEqual(
      devices
        .filter((_, i) => states[i] === 'pending')
        .map((d) => d.serialNumber)
        .sort(),
    );
    expect((await holders(world, locationId, plenty)).store).toHaveLength(DEVICES);
    await expectLedgerMatchesStore(world, locationId, [scarce, plenty]);
  });
});
