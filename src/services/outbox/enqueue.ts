/**
 * R-V8: store calls are written to the outbox in the transaction that changes the ledger, and
 * sent after commit by the outbox worker (jobs/outbox.ts), in batches, retried until the store
 * answers. A call is never lost (it is committed with the change) and never sent twice for one
 * change (a row is leased to one sender, and the stores treat a repeated associate or
 * disassociate of the same licence as a no-op).
 *
 * Calls reach the store in commit order. Each row's place (`seq`) is numbered by the database
 * when the row is inserted — a sequence on PostgreSQL, AUTOINCREMENT on SQLite — and a ledger
 * move inserts its rows only after it has changed the pool it depends on (ledger.ts: seats
 * taken, or given back, first). What that order means:
 * - SQLite runs one write transaction at a time, from its first write to its commit: insertion
 *   order is commit order, across processes too.
 * - PostgreSQL numbers rows of concurrent transactions in the order they insert them. Two moves
 *   on one pool are serialised by the pool row's lock, held until commit: the one that waited
 *   inserts after the other committed, so it gets the later place. A move that read what
 *   another committed (a revoke of a licence, a check-in seeing a seat freed) inserts after
 *   that commit too. So for every pool, places follow commit order. (A call that gives seats
 *   back may be numbered before its pool changes — the first sync's clearing of older
 *   assignments is — as reaching the store early only leaves it more room.)
 * - Two transactions on different pools (even of one account) wait for nothing of each other;
 *   their places may differ from their commit order, and a sender may see the later place
 *   first. Nothing the store checks depends on their order: it counts seats per product (a
 *   pool), and a subject's own calls on one product are ordered by the pool, as above.
 *   A user's createUser touches no pool: their user licences come only once they have joined,
 *   long after that call was answered.
 *
 * Requests' times (the UUIDv7 `id`) are not an order: a check-in that started first may commit
 * after a revoke whose seat it takes.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, OutboxTable } from '../../db/schema.js';
import { insertRows } from '../../db/batches.js';
import { newId } from '../../ids.js';

export type StoreOperation = 'associate' | 'disassociate' | 'createUser' | 'retireUser';

/** What the store must do for one licence or one user. */
export interface StoreCall {
  operation: StoreOperation;
  storeProductId?: string;
  pricingParam?: string;
  serialNumber?: string;
  clientUserId?: string;
  email?: string;
  /** The ledger row this call mirrors, for reconciliation when the store refuses it. */
  licenseId?: string;
}

/** A store call and the account whose token makes it. */
export interface QueuedStoreCall {
  accountId: string;
  call: StoreCall;
}

export async function enqueueStoreCall(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
  call: StoreCall,
  at: Date,
): Promise<void> {
  await enqueueStoreCalls(db, tenantId, [{ accountId, call }], at);
}

/**
 * Records store calls in the outbox, in the order given (the order they are sent in). Call it
 * after the pool changes the calls mirror, not before (see the file comment).
 */
export async function enqueueStoreCalls(
  db: Kysely<Database>,
  tenantId: string,
  calls: readonly QueuedStoreCall[],
  at: Date,
): Promise<void> {
  await insertRows(db, 'outbox', outboxRows(tenantId, calls, at));
}

/** The outbox rows of store calls; the database numbers their place (`seq`) as it inserts them. */
export function outboxRows(
  tenantId: string,
  calls: readonly QueuedStoreCall[],
  at: Date,
): Array<Insertable<OutboxTable>> {
  const now = at.toISOString();
  return calls.map(({ accountId, call }) => ({
    id: newId(at.getTime()),
    tenantId,
    accountId,
    operation: call.operation,
    payload: JSON.stringify(call),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    lastError: null,
    createdAt: now,
    doneAt: null,
  }));
}
