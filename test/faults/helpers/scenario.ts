/**
 * The steps the fault tests share, all through the public API of a running server: a tenant,
 * an Apple account synced from the emulator, required apps, devices and check-ins; then the
 * waits and the final comparison of the ledger with the store.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { reportDrifts } from '../../../src/cli/verify.js';
import type { ControlAssetInput } from '../../../src/emulators/apple/index.js';
import { verifyLedger } from '../../../src/services/ledger/verifyLedger.js';
import { apiClient, expectStatus, type ApiClient, type HttpResponse } from './http.js';
import type { FaultWorld } from './world.js';

export interface TestDevice {
  id: string;
  serialNumber: string;
}

export interface RequiredApp {
  adamId: string;
  catalogAppId: string;
  bundleId: string;
}

/** A tenant of its own, created with the bootstrap token; returns its globalAdmin token. */
export async function newTenant(world: FaultWorld, baseUrl: string): Promise<string> {
  const bootstrap = apiClient(baseUrl, world.bootstrapToken);
  const created = expectStatus(
    await bootstrap.post('/tenants', { name: `faults-${randomBytes(4).toString('hex')}` }),
    201,
    'tenant',
  );
  return created.adminToken as string;
}

export async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** An emulator location with these assets, added as an account; waits for its first sync. */
export async function syncedAppleAccount(
  world: FaultWorld,
  admin: ApiClient,
  assets: ControlAssetInput[],
): Promise<{ accountId: string; locationId: string }> {
  const name = `Campus ${randomBytes(3).toString('hex')}`;
  const { locationId, sToken } = world.apple.createLocation({
    organizationName: 'Example School',
    locationName: name,
    assets,
  });
  const account = expectStatus(
    await admin.post('/accounts', {
      store: 'apple',
      name,
      token: sToken,
      appleId: 'vpp-admin@example.org',
      accountType: 'education',
    }),
    201,
    'account',
  );
  // The first sync runs in a child's worker.
  await waitUntil('the first sync of the account', 60_000, async () => {
    const current = (await admin.get(`/accounts/${account.id}`)).body;
    return current?.lastSyncAt != null && current.status !== 'syncing';
  });
  return { accountId: account.id as string, locationId };
}

/** A catalog app for the synced product of an adamId, required on All Devices. */
export async function requiredApp(admin: ApiClient, adamId: string): Promise<RequiredApp> {
  const products = expectStatus(await admin.get('/products?store=apple&limit=500'), 200, 'products')
    .items as any[];
  const product = products.find((p) => p.storeProductId === adamId);
  if (product === undefined) throw new Error(`product ${adamId} was not synced`);
  const app = expectStatus(
    await admin.post('/catalog-apps', { productId: product.id }),
    201,
    'catalog app',
  );
  expectStatus(
    await admin.post(`/catalog-apps/${app.id}/assignments`, {
      target: { type: 'allDevices' },
      intent: 'required',
    }),
    201,
    'assignment',
  );
  return { adamId, catalogAppId: app.id as string, bundleId: product.bundleId as string };
}

/** Runs `task` over the items with `concurrency` in flight; results in the items' order. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export async function createDevices(
  admin: ApiClient,
  count: number,
  prefix: string,
): Promise<TestDevice[]> {
  return inParallel(Array.from({ length: count }), 8, async (_, i) => {
    const serialNumber = `${prefix}${String(i).padStart(5, '0')}`;
    const created = expectStatus(
      await admin.post('/devices', { serialNumber, platform: 'ipados' }),
      201,
      `device ${serialNumber}`,
    );
    return { id: created.id as string, serialNumber };
  });
}

/** Check-ins of these devices spread over the clients (round robin), `concurrency` at a time. */
export async function checkIns(
  clients: readonly ApiClient[],
  serials: readonly string[],
  concurrency: number,
): Promise<HttpResponse[]> {
  return inParallel(serials, concurrency, (serialNumber, i) =>
    clients[i % clients.length]!.post('/check-in', { serialNumber }),
  );
}

