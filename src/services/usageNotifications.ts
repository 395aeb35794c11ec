/**
 * R-M5: usage notifications per app and space. After any change of pools or licences the
 * caller re-evaluates the products it touched: each threshold crossed upwards raises one
 * notification, and falling below 50 % clears them all.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  evaluateUsage,
  USAGE_THRESHOLDS,
  usagePercent,
  type UsageThreshold,
} from '../domain/usage.js';
import { clearNotifications, raiseNotification } from './notifications.js';

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
  const pools = await db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .innerJoin('products as pr', 'pr.id', 'p.productId')
    .select(['p.id', 'p.productId', 'a.spaceId', 'pr.name', 'p.total', 'p.inUse', 'p.unlimited'])
    .where('p.tenantId', '=', tenantId)
    .where('p.productId', 'in', [...new Set(productIds)])
    .where('a.status', '!=', 'deleted')
    .execute();
  // Subject: the product within one space, so each space has its own thresholds.
  const usage = new Map<
    string,
    { name: string; spaceId: string; total: number; inUse: number; unlimited: boolean }
  >();
  for (const pool of pools) {
    const subjectId = `${pool.productId}:${pool.spaceId}`;
    const sum = usage.get(subjectId) ?? {
      name: pool.name,
      spaceId: pool.spaceId,
      total: 0,
      inUse: 0,
      unlimited: false,
    };
    sum.total += Number(pool.total);
    sum.inUse += Number(pool.inUse) + (pendingSeats.get(pool.id) ?? 0);
    sum.unlimited ||= Number(pool.unlimited) === 1;
    usage.set(subjectId, sum);
  }
  if (usage.size === 0) return;
  const raisedRows = await db
    .selectFrom('notifications')
    .select(['subjectId', 'threshold'])
    .where('tenantId', '=', tenantId)
    .where('kind', '=', 'usage')
    .where('subjectId', 'in', [...usage.keys()])
    .where('state', '=', 'active')
    .execute();
  for (const [subjectId, sum] of usage) {
    const percent = usagePercent(sum.total, sum.inUse, sum.unlimited);
    const raised = raisedRows.filter((r) => r.subjectId === subjectId);
    const decision = evaluateUsage(raised.map((r) => r.threshold).filter(isThreshold), percent);
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

function isThreshold(value: number | null): value is UsageThreshold {
  return USAGE_THRESHOLDS.some((t) => t.threshold === value);
}
