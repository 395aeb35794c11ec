/**
 * R-V8: planning an account's claimed calls (in commit order) into store requests, on its own:
 * batching must keep each subject's calls in order and never let an associate reach the store
 * before the disassociate that freed its seat.
 */
import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../src/db/schema.js';
import type { StoreCall } from '../../src/services/outbox/enqueue.js';
import {
  parseCall,
  planWaves,
  type CallGroup,
  type ParsedCall,
} from '../../src/services/outbox/plan.js';

let lastSeq = 0;

function row(call: StoreCall, payload = JSON.stringify(call)): OutboxRow {
  lastSeq += 1;
  return {
    id: `row-${lastSeq}`,
    seq: lastSeq,
    tenantId: 'tenant',
    accountId: 'account',
    operation: call.operation,
    payload,
    state: 'sending',
    attempts: 0,
    nextAttemptAt: '2026-06-01T09:00:00.000Z',
    leaseUntil: null,
    lastError: null,
    createdAt: '2026-06-01T09:00:00.000Z',
    doneAt: null,
  };
}

function parsed(calls: readonly StoreCall[]): ParsedCall[] {
  return calls.map((call) => parseCall(row(call))!);
}

const device = (
  operation: 'associate' | 'disassociate',
  serialNumber: string,
  storeProductId = 'P',
): StoreCall => ({ operation, storeProductId, pricingParam: 'STDQ', serialNumber });

/** `operation product: subjects` per group, in the order they are sent. */
function sent(waves: CallGroup[][]): string[] {
  return waves
    .flat()
    .map(
      (g) =>
        `${g.operation} ${g.storeProductId ?? '-'}: ${g.rows.map((p) => p.subjectKey).join(' ')}`,
    );
}

/** A tiny PRNG, so the churn below is the same at every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('R-V8: planning store calls', () => {
  it("R-V8: keeps a subject's calls in order, a wave per change of operation", () => {
    const waves = planWaves(
      parsed([device('associate', 'A'), device('disassociate', 'A'), device('associate', 'A')]),
    );
    expect(waves).toHaveLength(3);
    expect(sent(waves)).toEqual(['associate P: s:A', 'disassociate P: s:A', 'associate P: s:A']);
  });

  it('R-V8: a disassociate that frees a seat goes before the associate that takes it', () => {
    // Committed: A takes a seat, B gives one back, C takes B's seat. Sent in one wave, the
    // associates must not go first: a full store would refuse C.
    const waves = planWaves(
      parsed([device('associate', 'A'), device('disassociate', 'B'), device('associate', 'C')]),
    );
    expect(waves).toHaveLength(1);
    expect(sent(waves)).toEqual(['disassociate P: s:B', 'associate P: s:A s:C']);
  });

  it('R-V8: one group per operation and product, the calls in commit order inside it', () => {
    const calls = Array.from({ length: 12 }, (_, i) =>
      device('associate', `D${i}`, i % 3 === 0 ? 'Q' : 'P'),
    );
    calls.push({ ...device('associate', 'PLUS1'), pricingParam: 'PLUS' });
    const waves = planWaves(parsed(calls));
    expect(waves).toHaveLength(1);
    expect(sent(waves)).toEqual([
      'associate Q: s:D0 s:D3 s:D6 s:D9',
      'associate P: s:D1 s:D2 s:D4 s:D5 s:D7 s:D8 s:D10 s:D11',
      'associate P: s:PLUS1',
    ]);
    expect(waves[0]!.map((g) => g.pricingParam)).toEqual(['STDQ', 'STDQ', 'PLUS']);
  });

  it('R-V8: a user is created before their licence, and retired users give back first', () => {
    const waves = planWaves(
      parsed([
        { operation: 'createUser', clientUserId: 'u1', email: 'u1@example.org' },
        { operation: 'associate', storeProductId: 'P', clientUserId: 'u1' },
        { operation: 'retireUser', clientUserId: 'u2' },
      ]),
    );
    expect(sent(waves)).toEqual(['createUser -: u:u1', 'retireUser -: u:u2', 'associate P: u:u1']);
  });

  it('R-V8, R-A13: under churn, a store as full as the pool never meets an associate it cannot take', () => {
    const seats = 5;
    const next = random(42);
    for (let run = 0; run < 20; run++) {
      // Commit order as the ledger makes it: a grant only while a seat is free.
      const holders = new Set<string>();
      const calls: StoreCall[] = [];
      for (let step = 0; step < 300; step++) {
        const serial = `D${Math.floor(next() * 40)}`;
        if (holders.has(serial) && next() < 0.5) {
          holders.delete(serial);
          calls.push(device('disassociate', serial));
        } else if (!holders.has(serial) && holders.size < seats) {
          holders.add(serial);
          calls.push(device('associate', serial));
        }
      }
      // The store, sent the plan group after group, with as many seats as the pool.
      const store = new Set<string>();
      const perSubject = new Map<string, string[]>();
      for (const group of planWaves(parsed(calls)).flat()) {
        for (const { subjectKey } of group.rows) {
          if (group.operation === 'associate') {
            expect(store.size, `seat free for ${subjectKey}`).toBeLessThan(seats);
            store.add(subjectKey);
          } else store.delete(subjectKey);
          perSubject.set(subjectKey, [...(perSubject.get(subjectKey) ?? []), group.operation]);
        }
      }
      expect([...store].sort()).toEqual([...holders].map((s) => `s:${s}`).sort());
      // Each subject's calls arrive in the order they were made.
      for (const [subjectKey, operations] of perSubject) {
        const made = calls
          .filter((c) => `s:${c.serialNumber}` === subjectKey)
          .map((c) => c.operation);
        expect(operations).toEqual(made);
      }
    }
  });

  it('R-V8: a row whose payload cannot be sent is recognised', () => {
    expect(parseCall(row(device('associate', 'A'), '{not json'))).toBeNull();
    expect(
      parseCall(row(device('associate', 'A'), JSON.stringify(device('disassociate', 'A')))),
    ).toBeNull();
    expect(parseCall(row({ operation: 'associate', serialNumber: 'A' }))).toBeNull();
    expect(parseCall(row({ operation: 'disassociate', storeProductId: 'P' }))).toBeNull();
    expect(parseCall(row({ operation: 'createUser' }))).toBeNull();
    expect(parseCall(row({ operation: 'retireUser', clientUserId: 'u1' }))?.subjectKey).toBe(
      'u:u1',
    );
  });
});
