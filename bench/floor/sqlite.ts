/**
 * The floor on SQLite: Allot's check-in written directly on better-sqlite3, on Allot's own
 * database file, with Allot's pragmas (src/db/database.ts) and every statement prepared once.
 * The world is read statement by statement, as Allot reads it on SQLite; the writes are Allot's
 * statements in Allot's transaction (`begin` … `commit`), and the usage read runs after commit,
 * without a transaction. better-sqlite3 is synchronous: a check-in runs to its end once
 * started, so the 16 in flight never overlap (nor do Allot's: SQLite takes one at a time).
 */
import SQLite from 'better-sqlite3';
import { FALLBACK_CHECKPOINT_PAGES } from '../../src/db/checkpointer.js';
import {
  insertSql,
  installUpdateSql,
  Params,
  plan,
  seatGuardSql,
  seatSetSql,
  statementsOf,
  usageProblem,
  usageSql,
  type FloorActor,
  type FloorDevice,
  type FloorWorld,
  type Plan,
  type Row,
} from './plan.js';
import { CheckInTimesFloor, type FloorCheckIn, type FloorOutcome } from './types.js';

export class SqliteFloor implements FloorCheckIn {
  private readonly db: SQLite.Database;
  private readonly statements = new Map<string, SQLite.Statement>();
  private readonly times: CheckInTimesFloor;

