/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running most
 * of ours. This keeps the prepared statements of the most recent distinct SQL texts (queries
 * are built from a bounded set of shapes, so a few hundred cover them all).
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const DEFAULT_CAPACITY = 500;

interface Preparer {
  close(): void;
  prepare(sql: string): SqliteStatement;
}

export function withStatementCache(
  database: Preparer,
  capacity = DEFAULT_CAPACITY,
): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        // Most recently used last, so the oldest entry is the first to go.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
