/**
 * A query built and compiled once per dialect, then run with new values: for a hot statement
 * whose building costs more than running it (Kysely builds and compiles every query anew, and
 * the camel-case plugin renames every identifier each time).
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Dialect } from './dialect.js';
import type { Database } from './schema.js';

/** Stands for a value in the query as built; replaced by the value at each run. */
export type Placeholder = (name: string) => string;

const MARKER = '\u0000value:';

interface Compiled<Row> {
  query: CompiledQuery<Row>;
  /** For each bound parameter, the name of the value it takes, or null for a constant. */
  slots: Array<string | null>;
}

export class CompiledOnce<Row> {
  private readonly compiled = new Map<Dialect, Compiled<Row>>();

  constructor(
    private readonly build: (
      db: Kysely<Database>,
      dialect: Dialect,
      value: Placeholder,
    ) => Compilable<Row>,
  ) {}

  async execute(
    db: Kysely<Database>,
    dialect: Dialect,
    values: Record<string, unknown>,
  ): Promise<Row[]> {
    let compiled = this.compiled.get(dialect);
    if (compiled === undefined) {
      const query = this.build(db, dialect, (name) => `${MARKER}${name}`).compile();
      const slots = query.parameters.map((p) =>
        typeof p === 'string' && p.startsWith(MARKER) ? p.slice(MARKER.length) : null,
      );
      compiled = { query, slots };
      this.compiled.set(dialect, compiled);
    }
    const { query, slots } = compiled;
    const parameters = query.parameters.map((constant, i) => {
      const name = slots[i] ?? null;
      if (name === null) return constant;
      if (!(name in values)) throw new Error(`No value for "${name}"`);
      return values[name];
    });
    const { rows } = await db.executeQuery<Row>({ ...query, parameters });
    return rows;
  }
}
