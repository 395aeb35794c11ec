/**
 * PostgreSQL parses and plans every unnamed statement anew, and at a few hundred check-ins a
 * second that costs the server as much CPU as Allot spends in all. Kysely sends the same few
 * dozen statement texts again and again, so each connection prepares them once under a name
 * (node-postgres then sends only Bind and Execute), up to a bound per connection.
 */
import type pg from 'pg';

/** Named statements per connection; later texts go unnamed (each holds a plan on the server). */
const MAX_NAMED = 200;

/** "cached plan must not change result type": a table changed under the prepared statement. */
const PLAN_CHANGED = '0A000';

type Query = (...args: unknown[]) => unknown;

export function prepareStatementsOf(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Query;
  const names = new Map<string, string>();
  let issued = 0;
  const patched: Query = (text, values, ...rest) => {
    if (typeof text !== 'string' || !Array.isArray(values) || rest.length > 0) {
      return query(text, values, ...rest);
    }
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED) {
      issued += 1;
      name = `allot_${issued}`;
      names.set(text, name);
    }
    if (name === undefined) return query(text, values);
    return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
      // A migration altered a table (a rolling upgrade): this statement is prepared afresh, under
      // a new name, the next time; this once, the caller sees the error.
      if ((error as { code?: unknown } | null)?.code === PLAN_CHANGED) names.delete(text);
      throw error;
    });
  };
  (client as unknown as { query: Query }).query = patched;
}
