/** The two databases Allot runs on; only db/ branches on it. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * Whether a read of many tables (a check-in's world) is one statement returning JSON, or one
 * statement per table: on PostgreSQL each statement is a round trip, which costs more than the
 * JSON; SQLite has no round trip, and its JSON cost three times the parts (docs/decisions.md,
 * "Check-in path").
 */
export function readsInOneStatement(dialect: Dialect): boolean {
  return dialect === 'postgres';
}
