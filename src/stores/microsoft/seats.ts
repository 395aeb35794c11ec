/**
 * Seat writes: give or take back seats of products to users with the bulk endpoint (100
 * users per request), and take back every seat of some users. Microsoft seats belong to
 * users: a device subject is refused before anything is sent.
 *
 * Per-user outcomes: a seat assigned, or already held, is done (a retried request changes
 * nothing); no seat left → noLicenseAvailable (R-A12); a user the directory does not know →
 * subjectNotFound; reclaiming a seat the user does not hold is done. `storeErrorNumber` is
 * the HTTP status the same refusal has on the single-seat endpoints (409, 404), 400 else.
 */
import type {
  LicenseRequest,
  StoreFailure,
  StoreFailureReason,
  StoreOperationResult,
  StoreSubject,
} from '../connector.js';
import type { MicrosoftStoreClient } from './client.js';
import { msError } from './errors.js';
import { toProductKey, toStoreProductId } from './mapping.js';
import { mapLimit, walkContinuation } from './paging.js';
import type { WireProductKey, WireSeatAction } from './wire-types.js';

export const BULK_USERS = 100;

const DONE: Record<WireSeatAction, ReadonlySet<string>> = {
  Assign: new Set(['alreadyassigned']),
  Reclaim: new Set(['notassigned']),
};

const FAILURES: Record<string, [StoreFailureReason, number]> = {
  noseatsavailable: ['noLicenseAvailable', 409],
  usernotfound: ['subjectNotFound', 404],
};

/** The users of a request, each once (UPNs compare without case), devices refused. */
export function userSubjects(subjects: readonly StoreSubject[]): Map<string, string> {
  const devices = subjects.flatMap((s) => ('serialNumber' in s ? [s.serialNumber] : []));
  if (devices.length > 0) {
    throw msError('storeRejected', {
      message: 'Microsoft Store seats belong to users; a device cannot hold one',
      details: { unsupportedSubject: 'device', serialNumbers: devices },
    });
  }
  const users = new Map<string, string>();
  for (const s of subjects) {
    if ('clientUserId' in s && !users.has(s.clientUserId.toLowerCase())) {
      users.set(s.clientUserId.toLowerCase(), s.clientUserId);
    }
  }
  return users;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

async function bulk(
  client: MicrosoftStoreClient,
  key: WireProductKey,
  action: WireSeatAction,
  users: Map<string, string>,
  result: StoreOperationResult,
): Promise<void> {
  for (const part of chunk([...users.values()], BULK_USERS)) {
    const answer = await client.bulkSeats(key, action, part);
    const failures: StoreFailure[] = [];
    for (const failed of answer.failedSeatOperations ?? []) {
      const reason = String(failed.failureReason ?? '').toLowerCase();
      if (DONE[action].has(reason)) continue;
      const [mapped, status] = FAILURES[reason] ?? ['other', 400];
      failures.push({
        subject: { clientUserId: users.get(failed.userName.toLowerCase()) ?? failed.userName },
        storeProductId: toStoreProductId(key),
        reason: mapped,
        storeErrorNumber: status,
        message: `${action} ${failed.userName}: ${failed.failureReason}`,
      });
    }
    result.requested += part.length;
    result.completed += part.length - failures.length;
    result.failures.push(...failures);
  }
}

function emptyResult(): StoreOperationResult {
  return { operationIds: [], requested: 0, completed: 0, failures: [] };
}

/** Assign or Reclaim seats of every product for every user of the request. */
export async function changeSeats(
  client: MicrosoftStoreClient,
  request: LicenseRequest,
  action: WireSeatAction,
): Promise<StoreOperationResult> {
  const users = userSubjects(request.subjects);
  const keys = new Map(request.products.map((p) => [toStoreProductId(toProductKey(p)), p]));
  const result = emptyResult();
  if (users.size === 0) return result;
  for (const product of keys.values()) {
    await bulk(client, toProductKey(product), action, users, result);
  }
  return result;
}

/** Takes back every active seat of these users, product by product. */
export async function revokeSeats(
  client: MicrosoftStoreClient,
  subjects: readonly StoreSubject[],
  concurrency: number,
): Promise<StoreOperationResult> {
  const users = userSubjects(subjects);
  const result = emptyResult();
  const byProduct = new Map<string, { key: WireProductKey; users: Map<string, string> }>();
  await mapLimit([...users.values()], concurrency, async (userName) => {
    let pages;
    try {
      pages = await walkContinuation(
        (continuationToken) =>
          client.getUserSeats(userName, {
            maxResults: 100,
            ...(continuationToken && { continuationToken }),
          }),
        (page) => page.continuationToken,
      );
    } catch (error) {
      if ((error as { storeErrorNumber?: number }).storeErrorNumber !== 404) throw error;
      result.requested += 1;
      result.failures.push({
        subject: { clientUserId: userName },
        reason: 'subjectNotFound',
        storeErrorNumber: 404,
        message: `${userName} is not in the directory`,
      });
      return;
    }
    for (const seat of pages.flatMap((p) => p.seats ?? [])) {
      if (seat.state !== 'Active') continue;
      const id = toStoreProductId(seat.productKey);
      const entry = byProduct.get(id) ?? { key: seat.productKey, users: new Map() };
      entry.users.set(userName.toLowerCase(), userName);
      byProduct.set(id, entry);
    }
  });
  for (const { key, users: holders } of byProduct.values()) {
    await bulk(client, key, 'Reclaim', holders, result);
  }
  return result;
}
