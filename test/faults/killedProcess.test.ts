/**
 * R-A13, R-V8: `kill -9` of a server process in the middle of check-ins and of store calls.
 * Process `a` serves the API and runs the only worker; process `b` serves the API only. The
 * emulator kills `a` the moment `a` sends a store call — once while licences are being given
 * (associate), once while they are being taken back (disassociate) — with check-ins still
 * arriving at both processes. `a` is started again on the same port, the MDM retries what
 * failed, the outbox drains, and the ledger and the store must agree exactly.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AllotProcess } from '../../bench/load/allotProcess.js';
import type { WireRequestInfo } from '../../src/emulators/apple/index.js';
import { apiClient, type ApiClient, type HttpResponse } from './helpers/http.js';
import {
  appStateIn,
  checkIns,
  createDevices,
  expectLedgerMatchesStore,
  expireLeasesOfTheDead,
  holders,
  inParallel,
  newTenant,
  requiredApp,
  syncedAppleAccount,
  waitForOutbox,
  waitUntil,
  type RequiredApp,
  type TestDevice,
} from './helpers/scenario.js';
import { describeFaults, startFaultWorld, type FaultWorld } from './helpers/world.js';

describeFaults(`R-A13, R-V8: a server killed mid-flight`, () => {
  let world: FaultWorld;
  let a: AllotProcess;
  let b: AllotProcess;
  let token: string;
  /** Set by the test: called at the start of every wire request the emulator receives. */
  let onStoreRequest: ((request: WireRequestInfo) => void) | null = null;

  beforeAll(async () => {
    world = await startFaultWorld({
      // A slower store keeps calls in flight long enough to die in the middle of one.
      emulator: { responseDelayMs: 150, onRequest: (request) => onStoreRequest?.(request) },
    });
    a = await world.start('a', 'all');
    b = await world.start('b', 'api');
    token = await newTenant(world, a.url);
  });
  afterAll(async () => world?.close());

  /** Kills `a` at the first store call to `path` once `armed()` says so. */
  function killOnStoreCall(path: string, armed: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      onStoreRequest = (request) => {
        if (request.path !== path || !armed()) return;
        onStoreRequest = null;
        process.kill(a.pid, 'SIGKILL');
        resolve();
      };
    });
  }

  async function restartA(): Promise<void> {
    await a.exited;
    a = await world.start('a', 'all', a.port);
    // Its rows stay `sending` until their lease ends: see expireLeasesOfTheDead.
    await expireLeasesOfTheDead(world);
  }

  /** Check-ins until each has an answer from a live server (as an MDM retries). */
  async function checkInUntilAnswered(
    clients: () => ApiClient[],
    serials: string[],
  ): Promise<HttpResponse[]> {
    const answers = new Map<string, HttpResponse>();
    let left = serials;
    for (let round = 0; round < 5 && left.length > 0; round += 1) {
      const responses = await checkIns(clients(), left, 8);
      left.forEach((serial, i) => answers.set(serial, responses[i]!));
      left = left.filter((serial) => answers.get(serial)!.status !== 200);
    }
    return serials.map((serial) => answers.get(serial)!);
  }

  it('R-A13, R-V8: no licence is lost or doubled, at Allot or at the store, by a kill -9 during allocation and during revocation', async () => {
    const clients = () => [apiClient(a.url, token), apiClient(b.url, token)];
    const admin = apiClient(b.url, token);
    const { locationId } = await syncedAppleAccount(world, admin, [
      { adamId: '720001', name: 'Scarce', bundleId: 'com.example.scarce', totalCount: 60 },
      { adamId: '720002', name: 'Plenty', bundleId: 'com.example.plenty', totalCount: 1000 },
    ]);
    const apps: RequiredApp[] = [
      await requiredApp(admin, '720001'),
      await requiredApp(admin, '720002'),
    ];
    const first = await createDevices(admin, 100, 'CRASHA');
    const late = await createDevices(admin, 30, 'CRASHB');
    /** Devices some 200 answer said hold the scarce app, i.e. a committed licence. */
    const committed = new Set<string>();
    const note = (devices: TestDevice[], answers: HttpResponse[]) =>
      answers.forEach((r, i) => {
        if (appStateIn(r, apps[0]!) === 'pending') committed.add(devices[i]!.serialNumber);
      });

    // 1. Killed while giving licences: the first associate after a third of the check-ins.
    let answered = 0;
    const killed = killOnStoreCall('/assets/associate', () => answered >= first.length / 3);
    const during = await inParallel(first, 8, async (d, i) => {
      const response = await clients()[i % 2]!.post('/check-in', {
        serialNumber: d.serialNumber,
      });
      answered += 1;
      return response;
    });
    await killed;
    note(first, during);
    const lost = during.filter((r) => r.status !== 200);
    expect(
      lost.every((r) => r.status === 0),
      'only requests to the dead process fail',
    ).toBe(true);
    await restartA();
    note(
      first,
      await checkInUntilAnswered(
        clients,
        first.map((d) => d.serialNumber),
      ),
    );

    // 2. Killed while taking licences back: 30 devices retired (at b), 30 new ones check in.
    await waitForOutbox(world);
    const retired = first.filter((d) => committed.has(d.serialNumber)).slice(0, 30);
    const killedAgain = killOnStoreCall('/assets/disassociate', () => true);
    const [retirements, lateAnswers] = await Promise.all([
      inParallel(retired, 4, (d) => admin.post(`/devices/${d.id}/retire`, {})),
      checkIns(
        clients(),
        late.map((d) => d.serialNumber),
        4,
      ),
    ]);
    await killedAgain;
    expect(retirements.map((r) => r.status)).toEqual(retired.map(() => 200));
    note(late, lateAnswers);
    await restartA();

    // 3. Every active device checks in once more (retrying through the restart), then the
    // outbox drains and the books are compared.
    const active = [...first.filter((d) => !retired.includes(d)), ...late];
    const final = await checkInUntilAnswered(
      clients,
      active.map((d) => d.serialNumber),
    );
    expect(final.filter((r) => r.status !== 200)).toEqual([]);
    await waitForOutbox(world);
    await waitUntil('both processes alive', 1000, async () => a.alive() && b.alive());

    const scarce = await holders(world, locationId, apps[0]!);
    const holding = active
      .filter((_, i) => appStateIn(final[i]!, apps[0]!) === 'pending')
      .map((d) => d.serialNumber)
      .sort();
    expect(scarce.ledger).toEqual(holding);
    expect(scarce.ledger).toHaveLength(60);
    // No lost allocation: a licence a 200 answer reported is still held, unless retired.
    const retiredSerials = new Set(retired.map((d) => d.serialNumber));
    for (const serial of committed) {
      if (!retiredSerials.has(serial)) expect(scarce.ledger).toContain(serial);
    }
    // No lost revocation: retired devices hold nothing, in Allot or at the store.
    for (const app of apps) {
      const { store, ledger } = await holders(world, locationId, app);
      expect(store.filter((s) => retiredSerials.has(s))).toEqual([]);
      expect(ledger.filter((s) => retiredSerials.has(s))).toEqual([]);
    }
    expect((await holders(world, locationId, apps[1]!)).store).toHaveLength(active.length);
    await expectLedgerMatchesStore(world, locationId, apps);
  });
});
