/** Injected faults of the enqueue and push API, and the emulated throughput limit. */
import { ValidationError } from '../../domain/errors.js';

export type NanoMdmFaultKind = 'unavailable' | 'storageError' | 'pushFailed' | 'timeout';

export interface NanoMdmFaultSpec {
  /**
   * - `unavailable`: HTTP `status` (default 503) with a plain-text body, as a proxy in front of
   *   a NanoMDM that is down answers; nothing is stored.
   * - `storageError`: NanoMDM's 500 with `command_error` (its database failed); nothing stored.
   * - `pushFailed`: the command is stored and queued but APNs fails for every id: 500 with
   *   `push_error` per id (reference §3: the command is queued).
   * - `timeout`: the request hangs for `delayMs` (default 30 s), then the connection is dropped;
   *   an enqueue is stored first unless `stored` is false.
   */
  kind: NanoMdmFaultKind;
  /** How many of the next matching API calls fail. Default 1. */
  count?: number;
  /** `unavailable` only: the HTTP status (default 503). */
  status?: number;
  /** Extra delay before answering; for `timeout`, how long before the connection drops. */
  delayMs?: number;
  /** Only this endpoint; both by default. */
  endpoint?: 'enqueue' | 'push';
  /** `timeout` of an enqueue: whether the command was stored before the hang. Default true. */
  stored?: boolean;
}

export interface Fault {
  kind: NanoMdmFaultKind;
  status: number;
  delayMs: number;
  stored: boolean;
}

const KINDS: readonly string[] = ['unavailable', 'storageError', 'pushFailed', 'timeout'];

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export function checkFaultSpec(spec: unknown): NanoMdmFaultSpec {
  if (typeof spec !== 'object' || spec === null) {
    throw new ValidationError('A fault spec is required');
  }
  const s = spec as Partial<NanoMdmFaultSpec>;
  if (typeof s.kind !== 'string' || !KINDS.includes(s.kind)) {
    throw new ValidationError(`kind must be one of ${KINDS.join(', ')}`, { field: 'kind' });
  }
  if (s.count !== undefined && (!isInt(s.count) || s.count < 1)) {
    throw new ValidationError('count must be a positive integer', { field: 'count' });
  }
  if (s.status !== undefined && (!isInt(s.status) || s.status < 400 || s.status > 599)) {
    throw new ValidationError('status must be an HTTP error status (400-599)', {
      field: 'status',
    });
  }
  if (s.delayMs !== undefined && (!isInt(s.delayMs) || s.delayMs < 0)) {
    throw new ValidationError('delayMs must be a non-negative integer', { field: 'delayMs' });
  }
  if (s.endpoint !== undefined && s.endpoint !== 'enqueue' && s.endpoint !== 'push') {
    throw new ValidationError('endpoint must be enqueue or push', { field: 'endpoint' });
  }
  if (s.stored !== undefined && typeof s.stored !== 'boolean') {
    throw new ValidationError('stored must be a boolean', { field: 'stored' });
  }
  return s as NanoMdmFaultSpec;
}

/** Faults wait in line; each matching API call takes one. */
export class FaultQueue {
  private readonly queue: Array<{ spec: NanoMdmFaultSpec; left: number }> = [];

  add(spec: NanoMdmFaultSpec): void {
    const checked = checkFaultSpec(spec);
    this.queue.push({ spec: checked, left: checked.count ?? 1 });
  }

  clear(): void {
    this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.reduce((sum, f) => sum + f.left, 0);
  }

  take(endpoint: 'enqueue' | 'push'): Fault | undefined {
    const index = this.queue.findIndex(
      (f) => f.spec.endpoint === undefined || f.spec.endpoint === endpoint,
    );
    const entry = this.queue[index];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.queue.splice(index, 1);
    const { spec } = entry;
    return {
      kind: spec.kind,
      status: spec.status ?? (spec.kind === 'unavailable' ? 503 : 500),
      delayMs: spec.delayMs ?? (spec.kind === 'timeout' ? 30_000 : 0),
      stored: spec.stored ?? true,
    };
  }
}

/**
 * The emulated throughput: calls are spaced `1000 / perSecond` ms apart, each waiting for its
 * slot (NanoMDM refuses nothing; a busy one is slow).
 */
export class Throttle {
  private nextSlot = 0;

  constructor(public perSecond: number) {}

  /** How long the call arriving now waits for its turn. */
  wait(now: number): number {
    if (!Number.isFinite(this.perSecond) || this.perSecond <= 0) return 0;
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    return slot - now;
  }
}
