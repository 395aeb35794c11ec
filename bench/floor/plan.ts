/**
 * The floor's check-in, apart from the driver: from the rows the world read returned, what to
 * write. It does what Allot's check-in does for the benchmark's fleet with the least code: every
 * targeted app is required, held by a device licence from a pool of the device's space (the
 * first with a seat), and installed by the MDM. It does not run Allot's rules (targeting,
 * allocation order, platforms, updates, revocation): a world outside that fleet is an error.
 * The rows it writes are Allot's, column for column.
 */
import { newId } from '../../src/ids.js';

/** A row as the driver returns it: snake_case columns. */
export type Row = Record<string, unknown>;

export interface FloorDevice {
  id: string;
  tenant_id: string;
  space_id: string;
  serial_number: string;
  name: string | null;
  primary_user_id: string | null;
  state: string;
}

export interface FloorInstall {
  id: string;
  catalog_app_id: string;
  state: string;
  reason: string | null;
  license_id: string | null;
  version: string | null;
  installed_at: string | null;
}

export interface FloorLicense {
  id: string;
  catalog_app_id: string | null;
}

export interface FloorAssignment {
  catalog_app_id: string;
  target_type: string;
  group_id: string | null;
  intent: string;
}

/** A catalog app with its product's columns (Allot's APP_COLUMNS beside `products.*`). */
export interface FloorApp {
  id: string;
  app_id: string;
  bundle_id: string | null;
  store_product_id: string;
  pricing_param: string | null;
}

/** A pool with its account's space and status. */
export interface FloorPool {
  id: string;
  account_id: string;
  product_id: string;
  space_id: string;
  account_status: string;
  total: number;
  in_use: number;
  reserved: number;
  unlimited: number;
}

/** What a check-in reads, as both floors return it. */
export interface FloorWorld {
  device: FloorDevice;
  user: Row | null;
  groups: Array<{ member_id: string; group_id: string }>;
  assignments: FloorAssignment[];
  installs: FloorInstall[];
  licenses: FloorLicense[];
  apps: FloorApp[];
  pools: FloorPool[];
  entries: Row[];
}

/** The API token checking the devices in, as the activity entries name it. */
export interface FloorActor {
  tenantId: string;
  id: string;
  name: string;
}

/** What to write, in Allot's order: new rows, changed installs, seats with their store calls. */
export interface Plan {
  installs: Row[];
  activity: Row[];
  licenses: Row[];
  /** Installs changing alike, one statement each: the columns set (in Allot's order) and IDs. */
  changed: Array<{ set: Array<[string, unknown]>; ids: string[] }>;
  /** Pools to take one seat from per licence, in pool ID order. */
  takes: Array<{ poolId: string; seats: number }>;
  outbox: Row[];
  /** Products whose usage is evaluated after commit. */
  productIds: string[];
  /** Apps installed and install commands, to check the round's outcome. */
  summary: { apps: number; installed: number; commands: number };
}

/** Statements the plan takes: one is atomic alone, more run in a transaction (as Allot). */
export function statementsOf(plan: Plan): number {
  const inserts = [plan.installs, plan.activity, plan.licenses].filter((r) => r.length > 0).length;
  // The seats, then their store calls (one statement with the seats on PostgreSQL).
  return inserts + plan.changed.length + (plan.takes.length > 0 ? 2 : 0);
}

/**
 * Decides the device's apps. `reported`: bundle ID → version the device reports installed
 * (null when it reports nothing).
 */
