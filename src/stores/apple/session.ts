/**
 * What the connector's parts share for one token: the client, the cached service config,
 * the event waiters and the clock. `runBatches` sends a planned set of write requests and
 * follows every event to its end.
 */
import type { StoreOperationResult, StoreSubject } from '../connector.js';
import type { AppleClient } from './client.js';
import { failuresOf, type EventPolling, type EventWaiters } from './events.js';
import type { ServiceConfig, ServiceConfigCache } from './service-config.js';
import type { Sleep } from './timing.js';
import type { WireAssetRef, WireEventResponse } from './wire-types.js';

export interface AppleSession {
  client: AppleClient;
  serviceConfigCache: ServiceConfigCache;
  waiters: EventWaiters;
  polling: EventPolling;
  sleep: Sleep;
  now: () => number;
}

export function serviceConfig(session: AppleSession): Promise<ServiceConfig> {
  return session.serviceConfigCache.get(() => session.client.getServiceConfig());
}

export interface Batch {
  send: () => Promise<WireEventResponse>;
  subjects: StoreSubject[];
  assets: WireAssetRef[];
  requested: number;
}

/**
 * Sends the batches one after the other (each is answered at once with an eventId), then
 * waits for all their events together.
 */
export async function runBatches(
  session: AppleSession,
  batches: Batch[],
): Promise<StoreOperationResult> {
  const sent: Array<{ batch: Batch; eventId: string }> = [];
  for (const batch of batches) {
    const { eventId } = await batch.send();
    sent.push({ batch, eventId });
  }
  const statuses = await Promise.all(
    sent.map(({ eventId }) =>
      session.waiters.waitFor(session.client, eventId, session.polling, session.sleep, session.now),
    ),
  );
  const result: StoreOperationResult = {
    operationIds: sent.map((s) => s.eventId),
    requested: 0,
    completed: 0,
    failures: [],
  };
  statuses.forEach((status, i) => {
    const { batch } = sent[i] ?? { batch: undefined };
    if (!batch) return;
    result.requested += status.numRequested ?? batch.requested;
    result.completed +=
      status.numCompleted ?? (status.eventStatus === 'COMPLETE' ? batch.requested : 0);
    result.failures.push(...failuresOf(status, batch.subjects, batch.assets));
  });
  return result;
}
