/**
 * Continuation-token paging. A token names the last key returned and the query it belongs
 * to, so a page never repeats or skips an entry that stays put, whatever changes around it;
 * reusing a token with other filters is a 400.
 */
import { invalidParameter } from './wire-errors.js';

interface TokenContent {
  after: string;
  query: string;
}

export function parseMaxResults(raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value) || Number(value) < 1) {
    throw invalidParameter('maxResults', 'maxResults must be a positive integer');
  }
  if (Number(value) > max) {
    throw invalidParameter('maxResults', `maxResults must be at most ${max}`);
  }
  return Number(value);
}

function readToken(raw: unknown, query: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== 'string') {
    throw invalidParameter('continuationToken', 'continuationToken must be a string');
  }
  try {
    const content = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    ) as Partial<TokenContent>;
    if (typeof content.after === 'string' && content.query === query) return content.after;
  } catch {
    // reported below
  }
  throw invalidParameter('continuationToken', 'continuationToken is not valid for this query');
}

/** One page of `items` (sorted by `keyOf`) after the token's key, and the next token. */
export function pageOf<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  options: { token: unknown; maxResults: number; query: string },
): { page: T[]; continuationToken: string | null } {
  const after = readToken(options.token, options.query);
  const start = after === undefined ? 0 : items.findIndex((item) => keyOf(item) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const page = rest.slice(0, options.maxResults);
  const last = page[page.length - 1];
  const more = rest.length > page.length && last !== undefined;
  const content: TokenContent = { after: last ? keyOf(last) : '', query: options.query };
  return {
    page,
    continuationToken: more
      ? Buffer.from(JSON.stringify(content), 'utf8').toString('base64url')
      : null,
  };
}
