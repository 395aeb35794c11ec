/**
 * R-X5: the cost of the licences held, and of the idle ones, per store, account, space or app,
 * in each currency (amounts in different currencies are never added). A licence is idle when no
 * device that has checked in within the reclaim period has the app installed with it: held
 * but not installed, or installed only on devices not seen for that long (the period of the
 * device's space). Two GROUP BY queries, priced per product.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { resolveSpaceId } from '../directory/spaces.js';

export const COST_GROUPS = ['store', 'account', 'space', 'app'] as const;
export type CostGroup = (typeof COST_GROUPS)[number];

export interface CostLine {
  /** The store, account ID, space ID or product ID. */
  key: string;
  name: string;
  /** null for licences of products whose price is unknown (counted, not priced). */
  currency: string | null;
  held: { count: number; amount: number | null };
  idle: { count: number; amount: number | null };
}

const DAY_MS = 24 * 3600 * 1000;

/** Amounts are summed as doubles; a sum is shown to 1/10,000 of the currency's unit. */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** The reclaim period of a space without a policy that sets one (R-X3's device rule). */
export const DEFAULT_IDLE_DAYS = 30;

/**
 * The device-inactivity period of each space's reclaim policy (R-X3), whether or not the policy
 * is enabled: a licence idle for that long is the one a reclaim would take back.
 */
async function reclaimPeriods(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('reclaimPolicies')
    .select(['spaceId', 'deviceInactiveDays'])
    .where('tenantId', '=', tenantId)
    .where('deviceInactiveDays', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.spaceId, Number(r.deviceInactiveDays)]));
}

/** When each space's devices count as not seen: the reclaim periods, the fallback, the time. */
interface Unseen {
  periods: Map<string, number>;
  fallbackDays: number;
  now: Date;
}

/**
 * The tenant's devices not seen within their space's period (never seen: not seen), read from
 * the check-in times' index (`devices_order_check_in`, 0019, by the expression it is built on)
 * up to the latest cutoff of any space; a CASE over the spaces whose period is not the
 * fallback's then keeps each device's own, evaluated for those devices only. A short list, built
 * once per report: the in-use count tests each install against it instead of looking its device
 * up (about a tenth less work on SQLite).
 */
function unseenDevices(db: Kysely<Database>, tenantId: string, unseen: Unseen) {
  const cutoff = (days: number) => new Date(unseen.now.getTime() - days * DAY_MS).toISOString();
  const lastSeen = sql<string>`coalesce(${sql.ref('lastCheckInAt')}, '')`;
  const other = [...unseen.periods].filter(([, days]) => days !== unseen.fallbackDays);
  const shortest = Math.min(unseen.fallbackDays, ...other.map(([, days]) => days));
  const whens = other.map(([spaceId, days]) => sql`when ${spaceId} then ${cutoff(days)}`);
  return db
    .selectFrom('devices')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where(lastSeen, '<', cutoff(shortest))
    .$if(other.length > 0, (q) =>
      q.where(
        lastSeen,
        '<',
        sql<string>`case ${sql.ref('spaceId')} ${sql.join(whens, sql` `)} else ${cutoff(unseen.fallbackDays)} end`,
      ),
    );
}

/** R-X5: GET /costs — held and idle cost per group and currency, in the actor's scope. */
export async function costReport(
  ctx: ServiceContext,
  actor: Actor,
  query: { groupBy: CostGroup; spaceId?: string },
): Promise<CostLine[]> {
  const db = ctx.db.kysely;
  const now = ctx.clock.now();
  const spaceId =
    query.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, query.spaceId);
  const periods = await reclaimPeriods(db, actor.tenantId);
  return costLines(db, actor.tenantId, spaceId, query.groupBy, {
    periods,
    fallbackDays: DEFAULT_IDLE_DAYS,
    now,
  });
}

/** The licence column a group is keyed by (the store is the product's, looked up after). */
const KEY_COLUMN = {
  store: 'l.productId',
  account: 'l.accountId',
  space: 'l.spaceId',
  app: 'l.productId',
} as const;

/**
 * Two grouped counts per (group, product) — the licences held, and those in use (installed on
 * a device seen within the period) — then priced per product here: the per-licence work stays
 * in the index scans, and a product's price is multiplied once. The held count reads the active
 * licences' index alone (0017); the in-use count starts from the tenant's installed apps
 * (`installs_tenant_state`), leaves out those on the few devices not seen within the period, and
 * looks each licence up once by its key, counted once however many devices have it — cheaper than testing every held licence against a list of installed ones.
 */
