/**
 * R-V8: how an account's claimed calls, in commit order, become store requests. Pure: rows in,
 * groups out.
 *
 * Calls are batched (one request per operation and product, split by the connector into the
 * store's limits), which reorders calls of different subjects. Only two orders matter to the
 * store, and batching keeps both:
 * - a subject's own calls (create a user before associating to them, associate before
 *   disassociate): a wave ends where a subject already in it gets another operation;
 * - a product's seats: an associate must not reach the store before the disassociate that freed
 *   its seat, or the store, full, refuses it. Within a wave the groups that give back
 *   (disassociate, retireUser) go first. Giving back earlier than committed never harms: the
 *   store only has more room meanwhile.
 */
import type { OutboxRow } from '../../db/schema.js';
import type { StoreSubject } from '../../stores/connector.js';
import type { StoreCall, StoreOperation } from './enqueue.js';

/** An outbox row with its call read. */
export interface ParsedCall {
  row: OutboxRow;
  call: StoreCall;
  /** `s:<serial>` or `u:<clientUserId>`. */
  subjectKey: string;
}

/** Calls sent in one connector call: one operation on one product (or on users). */
export interface CallGroup {
  operation: StoreOperation;
  storeProductId: string | null;
  pricingParam: string | null;
  rows: ParsedCall[];
}

/** The key a store failure names its subject by, as ParsedCall.subjectKey. */
export function subjectKeyOf(subject: StoreSubject): string {
  return 'serialNumber' in subject ? `s:${subject.serialNumber}` : `u:${subject.clientUserId}`;
}

/** The call a row holds, or null when its payload cannot be sent (it is then failed). */
export function parseCall(row: OutboxRow): ParsedCall | null {
  let call: StoreCall;
  try {
    call = JSON.parse(row.payload) as StoreCall;
  } catch {
    return null;
  }
  const operation = row.operation as StoreOperation;
  if (call.operation !== operation) return null;
  if (operation === 'associate' || operation === 'disassociate') {
    if (!call.storeProductId) return null;
    if (call.serialNumber) return { row, call, subjectKey: `s:${call.serialNumber}` };
    if (call.clientUserId) return { row, call, subjectKey: `u:${call.clientUserId}` };
    return null;
  }
  if (operation === 'createUser' || operation === 'retireUser') {
    return call.clientUserId ? { row, call, subjectKey: `u:${call.clientUserId}` } : null;
  }
  return null;
}

const GIVES_BACK: ReadonlySet<StoreOperation> = new Set(['disassociate', 'retireUser']);

/**
 * Groups calls, given in commit order, into waves sent one after the other; within a wave the
 * groups are sent in the order returned (see the file comment).
 */
export function planWaves(calls: readonly ParsedCall[]): CallGroup[][] {
  const waves: CallGroup[][] = [];
  let groups = new Map<string, CallGroup>();
  let operations = new Map<string, StoreOperation>();
  const endWave = () => {
    const all = [...groups.values()];
    waves.push([
      ...all.filter((g) => GIVES_BACK.has(g.operation)),
      ...all.filter((g) => !GIVES_BACK.has(g.operation)),
    ]);
    groups = new Map();
    operations = new Map();
  };
  for (const parsed of calls) {
    const { call } = parsed;
    const seen = operations.get(parsed.subjectKey);
    if (seen !== undefined && seen !== call.operation) endWave();
    operations.set(parsed.subjectKey, call.operation);
    const key = `${call.operation}|${call.storeProductId ?? ''}|${call.pricingParam ?? ''}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        operation: call.operation,
        storeProductId: call.storeProductId ?? null,
        pricingParam: call.pricingParam || null,
        rows: [],
      };
      groups.set(key, group);
    }
    group.rows.push(parsed);
  }
  if (groups.size > 0) endWave();
  return waves;
}
