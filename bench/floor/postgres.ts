/**
 * The floor on PostgreSQL: Allot's check-in written directly on `pg`, in Allot's schema, with a
 * pool of Allot's size (10, or ALLOT_DATABASE_POOL_SIZE) and every statement prepared once per
 * connection under a name. The world is read in one statement returning JSON, as Allot reads it
 * on PostgreSQL; the writes are Allot's statements in Allot's transaction: the new rows in one
 * statement, the seats with their store calls in one more, then COMMIT. The usage read runs
 * after commit, one at a time, check-ins committing meanwhile sharing the next one
 * (services/ledger/usageEvaluation.ts).
 */
import pg from 'pg';
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
  type FloorWorld,
  type Plan,
  type Row,
} from './plan.js';
import { CheckInTimesFloor, type FloorCheckIn, type FloorOutcome } from './types.js';

/** Allot's one-statement read (src/db/deviceWorld.ts), every table's rows as JSON. */
const WORLD_SQL = `with "d" as (select * from "devices" where "tenant_id" = $1 and "serial_number" = $2),
"m" as (select "g"."member_id", "g"."group_id" from "group_members" as "g", "d" where "g"."tenant_id" = $1 and "g"."member_id" in ("d"."id", "d"."primary_user_id")),
"targeting" as (select "a".* from "assignments" as "a", "d" where "a"."tenant_id" = $1 and "a"."space_id" = "d"."space_id" and ("a"."target_type" != $3 or "a"."group_id" in (select "m"."group_id" from "m"))),
"installed" as (select "i".* from "installs" as "i", "d" where "i"."tenant_id" = $1 and "i"."device_id" = "d"."id"),
"named" as (select "c"."id", "c"."space_id", "c"."product_id" from "catalog_apps" as "c" where "c"."tenant_id" = $1 and ("c"."id" in (select "targeting"."catalog_app_id" from "targeting") or "c"."id" in (select "installed"."catalog_app_id" from "installed")))
select "d".*,
(select to_json(obj) from (select "u".* from "users" as "u" where "u"."tenant_id" = $1 and "u"."id" = "d"."primary_user_id") as obj) as "user",
(select coalesce(json_agg(agg), '[]') from (select "m"."member_id", "m"."group_id" from "m") as agg) as "groups",
(select coalesce(json_agg(agg), '[]') from (select * from "targeting") as agg) as "assignments",
(select coalesce(json_agg(agg), '[]') from (select * from "installed") as agg) as "installs",
(select coalesce(json_agg(agg), '[]') from (select "l".* from "licenses" as "l" where "l"."state" = $4 and "l"."subject_id" in ("d"."id", "d"."primary_user_id")) as agg) as "licenses",
(select coalesce(json_agg(agg), '[]') from (select "p".*, "c"."id" as "app_id", "c"."space_id" as "app_space_id", "c"."description" as "app_description", "c"."install_on_device" as "app_install_on_device", "c"."update_mode" as "app_update_mode", "c"."created_at" as "app_created_at", "c"."updated_at" as "app_updated_at" from "catalog_apps" as "c" inner join "products" as "p" on "p"."id" = "c"."product_id" where "c"."id" in (select "named"."id" from "named")) as agg) as "apps",
(select coalesce(json_agg(agg), '[]') from (select "p".*, "a"."store", "a"."space_id", "a"."priority", "a"."auto_distribute_to_all_users", "a"."status" as "account_status" from "pools" as "p" inner join "accounts" as "a" on "a"."id" = "p"."account_id" where "p"."tenant_id" = $1 and "a"."status" != $5 and "p"."product_id" in (select "named"."product_id" from "named") and ("a"."space_id" = "d"."space_id" or "a"."space_id" in (select "named"."space_id" from "named"))) as agg) as "pools",
(select coalesce(json_agg(agg), '[]') from (select "e".* from "distribution_entries" as "e" where "e"."tenant_id" = $1 and "e"."catalog_app_id" in (select "named"."id" from "named")) as agg) as "entries"
from "d"`;

const LOCK_SQL = `select pg_advisory_xact_lock(hashtextextended(k, 0))
            from (select unnest($1::text[]) as k order by 1) as keys`;

