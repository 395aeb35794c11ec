import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Dialect } from './dialect.js';

/**
 * Locks pool rows until the transaction ends, so a recount reads what concurrent allocations
 * committed. SQLite needs nothing: its transactions already run one at a time.
 */
export async function lockPools(
  db: Kysely<Database>,
  dialect: Dialect,
  poolIds: string[],
): Promise<void> {
  if (dialect !== 'postgres' || poolIds.length === 0) return;
  await db
    .selectFrom('pools')
    .select('id')
    .where('id', 'in', poolIds)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Errors after which a transaction can simply run again: lost races on PostgreSQL. */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01' || code === '23505';
}

/**
 * Serialises transactions on these keys until they end (PostgreSQL advisory locks, taken in
 * one order so two never wait on each other). SQLite needs nothing, as above.
 */
export async function lockKeys(
  db: Kysely<Database>,
  dialect: Dialect,
  keys: readonly string[],
): Promise<void> {
  if (dialect !== 'postgres' || keys.length === 0) return;
  const sorted = [...new Set(keys)].sort();
  await sql`select pg_advisory_xact_lock(hashtextextended(k, 0))
            from (select unnest(${sorted}::text[]) as k order by 1) as keys`.execute(db);
}
