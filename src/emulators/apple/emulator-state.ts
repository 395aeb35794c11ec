/**
 * Everything the emulator holds in memory: locations and their tokens, asynchronous events,
 * product metadata, plus the machinery around requests (rate limit, faults, notifications,
 * timers). The HTTP layer (wire-routes.ts, control-routes.ts) and the in-process control
 * methods (control.ts) both work on one of these.
 */
import { randomUUID } from 'node:crypto';
import type { EventOutcome } from './asset-events.js';
import type { WriteStamp } from './versioning.js';
import type { ProductMetadata } from './catalog.js';
import type { Location } from './location.js';
import { envelope, Notifier, Timers, type NotificationType } from './notifier.js';
import type { ResolvedOptions, WireRequestInfo } from './options.js';
import { FaultQueue, RateLimiter } from './traffic.js';
import { AppleWireError, type WireErrorBody } from './wire-errors.js';

export type EventType = 'ASSOCIATE' | 'DISASSOCIATE' | 'REVOKE' | 'CREATE' | 'UPDATE' | 'RETIRE';

export interface EventRecord {
  eventId: string;
  uId: string;
  eventType: EventType;
  eventStatus: 'PENDING' | 'COMPLETE' | 'FAILED';
  numRequested: number;
  numCompleted: number;
  failures: WireErrorBody[];
}

/** `replaced`: an older token of a renewed location, answered like an unknown one (9622). */
export type TokenState = 'active' | 'revoked' | 'replaced';

export interface LoggedRequest extends WireRequestInfo {
  status: number;
  errorNumber?: number;
}

export class EmulatorState {
  readonly locations = new Map<string, Location>();
  readonly tokens = new Map<string, { uId: string; state: TokenState }>();
  readonly events = new Map<string, EventRecord>();
  readonly catalog = new Map<string, ProductMetadata>();
  readonly timers = new Timers();
  readonly notifier: Notifier;
  readonly faults = new FaultQueue();
  readonly rateLimiter: RateLimiter;
  readonly requestLog: LoggedRequest[] = [];
  readonly stats = { requests: 0, inFlight: 0, maxInFlight: 0 };
  private nextUId = 2049000000000001n;

  constructor(readonly options: ResolvedOptions) {
    this.notifier = new Notifier(
      {
        attempts: options.notificationAttempts,
        retryDelayMs: options.notificationRetryDelayMs,
        timeoutMs: options.notificationTimeoutMs,
        duplicate: options.duplicateNotifications,
      },
      this.timers,
    );
    this.rateLimiter = new RateLimiter(options.maxRequestsPerSecond, options.now);
  }

  now(): number {
    return this.options.now();
  }

  newUId(): string {
    const uId = this.nextUId.toString();
    this.nextUId += 1n;
    return uId;
  }

  location(uId: string): Location | undefined {
    return this.locations.get(uId);
  }

  /** Resolves the Bearer sToken to its location, or throws Apple's auth errors (§8.2). */
  authenticate(header: string | undefined): { location: Location; sToken: string } {
    const status = this.options.authErrorStatus;
    if (!header) throw new AppleWireError(9601, { httpStatus: status });
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new AppleWireError(9722, { httpStatus: status });
    return this.authenticateToken(match[1], status);
  }

  /** Resolves an sToken (v2: from the header; v1: from the body) to its location. */
  authenticateToken(
    sToken: string,
    status: number = this.options.authErrorStatus,
  ): { location: Location; sToken: string } {
    const token = this.tokens.get(sToken);
    const location = token && this.locations.get(token.uId);
    if (!token || !location || token.state === 'replaced') {
      throw new AppleWireError(9622, { httpStatus: status });
    }
    if (token.state === 'revoked') throw new AppleWireError(9625, { httpStatus: status });
    if (location.expiresAt <= this.now()) throw new AppleWireError(9621, { httpStatus: status });
    return { location, sToken };
  }

  /**
   * Records a PENDING event and processes it after `eventDelayMs`. Events of one emulator
   * are processed in the order they were accepted, since they share one delay.
   */
  submitEvent(
    location: Location,
    eventType: EventType,
    numRequested: number,
    process: (eventId: string, stamp: WriteStamp) => EventOutcome,
  ): string {
    const eventId = randomUUID();
    const record: EventRecord = {
      eventId,
      uId: location.uId,
      eventType,
      eventStatus: 'PENDING',
      numRequested,
      numCompleted: 0,
      failures: [],
    };
    this.events.set(eventId, record);
    this.timers.after(this.options.eventDelayMs, () => {
      try {
        const outcome = process(eventId, location.versions.stamp());
        record.numRequested = outcome.numRequested;
        record.numCompleted = outcome.numCompleted;
        record.failures = outcome.failures;
        record.eventStatus = outcome.failures.length > 0 ? 'FAILED' : 'COMPLETE';
        for (const n of outcome.notifications) this.notify(location, n.type, n.payload);
      } catch (error) {
        record.eventStatus = 'FAILED';
        record.failures = [
          { errorNumber: 9603, errorMessage: `Internal error: ${(error as Error).message}` },
        ];
      }
    });
    return eventId;
  }

  /** Sends a notification if the location subscribed to its type and set a URL. */
  notify(location: Location, type: NotificationType, payload: unknown): void {
    const { notificationUrl, notificationAuthToken, notificationTypes } = location.clientConfig;
    if (!notificationUrl || notificationAuthToken === undefined) return;
    if (!notificationTypes.includes(type)) return;
    this.notifier.send(
      notificationUrl,
      notificationAuthToken,
      envelope(location.uId, type, payload),
    );
  }

  logRequest(entry: LoggedRequest): void {
    this.requestLog.push(entry);
    if (this.requestLog.length > this.options.requestLogSize) this.requestLog.shift();
  }

  close(): void {
    this.timers.close();
    this.notifier.close();
  }
}
