/**
 * R-M5: usage notifications per app and space, triggered by the ledger. Whatever moves a
 * pool's counts (a grant, a release, a sync, a seat count) notes the product here, and its usage
 * is evaluated once the transaction has committed, from the committed counts, before the use
 * case answers. Evaluation happens after commit so that a check-in holds its pool rows (R-A13)
 * only for its seat update and its commit, not for the evaluation too.
 *
 * Evaluations of a tenant's usage run one at a time in a process, and across processes under an
 * advisory lock per product on PostgreSQL (SQLite is one process), so a threshold is never
 * raised twice for one crossing. A transaction that commits while an
 * evaluation runs waits for the next one, which starts after the running one and covers every
 * product noted meanwhile: under load many commits share one evaluation. Only the highest
 * threshold crossed is active.
 */
import { sql, type Kysely } from 'kysely';
import { lockKeys } from '../../db/locks.js';
import type { Database } from '../../db/schema.js';
import { runTransaction, scopeOf } from '../../db/transaction.js';
import type { Dialect } from '../../db/dialect.js';
import {
  evaluateUsage,
  USAGE_THRESHOLDS,
  usagePercent,
  type UsageThreshold,
} from '../../domain/usage.js';
import { clearNotifications, raiseNotification } from '../monitoring/notifications.js';

/** Products whose pools a transaction moved, per tenant, until it commits. */
const touched = new WeakMap<Kysely<Database>, Map<string, Noted>>();

interface Noted {
  productIds: Set<string>;
  at: Date;
}

/**
 * Notes that the pools of these products moved in this transaction: their usage is evaluated
 * once it commits, when `db` is a transaction opened by `Db.transaction`. Anywhere else (a
 * transaction a test drives by hand) it is evaluated at once, in it.
 */
export async function noteUsageChange(
  db: Kysely<Database>,
  tenantId: string,
  productIds: Iterable<string>,
  at: Date,
): Promise<void> {
  const scope = scopeOf(db);
  if (scope === undefined) return evaluateNow(db, null, tenantId, [...new Set(productIds)], at);
  let tenants = touched.get(db);
  if (tenants === undefined) {
    tenants = new Map();
    touched.set(db, tenants);
    const noted = tenants;
    scope.afterCommit('usage', async () => {
      touched.delete(db);
      const runs = [...noted].map(([tenant, entry]) =>
        evaluatorOf(scope.root, scope.dialect).evaluate(tenant, entry),
      );
      await Promise.all(runs);
    });
  }
  const entry = tenants.get(tenantId) ?? { productIds: new Set<string>(), at };
  for (const id of productIds) entry.productIds.add(id);
  if (at > entry.at) entry.at = at;
  tenants.set(tenantId, entry);
}

const evaluators = new WeakMap<Kysely<Database>, UsageEvaluator>();

function evaluatorOf(root: Kysely<Database>, dialect: Dialect): UsageEvaluator {
  let evaluator = evaluators.get(root);
  if (evaluator === undefined) {
    evaluator = new UsageEvaluator(root, dialect);
    evaluators.set(root, evaluator);
  }
  return evaluator;
}

/** One evaluation per tenant at a time; what is noted while one runs waits for the next. */
class UsageEvaluator {
  private readonly tenants = new Map<string, { running: Promise<void>; next: Next | null }>();

  constructor(
    private readonly root: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Resolves once an evaluation that started after this call has covered these products. */
  evaluate(tenantId: string, noted: Noted): Promise<void> {
    const state = this.tenants.get(tenantId);
    if (state === undefined) {
      const running = this.run(tenantId, noted);
      this.tenants.set(tenantId, { running, next: null });
      return running;
    }
    if (state.next === null) {
      // Runs after this call returns, so it finds the `next` set here.
      const done = state.running.catch(() => undefined).then(() => this.startNext(tenantId));
      state.next = { productIds: new Set(), at: noted.at, done };
    }
    const next = state.next;
    for (const id of noted.productIds) next.productIds.add(id);
    if (noted.at > next.at) next.at = noted.at;
    return next.done;
  }

  private startNext(tenantId: string): Promise<void> {
    const state = this.tenants.get(tenantId)!;
    const next = state.next!;
    state.next = null;
    state.running = this.run(tenantId, next);
    return state.running;
  }

  /**
   * On PostgreSQL in a transaction of its own, under the products' advisory locks (other
   * processes). SQLite is one process, whose evaluations of a tenant this class already runs
   * one at a time: there a transaction would only hold the one connection from every other
   * request while the evaluation reads (most evaluations change nothing). A stop between
   * clearing a lower threshold and raising a higher one heals at the product's next change.
   */
  private async run(tenantId: string, noted: Noted): Promise<void> {
    const productIds = [...noted.productIds];
    try {
      if (this.dialect === 'sqlite') {
        await evaluateNow(this.root, null, tenantId, productIds, noted.at);
      } else {
        await runTransaction(this.root, this.dialect, (trx) =>
          evaluateNow(trx, this.dialect, tenantId, productIds, noted.at),
        );
      }
    } finally {
      const state = this.tenants.get(tenantId);
      if (state !== undefined && state.next === null) this.tenants.delete(tenantId);
    }
  }
}

interface Next extends Noted {
  done: Promise<void>;
}

/** Evaluates the usage of these products in each space that holds them, now. */
async function evaluateNow(
  db: Kysely<Database>,
  /** Null outside a scope: nothing to serialise on but what the caller holds. */
  dialect: Dialect | null,
  tenantId: string,
  productIds: readonly string[],
  at: Date,
): Promise<void> {
  if (productIds.length === 0) return;
  if (dialect !== null) {
    await lockKeys(
      db,
      dialect,
      productIds.map((id) => `usage:${tenantId}:${id}`),
    );
  }
  // Each pool with the usage thresholds active for its product and space (a pool comes once
  // per active threshold: one, unless an older version of Allot left several).
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
    .where('p.productId', 'in', productIds)
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
      active: [],
    };
    usage.set(subjectId, sum);
    if (isThreshold(row.threshold) && !sum.active.includes(row.threshold)) {
      sum.active.push(row.threshold);
    }
    if (counted.has(row.id)) continue;
    counted.add(row.id);
    sum.total += Number(row.total);
    sum.inUse += Number(row.inUse);
    sum.unlimited ||= Number(row.unlimited) === 1;
  }
  for (const [subjectId, sum] of usage) {
    const percent = usagePercent(sum.total, sum.inUse, sum.unlimited);
    const active = sum.active.length === 0 ? null : (Math.max(...sum.active) as UsageThreshold);
    const decision = evaluateUsage(active, percent);
    const match = { kind: 'usage' as const, subjectId };
    if (decision.clear) {
      await clearNotifications(db, tenantId, match, at);
      continue;
    }
    if (decision.raise === null) {
      // Only the highest threshold is active: lower ones left by older versions go.
      for (const lower of sum.active.filter((t) => t !== active)) {
        await clearNotifications(db, tenantId, { ...match, threshold: lower }, at);
      }
      continue;
    }
    const { threshold, severity } = decision.raise;
    await clearNotifications(db, tenantId, match, at);
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
        remedy: threshold >= 90 ? "Buy more licences or free some on the app's Licences tab" : null,
      },
      at,
    );
  }
}

interface Usage {
  name: string;
  spaceId: string;
  total: number;
  inUse: number;
  unlimited: boolean;
  active: UsageThreshold[];
}

function isThreshold(value: number | null): value is UsageThreshold {
  return USAGE_THRESHOLDS.some((t) => t.threshold === value);
}
