/**
 * Sorted keyset paging for the directory's lists: rows come in the order of one sort key, ties
 * broken by ID, and a page continues after the (key, ID) pair of the previous page's last row,
 * so paging stays stable under any sort. The key is computed by the database (lower-cased
 * names, empty for a missing time) and read back with each row: the cursor carries exactly the
 * value the database compares, on SQLite as on PostgreSQL.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';

export interface ListSort {
  field: string;
  descending: boolean;
}

export interface SortedPageRequest {
  limit: number;
  /** null: by ID, i.e. by creation. */
  sort: ListSort | null;
  /** Continue after this row (its sort key and ID). */
  after?: { key: string; id: string };
}

export interface SortedPage<T> {
  items: T[];
  /** The last row's sort key and ID, or null on the last page. */
  next: { key: string; id: string } | null;
}

/** The sort keys of a list: the API's field name to the SQL expression it orders by. */
export type SortKeys = Record<string, RawBuilder<string>>;

/** The expression a request orders by: its field's key, or the ID. */
export function sortKeyOf(keys: SortKeys, request: SortedPageRequest): RawBuilder<string> {
  return request.sort === null ? sql<string>`${sql.ref('id')}` : keys[request.sort.field]!;
}

/** `asc` or `desc`, for the key and for the ID that breaks ties. */
export function directionOf(request: SortedPageRequest): 'asc' | 'desc' {
  return request.sort?.descending === true ? 'desc' : 'asc';
}

/** `lower(column)`: names sort without case. */
export function lowered(column: string): RawBuilder<string> {
  return sql<string>`lower(${sql.ref(column)})`;
}

/** A column, or the first of the columns that is not null, or '' (sorts first). */
export function firstOf(...columns: string[]): RawBuilder<string> {
  return sql<string>`coalesce(${sql.join(columns.map((c) => sql.ref(c)))}, '')`;
}

/** The WHERE of a page after `after`: rows past it in the order. */
export function afterRow(key: RawBuilder<string>, request: SortedPageRequest): RawBuilder<SqlBool> {
  const after = request.after!;
  const past = request.sort?.descending === true ? sql`<` : sql`>`;
  return sql<SqlBool>`(${key} ${past} ${after.key} or (${key} = ${after.key} and ${sql.ref('id')} ${past} ${after.id}))`;
}

/** Turns `limit + 1` rows, each with its `sortKey`, into a page. */
export function toSortedPage<R extends { id: string; sortKey: string }, T>(
  rows: R[],
  limit: number,
  present: (row: R) => T,
): SortedPage<T> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: kept.map(present),
    next: rows.length > limit && last !== undefined ? { key: last.sortKey, id: last.id } : null,
  };
}
