/**
 * What the connector's parts share for one token: the client, the cached service config,
 * the event waiters and the clock. `runBatches` sends a planned set of write requests and
 * follows every event to its end.
 */
import {
  StoreError,
  type StoreFailure,
  type StoreOperationResult,
  type StoreSubject,
} from '../connector.js';
import { failureReason } from './errors.js';
import type { AppleClient } from './client.js';
import { failuresOf, type EventPolling, type EventWaiters } from './events.js';
import type { ServiceConfig, ServiceConfigCache } from './service-config.js';
import type { Sleep } from './timing.js';
import type { WireAssetRef, WireErrorInfo, WireEventResponse } from './wire-types.js';

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
  /**
   * The same request without these users (null when nothing is left), for requests Apple
   * refuses as a whole because of some of their users (9609 names them).
   */
  without?: (clientUserIds: string[]) => Batch | null;
}

/** The users of the batch that a synchronous refusal names as unknown (9609), if any. */
function unknownUsers(error: unknown, batch: Batch): string[] {
  if (
    !(error instanceof StoreError) ||
    failureReason(error.storeErrorNumber ?? 0) !== 'subjectNotFound'
  ) {
    return [];
  }
  const info = error.details?.errorInfo as WireErrorInfo | undefined;
  const named = new Set(info?.clientUserIds ?? []);
  return batch.subjects.flatMap((s) =>
    'clientUserId' in s && named.has(s.clientUserId) ? [s.clientUserId] : [],
  );
}

/** One failure per (user, asset) that a synchronous 9609 refused. */
function refusedUsers(error: StoreError, batch: Batch, users: string[]): StoreFailure[] {
  const assets: Array<WireAssetRef | undefined> =
    batch.assets.length > 0 ? batch.assets : [undefined];
  const errorNumber = error.storeErrorNumber ?? 0;
  return users.flatMap((clientUserId) =>
    assets.map((asset): StoreFailure => ({
      subject: { clientUserId },
      ...(asset && { storeProductId: asset.adamId, pricingParam: asset.pricingParam }),
      reason: failureReason(errorNumber),
      storeErrorNumber: errorNumber,
      message: error.message,
    })),
  );
}

/**
 * Sends the batches one after the other (each is answered at once with an eventId), then
 * waits for all their events together. A batch Apple refuses because of some of its users
 * (9609: not registered) is sent again without them, so that one unknown user never fails the
 * rest (R-V8); those users come back as failures.
 */
export async function runBatches(
  session: AppleSession,
  batches: Batch[],
): Promise<StoreOperationResult> {
  const sent: Array<{ batch: Batch; eventId: string }> = [];
  const refused: StoreFailure[] = [];
  let refusedRequested = 0;
  for (const batch of batches) {
    let current: Batch | null = batch;
    while (current !== null) {
      const attempt: Batch = current;
      try {
        const { eventId } = await attempt.send();
        sent.push({ batch: attempt, eventId });
        current = null;
      } catch (error) {
        const users = unknownUsers(error, attempt);
        if (users.length === 0 || attempt.without === undefined) throw error;
        const failures = refusedUsers(error as StoreError, attempt, users);
        refused.push(...failures);
        refusedRequested += failures.length;
        current = attempt.without(users);
      }
    }
  }
  const statuses = await Promise.all(
    sent.map(({ eventId }) =>
      session.waiters.waitFor(session.client, eventId, session.polling, session.sleep, session.now),
    ),
  );
  const result: StoreOperationResult = {
    operationIds: sent.map((s) => s.eventId),
    requested: refusedRequested,
    completed: 0,
    failures: [...refused],
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
