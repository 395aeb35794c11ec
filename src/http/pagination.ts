/** Cursors are opaque to clients: base64url of the ID to continue after. */
import { ValidationError } from '../domain/errors.js';
import type { Page, PageRequest } from '../services/pagination.js';

export function pageRequest(query: { limit?: number; cursor?: string }): PageRequest {
  const limit = query.limit ?? 50;
  if (query.cursor === undefined) return { limit };
  const after = Buffer.from(query.cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(after)) {
    throw new ValidationError(
      'The cursor is not one this server gave out',
      { field: 'cursor' },
      'INVALID_CURSOR',
    );
  }
  return { limit, after };
}

export function pageResponse<T>(page: Page<T>): { items: T[]; nextCursor: string | null } {
  return {
    items: page.items,
    nextCursor: page.nextAfter === null ? null : Buffer.from(page.nextAfter).toString('base64url'),
  };
}
