/**
 * Seats: list, get, assign and reclaim one, bulk assign/reclaim, and one user's seats.
 *
 * Bulk body (the reference leaves its layout open; this is the emulator's choice):
 * `POST /Inventory/{productId}/{skuId}/Seats {seatAction: "Assign"|"Reclaim", usernames:
 * [UPN…]}` (`userNames` is accepted too), 1 to 100 distinct users. Each user either gets a
 * SeatDetails in `seatDetails` or a `failedSeatOperations` entry whose failureReason is one
 * of UserNotFound, AlreadyAssigned, NoSeatsAvailable (Assign) or NotAssigned (Reclaim).
 *
 * Seat operations on an offline-licensed product are 409 NotOnline ("Not online"); assigning
 * seats of a refunded (Removed) product is 409 InventoryRemoved; a single assign without a
 * seat left is 409 NoSeatsAvailable.
 */
import type { StoreAccount } from './account.js';
import { pageOf, parseMaxResults } from './continuation.js';
import type { Outcome, Query } from './pipeline.js';
import { productKey, seatDetails, type ProductRecord, type SeatRecord } from './records.js';
import { byKey, requireProduct } from './wire-inventory.js';
import { invalidParameter, notFound, storeError } from './wire-errors.js';

export const MAX_SEAT_RESULTS = 100;
export const MAX_BULK_USERS = 100;

export type FailureReason = 'UserNotFound' | 'AlreadyAssigned' | 'NoSeatsAvailable' | 'NotAssigned';

function onlineProduct(
  account: StoreAccount,
  productId: string,
  skuId: string,
  write: boolean,
): ProductRecord {
  const product = requireProduct(account, productId, skuId);
  const key = productKey(productId, skuId);
  if (product.licenseType !== 'Online') {
    throw storeError(409, 'NotOnline', 'Not online', { itemType: 'Inventory', values: [key] });
  }
  if (write && product.status === 'Removed') {
    throw storeError(409, 'InventoryRemoved', 'The product was refunded', {
      itemType: 'Inventory',
      values: [key],
    });
  }
  return product;
}

function seatPage(
  seats: Array<{ key: string; body: object }>,
  query: Query,
  pageSize: number,
  scope: string,
): Outcome {
  const maxResults = parseMaxResults(query.maxResults, pageSize, MAX_SEAT_RESULTS);
  const { page, continuationToken } = pageOf(
    seats.sort((a, b) => byKey(a.key, b.key)),
    (s) => s.key,
    { token: query.continuationToken, maxResults, query: scope },
  );
  return { status: 200, body: { seats: page.map((s) => s.body), continuationToken } };
}

export function listSeats(
  account: StoreAccount,
  productId: string,
  skuId: string,
  query: Query,
  pageSize: number,
): Outcome {
  const product = onlineProduct(account, productId, skuId, false);
  const seats = [...account.seatsOf(product)].map(([key, seat]) => ({
    key,
    body: seatDetails(product, seat),
  }));
  return seatPage(seats, query, pageSize, productKey(productId, skuId));
}

function requireUser(account: StoreAccount, userName: string) {
  const user = account.user(userName);
  if (!user) throw notFound('User', userName);
  return user;
}

function seatOf(account: StoreAccount, product: ProductRecord, userName: string): SeatRecord {
  const seat = account.seatsOf(product).get(userName.toLowerCase());
  if (!seat) throw notFound('Seat', userName);
  return seat;
}

export function getSeat(account: StoreAccount, productId: string, skuId: string, userName: string) {
  const product = onlineProduct(account, productId, skuId, false);
  requireUser(account, userName);
  return { status: 200, body: seatDetails(product, seatOf(account, product, userName)) };
}

