/**
 * R-A4: the seats a pool holds for reservations, read for every place that sets or checks
 * `pools.reserved` (a distribution saved, an app leaving a space, a full resync, `allot
 * verify`); domain/pools.ts counts them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  unfulfilledReservations as countUnfulfilled,
  type ReservationList,
} from '../../domain/pools.js';

/** Where a distribution entry of each kind goes in its app's list. */
const LIST_OF_KIND = {
  reservedUser: (list: MutableList) => list.reservedUserIds,
  reservedDevice: (list: MutableList) => list.reservedDeviceIds,
  prohibitedUser: (list: MutableList) => list.prohibitedUserIds,
};

type MutableList = { [K in keyof ReservationList]: string[] };

export interface ReservingPool {
  id: string;
  accountId: string;
  productId: string;
}

/** The unfulfilled reservations of each of these pools (of one tenant), by pool ID. */
export async function unfulfilledReservations(
  db: Kysely<Database>,
  tenantId: string,
  pools: readonly ReservingPool[],
): Promise<Map<string, number>> {
  const counts = new Map(pools.map((p) => [p.id, 0]));
  if (pools.length === 0) return counts;
  const accountIds = [...new Set(pools.map((p) => p.accountId))];
  const apps = await db
    .selectFrom('catalogApps')
    .select(['id', 'productId'])
    .where('tenantId', '=', tenantId)
    .where('productId', 'in', [...new Set(pools.map((p) => p.productId))])
    .execute();
  if (apps.length === 0) return counts;
  const entries = await db
    .selectFrom('distributionEntries')
    .select(['catalogAppId', 'accountId', 'kind', 'subjectId'])
    .where('tenantId', '=', tenantId)
    .where('accountId', 'in', accountIds)
    .where(
      'catalogAppId',
      'in',
      apps.map((a) => a.id),
    )
    .where('kind', 'in', ['reservedUser', 'reservedDevice', 'prohibitedUser'])
    .execute();
  const held = new Map<string, Set<string>>();
  for (const license of await db
    .selectFrom('licenses')
    .select(['poolId', 'subjectId'])
    .where('tenantId', '=', tenantId)
    .where(
      'poolId',
      'in',
      pools.map((p) => p.id),
    )
    .where('state', '=', 'active')
    .execute()) {
    const holders = held.get(license.poolId) ?? new Set<string>();
    holders.add(license.subjectId);
    held.set(license.poolId, holders);
  }
  for (const pool of pools) {
    const appIds = new Set(apps.filter((a) => a.productId === pool.productId).map((a) => a.id));
    const lists = new Map<string, MutableList>();
    for (const entry of entries) {
      if (entry.accountId !== pool.accountId || !appIds.has(entry.catalogAppId)) continue;
      let list = lists.get(entry.catalogAppId);
      if (list === undefined) {
        list = { reservedUserIds: [], reservedDeviceIds: [], prohibitedUserIds: [] };
        lists.set(entry.catalogAppId, list);
      }
      LIST_OF_KIND[entry.kind as keyof typeof LIST_OF_KIND](list).push(entry.subjectId);
    }
    counts.set(pool.id, countUnfulfilled([...lists.values()], held.get(pool.id) ?? new Set()));
  }
  return counts;
}
