/** Per-token rate limiting (9646/429) and injected faults (503 with Retry-After, …). */
import { ValidationError } from '../../domain/errors.js';

/** A token bucket per key: bursts up to the rate, refilled continuously. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {}

  /** Takes one request from the key's budget; false when it is spent. */
  take(key: string): boolean {
    if (!Number.isFinite(this.perSecond)) return true;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perSecond, at: now };
    const refilled = Math.min(
      this.perSecond,
      bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond,
    );
    bucket.at = now;
    if (refilled < 1) {
      bucket.tokens = refilled;
      this.buckets.set(key, bucket);
      return false;
    }
    bucket.tokens = refilled - 1;
    this.buckets.set(key, bucket);
    return true;
  }
}

export interface FaultSpec {
  /** HTTP status to answer (503 → errorNumber 9729, 429 → 9646, 500 → 9603). */
  status: number;
  /** How many of the next matching wire calls fail. */
  count: number;
  retryAfterSeconds?: number;
  /** Error number of the body; defaults from the status. */
  errorNumber?: number;
  /** Extra delay before answering (slow store). */
  delayMs?: number;
  /** Only calls whose wire path contains this (e.g. `/assets/associate`). */
  path?: string;
}

export interface Fault {
  status: number;
  errorNumber: number;
  retryAfterSeconds?: number;
  delayMs: number;
}

function defaultErrorNumber(status: number): number {
  if (status === 503) return 9729;
  if (status === 429) return 9646;
  return 9603;
}

export function checkFaultSpec(spec: unknown): FaultSpec {
  const s = spec as Partial<FaultSpec> | null;
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  if (typeof s !== 'object' || s === null) throw new ValidationError('A fault spec is required');
  if (!isInt(s.status) || s.status < 200 || s.status > 599) {
    throw new ValidationError('status must be an HTTP status', { field: 'status' });
  }
  if (!isInt(s.count) || s.count < 1) {
    throw new ValidationError('count must be a positive integer', { field: 'count' });
  }
  if (
    s.retryAfterSeconds !== undefined &&
    (!isInt(s.retryAfterSeconds) || s.retryAfterSeconds < 0)
  ) {
    throw new ValidationError('retryAfterSeconds must be a non-negative integer', {
      field: 'retryAfterSeconds',
    });
  }
  if (s.errorNumber !== undefined && !isInt(s.errorNumber)) {
    throw new ValidationError('errorNumber must be an integer', { field: 'errorNumber' });
  }
  if (s.delayMs !== undefined && (!isInt(s.delayMs) || s.delayMs < 0)) {
    throw new ValidationError('delayMs must be a non-negative integer', { field: 'delayMs' });
  }
  if (s.path !== undefined && typeof s.path !== 'string') {
    throw new ValidationError('path must be a string', { field: 'path' });
  }
  return s as FaultSpec;
}

/** Faults wait in line; each matching wire call takes one. */
export class FaultQueue {
  private readonly queue: Array<{ spec: FaultSpec; left: number }> = [];

  add(spec: FaultSpec): void {
    this.queue.push({ spec: checkFaultSpec(spec), left: spec.count });
  }

  clear(): void {
    this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.reduce((sum, f) => sum + f.left, 0);
  }

  take(path: string): Fault | undefined {
    const index = this.queue.findIndex(
      (f) => f.spec.path === undefined || path.includes(f.spec.path),
    );
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.queue.splice(index, 1);
    const { spec } = entry;
    return {
      status: spec.status,
      errorNumber: spec.errorNumber ?? defaultErrorNumber(spec.status),
      ...(spec.retryAfterSeconds !== undefined && { retryAfterSeconds: spec.retryAfterSeconds }),
      delayMs: spec.delayMs ?? 0,
    };
  }
}
