/**
 * Pushes notifications to the MDM's notificationUrl with its Bearer secret: best effort, a
 * few attempts, fire-and-forget (reference §4). Every timer and request is tracked so that
 * closing the emulator leaves nothing running.
 */
import { randomUUID } from 'node:crypto';

export type NotificationType =
  'TEST_NOTIFICATION' | 'ASSET_MANAGEMENT' | 'ASSET_COUNT' | 'USER_MANAGEMENT' | 'USER_ASSOCIATED';

export interface NotificationEnvelope {
  notification: unknown;
  notificationId: string;
  notificationType: NotificationType;
  uId: string;
}

export interface NotificationLogEntry {
  envelope: NotificationEnvelope;
  url: string;
  attempts: number;
  delivered: boolean;
}

/** Timers that all stop at once. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;

  after(ms: number, fn: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    this.pending.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

export interface NotifierOptions {
  attempts: number;
  retryDelayMs: number;
  timeoutMs: number;
  duplicate: boolean;
}

const LOG_SIZE = 1000;

export function envelope(
  uId: string,
  notificationType: NotificationType,
  notification: unknown,
): NotificationEnvelope {
  return { notification, notificationId: randomUUID(), notificationType, uId };
}

export class Notifier {
  /** Newest last; tests read it to see what was sent and whether it arrived. */
  readonly log: NotificationLogEntry[] = [];
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly options: NotifierOptions,
    private readonly timers: Timers,
  ) {}

  /** One attempt; true when the receiver answered 2xx. */
  async deliverOnce(url: string, secret: string, body: NotificationEnvelope): Promise<boolean> {
    if (this.closed) return false;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok;
    } catch {
      return false;
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
  }

  /** One logged attempt, awaited (the TEST_NOTIFICATION that validates a client config). */
  async sendNow(url: string, secret: string, body: NotificationEnvelope): Promise<boolean> {
    const entry: NotificationLogEntry = { envelope: body, url, attempts: 1, delivered: false };
    this.push(entry);
    entry.delivered = await this.deliverOnce(url, secret, body);
    return entry.delivered;
  }

  private push(entry: NotificationLogEntry): void {
    this.log.push(entry);
    if (this.log.length > LOG_SIZE) this.log.shift();
  }

  /** Fire-and-forget with retries; duplicates on purpose when configured. */
  send(url: string, secret: string, body: NotificationEnvelope): void {
    const copies = this.options.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const entry: NotificationLogEntry = { envelope: body, url, attempts: 0, delivered: false };
      this.push(entry);
      this.attempt(entry, secret);
    }
  }

  private attempt(entry: NotificationLogEntry, secret: string): void {
    if (this.closed) return;
    entry.attempts += 1;
    void this.deliverOnce(entry.url, secret, entry.envelope).then((ok) => {
      if (ok) entry.delivered = true;
      else if (entry.attempts < this.options.attempts) {
        this.timers.after(this.options.retryDelayMs, () => this.attempt(entry, secret));
      }
    });
  }

  close(): void {
    this.closed = true;
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }
}