export function assignSeat(
  account: StoreAccount,
  productId: string,
  skuId: string,
  userName: string,
  now: number,
): Outcome {
  const product = onlineProduct(account, productId, skuId, true);
  const outcome = account.assign(product, userName, now);
  if (outcome === 'userNotFound') throw notFound('User', userName);
  if (outcome === 'noSeats') {
    throw storeError(409, 'NoSeatsAvailable', 'No seats are available', {
      itemType: 'Inventory',
      values: [productKey(productId, skuId)],
    });
  }
  // Assigning a seat the user already holds answers that seat: nothing more is used.
  return { status: 200, body: seatDetails(product, seatOf(account, product, userName)) };
}

export function reclaimSeat(
  account: StoreAccount,
  productId: string,
  skuId: string,
  userName: string,
  now: number,
): Outcome {
  const product = onlineProduct(account, productId, skuId, true);
  const outcome = account.reclaim(product, userName, now);
  if (outcome === 'userNotFound') throw notFound('User', userName);
  if (outcome === 'notAssigned') throw notFound('Seat', userName);
  return { status: 200, body: seatDetails(product, seatOf(account, product, userName)) };
}

function bulkBody(raw: string): { action: 'Assign' | 'Reclaim'; userNames: string[] } {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw invalidParameter('body', 'The body must be JSON');
  }
  if (typeof body !== 'object' || body === null)
    throw invalidParameter('body', 'The body must be an object');
  const given = body.seatAction ?? body.SeatAction;
  const action = typeof given === 'string' ? given.toLowerCase() : '';
  if (action !== 'assign' && action !== 'reclaim') {
    throw invalidParameter('seatAction', 'seatAction must be Assign or Reclaim');
  }
  const names = body.usernames ?? body.userNames ?? body.UserNames;
  if (
    !Array.isArray(names) ||
    names.length === 0 ||
    names.length > MAX_BULK_USERS ||
    !names.every((n) => typeof n === 'string' && n.trim() !== '')
  ) {
    throw invalidParameter('usernames', `usernames must list 1 to ${MAX_BULK_USERS} UPNs`);
  }
  const userNames = names as string[];
  if (new Set(userNames.map((n) => n.toLowerCase())).size !== userNames.length) {
    throw invalidParameter('usernames', 'usernames must not repeat a user');
  }
  return { action: action === 'assign' ? 'Assign' : 'Reclaim', userNames };
}

const ASSIGN_FAILURES: Record<string, FailureReason> = {
  userNotFound: 'UserNotFound',
  alreadyAssigned: 'AlreadyAssigned',
  noSeats: 'NoSeatsAvailable',
};

const RECLAIM_FAILURES: Record<string, FailureReason> = {
  userNotFound: 'UserNotFound',
  notAssigned: 'NotAssigned',
};

export function bulkSeats(
  account: StoreAccount,
  productId: string,
  skuId: string,
  raw: string,
  now: number,
): Outcome {
  const { action, userNames } = bulkBody(raw);
  const product = onlineProduct(account, productId, skuId, action === 'Assign');
  const done: object[] = [];
  const failed: object[] = [];
  for (const userName of userNames) {
    const outcome =
      action === 'Assign'
        ? account.assign(product, userName, now)
        : account.reclaim(product, userName, now);
    const reason = (action === 'Assign' ? ASSIGN_FAILURES : RECLAIM_FAILURES)[outcome];
    if (reason) {
      failed.push({ failureReason: reason, productKey: { productId, skuId }, userName });
    } else {
      done.push(seatDetails(product, seatOf(account, product, userName)));
    }
  }
  return { status: 200, body: { seatDetails: done, failedSeatOperations: failed } };
}

export function userSeats(
  account: StoreAccount,
  userName: string,
  query: Query,
  pageSize: number,
): Outcome {
  const user = requireUser(account, userName);
  const lower = user.userPrincipalName.toLowerCase();
  const seats: Array<{ key: string; body: object }> = [];
  for (const product of account.products.values()) {
    const seat = account.seatsOf(product).get(lower);
    if (seat) {
      seats.push({
        key: productKey(product.productId, product.skuId),
        body: seatDetails(product, seat),
      });
    }
  }
  return seatPage(seats, query, pageSize, `user:${lower}`);
}
