/**
 * PostgreSQL restarted under load: two `allot serve` processes keep answering — check-ins that
 * meet the outage fail with 503 DATABASE_UNAVAILABLE and a Retry-After header, never with a 500
 * or a dropped connection — and recover by themselves once the database is back, without a
 * restart of Allot. The worker recovers too: the outbox drains and the books agree.
 *
 * The restart command is ALLOT_FAULTS_PG_RESTART (run with sh), by default the local cluster's
 * `pg_ctlcluster --skip-systemctl-redirect <version> main restart`: it must restart the server
 * DATABASE_URL points at, and the tests must run as a user allowed to (root in CI).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AllotProcess } from '../../bench/load/allotProcess.js';
import { apiClient, type ApiClient, type HttpResponse } from './helpers/http.js';
import {
  createDevices,
  expectLedgerMatchesStore,
  newTenant,
  requiredApp,
  syncedAppleAccount,
  waitForOutbox,
} from './helpers/scenario.js';
import { describeFaults, startFaultWorld, type FaultWorld } from './helpers/world.js';

const RESTART_COMMAND =
  process.env.ALLOT_FAULTS_PG_RESTART ??
  'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart';

/**
 * Runs the restart command. Its output is not kept: a server started by it may inherit the
 * pipes and hold them open long after the command is done.
 */
async function restartPostgres(): Promise<void> {
  const child = spawn('sh', ['-c', RESTART_COMMAND], { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the restart command failed (exit ${code}): ${RESTART_COMMAND}`);
}

interface Outcome {
  at: number;
  response: HttpResponse;
}

describeFaults('PostgreSQL restarted under load', () => {
  let world: FaultWorld;
  let a: AllotProcess;
  let b: AllotProcess;
  let clients: ApiClient[];

  beforeAll(async () => {
    world = await startFaultWorld();
    a = await world.start('a', 'all');
    b = await world.start('b', 'api');
    const token = await newTenant(world, a.url);
    clients = [apiClient(a.url, token), apiClient(b.url, token)];
  });
  afterAll(async () => world?.close());

  it('requests during the outage answer 503 with Retry-After, then the same processes recover', async () => {
    const admin = clients[0]!;
    const { locationId } = await syncedAppleAccount(world, admin, [
      { adamId: '730001', name: 'Daily', bundleId: 'com.example.daily', totalCount: 1000 },
    ]);
    const app = await requiredApp(admin, '730001');
    const serials = (await createDevices(admin, 200, 'PGRS')).map((d) => d.serialNumber);
    const pids = [a.pid, b.pid];

    // Check-ins of random devices, 8 in flight, until told to stop.
    const outcomes: Outcome[] = [];
    let stop = false;
    const load = Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = 0; !stop; i += 1) {
          const serialNumber = serials[Math.floor(Math.random() * serials.length)]!;
          const response = await clients[(worker + i) % 2]!.post('/check-in', { serialNumber });
          outcomes.push({ at: Date.now(), response });
          // After a refusal, the Retry-After is honoured in spirit: a short pause, not 5 s.
          if (response.status !== 200) await new Promise((r) => setTimeout(r, 100));
        }
      }),
    );

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const restartStarted = Date.now();
    await restartPostgres();
    const restartEnded = Date.now();
    // Recovered: 3 s of nothing but 200s, within a minute of the restart.
    const deadline = restartEnded + 60_000;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const recent = outcomes.filter((o) => o.at > Date.now() - 3_000);
      if (Date.now() - restartEnded > 3_000 && recent.every((o) => o.response.status === 200)) {
        break;
      }
    }
    stop = true;
    await load;

    const failures = outcomes.filter((o) => o.response.status !== 200);
    const describeFailure = (o: Outcome) =>
      `${o.response.status} ${o.response.error ?? ''} ${JSON.stringify(o.response.body)} retry-after=${o.response.headers?.get('retry-after')}`;
    // The outage was seen, and every request it touched was refused as a 503 with Retry-After.
    expect(failures.length, 'requests that met the outage').toBeGreaterThan(0);
    expect(
      failures
        .filter(
          (o) =>
            o.response.status !== 503 ||
            o.response.body?.error?.code !== 'DATABASE_UNAVAILABLE' ||
            !/^\d+$/.test(o.response.headers?.get('retry-after') ?? ''),
        )
        .map(describeFailure),
    ).toEqual([]);
    expect(failures.every((o) => o.at >= restartStarted)).toBe(true);
    // The same processes answer again.
    const after = outcomes.filter((o) => o.at > restartEnded + 3_000);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((o) => o.response.status !== 200).map(describeFailure)).toEqual([]);
    expect([a.alive(), b.alive()]).toEqual([true, true]);
    expect([a.pid, b.pid]).toEqual(pids);

    // Calls claimed just before the outage may have reached the store without their sender
    // being able to close them: it hands them back once the database answers, so the outbox
    // drains within seconds, not when their lease ends (2 minutes after the claim).
    await waitForOutbox(world, 30_000);
    await expectLedgerMatchesStore(world, locationId, [app]);
  }, 180_000);
});
