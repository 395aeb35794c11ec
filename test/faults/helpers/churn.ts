/**
 * Seat churn through the public API: devices check in without pause at every client while an
 * administrator revokes a licence at a fixed pace, so that check-ins keep taking the seats
 * revokes have just freed.
 *
 * The administrator revokes licences the store holds already. A licence revoked before its
 * associate went out puts both of its subject's calls in one drain, where they must go out one
 * after the other in requests of their own; each request waits for the store's event (the
 * Apple connector looks first after 2 s), so under this churn the drain would fall minutes
 * behind. That order is proven in test/unit/outboxPlan.test.ts and test/api/outbox.test.ts.
 */
import type { LoggedRequest } from '../../../src/emulators/apple/emulator-state.js';
import type { ApiClient, HttpResponse } from './http.js';
import type { TestDevice } from './scenario.js';

export interface ChurnOptions {
  durationMs: number;
  revokeEveryMs: number;
  /** Check-ins in flight at once, spread over the clients. */
  checkInConcurrency: number;
}

export interface ChurnFigures {
  checkIns: number;
  /** Licences revoked (each frees a seat a check-in then takes). */
  revokes: number;
  /** Requests that did not answer as expected. */
  errors: string[];
}

function describe(what: string, response: HttpResponse): string {
  return `${what}: ${response.status} ${response.error ?? JSON.stringify(response.body)}`;
}

export async function churn(
  clients: readonly ApiClient[],
  devices: readonly TestDevice[],
  options: ChurnOptions,
): Promise<ChurnFigures> {
  const figures: ChurnFigures = { checkIns: 0, revokes: 0, errors: [] };
  const deadline = Date.now() + options.durationMs;
  let turn = 0;
  const client = () => clients[turn++ % clients.length]!;

  let cursor = 0;
  const checkInLoop = async () => {
    // The loops walk the fleet together, round and round: every device keeps coming back.
    while (Date.now() < deadline) {
      const device = devices[cursor++ % devices.length]!;
      const response = await client().post('/check-in', { serialNumber: device.serialNumber });
      if (response.status === 200) figures.checkIns += 1;
      else figures.errors.push(describe(`check-in ${device.serialNumber}`, response));
    }
  };

  const revokeLoop = async () => {
    for (let next = Date.now(); next < deadline; next += options.revokeEveryMs) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      const admin = client();
      const active = await admin.get('/licenses?state=active&limit=50');
      if (active.status !== 200) {
        figures.errors.push(describe('licences', active));
        continue;
      }
      // Licences the store holds already (see the file comment).
      const held = (active.body.items as Array<{ id: string; storeState: string }>).filter(
        (l) => l.storeState === 'confirmed',
      );
      const victim = held[Math.floor(Math.random() * held.length)];
      if (victim === undefined) continue;
      const revoked = await admin.post(`/licenses/${victim.id}/revoke`);
      if (revoked.status !== 200) figures.errors.push(describe(`revoke ${victim.id}`, revoked));
      else if (revoked.body.state === 'revoked') figures.revokes += 1;
    }
  };

  await Promise.all([
    revokeLoop(),
    ...Array.from({ length: options.checkInConcurrency }, checkInLoop),
  ]);
  return figures;
}

/** How many subjects the store was asked to associate and to disassociate (answered 200). */
export function storeCallsDelivered(log: readonly LoggedRequest[]): {
  associate: number;
  disassociate: number;
} {
  const count = (path: string) =>
    log
      .filter((r) => r.status === 200 && r.path === path)
      .reduce(
        (n, r) => n + ((r.body as { serialNumbers?: string[] }).serialNumbers ?? []).length,
        0,
      );
  return { associate: count('/assets/associate'), disassociate: count('/assets/disassociate') };
}
