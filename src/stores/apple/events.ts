/**
 * Following Apple's asynchronous events to completion: poll GET /status (Apple: no more often
 * than every 30 s; resend after 10 min PENDING), and wake up early when a notification for
 * the event arrives. Failures are turned into per-subject StoreFailures.
 */
import type { StoreFailure, StoreSubject } from '../connector.js';
import type { AppleClient } from './client.js';
import { appleError, failureReason } from './errors.js';
import type { Sleep } from './timing.js';
import type { WireAssetRef, WireError, WireStatus } from './wire-types.js';

export interface EventPolling {
  /** First look, soon: most events finish within seconds. Default 2 s. */
  firstPollMs: number;
  /** Then every… Default 30 s (Apple's advice). */
  intervalMs: number;
  /** Give up (the caller resends) after… Default 10 min (Apple's advice). */
  timeoutMs: number;
}

export const DEFAULT_EVENT_POLLING: EventPolling = {
  firstPollMs: 2000,
  intervalMs: 30_000,
  timeoutMs: 10 * 60 * 1000,
};

/** Lets notifications cut a poll's wait short; purely an optimisation over polling. */
export class EventWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  wake(eventId: string): void {
    for (const wake of this.waiting.get(eventId) ?? []) wake();
  }

  async waitFor(
    client: AppleClient,
    eventId: string,
    polling: EventPolling,
    sleep: Sleep,
    now: () => number,
  ): Promise<WireStatus> {
    const started = now();
    let delay = polling.firstPollMs;
    for (;;) {
      await this.nap(eventId, delay, sleep);
      const status = await client.getStatus(eventId);
      if (status.eventStatus !== 'PENDING') return status;
      if (now() - started >= polling.timeoutMs) {
        throw appleError('eventTimeout', {
          message: `event ${eventId} is still pending; send the request again`,
          retryAfterSeconds: 0,
          details: { eventId },
        });
      }
      delay = polling.intervalMs;
    }
  }

  private async nap(eventId: string, ms: number, sleep: Sleep): Promise<void> {
    const controller = new AbortController();
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => {
      wake = () => {
        controller.abort();
        resolve();
      };
    });
    let set = this.waiting.get(eventId);
    if (!set) this.waiting.set(eventId, (set = new Set()));
    set.add(wake);
    try {
      await Promise.race([sleep(ms, controller.signal), woken]);
    } finally {
      set.delete(wake);
      if (set.size === 0) this.waiting.delete(eventId);
    }
  }
}

/**
 * One StoreFailure per refused (subject, asset). When Apple names no subject, every subject
 * of the request is counted as refused, so that nothing is taken for done by mistake.
 */
export function failuresOf(
  status: WireStatus,
  requestSubjects: StoreSubject[],
  requestAssets: WireAssetRef[],
): StoreFailure[] {
  const result: StoreFailure[] = [];
  for (const failure of status.failures ?? []) {
    result.push(...expand(failure, requestSubjects, requestAssets));
  }
  return result;
}

function expand(
  failure: WireError,
  requestSubjects: StoreSubject[],
  requestAssets: WireAssetRef[],
): StoreFailure[] {
  const info = failure.errorInfo ?? {};
  const named: StoreSubject[] = [
    ...(info.serialNumbers ?? []).map((serialNumber) => ({ serialNumber })),
    ...(info.clientUserIds ?? []).map((clientUserId) => ({ clientUserId })),
  ];
  const subjects = named.length > 0 ? named : requestSubjects;
  const assets: Array<WireAssetRef | undefined> =
    info.assets && info.assets.length > 0
      ? info.assets
      : requestAssets.length > 0
        ? requestAssets
        : [undefined];
  const base = {
    reason: failureReason(failure.errorNumber),
    storeErrorNumber: failure.errorNumber,
    message: failure.errorMessage ?? `Apple error ${failure.errorNumber}`,
  } as const;
  return subjects.flatMap((subject) =>
    assets.map((asset): StoreFailure => ({
      subject,
      ...(asset && { storeProductId: asset.adamId, pricingParam: asset.pricingParam }),
      ...base,
    })),
  );
}
