/**
 * R-M5: usage notifications per app and space. After any change of pools or licences the
 * caller re-evaluates the products it touched: each threshold crossed upwards raises one
 * notification, and falling below 50 % clears them all.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  evaluateUsage,
  USAGE_THRESHOLDS,
  usagePercent,
  type UsageThreshold,
} from '../../domain/usage.js';
import { clearNotifications, raiseNotification } from '../monitoring/notifications.js';

/**
 * `pendingSeats` are seats this transaction is about to take (per pool ID): a check-in
 * evaluates before its guarded pool update, which it keeps for last.
 */
export async function evaluateUsageNotifications(
  db: Kysely<Database>,
  tenantId: string,
  productIds: readonly string[],
  at: Date,
  pendingSeats: ReadonlyMap<string, number> = new Map(),
): Promise<void> {
  if (productIds.length === 0) return;
  // Each pool with the usage thresholds already raised for its product and space (a pool
  // comes once per raised threshold).
  const rows = await db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .innerJoin('products as pr', 'pr.id', 'p.productId')
    .leftJoin('notifications as n', (join) =>
      join
        .onRef('n.tenantId', '=', 'p.tenantId')
        .on('n.kind', '=', 'usage')
        .on('n.state', '=', 'active')
        .on('n.subjectId', '=', sql<string>`p.product_id || ':' || a.space_id`),
    )
    .select([
      'p.id',
      'p.productId',
      'a.spaceId',
      'pr.name',
      'p.total',
      'p.inUse',
      'p.unlimited',
      'n.threshold',
    ])
    .where('p.tenantId', '=', tenantId)
    .where('p.productId', 'in', [...new Set(productIds)])
    .where('a.status', '!=', 'deleted')
    .execute();
  // Subject: the product within one space, so each space has its own thresholds.
  const usage = new Map<string, Usage>();
  const counted = new Set<string>();
  for (const row of rows) {
    const subjectId = `${row.productId}:${row.spaceId}`;
    const sum = usage.get(subjectId) ?? {
      name: row.name,
      spaceId: row.spaceId,
      total: 0,
      inUse: 0,
      unlimited: false,
      raised: [],
    };
    usage.set(subjectId, sum);
    if (isThreshold(row.threshold) && !sum.raised.includes(row.threshold)) {
      sum.raised.push(row.threshold);
    }
    if (counted.has(row.id)) continue;
    counted.add(row.id);
    sum.total += Number(row.total);
    sum.inUse += Number(row.inUse) + (pendingSeats.get(row.id) ?? 0);
    sum.unlimited ||= Number(row.unlimited) === 1;
  }
  for (const [subjectId, sum] of usage) {
    const percent = usagePercent(sum.total, sum.inUse, sum.unlimited);
    const decision = evaluateUsage(sum.raised, percent);
    if (decision.clear) {
      await clearNotifications(db, tenantId, { kind: 'usage', subjectId }, at);
      continue;
    }
    for (const { threshold, severity } of decision.raise) {
      await raiseNotification(
        db,
        tenantId,
        {
          kind: 'usage',
          severity,
          subject: { type: 'product', id: subjectId, name: sum.name },
          spaceId: sum.spaceId,
          threshold,
          message: `${sum.name}: ${Math.round(percent)} % of licences in use (threshold ${threshold} %)`,
          remedy: threshold >= 90 ? 'Buy more licences or revoke unused ones' : null,
        },
        at,
      );
    }
  }
}

interface Usage {
  name: string;
  spaceId: string;
  total: number;
  inUse: number;
  unlimited: boolean;
  raised: UsageThreshold[];
}

function isThreshold(value: number | null): value is UsageThreshold {
  return USAGE_THRESHOLDS.some((t) => t.threshold === value);
}
