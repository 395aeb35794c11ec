/**
 * PostgreSQL parses and plans every unnamed statement anew, and at a few hundred check-ins a
 * second that costs the server as much CPU as Allot spends in all. Kysely sends the same few
 * dozen statement texts again and again, so each connection prepares them once under a name
 * (node-postgres then sends only Bind and Execute), up to a bound per connection.
 *
 * PostgreSQL keeps the generic plan it made at a named statement's sixth execution until the
 * statistics of its tables change, and with autovacuum off they never do. Made while a table
 * was nearly empty (a first SCIM push, a first sync), that plan picks any index on `tenant_id`
 * (all cost one row then) and, once the table has grown, reads the whole tenant per lookup.
 * So a statement is prepared again, under a new name, each time its executions on the
 * connection reach the next of `REPREPARE_AT`: a handful of plans in a connection's life, the
 * last made from the table as it has grown.
 */
import type pg from 'pg';

/** Named statements per connection; later texts go unnamed (each holds a plan on the server). */
const MAX_NAMED = 200;

/**
 * Executions of a statement on one connection after which it is prepared again: its plan is
 * then made from tables that have had that many more statements to grow.
 */
const REPREPARE_AT = [64, 256, 1024, 4096, 16384];

/** "cached plan must not change result type": a table changed under the prepared statement. */
const PLAN_CHANGED = '0A000';

type Query = (...args: unknown[]) => unknown;

interface Named {
  name: string;
  executions: number;
  /** Index of the next threshold in REPREPARE_AT. */
  next: number;
}

export function prepareStatementsOf(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Query;
  const names = new Map<string, Named>();
  let issued = 0;
  const newName = () => {
    issued += 1;
    return `allot_${issued}`;
  };
  const patched: Query = (text, values, ...rest) => {
    if (typeof text !== 'string' || !Array.isArray(values) || rest.length > 0) {
      return query(text, values, ...rest);
    }
    let named = names.get(text);
    if (named === undefined && names.size < MAX_NAMED) {
      named = { name: newName(), executions: 0, next: 0 };
      names.set(text, named);
    }
    if (named === undefined) return query(text, values);
    named.executions += 1;
    if (named.executions > (REPREPARE_AT[named.next] ?? Infinity)) {
      // The statement prepared under the old name stays on the server until the connection
      // ends (pooled connections are replaced after a minute, database.ts): at most
      // REPREPARE_AT.length of them per text.
      named.name = newName();
      named.next += 1;
    }
    return (query({ name: named.name, text, values }) as Promise<unknown>).catch(
      (error: unknown) => {
        // A migration altered a table (a rolling upgrade): this statement is prepared afresh,
        // under a new name, the next time; this once, the caller sees the error.
        if ((error as { code?: unknown } | null)?.code === PLAN_CHANGED) names.delete(text);
        throw error;
      },
    );
  };
  (client as unknown as { query: Query }).query = patched;
}
