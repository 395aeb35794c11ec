import type { Kysely } from 'kysely';
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
