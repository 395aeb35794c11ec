/**
 * Walks a paged listing as Apple says to (reference §2.1): page 0 first (it tells totalPages
 * and versionId), then the other pages with at most 5 in flight, to the end. The data may
 * change while the walk goes on — on a large location it always does — so the walk keeps
 * page 0's versionId (the next delta asks for what changed since it, changes made during
 * the walk included) and follows the listing to its end as it grows; a page index past a
 * listing that shrank (9650) ends it. A walk never starts again.
 */
import { StoreError } from '../connector.js';
import type { WirePage } from './wire-types.js';

export const MAX_PAGES_IN_FLIGHT = 5;

export interface WalkOptions {
  concurrency?: number;
}

export interface Walk<P> {
  pages: P[];
  /** Page 0's versionId: what to ask the next delta from. */
  versionId: string | null;
  /**
   * False when the listing changed during the walk (a page with another versionId, or a
   * shorter listing). The pages then come from several versions: a record moved by a change
   * may be missing, so such a walk cannot prove a record is gone.
   */
  settled: boolean;
}

/** A bad page index (9650) mid-walk means the listing shrank below that page. */
function isBadPage(error: unknown): boolean {
  return error instanceof StoreError && error.storeErrorNumber === 9650;
}

export async function walkPages<P extends WirePage>(
  fetchPage: (pageIndex: number) => Promise<P>,
  options: WalkOptions = {},
): Promise<Walk<P>> {
  const concurrency = Math.min(MAX_PAGES_IN_FLIGHT, Math.max(1, options.concurrency ?? 5));
  const first = await fetchPage(0);
  const versionId = first.versionId ?? null;
  const pages: P[] = [first];
  let settled = true;
  let ended = false;
  const take = (index: number, page: P): void => {
    pages[index] = page;
    if ((page.versionId ?? null) !== versionId) settled = false;
  };
  const fetchOrEnd = async (index: number): Promise<P | null> => {
    try {
      return await fetchPage(index);
    } catch (error) {
      if (!isBadPage(error)) throw error;
      ended = true;
      settled = false;
      return null;
    }
  };

  if (first.totalPages === undefined) {
    // No totalPages: follow nextPageIndex one page at a time.
    let page: P | null = first;
    while (page?.nextPageIndex !== undefined && !ended) {
      const index: number = page.nextPageIndex;
      page = await fetchOrEnd(index);
      if (page) take(index, page);
    }
    return { pages: pages.filter(Boolean), versionId, settled };
  }

  let total = first.totalPages;
  let next = 1;
  const worker = async (): Promise<void> => {
    while (!ended && next < total) {
      const index = next++;
      const page = await fetchOrEnd(index);
      if (page === null) return;
      take(index, page);
      // Records added during the walk make more pages: walk to the new end.
      if (page.totalPages !== undefined && page.totalPages > total) total = page.totalPages;
    }
  };
  // A page read last may announce more pages after the other workers stopped: go on.
  while (!ended && next < total) {
    const workers = Math.min(concurrency, total - next);
    await Promise.all(Array.from({ length: workers }, worker));
  }
  return { pages: pages.filter(Boolean), versionId, settled };
}
