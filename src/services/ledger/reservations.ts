/**
 * R-A4: the seats a pool holds for reservations — the one count, for every place that sets or
 * checks `pools.reserved` (a distribution saved, an app leaving a space, a full resync,
 * `allot verify`). A pool holds one seat per distinct reserved user or device, for any catalog
 * app of its product on its account, that holds no active licence of the pool; a user both
 * reserved and prohibited there is prohibited (docs/decisions.md), so holds no seat.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

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
  const held = new Set(
    (
      await db
        .selectFrom('licenses')
        .select(['poolId', 'subjectId'])
        .where('tenantId', '=', tenantId)
        .where(
          'poolId',
          'in',
          pools.map((p) => p.id),
        )
        .where('state', '=', 'active')
        .execute()
    ).map((l) => `${l.poolId}|${l.subjectId}`),
  );
  const prohibited = new Set(
    entries
      .filter((e) => e.kind === 'prohibitedUser')
      .map((e) => `${e.accountId}|${e.catalogAppId}|${e.subjectId}`),
  );
  for (const pool of pools) {
    const appIds = new Set(apps.filter((a) => a.productId === pool.productId).map((a) => a.id));
    const waiting = new Set<string>();
    for (const entry of entries) {
      if (entry.accountId !== pool.accountId || !appIds.has(entry.catalogAppId)) continue;
      if (entry.kind === 'prohibitedUser') continue;
      const key = `${entry.accountId}|${entry.catalogAppId}|${entry.subjectId}`;
      if (entry.kind === 'reservedUser' && prohibited.has(key)) continue;
      if (held.has(`${pool.id}|${entry.subjectId}`)) continue;
      waiting.add(`${entry.kind}:${entry.subjectId}`);
    }
    counts.set(pool.id, waiting.size);
  }
  return counts;
}
