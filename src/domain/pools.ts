/**
 * How many seats a pool can still give (R-A4). A reservation holds a seat, so first-come-
 * first-served takers see `total − inUse − reserved`; a reserved subject taking its own seat
 * sees `total − inUse` (its reservation is one of the `reserved`).
 */
import type { Account, Distribution, Pool, Product } from './types.js';

/** Seats a first-come-first-served taker (and every device install not itself reserved) may use. */
export function fcfsAvailable(pool: Pool): number {
  if (pool.unlimited) return Number.POSITIVE_INFINITY;
  return Math.max(0, pool.total - pool.inUse - pool.reserved);
}

/** Seats a subject with an unfulfilled reservation on this pool may use. */
export function reservationAvailable(pool: Pool): number {
  if (pool.unlimited) return Number.POSITIVE_INFINITY;
  return Math.max(0, pool.total - pool.inUse);
}

/** The `available` count shown for a pool (API.md): FCFS seats, 0 or more. */
export function poolAvailable(pool: Pool): number | null {
  return pool.unlimited ? null : fcfsAvailable(pool);
}

export interface Candidate {
  account: Account;
  pool: Pool;
}

/**
 * R-A2, R-T9: the accounts of `spaceId` that hold `product`, in priority order (1 first; ties by
 * id so that the order never depends on load order). Unusable accounts are kept: callers report
 * why they were passed over.
 */
export function candidateAccounts(
  spaceId: string,
  product: Product,
  accounts: readonly Account[],
  pools: readonly Pool[],
): Candidate[] {
  const candidates: Candidate[] = [];
  for (const account of accounts) {
    if (account.spaceId !== spaceId || account.store !== product.store) continue;
    const pool = pools.find((p) => p.accountId === account.id && p.productId === product.id);
    if (pool) candidates.push({ account, pool });
  }
  return candidates.sort(
    (a, b) =>
      a.account.priority - b.account.priority ||
      (a.account.id < b.account.id ? -1 : a.account.id > b.account.id ? 1 : 0),
  );
}

/** The reservations of one app's list on the pool's account. */
export type ReservationList = Pick<
  Distribution,
  'reservedUserIds' | 'reservedDeviceIds' | 'prohibitedUserIds'
>;

/**
 * R-A4: the seats a pool holds for reservations, over the lists of the apps of its product on
 * its account: one per distinct reserved user or device that holds no active licence of the
 * pool (`holders`: subject IDs). A user both reserved and prohibited on the same list is
 * prohibited, so holds no seat (docs/decisions.md).
 */
export function unfulfilledReservations(
  lists: readonly ReservationList[],
  holders: ReadonlySet<string>,
): number {
  const waiting = new Set<string>();
  for (const list of lists) {
    const prohibited = new Set(list.prohibitedUserIds);
    for (const id of list.reservedUserIds) {
      if (!prohibited.has(id) && !holders.has(id)) waiting.add(`user:${id}`);
    }
    for (const id of list.reservedDeviceIds) {
      if (!holders.has(id)) waiting.add(`device:${id}`);
    }
  }
  return waiting.size;
}