export function plan(
  world: FloorWorld,
  reported: Map<string, string> | null,
  actor: FloorActor,
  at: Date,
): Plan {
  const { device } = world;
  if (device.state !== 'active') throw new Error(`device ${device.serial_number} is not active`);
  const now = at.toISOString();
  const ms = at.getTime();
  const memberOf = new Set(world.groups.map((g) => g.group_id));
  const targeted = new Set<string>();
  for (const a of world.assignments) {
    if (a.target_type === 'group' && (a.group_id === null || !memberOf.has(a.group_id))) continue;
    if (a.intent !== 'required')
      throw new Error(`the floor handles required apps only (${a.intent})`);
    targeted.add(a.catalog_app_id);
  }
  const apps = new Map(world.apps.map((a) => [a.app_id, a]));
  const installs = new Map(world.installs.map((i) => [i.catalog_app_id, i]));
  const held = new Map(world.licenses.map((l) => [l.catalog_app_id, l]));
  const result: Plan = {
    installs: [],
    activity: [],
    licenses: [],
    changed: [],
    takes: [],
    outbox: [],
    productIds: [],
    summary: { apps: 0, installed: 0, commands: 0 },
  };
  const alike = new Map<string, { set: Array<[string, unknown]>; ids: string[] }>();
  const seats = new Map<string, number>();
  for (const appId of [...targeted].sort()) {
    const app = apps.get(appId);
    if (app === undefined) throw new Error(`app ${appId} was not read`);
    let licenseId = held.get(appId)?.id;
    if (licenseId === undefined) {
      const pool = world.pools.find(
        (p) =>
          p.product_id === app.id &&
          p.space_id === device.space_id &&
          p.account_status !== 'deleted' &&
          (p.unlimited === 1 || p.in_use + p.reserved < p.total),
      );
      if (pool === undefined) throw new Error(`no seat left for ${app.bundle_id}`);
      licenseId = newId(ms);
      pool.in_use += 1;
      seats.set(pool.id, (seats.get(pool.id) ?? 0) + 1);
      const name = device.name ?? device.serial_number;
      result.licenses.push({
        id: licenseId,
        tenant_id: device.tenant_id,
        space_id: device.space_id,
        account_id: pool.account_id,
        pool_id: pool.id,
        product_id: app.id,
        catalog_app_id: appId,
        license_type: 'device',
        subject_type: 'device',
        subject_id: device.id,
        subject_name: name,
        serial_number: device.serial_number,
        distribution: 'fcfs',
        state: 'active',
        store_state: 'pending',
        assigned_at: now,
        revoked_at: null,
        grace_until: null,
        last_action: 'checkIn',
        updated_at: now,
      });
      result.activity.push({
        id: newId(ms),
        tenant_id: device.tenant_id,
        space_id: device.space_id,
        actor_type: 'token',
        actor_id: actor.id,
        actor_name: actor.name,
        action: 'license.grant',
        subject_type: 'license',
        subject_id: licenseId,
        subject_name: name,
        before: null,
        after: JSON.stringify({
          productId: app.id,
          accountId: pool.account_id,
          licenseType: 'device',
          distribution: 'fcfs',
          deviceId: device.id,
        }),
        created_at: now,
      });
      result.outbox.push({
        id: newId(ms),
        tenant_id: device.tenant_id,
        account_id: pool.account_id,
        operation: 'associate',
        payload: JSON.stringify({
          operation: 'associate',
          storeProductId: app.store_product_id,
          pricingParam: app.pricing_param || undefined,
          serialNumber: device.serial_number,
          licenseId,
        }),
        state: 'pending',
        attempts: 0,
        next_attempt_at: now,
        lease_until: null,
        last_error: null,
        created_at: now,
        done_at: null,
      });
      if (!result.productIds.includes(app.id)) result.productIds.push(app.id);
    }
    const install = installs.get(appId);
    const version = reported?.get(app.bundle_id ?? '');
    const state =
      version !== undefined
        ? 'installed'
        : reported !== null || install === undefined || install.state !== 'installed'
          ? 'pending'
          : 'installed';
    result.summary.apps += 1;
    if (state === 'installed') result.summary.installed += 1;
    else result.summary.commands += 1;
    const installedAt =
      state === 'installed' ? (install?.installed_at ?? now) : (install?.installed_at ?? null);
    const next = {
      state,
      reason: null,
      license_id: licenseId,
      version: version ?? install?.version ?? null,
    };
    if (install === undefined) {
      result.installs.push({
        id: newId(ms),
        tenant_id: device.tenant_id,
        device_id: device.id,
        catalog_app_id: appId,
        product_id: app.id,
        ...next,
        installed_at: installedAt,
        updated_at: now,
      });
      continue;
    }
    // Only what changed, in Allot's order, so that installs changing alike share a statement.
    const set: Array<[string, unknown]> = [['updated_at', now]];
    if (install.state !== next.state) set.push(['state', next.state]);
    if (install.reason !== next.reason) set.push(['reason', next.reason]);
    if (install.license_id !== next.license_id) set.push(['license_id', next.license_id]);
    if (install.version !== next.version) set.push(['version', next.version]);
    if (install.installed_at !== installedAt) set.push(['installed_at', installedAt]);
    if (set.length === 1) continue;
    const key = JSON.stringify(set);
    const group = alike.get(key);
    if (group === undefined) alike.set(key, { set, ids: [install.id] });
    else group.ids.push(install.id);
  }
  result.changed = [...alike.values()];
  result.takes = [...seats]
    .map(([poolId, n]) => ({ poolId, seats: n }))
    .sort((a, b) => (a.poolId < b.poolId ? -1 : 1));
  return result;
}