/** Outbox rows per state, straight from the database. */
export async function outboxStates(world: FaultWorld): Promise<Record<string, number>> {
  const rows = await world.ctx.db.kysely
    .selectFrom('outbox')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Waits until no store call is pending or being sent. */
export async function waitForOutbox(world: FaultWorld, timeoutMs = 90_000): Promise<void> {
  let last: Record<string, number> = {};
  try {
    await waitUntil('the outbox to drain', timeoutMs, async () => {
      last = await outboxStates(world);
      return (last.pending ?? 0) === 0 && (last.sending ?? 0) === 0;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}: ${JSON.stringify(last)}\n${world.logs()}`);
  }
}

/**
 * A killed sender's rows stay `sending` until their lease (2 minutes) runs out: its store calls
 * and its MDM commands. The test moves that moment to now instead of waiting, once the process
 * is known dead and before another starts (a live process's leases are its own: ending them
 * would take its sends from it) — the same state a real wait would reach. Returns how many
 * rows were taken back.
 */
export async function expireLeasesOfTheDead(world: FaultWorld): Promise<number> {
  const past = new Date(Date.now() - 1000).toISOString();
  let taken = 0;
  for (const table of ['outbox', 'mdmCommands'] as const) {
    const result = await world.ctx.db.kysely
      .updateTable(table)
      .set({ leaseUntil: past })
      .where('state', '=', 'sending')
      .executeTakeFirst();
    taken += Number(result.numUpdatedRows);
  }
  return taken;
}

/** The serials holding an app at the store, and those holding an active licence in Allot. */
export async function holders(
  world: FaultWorld,
  locationId: string,
  app: RequiredApp,
): Promise<{ store: string[]; ledger: string[] }> {
  const store = world.apple
    .listAssignments(locationId)
    .filter((a) => a.adamId === app.adamId)
    .map((a) => a.serialNumber ?? `user:${a.clientUserId}`)
    .sort();
  const licenses = await world.ctx.db.kysely
    .selectFrom('licenses')
    .select('serialNumber')
    .where('catalogAppId', '=', app.catalogAppId)
    .where('state', '=', 'active')
    .execute();
  return { store, ledger: licenses.map((l) => l.serialNumber ?? '?').sort() };
}

/**
 * The ledger and the store agree exactly: `allot verify` finds no drift, no store call failed,
 * every licence is held at the store once and the store holds nothing else; each pool counts
 * its active licences and none holds more than its seats.
 */
export async function expectLedgerMatchesStore(
  world: FaultWorld,
  locationId: string,
  apps: readonly RequiredApp[],
): Promise<void> {
  const lines: string[] = [];
  const exitCode = reportDrifts(await verifyLedger(world.ctx), (line) => lines.push(line));
  expect(lines, 'allot verify').toEqual(['no drift']);
  expect(exitCode).toBe(0);
  expect((await outboxStates(world)).failed ?? 0, 'failed store calls').toBe(0);
  for (const app of apps) {
    const { store, ledger } = await holders(world, locationId, app);
    expect(new Set(store).size, `store assignments of ${app.adamId} are unique`).toBe(store.length);
    expect(new Set(ledger).size, `one active licence per device for ${app.adamId}`).toBe(
      ledger.length,
    );
    expect(store, `the store holds exactly the ledger's licences of ${app.adamId}`).toEqual(ledger);
  }
  const pools = await world.ctx.db.kysely.selectFrom('pools').selectAll().execute();
  for (const pool of pools) {
    const active = await world.ctx.db.kysely
      .selectFrom('licenses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('poolId', '=', pool.id)
      .where('state', '=', 'active')
      .executeTakeFirstOrThrow();
    expect(pool.inUse).toBe(Number(active.n));
    expect(pool.inUse).toBeLessThanOrEqual(pool.total);
  }
}

/** The state a check-in answer gives an app, or the failure. */
export function appStateIn(response: HttpResponse, app: RequiredApp): string {
  if (response.status !== 200) return `HTTP ${response.status} ${response.error ?? ''}`.trim();
  const state = (response.body.apps as any[]).find((a) => a.catalogAppId === app.catalogAppId);
  return state?.state ?? 'absent';
}