const TIMES_SQL = `update devices set last_check_in_at = t.at
        from (select unnest($1::text[]) as id, unnest($2::text[]) as at) as t
        where devices.id = t.id
          and (devices.last_check_in_at is null or devices.last_check_in_at < t.at)`;

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export class PostgresFloor implements FloorCheckIn {
  private readonly pool: pg.Pool;
  /** Statement text → name: each connection prepares a name once (node-postgres keeps which). */
  private readonly names = new Map<string, string>();
  private readonly times: CheckInTimesFloor;
  private readonly usage = new UsageCoalescer((ids) => this.evaluateUsage(ids));

  constructor(
    options: { databaseUrl: string; schema: string; poolSize: number },
    private readonly actor: FloorActor,
  ) {
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize,
      options: `-c search_path="${options.schema}"`,
    });
    this.pool.on('error', () => undefined);
    this.times = new CheckInTimesFloor(async (batch) => {
      await this.query(this.pool, TIMES_SQL, [batch.map(([id]) => id), batch.map(([, at]) => at)]);
    });
  }

  private async query<T = Row>(db: Queryable, text: string, values: unknown[] = []): Promise<T[]> {
    let name = this.names.get(text);
    if (name === undefined) {
      name = `floor_${this.names.size + 1}`;
      this.names.set(text, name);
    }
    const result = await db.query({ name, text, values });
    return result.rows as T[];
  }

  async checkIn(
    serialNumber: string,
    reported: Map<string, string> | null,
    at: Date,
  ): Promise<FloorOutcome> {
    const [row] = await this.query<Row>(this.pool, WORLD_SQL, [
      this.actor.tenantId,
      serialNumber,
      'group',
      'active',
      'deleted',
    ]);
    if (row === undefined) throw new Error(`no device ${serialNumber}`);
    const { user, groups, assignments, installs, licenses, apps, pools, entries, ...device } = row;
    const world = {
      device,
      user,
      groups,
      assignments,
      installs,
      licenses,
      apps,
      pools,
      entries,
    } as unknown as FloorWorld;
    this.times.note(world.device.id, at);
    const decided = plan(world, reported, this.actor, at);
    const statements = statementsOf(decided);
    if (statements === 1) {
      await this.write(this.pool, decided, at);
    } else if (statements > 1) {
      const client = await this.pool.connect();
      try {
        await this.query(client, 'begin');
        await this.write(client, decided, at);
        await this.query(client, 'commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    }
    const problem =
      decided.productIds.length === 0 ? null : await this.usage.evaluate(decided.productIds);
    this.times.maybeFlush();
    return { ...decided.summary, problem };
  }

  /** Allot's writes on PostgreSQL (services/checkIn/writes.ts, db/batches.ts, db/seats.ts). */
  private async write(db: Queryable, decided: Plan, at: Date): Promise<void> {
    const inserts = (
      [
        ['installs', decided.installs],
        ['activity', decided.activity],
        ['licenses', decided.licenses],
      ] as const
    ).filter(([, rows]) => rows.length > 0);
    if (inserts.length === 1) {
      const p = new Params(true);
      await this.query(db, insertSql(p, inserts[0]![0], inserts[0]![1]), p.values);
    } else if (inserts.length > 1) {
      // One statement: each insert but the last a data-modifying WITH.
      const p = new Params(true);
      const withs = inserts
        .slice(0, -1)
        .map(([table, rows], i) => `"insert${i}" as (${insertSql(p, table, rows)})`);
      const [table, rows] = inserts.at(-1)!;
      await this.query(db, `with ${withs.join(', ')} ${insertSql(p, table, rows)}`, p.values);
    }
    for (const change of decided.changed) {
      const p = new Params(true);
      await this.query(db, installUpdateSql(p, change), p.values);
    }
    if (decided.takes.length === 0) return;
    const p = new Params(true);
    const locked = `select "id" from "pools" where "id" in ${p.list(decided.takes.map((t) => t.poolId))} order by "id" for update`;
    const set = seatSetSql(p, decided.takes, at.toISOString());
    const guard = seatGuardSql(p, decided.takes);
    const columns = Object.keys(decided.outbox[0]!).map((c) => `"${c}"`);
    const json = p.add(JSON.stringify(decided.outbox));
    const taken = await this.query(
      db,
      `with "locked" as materialized (${locked}), ` +
        `"taken" as (update "pools" set ${set} where "id" in (select "locked"."id" from "locked") and ${guard} returning "id"), ` +
        `"followed" as (insert into "outbox" (${columns.join(', ')}) select ${columns.map((c) => `"r".${c}`).join(', ')} from json_populate_recordset(null::"outbox", ${json}::json) as "r" where (select count(*) from taken) > ${p.add(0)}) ` +
        `select "taken"."id" from "taken"`,
      p.values,
    );
    if (taken.length !== decided.takes.length) throw new Error('a pool had no seat left');
  }

  /** After commit, in a transaction of its own, under Allot's advisory locks. */
  private async evaluateUsage(productIds: readonly string[]): Promise<string | null> {
    const client = await this.pool.connect();
    try {
      await this.query(client, 'begin');
      const keys = [
        ...new Set(productIds.map((id) => `usage:${this.actor.tenantId}:${id}`)),
      ].sort();
      await this.query(client, LOCK_SQL, [keys]);
      const p = new Params(true);
      const rows = await this.query(client, usageSql(p, this.actor.tenantId, productIds), p.values);
      await this.query(client, 'commit');
      return usageProblem(rows);
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async finish(): Promise<void> {
    await this.times.flush();
  }

  async close(): Promise<void> {
    await this.finish();
    await this.pool.end();
  }
}

/**
 * One usage evaluation at a time; what commits while one runs waits for the next, which covers
 * every product noted meanwhile (Allot's UsageEvaluator, for the one tenant of the benchmark).
 */
class UsageCoalescer {
  private running: Promise<string | null> | null = null;
  private next: { productIds: Set<string>; done: Promise<string | null> } | null = null;

  constructor(private readonly run: (productIds: string[]) => Promise<string | null>) {}

  evaluate(productIds: readonly string[]): Promise<string | null> {
    if (this.running === null) return this.start(new Set(productIds));
    if (this.next === null) {
      const next = {
        productIds: new Set<string>(),
        done: null as unknown as Promise<string | null>,
      };
      next.done = this.running
        .catch(() => null)
        .then(() => {
          this.next = null;
          return this.start(next.productIds);
        });
      this.next = next;
    }
    for (const id of productIds) this.next.productIds.add(id);
    return this.next.done;
  }

  private start(productIds: Set<string>): Promise<string | null> {
    const running = this.run([...productIds]).finally(() => {
      if (this.running === running && this.next === null) this.running = null;
    });
    this.running = running;
    return running;
  }
}
