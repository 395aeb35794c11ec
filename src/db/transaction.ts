/**
 * A use case's transaction, with the work a change implies once it has committed, registered by
 * the module that made the change rather than called by hand by every use case that may cause
 * it (the ledger notes the pools it moved, R-M5). A hook may register further hooks; they run
 * until none is left. A transaction that rolls back runs none.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from './dialect.js';
import type { Database } from './schema.js';

export interface TransactionScope {
  readonly dialect: Dialect;
  /** The database the transaction runs on, for work that runs after it. */
  readonly root: Kysely<Database>;
  /**
   * Runs `hook` once the transaction has committed, before the caller gets its result; a hook
   * already waiting under `key` stays alone. Its failure does not undo the commit: it is the
   * caller's error to report.
   */
  afterCommit(key: string, hook: () => Promise<void>): void;
}

const scopes = new WeakMap<Kysely<Database>, TransactionScope>();

export async function runTransaction<T>(
  kysely: Kysely<Database>,
  dialect: Dialect,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const after = new Map<string, () => Promise<void>>();
  const result = await kysely.transaction().execute(async (trx) => {
    scopes.set(trx, {
      dialect,
      root: kysely,
      afterCommit(key, hook) {
        if (!after.has(key)) after.set(key, hook);
      },
    });
    return work(trx);
  });
  await drain(after);
  return result;
}

async function drain(hooks: Map<string, () => Promise<void>>): Promise<void> {
  for (let next = hooks.entries().next(); !next.done; next = hooks.entries().next()) {
    const [key, hook] = next.value;
    hooks.delete(key);
    await hook();
  }
}

/** The scope of a transaction opened by runTransaction; undefined for any other handle. */
export function scopeOf(db: Kysely<Database>): TransactionScope | undefined {
  return scopes.get(db);
}
