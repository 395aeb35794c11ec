/**
 * A use case's transaction, with the work that must run in it once, just before it commits:
 * what a change implies is registered by the module that made the change (the ledger notes the
 * pools it moved, R-M5), not called by hand by every use case that may cause it. A hook may
 * register further hooks; they run until none is left.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from './dialect.js';
import type { Database } from './schema.js';

export interface TransactionScope {
  readonly dialect: Dialect;
  /** Runs `hook` before the transaction commits; a hook already waiting under `key` stays alone. */
  beforeCommit(key: string, hook: () => Promise<void>): void;
}

const scopes = new WeakMap<Kysely<Database>, TransactionScope>();

export async function runTransaction<T>(
  kysely: Kysely<Database>,
  dialect: Dialect,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return kysely.transaction().execute(async (trx) => {
    const hooks = new Map<string, () => Promise<void>>();
    scopes.set(trx, {
      dialect,
      beforeCommit(key, hook) {
        if (!hooks.has(key)) hooks.set(key, hook);
      },
    });
    const result = await work(trx);
    for (let next = hooks.entries().next(); !next.done; next = hooks.entries().next()) {
      const [key, hook] = next.value;
      hooks.delete(key);
      await hook();
    }
    return result;
  });
}

/** The scope of a transaction opened by runTransaction; undefined for any other handle. */
export function scopeOf(db: Kysely<Database>): TransactionScope | undefined {
  return scopes.get(db);
}
