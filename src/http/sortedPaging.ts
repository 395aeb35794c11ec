/**
 * `sort` and keyset cursors for the directory's lists (GET /users, GET /devices): `sort=name`
 * or `sort=-name` among a list's whitelisted fields; the cursor is opaque to clients, the
 * base64url of the sort it belongs to and the last row's sort key and ID.
 */
import { Type } from 'typebox';
import { ValidationError } from '../domain/errors.js';
import type { ListSort, SortedPage, SortedPageRequest } from '../services/directory/listOrder.js';

/** `limit`, `cursor` and `sort` of a sorted list, documented with the list's fields. */
export function SortedPageQuery(fields: readonly string[]) {
  return {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(
      Type.String({
        maxLength: 1200,
        description: 'The `nextCursor` of the previous page, with the same `sort` and filters',
      }),
    ),
    sort: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          `The order: one of ${fields.map((f) => `\`${f}\``).join(', ')}; a leading \`-\` ` +
          'sorts descending. Ties, and no sort, go by ID (creation order). An unknown field is ' +
          '400 VALIDATION_FAILED.',
        examples: [fields[0], `-${fields.at(-1)}`],
      }),
    ),
  };
}

/** The `sort` parameter checked against the list's fields; null when absent. */
export function parseListSort(
  value: string | undefined,
  fields: readonly string[],
): ListSort | null {
  if (value === undefined || value === '') return null;
  const descending = value.startsWith('-');
  const field = descending ? value.slice(1) : value;
  if (!fields.includes(field)) {
    throw new ValidationError(
      `Cannot sort by "${field}": sort by one of ${fields.join(', ')}, with a leading "-" for descending order`,
      { field: 'sort', value: field, allowed: [...fields] },
    );
  }
  return { field, descending };
}

function sortText(sort: ListSort | null): string {
  return sort === null ? '' : `${sort.descending ? '-' : ''}${sort.field}`;
}

interface Cursor {
  s: string;
  k: string;
  i: string;
}

function invalidCursor(): ValidationError {
  return new ValidationError(
    'The cursor is not one this server gave out for this sort',
    { field: 'cursor' },
    'INVALID_CURSOR',
  );
}

function decodeCursor(text: string): Cursor {
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const c = cursor as Partial<Cursor> | null;
  if (typeof c?.s !== 'string' || typeof c.k !== 'string' || typeof c.i !== 'string') {
    throw invalidCursor();
  }
  return c as Cursor;
}

export function sortedPageRequest(
  query: { limit?: number; cursor?: string; sort?: string },
  fields: readonly string[],
): SortedPageRequest {
  const sort = parseListSort(query.sort, fields);
  const request: SortedPageRequest = { limit: query.limit ?? 50, sort };
  if (query.cursor === undefined) return request;
  const cursor = decodeCursor(query.cursor);
  if (cursor.s !== sortText(sort)) throw invalidCursor();
  return { ...request, after: { key: cursor.k, id: cursor.i } };
}

export function sortedPageResponse<T>(
  page: SortedPage<T>,
  request: SortedPageRequest,
): { items: T[]; nextCursor: string | null } {
  const next = page.next;
  if (next === null) return { items: page.items, nextCursor: null };
  const cursor: Cursor = { s: sortText(request.sort), k: next.key, i: next.id };
  return {
    items: page.items,
    nextCursor: Buffer.from(JSON.stringify(cursor)).toString('base64url'),
  };
}
