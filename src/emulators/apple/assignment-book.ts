/**
 * A location's assignments (licences held by a device serial or a clientUserId), indexed by
 * subject and by adamId so that filtered listings and revokes stay cheap at 100,000 rows.
 */
import { ChangeLog } from './versioning.js';

export interface AssignmentRecord {
  adamId: string;
  pricingParam: string;
  serialNumber?: string;
  clientUserId?: string;
}

/** A licence holder: a device (serial number) or a user (clientUserId). */
export type Subject = { kind: 'serial'; id: string } | { kind: 'user'; id: string };

export function subjectKey(subject: Subject): string {
  return `${subject.kind === 'serial' ? 's' : 'u'}:${subject.id}`;
}

export function assetKey(adamId: string, pricingParam: string): string {
  return `${adamId}:${pricingParam}`;
}

export function assignmentKey(adamId: string, pricingParam: string, subject: Subject): string {
  return `${assetKey(adamId, pricingParam)}|${subjectKey(subject)}`;
}

export function subjectOf(record: AssignmentRecord): Subject {
  return record.serialNumber !== undefined
    ? { kind: 'serial', id: record.serialNumber }
    : { kind: 'user', id: record.clientUserId ?? '' };
}

export interface AssignmentFilter {
  adamId?: string;
  pricingParam?: string;
  clientUserId?: string;
  serialNumber?: string;
  /** Only keys changed after this version counter. */
  sinceSeq?: number;
}

function addToIndex(index: Map<string, Set<string>>, indexKey: string, key: string): void {
  let set = index.get(indexKey);
  if (!set) index.set(indexKey, (set = new Set()));
  set.add(key);
}

function removeFromIndex(index: Map<string, Set<string>>, indexKey: string, key: string): void {
  const set = index.get(indexKey);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) index.delete(indexKey);
}

export class AssignmentBook {
  private readonly records = new Map<string, AssignmentRecord>();
  private readonly bySubject = new Map<string, Set<string>>();
  private readonly byAdamId = new Map<string, Set<string>>();
  private readonly changes = new ChangeLog<string>();

  get size(): number {
    return this.records.size;
  }

  has(key: string): boolean {
    return this.records.has(key);
  }

  add(record: AssignmentRecord, seq: number): void {
    const subject = subjectOf(record);
    const key = assignmentKey(record.adamId, record.pricingParam, subject);
    this.records.set(key, record);
    addToIndex(this.bySubject, subjectKey(subject), key);
    addToIndex(this.byAdamId, record.adamId, key);
    this.changes.record(seq, key);
  }

  remove(key: string, seq: number): AssignmentRecord | undefined {
    const record = this.records.get(key);
    if (!record) return undefined;
    this.records.delete(key);
    removeFromIndex(this.bySubject, subjectKey(subjectOf(record)), key);
    removeFromIndex(this.byAdamId, record.adamId, key);
    this.changes.record(seq, key);
    return record;
  }

  /** Every assignment a subject holds (a copy: callers remove while iterating). */
  ofSubject(subject: Subject): AssignmentRecord[] {
    const keys = this.bySubject.get(subjectKey(subject));
    if (!keys) return [];
    return [...keys].map((key) => this.records.get(key)).filter((r) => r !== undefined);
  }

  /** Starts from the narrowest index the filter allows, then checks the rest. */
  list(filter: AssignmentFilter): AssignmentRecord[] {
    let keys: Iterable<string>;
    if (filter.sinceSeq !== undefined) keys = this.changes.changedSince(filter.sinceSeq);
    else if (filter.serialNumber !== undefined)
      keys = this.bySubject.get(`s:${filter.serialNumber}`) ?? [];
    else if (filter.clientUserId !== undefined)
      keys = this.bySubject.get(`u:${filter.clientUserId}`) ?? [];
    else if (filter.adamId !== undefined) keys = this.byAdamId.get(filter.adamId) ?? [];
    else keys = this.records.keys();

    const result: AssignmentRecord[] = [];
    for (const key of keys) {
      const r = this.records.get(key);
      if (!r) continue;
      if (filter.adamId !== undefined && r.adamId !== filter.adamId) continue;
      if (filter.pricingParam !== undefined && r.pricingParam !== filter.pricingParam) continue;
      if (filter.serialNumber !== undefined && r.serialNumber !== filter.serialNumber) continue;
      if (filter.clientUserId !== undefined && r.clientUserId !== filter.clientUserId) continue;
      result.push(r);
    }
    return result;
  }
}