/** The reported installs of a check-in body, as plan() takes them. */
export function reportedOf(
  installed: ReadonlyArray<{ bundleId: string; version: string }> | undefined,
): Map<string, string> | null {
  return installed === undefined ? null : new Map(installed.map((a) => [a.bundleId, a.version]));
}

/** Bound values of one statement, with their placeholders: `?` (SQLite) or `$n` (PostgreSQL). */
export class Params {
  readonly values: unknown[] = [];

  constructor(private readonly numbered: boolean) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.numbered ? `$${this.values.length}` : '?';
  }

  list(values: readonly unknown[]): string {
    return `(${values.map((v) => this.add(v)).join(', ')})`;
  }
}

/** A multi-row insert, columns in the rows' order (Allot's, from its row objects). */
export function insertSql(p: Params, table: string, rows: readonly Row[]): string {
  const columns = Object.keys(rows[0]!);
  const values = rows.map((row) => p.list(columns.map((c) => row[c]))).join(', ');
  return `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}`;
}

/** `update installs` for installs changing alike, as Allot writes it. */
export function installUpdateSql(p: Params, change: Plan['changed'][number]): string {
  const set = change.set.map(([column, value]) => `"${column}" = ${p.add(value)}`).join(', ');
  return `update "installs" set ${set} where "id" in ${p.list(change.ids)}`;
}

type Take = Plan['takes'][number];

function byPool(p: Params, takes: readonly Take[], value: (t: Take) => number): string {
  const whens = takes.map(
    (t) => `when ${p.add(t.poolId)} then cast(${p.add(value(t))} as integer)`,
  );
  return `case id ${whens.join(' ')} end`;
}

/**
 * The guarded seat update's SET, as Allot writes it (db/seats.ts): as if the
 * seats were taken one at a time (no seat here is a reserved one).
 */
export function seatSetSql(p: Params, takes: readonly Take[], at: string): string {
  return (
    `"in_use" = in_use + ${byPool(p, takes, (t) => t.seats)}, ` +
    `"reserved" = reserved - ${byPool(p, takes, () => 0)}, "updated_at" = ${p.add(at)}`
  );
}

/** The seat update's condition; its parameters follow the SET's and the pool IDs'. */
export function seatGuardSql(p: Params, takes: readonly Take[]): string {
  return `reserved >= ${byPool(p, takes, () => 0)} and (unlimited = 1 or (
    (${byPool(p, takes, () => 0)} = 0 or in_use + ${byPool(p, takes, () => 0)} <= total)
    and (${byPool(p, takes, (t) => t.seats)} = 0 or in_use + reserved + ${byPool(p, takes, (t) => t.seats)} <= total)))`;
}

/** Allot's usage read (services/ledger/usageEvaluation.ts), for these products. */
export function usageSql(p: Params, tenantId: string, productIds: readonly string[]): string {
  return `select "p"."id", "p"."product_id", "a"."space_id", "pr"."name", "p"."total", "p"."in_use", "p"."unlimited", "n"."threshold" from "pools" as "p" inner join "accounts" as "a" on "a"."id" = "p"."account_id" inner join "products" as "pr" on "pr"."id" = "p"."product_id" left join "notifications" as "n" on "n"."tenant_id" = "p"."tenant_id" and "n"."kind" = ${p.add('usage')} and "n"."state" = ${p.add('active')} and "n"."subject_id" = p.product_id || ':' || a.space_id where "p"."tenant_id" = ${p.add(tenantId)} and "p"."product_id" in ${p.list(productIds)} and "a"."status" != ${p.add('deleted')}`;
}

/** What a usage read found: the floor checks that no threshold is crossed (none is written). */
export function usageProblem(rows: readonly Row[]): string | null {
  for (const row of rows) {
    const total = Number(row.total);
    if (Number(row.unlimited) !== 1 && total > 0 && Number(row.in_use) * 2 >= total) {
      return `pool ${String(row.id)} is half used: usage notifications would be written`;
    }
  }
  return null;
}
