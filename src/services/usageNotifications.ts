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

export async function evaluateUsageNotifications(
  db: Kysely<Database>,
  tenantId: string,
  productIds: readonly string[],
  at: Date,
): Promise<void> {
  if (productIds.length === 0) return;
  const rows = await db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .innerJoin('products as pr', 'pr.id', 'p.productId')
    .select((eb) => [
      'p.productId',
      'a.spaceId',
      'pr.name',
      eb.fn.sum<number>('p.total').as('total'),
      eb.fn.sum<number>('p.inUse').as('inUse'),
      eb.fn.max<number>('p.unlimited').as('unlimited'),
    ])
    .where('p.tenantId', '=', tenantId)
    .where('p.productId', 'in', [...new Set(productIds)])
    .where('a.status', '!=', 'deleted')
    .groupBy(['p.productId', 'a.spaceId', 'pr.name'])
    .execute();
  for (const row of rows) {
    const percent = usagePercent(Number(row.total), Number(row.inUse), Number(row.unlimited) === 1);
    // Subject: the product within one space, so each space has its own thresholds.
    const subjectId = `${row.productId}:${row.spaceId}`;
    const raised = await db
      .selectFrom('notifications')
      .select('threshold')
      .where('tenantId', '=', tenantId)
      .where('kind', '=', 'usage')
      .where('subjectId', '=', subjectId)
      .where('state', '=', 'active')
      .execute();
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
          subject: { type: 'product', id: subjectId, name: row.name },
          spaceId: row.spaceId,
          threshold,
          message: `${row.name}: ${Math.round(percent)} % of licences in use (threshold ${threshold} %)`,
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
