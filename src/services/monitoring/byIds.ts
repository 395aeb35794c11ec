/**
 * Rows looked up by a list of IDs (a page's subjects, names and licences) are found by their
 * primary key; the tenant is checked on each row found, never used to find them. SQLite keeps
 * no statistics, so it guesses that `tenant_id = ?` matches about ten rows: given an index that
 * leads with `tenant_id` (most do) and an `id in (…)` list longer than that, it walks every row
 * of the tenant instead (a million licences for a page of 50 entries). `tenant_id || ''` is the
 * same test, which no index can serve, on both databases (docs/decisions.md, "Reads at scale").
 */
import { sql, type SqlBool } from 'kysely';

/** `column = tenantId`, tested on the rows found, not used to find them. */
export function ofTenant(column: string, tenantId: string) {
  return sql<SqlBool>`${sql.ref(column)} || '' = ${tenantId}`;
}
