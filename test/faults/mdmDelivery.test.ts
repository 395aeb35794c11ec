/**
 * R-I4: `kill -9` of the process that sends MDM commands, in the middle of sending them. Devices
 * enrol at the NanoMDM emulator (whose API is slowed, so that sending takes a few seconds); their
 * required app is associated at the Apple emulator, then each device's InstallApplication goes to
 * NanoMDM. The sender is killed once part of them are stored, started again on the same port, and
 * every command must reach NanoMDM exactly once: one per device, each CommandUUID once.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AllotProcess } from '../../bench/load/allotProcess.js';
import { startNanoMdmEmulator, type NanoMdmEmulator } from '../../src/emulators/nanomdm/index.js';
import { apiClient, expectStatus } from './helpers/http.js';
import {
  expireLeasesOfTheDead,
  inParallel,
  newTenant,
  requiredApp,
  syncedAppleAccount,
  waitUntil,
} from './helpers/scenario.js';
import { describeFaults, startFaultWorld, type FaultWorld } from './helpers/world.js';

const DEVICES = 24;

describeFaults('R-I4: the command sender killed mid-delivery', () => {
  let world: FaultWorld;
  let nano: NanoMdmEmulator;
  let a: AllotProcess;

  beforeAll(async () => {
    world = await startFaultWorld();
    // NanoMDM lives on loopback: the operator allows internal targets (R-S5).
    world.env.ALLOT_ALLOW_PRIVATE_TARGETS = 'true';
    nano = await startNanoMdmEmulator({
      apiKey: `nano-${randomBytes(6).toString('hex')}`,
      backend: 'sql',
      maxCommandsPerSecond: 6,
    });
    a = await world.start('a', 'all');
  });
  afterAll(async () => {
    await world?.close();
    await nano?.close();
  });

  /** MDM command rows per state, straight from the database. */
  async function commandStates(): Promise<Record<string, number>> {
    const rows = await world.ctx.db.kysely
      .selectFrom('mdmCommands')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  it('R-I4: every InstallApplication reaches NanoMDM exactly once through a kill -9 of its sender', async () => {
    const token = await newTenant(world, a.url);
    const admin = apiClient(a.url, token);
    const adamId = '730001';
    const { locationId } = await syncedAppleAccount(world, admin, [
      { adamId, name: 'Atlas', bundleId: 'com.example.atlas', totalCount: 100 },
    ]);
    const app = await requiredApp(admin, adamId);
    nano.setBundleIds({ [adamId]: app.bundleId });
    const connector = expectStatus(
      await admin.post('/mdm-connectors', {
        kind: 'nanomdm',
        name: 'NanoMDM',
        apiUrl: nano.url,
        apiKey: nano.apiKey,
      }),
      201,
      'connector',
    );
    nano.setWebhook(`${a.url}${connector.webhookUrl}`, connector.webhookSecret);

    // Enrolment: each TokenUpdate evaluates the device, which gets a licence and a command.
    const enrolled = await inParallel(Array.from({ length: DEVICES }), 4, async (_, i) =>
      nano.enroll({ serialNumber: `MDMK${String(i).padStart(6, '0')}`, productName: 'iPad13,1' }),
    );
    for (const e of enrolled) {
      expect(
        e.deliveries.every((d) => d.httpStatus === 200),
        'Allot took every event',
      ).toBe(true);
    }
    const stored = () => nano.commands().filter((c) => c.requestType === 'InstallApplication');

    // Killed once a third of the commands are stored at NanoMDM, with more in flight.
    await waitUntil(
      'a third of the commands at NanoMDM',
      90_000,
      async () => stored().length >= DEVICES / 3,
      20,
    );
    process.kill(a.pid, 'SIGKILL');
    await a.exited;
    const atKill = stored().length;
    expect(atKill).toBeLessThan(DEVICES);

    // Its store calls (the licences the installs wait for) and its commands stay `sending`
    // until their lease ends: see expireLeasesOfTheDead.
    await expireLeasesOfTheDead(world);
    a = await world.start('a', 'all', a.port);
    // Any request kicks the worker.
    expectStatus(
      await admin.post('/users', { email: 'kick@example.org', displayName: 'Kick' }),
      201,
      'user',
    );

    let states: Record<string, number> = {};
    try {
      await waitUntil('every command sent', 120_000, async () => {
        states = await commandStates();
        return (states.sent ?? 0) === DEVICES;
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(states)}\n${world.logs()}`);
    }

    const rows = await world.ctx.db.kysely
      .selectFrom('mdmCommands')
      .select(['commandUuid', 'enrollmentId', 'state'])
      .where('requestType', '=', 'InstallApplication')
      .execute();
    expect(rows).toHaveLength(DEVICES);
    const atNano = stored();
    // Exactly once: each device has one command at NanoMDM, the one Allot recorded.
    expect(atNano).toHaveLength(DEVICES);
    expect(new Set(atNano.map((c) => c.commandUuid)).size).toBe(DEVICES);
    expect(atNano.map((c) => `${c.enrollmentId} ${c.commandUuid}`).sort()).toEqual(
      rows.map((r) => `${r.enrollmentId} ${r.commandUuid}`).sort(),
    );
    expect(new Set(atNano.map((c) => c.enrollmentId))).toEqual(
      new Set(enrolled.map((e) => e.enrollmentId)),
    );
    for (const command of atNano) {
      expect(command.command).toMatchObject({
        RequestType: 'InstallApplication',
        iTunesStoreID: Number(adamId),
        Options: { PurchaseMethod: 1 },
      });
    }
    // Each install went out once its device's licence was associated at Apple.
    const atApple = new Set(world.apple.listAssignments(locationId).map((x) => x.serialNumber));
    for (let i = 0; i < DEVICES; i += 1) {
      expect(atApple.has(`MDMK${String(i).padStart(6, '0')}`)).toBe(true);
    }
  });
});
