/**
 * R-X1: what moved the usage history, for the charts' markers. A purchase (or a reduction) is a
 * day whose recorded total differs from the pool's previous recorded day; a reclaim is a
 * `license.reclaim` entry of the activity log (R-X3). Both are read, never written: the history
 * and the log already hold them.
 */
import { sql } from 'kysely';
import { addDays } from '../../domain/exhaustion.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { historyRange, type HistoryQuery } from './history.js';

export const USAGE_EVENT_KINDS = ['purchase', 'reduction', 'reclaim'] as const;
export type UsageEventKind = (typeof USAGE_EVENT_KINDS)[number];

export interface UsageEvent {
  /** The day (UTC). */
  at: string;
  kind: UsageEventKind;
  /** Licences bought, removed or reclaimed that day, summed over the matching pools. */
  count: number;
}

export type UsageEventQuery = Omit<HistoryQuery, 'step'>;

/**
 * The purchases, reductions and reclaims of the pools matching the filter (as GET
 * /usage/history filters them), per day and kind, oldest first. A change on the first recorded
 * day of a pool is not an event: there is no earlier day to compare with.
 */
export async function usageEvents(
  ctx: ServiceContext,
  actor: Actor,
  query: UsageEventQuery,
): Promise<{ from: string; to: string; items: UsageEvent[] }> {
  const db = ctx.db.kysely;
  const { from, to, spaceId } = await historyRange(ctx, actor, query);

  // Each pool's total next to its previous recorded day's (a window over the pool's rows); the
  // day before `from` is read too, so that a purchase on `from` itself is seen.
  const totals = db
    .selectFrom('usageHistory')
    .select([
      'day',
      'total',
      sql<number | null>`lag(total) over (partition by account_id, product_id order by day)`.as(
        'previous',
      ),
    ])
    .where('tenantId', '=', actor.tenantId)
    .where('day', '>=', addDays(from, -1))
    .where('day', '<=', to)
    .$if(spaceId !== null, (q) => q.where('spaceId', '=', spaceId))
    .$if(query.productId !== undefined, (q) => q.where('productId', '=', query.productId!))
    .$if(query.accountId !== undefined, (q) => q.where('accountId', '=', query.accountId!));
  const changes = await db
    .selectFrom(totals.as('t'))
    .select(['t.day', 't.total', 't.previous'])
    .where('t.previous', 'is not', null)
    .where('t.day', '>=', from)
    .where(sql<boolean>`t.total <> t.previous`)
    .orderBy('t.day')
    .execute();

  // The log's times are ISO strings: a day's entries sort between its midnights.
  const reclaims = await db
    .selectFrom('activity as a')
    .innerJoin('licenses as l', 'l.id', 'a.subjectId')
    .innerJoin('accounts as acc', 'acc.id', 'l.accountId')
    .select(['a.createdAt'])
    .where('a.tenantId', '=', actor.tenantId)
    .where('a.action', '=', 'license.reclaim')
    .where('a.createdAt', '>=', `${from}T00:00:00.000Z`)
    .where('a.createdAt', '<', `${addDays(to, 1)}T00:00:00.000Z`)
    .where('l.tenantId', '=', actor.tenantId)
    .$if(spaceId !== null, (q) => q.where('acc.spaceId', '=', spaceId))
    .$if(query.productId !== undefined, (q) => q.where('l.productId', '=', query.productId!))
    .$if(query.accountId !== undefined, (q) => q.where('l.accountId', '=', query.accountId!))
    .execute();

  const byKey = new Map<string, UsageEvent>();
  const add = (at: string, kind: UsageEventKind, count: number) => {
    const key = `${at} ${kind}`;
    const event = byKey.get(key) ?? { at, kind, count: 0 };
    event.count += count;
    byKey.set(key, event);
  };
  for (const row of changes) {
    const delta = Number(row.total) - Number(row.previous);
    add(row.day, delta > 0 ? 'purchase' : 'reduction', Math.abs(delta));
  }
  for (const row of reclaims) add(row.createdAt.slice(0, 10), 'reclaim', 1);
  const order = (kind: UsageEventKind) => USAGE_EVENT_KINDS.indexOf(kind);
  const items = [...byKey.values()].sort(
    (a, b) => a.at.localeCompare(b.at) || order(a.kind) - order(b.kind),
  );
  return { from, to, items };
}
