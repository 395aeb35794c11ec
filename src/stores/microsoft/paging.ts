/** Continuation-token walks and a small concurrency limiter. */
import { msError } from './errors.js';

/** Follows continuation tokens until the store gives none; a repeated token is an error. */
export async function walkContinuation<P>(
  fetchPage: (continuationToken: string | undefined) => Promise<P>,
  tokenOf: (page: P) => string | null | undefined,
): Promise<P[]> {
  const pages: P[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const page = await fetchPage(token);
    pages.push(page);
    const next = tokenOf(page);
    if (next === null || next === undefined || next === '') return pages;
    if (seen.has(next)) {
      throw msError('badResponse', { message: 'the store repeated a continuation token' });
    }
    seen.add(next);
    token = next;
  }
}

/** Maps with at most `limit` calls in flight, keeping the order of `items`. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