  constructor(
    file: string,
    private readonly actor: FloorActor,
  ) {
    this.db = new SQLite(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // Allot's checkpointer thread (src/db/checkpointer.ts) keeps running on the same file.
    this.db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    this.times = new CheckInTimesFloor(async (batch) => {
      this.run(
        `update devices set last_check_in_at = t.at
        from (select value ->> 0 as id, value ->> 1 as at from json_each(?)) as t
        where devices.id = t.id
          and (devices.last_check_in_at is null or devices.last_check_in_at < t.at)`,
        [JSON.stringify(batch)],
      );
    });
  }

  private prepared(sql: string): SQLite.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private all<T = Row>(sql: string, values: unknown[]): T[] {
    return this.prepared(sql).all(...values) as T[];
  }

  private run(sql: string, values: unknown[] = []): void {
    this.prepared(sql).run(...values);
  }

  async checkIn(
    serialNumber: string,
    reported: Map<string, string> | null,
    at: Date,
  ): Promise<FloorOutcome> {
    const world = this.read(serialNumber);
    if (world === undefined) throw new Error(`no device ${serialNumber}`);
    this.times.note(world.device.id, at);
    const decided = plan(world, reported, this.actor, at);
    const statements = statementsOf(decided);
    if (statements > 1) this.run('begin');
    try {
      this.write(decided, at);
      if (statements > 1) this.run('commit');
    } catch (error) {
      if (statements > 1) this.run('rollback');
      throw error;
    }
    const usage = decided.productIds.length === 0 ? null : this.evaluateUsage(decided.productIds);
    this.times.maybeFlush();
    return { ...decided.summary, problem: usage };
  }

  /** Allot's SQLite read (services/checkIn/world.ts, loadStatementByStatement). */
  private read(serialNumber: string): FloorWorld | undefined {
    const { tenantId } = this.actor;
    const [device] = this.all<FloorDevice>(
      'select * from "devices" where "tenant_id" = ? and "serial_number" = ?',
      [tenantId, serialNumber],
    );
    if (device === undefined) return undefined;
    const user =
      device.primary_user_id === null
        ? null
        : (this.all('select * from "users" where "tenant_id" = ? and "id" = ?', [
            tenantId,
            device.primary_user_id,
          ])[0] ?? null);
    const holders = user === null ? [device.id] : [device.id, user.id];
    const p = new Params(false);
    const groups = this.all<FloorWorld['groups'][number]>(
      `select "member_id", "group_id" from "group_members" where "tenant_id" = ${p.add(tenantId)} and "member_id" in ${p.list(holders)}`,
      p.values,
    );
    const assignments = this.all<FloorWorld['assignments'][number]>(
      'select * from "assignments" where "tenant_id" = ? and "space_id" = ?',
      [tenantId, device.space_id],
    );
    const installs = this.all<FloorWorld['installs'][number]>(
      'select * from "installs" where "tenant_id" = ? and "device_id" = ?',
      [tenantId, device.id],
    );
    const l = new Params(false);
    const licenses = this.all<FloorWorld['licenses'][number]>(
      `select * from "licenses" where "subject_id" in ${l.list(holders)} and "state" = ${l.add('active')}`,
      l.values,
    );
    const appIds = [...new Set([...assignments, ...installs].map((r) => r.catalog_app_id))];
    const a = new Params(false);
    const apps =
      appIds.length === 0
        ? []
        : this.all<FloorWorld['apps'][number]>(
            `select "p".*, "c"."id" as "app_id", "c"."space_id" as "app_space_id", "c"."description" as "app_description", "c"."install_on_device" as "app_install_on_device", "c"."update_mode" as "app_update_mode", "c"."created_at" as "app_created_at", "c"."updated_at" as "app_updated_at" from "catalog_apps" as "c" inner join "products" as "p" on "p"."id" = "c"."product_id" where "c"."tenant_id" = ${a.add(tenantId)} and "c"."id" in ${a.list(appIds)}`,
            a.values,
          );
    const productIds = [...new Set(apps.map((r) => r.id))];
    const spaceIds = [
      ...new Set([device.space_id, ...apps.map((r) => (r as unknown as Row).app_space_id)]),
    ];
    const q = new Params(false);
    const pools =
      productIds.length === 0
        ? []
        : this.all<FloorWorld['pools'][number]>(
            `select "p".*, "a"."store", "a"."space_id", "a"."priority", "a"."auto_distribute_to_all_users", "a"."status" as "account_status" from "pools" as "p" inner join "accounts" as "a" on "a"."id" = "p"."account_id" where "p"."tenant_id" = ${q.add(tenantId)} and "p"."product_id" in ${q.list(productIds)} and "a"."space_id" in ${q.list(spaceIds)} and "a"."status" != ${q.add('deleted')}`,
            q.values,
          );
    const e = new Params(false);
    const entries =
      appIds.length === 0 || pools.length === 0
        ? []
        : this.all(
            `select * from "distribution_entries" where "tenant_id" = ${e.add(tenantId)} and "catalog_app_id" in ${e.list(apps.map((r) => r.app_id))} and "account_id" in ${e.list([...new Set(pools.map((r) => r.account_id))])}`,
            e.values,
          );
    return { device, user, groups, assignments, installs, licenses, apps, pools, entries };
  }

  /** Allot's writes on SQLite (services/checkIn/writes.ts, db/seats.ts). */
  private write(decided: Plan, at: Date): void {
    for (const [table, rows] of [
      ['installs', decided.installs],
      ['activity', decided.activity],
      ['licenses', decided.licenses],
    ] as const) {
      if (rows.length === 0) continue;
      const p = new Params(false);
      this.run(insertSql(p, table, rows), p.values);
    }
    for (const change of decided.changed) {
      const p = new Params(false);
      this.run(installUpdateSql(p, change), p.values);
    }
    if (decided.takes.length === 0) return;
    const p = new Params(false);
    const set = seatSetSql(p, decided.takes, at.toISOString());
    const ids = p.list(decided.takes.map((t) => t.poolId));
    const guard = seatGuardSql(p, decided.takes);
    const taken = this.all(
      `update "pools" set ${set} where "id" in ${ids} and ${guard} returning "id"`,
      p.values,
    );
    const o = new Params(false);
    this.run(insertSql(o, 'outbox', decided.outbox), o.values);
    if (taken.length !== decided.takes.length) throw new Error('a pool had no seat left');
  }

  /** After commit, without a transaction, as Allot on SQLite (services/ledger/usageEvaluation.ts). */
  private evaluateUsage(productIds: readonly string[]): string | null {
    const p = new Params(false);
    return usageProblem(this.all(usageSql(p, this.actor.tenantId, productIds), p.values));
  }

  async finish(): Promise<void> {
    await this.times.flush();
  }

  async close(): Promise<void> {
    await this.finish();
    this.db.close();
  }
}