async function costLines(
  db: Kysely<Database>,
  tenantId: string,
  spaceId: string | null,
  groupBy: CostGroup,
  unseen: Unseen,
): Promise<CostLine[]> {
  const keyColumn = KEY_COLUMN[groupBy];
  const heldQuery = db
    .selectFrom('licenses as l')
    .select([`${keyColumn} as key`, 'l.productId', (eb) => eb.fn.countAll<number>().as('count')])
    .where('l.tenantId', '=', tenantId)
    .where('l.state', '=', 'active')
    .$if(spaceId !== null, (q) => q.where('l.spaceId', '=', spaceId))
    .groupBy([keyColumn, 'l.productId']);
  const usedQuery = db
    .selectFrom('installs as i')
    .innerJoin('licenses as l', 'l.id', 'i.licenseId')
    .select([
      `${keyColumn} as key`,
      'l.productId',
      (eb) => eb.fn.count<number>('l.id').distinct().as('count'),
    ])
    .where('i.tenantId', '=', tenantId)
    .where('i.state', '=', 'installed')
    .where('i.deviceId', 'not in', unseenDevices(db, tenantId, unseen))
    .where('l.tenantId', '=', tenantId)
    .where('l.state', '=', 'active')
    .$if(spaceId !== null, (q) => q.where('l.spaceId', '=', spaceId))
    .groupBy([keyColumn, 'l.productId']);
  // Two connections on PostgreSQL; one after the other on SQLite's one.
  const [held, used] = await Promise.all([heldQuery.execute(), usedQuery.execute()]);
  const productIds = [...new Set(held.map((r) => r.productId))];
  const products = new Map(
    (productIds.length === 0
      ? []
      : await db
          .selectFrom('products')
          .select(['id', 'name', 'store', 'costAmount', 'costCurrency'])
          .where('tenantId', '=', tenantId)
          .where('id', 'in', productIds)
          .execute()
    ).map((p) => [p.id, p]),
  );
  const names = await groupNames(db, tenantId, groupBy, held);
  const inUse = new Map(used.map((r) => [`${r.key}|${r.productId}`, Number(r.count)]));
  const lines = new Map<string, CostLine>();
  for (const row of held) {
    const product = products.get(row.productId);
    if (product === undefined) continue;
    const key = groupBy === 'store' ? product.store : row.key;
    const priced = product.costAmount !== null && product.costCurrency !== null;
    const currency = priced ? product.costCurrency : null;
    const id = `${key}|${currency ?? ''}`;
    const line = lines.get(id) ?? {
      key,
      name: groupBy === 'store' ? key : groupBy === 'app' ? product.name : (names.get(key) ?? key),
      currency,
      held: { count: 0, amount: priced ? 0 : null },
      idle: { count: 0, amount: priced ? 0 : null },
    };
    const count = Number(row.count);
    const idle = count - (inUse.get(`${row.key}|${row.productId}`) ?? 0);
    line.held.count += count;
    line.idle.count += idle;
    if (priced) {
      line.held.amount = round(line.held.amount! + count * product.costAmount!);
      line.idle.amount = round(line.idle.amount! + idle * product.costAmount!);
    }
    lines.set(id, line);
  }
  // Priced currencies in order, then the unpriced line, per group.
  return [...lines.values()].sort(
    (a, b) =>
      a.key.localeCompare(b.key) || (a.currency ?? '\uffff').localeCompare(b.currency ?? '\uffff'),
  );
}

/** The names of the accounts or spaces a report lists. */
async function groupNames(
  db: Kysely<Database>,
  tenantId: string,
  groupBy: CostGroup,
  rows: ReadonlyArray<{ key: string }>,
): Promise<Map<string, string>> {
  if (groupBy !== 'account' && groupBy !== 'space') return new Map();
  const ids = [...new Set(rows.map((r) => r.key))];
  if (ids.length === 0) return new Map();
  const table = groupBy === 'account' ? 'accounts' : 'spaces';
  const found = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .where('tenantId', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  return new Map(found.map((r) => [r.id, r.name]));
}

const CSV_HEADER = ['group', 'key', 'name', 'currency', 'held', 'heldCost', 'idle', 'idleCost'];

/** One CSV field, quoted when it must be; a leading formula character is neutralised. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** R-X5: the report as CSV, a header line and one line per group and currency. */
export function costCsv(groupBy: CostGroup, lines: readonly CostLine[]): string {
  const rows = lines.map((l) =>
    [groupBy, l.key, l.name, l.currency, l.held.count, l.held.amount, l.idle.count, l.idle.amount]
      .map(csvField)
      .join(','),
  );
  return [CSV_HEADER.join(','), ...rows].map((line) => `${line}\r\n`).join('');
}
