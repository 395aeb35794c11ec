/**
 * The ledger's two moves: granting a licence from a pool and releasing it. Pool counters move
 * only through guarded updates (R-A13); each move records its store call in the outbox in the
 * same transaction (R-V8) and notes the product whose usage it changed, evaluated once before
 * the transaction commits (R-M5).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, LicenseTable, PoolTable } from '../../db/schema.js';
import { newId } from '../../ids.js';
import type { LicenseDistribution, LicenseType } from '../../domain/types.js';
import type { Dialect } from '../../db/dialect.js';
import type { TableRows } from '../../db/batches.js';
import { takeSeats, type SeatTake } from '../../db/seats.js';
import { noteUsageChange } from './usageEvaluation.js';
import {
  enqueueStoreCalls,
  outboxRows,
  type QueuedStoreCall,
  type StoreCall,
} from '../outbox/enqueue.js';

export interface GrantRequest {
  tenantId: string;
  spaceId: string;
  pool: Pick<PoolTable, 'id' | 'accountId' | 'productId'>;
  catalogAppId: string | null;
  licenseType: LicenseType;
  subject: { type: 'user' | 'device'; id: string; name: string };
  serialNumber: string | null;
  distribution: LicenseDistribution;
  /** The store call that mirrors the grant; null for stores Allot itself is the ledger of (ISV). */
  storeCall: StoreCall | null;
  action: string;
  at: Date;
}

/**
 * Takes one seat and records the licence, or returns null when the pool has no seat left for
 * this kind of taker (another request took it first). The store call is recorded after the
 * seat is taken, so that it is numbered in commit order (R-V8, outbox/enqueue.ts).
 */
export async function grantLicense(
  db: Kysely<Database>,
  dialect: Dialect,
  request: GrantRequest,
): Promise<LicenseTable | null> {
  const taken = await takeSeats(db, dialect, [seatTakeOf(request)], request.at);
  if (taken.size === 0) return null;

  const license = licenseRow(request);
  await db.insertInto('licenses').values(license).execute();
  await noteUsageChange(db, request.tenantId, [request.pool.productId], request.at);
  if (request.storeCall !== null) {
    await enqueueStoreCalls(db, request.tenantId, [storeCallOf(request, license)], request.at);
  }
  return license;
}

/**
 * Another transaction took the seats a batch of grants counted on: the whole transaction runs
 * again and decides with what is left.
 */
export class SeatRaceLost extends Error {
  readonly code = 'SEAT_RACE_LOST';
  constructor(readonly poolIds: string[]) {
    super(`Pools ${poolIds.join(', ')} had fewer seats than this transaction read`);
  }
}

/**
 * Grants decided one after the other in one transaction (a check-in's) and written together at
 * its end: the licences first, then the seats in one guarded statement with the store calls
 * (db/seats.ts), so pool rows are locked for as short a time as possible. R-V8: the calls are
 * numbered as they are inserted (outbox/enqueue.ts), so they must come after the seats: a
 * check-in that waited for a revoke's pool lock then gets a later place than the revoke's
 * disassociate.
 */
export class PendingGrants {
  private readonly grants: Array<{ request: GrantRequest; license: LicenseTable }> = [];

  /** Records the grant; the licence row is returned at once for the decisions that follow. */
  add(request: GrantRequest): LicenseTable {
    const license = licenseRow(request);
    this.grants.push({ request, license });
    return license;
  }

  get size(): number {
    return this.grants.length;
  }

  /** The licences, for the caller to write with its other rows (their store calls wait). */
  rows(): TableRows[] {
    return this.grants.length === 0
      ? []
      : [{ table: 'licenses', rows: this.grants.map((g) => g.license) }];
  }

  /**
   * Takes the seats, in one guarded statement, after the licences are written, and records the
   * store calls after them; throws SeatRaceLost when a pool has fewer left than this
   * transaction read (the caller must roll back).
   */
  async takeSeats(db: Kysely<Database>, dialect: Dialect): Promise<void> {
    const first = this.grants[0];
    if (first === undefined) return;
    const { tenantId, at } = first.request;
    const takes = this.grants.map(({ request }) => seatTakeOf(request));
    const calls = this.grants.flatMap(({ request, license }) =>
      request.storeCall === null ? [] : [storeCallOf(request, license)],
    );
    const outbox = { table: 'outbox', rows: outboxRows(tenantId, calls, at) } as const;
    const taken = await takeSeats(db, dialect, takes, at, outbox);
    const short = [...new Set(takes.map((t) => t.poolId))].filter((id) => !taken.has(id));
    if (short.length > 0) throw new SeatRaceLost(short);
    await noteUsageChange(
      db,
      tenantId,
      this.grants.map(({ request }) => request.pool.productId),
      at,
    );
  }
}

function seatTakeOf(request: GrantRequest): SeatTake {
  return {
    poolId: request.pool.id,
    seats: 1,
    fromReserved: request.distribution === 'reserved' ? 1 : 0,
  };
}

function licenseRow(request: GrantRequest): LicenseTable {
  const now = request.at.toISOString();
  return {
    id: newId(request.at.getTime()),
    tenantId: request.tenantId,
    spaceId: request.spaceId,
    accountId: request.pool.accountId,
    poolId: request.pool.id,
    productId: request.pool.productId,
    catalogAppId: request.catalogAppId,
    licenseType: request.licenseType,
    subjectType: request.subject.type,
    subjectId: request.subject.id,
    subjectName: request.subject.name,
    serialNumber: request.serialNumber,
    distribution: request.distribution,
    state: 'active',
    storeState: request.storeCall === null ? 'confirmed' : 'pending',
    assignedAt: now,
    revokedAt: null,
    graceUntil: null,
    lastAction: request.action,
    updatedAt: now,
  };
}

function storeCallOf(request: GrantRequest, license: LicenseTable): QueuedStoreCall {
  return {
    accountId: request.pool.accountId,
    call: { ...request.storeCall!, licenseId: license.id },
  };
}

export interface ReleaseRequest {
  action: string;
  at: Date;
  /** End of the grace period shown for the app (R-V4), if any. */
  graceUntil: Date | null;
  /** The seat goes back to the subject's standing reservation instead of to FCFS. */
  restoreReservation: boolean;
  /** The store call that mirrors the release; null when the store already dropped it. */
  storeCall: StoreCall | null;
}

/** Revokes an active licence and returns its seat; false when it was already revoked. */
export async function releaseLicense(
  db: Kysely<Database>,
  license: LicenseTable,
  request: ReleaseRequest,
): Promise<boolean> {
  const now = request.at.toISOString();
  const revoked = await db
    .updateTable('licenses')
    .set({
      state: 'revoked',
      revokedAt: now,
      graceUntil: request.graceUntil?.toISOString() ?? null,
      lastAction: request.action,
      updatedAt: now,
    })
    .where('id', '=', license.id)
    .where('state', '=', 'active')
    .executeTakeFirst();
  if (Number(revoked.numUpdatedRows) === 0) return false;
  await db
    .updateTable('pools')
    .set({
      inUse: sql`in_use - 1`,
      reserved: request.restoreReservation ? sql`reserved + 1` : sql`reserved`,
      updatedAt: now,
    })
    .where('id', '=', license.poolId)
    .where('inUse', '>=', 1)
    .execute();
  await noteUsageChange(db, license.tenantId, [license.productId], request.at);
  if (request.storeCall !== null) {
    await enqueueStoreCalls(
      db,
      license.tenantId,
      [{ accountId: license.accountId, call: { ...request.storeCall, licenseId: license.id } }],
      request.at,
    );
  }
  return true;
}
