/**
 * R-V8: store calls are written to the outbox in the transaction that changes the ledger, and
 * sent after commit by the outbox worker (jobs/outbox.ts), in batches, retried until the store
 * answers. A call is never lost (it is committed with the change) and never sent twice for one
 * change (a row is leased to one sender, and the stores treat a repeated associate or
 * disassociate of the same licence as a no-op).
 */
import type { Kysely } from 'kysely';
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

/** Records store calls in the outbox, in the order given (the order they are sent in). */
export async function enqueueStoreCalls(
  db: Kysely<Database>,
  tenantId: string,
  calls: readonly QueuedStoreCall[],
  at: Date,
): Promise<void> {
  await insertRows(db, 'outbox', outboxRows(tenantId, calls, at));
}

/** The outbox rows of store calls, for a caller that writes them with other rows. */
export function outboxRows(
  tenantId: string,
  calls: readonly QueuedStoreCall[],
  at: Date,
): OutboxTable[] {
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
