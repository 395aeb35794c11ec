/**
 * Walks a paged listing: page 0 first (it tells totalPages and versionId), then the other
 * pages with at most 5 in flight (Apple's limit). If the versionId changes mid-walk the data
 * moved under us, so the walk starts again; after a few restarts the error goes up.
 */
import { StoreError } from '../connector.js';
import { appleError } from './errors.js';
import type { WirePage } from './wire-types.js';

export const MAX_PAGES_IN_FLIGHT = 5;

export interface WalkOptions {
  concurrency?: number;
  maxRestarts?: number;
}

export interface Walk<P> {
  pages: P[];
  versionId: string | null;
  restarts: number;
}

class VersionMoved extends Error {}

/** A bad page index (9650) mid-walk means the listing shrank: same as a version change. */
function isBadPage(error: unknown): boolean {
  return error instanceof StoreError && error.storeErrorNumber === 9650;
}

async function walkOnce<P extends WirePage>(
  fetchPage: (pageIndex: number) => Promise<P>,
  concurrency: number,
): Promise<{ pages: P[]; versionId: string | null }> {
  const first = await fetchPage(0);
  const versionId = first.versionId ?? null;
  const totalPages = first.totalPages ?? (first.nextPageIndex !== undefined ? Infinity : 1);
  const pages: P[] = [first];

  if (!Number.isFinite(totalPages)) {
    // No totalPages: follow nextPageIndex one page at a time.
    let page = first;
    while (page.nextPageIndex !== undefined) {
      page = await fetchPage(page.nextPageIndex);
      if ((page.versionId ?? null) !== versionId) throw new VersionMoved();
      pages.push(page);
    }
    return { pages, versionId };
  }

  let next = 1;
  let moved = false;
  const worker = async (): Promise<void> => {
    while (!moved && next < totalPages) {
      const index = next++;
      let page: P;
      try {
        page = await fetchPage(index);
      } catch (error) {
        if (isBadPage(error)) {
          moved = true;
          return;
        }
        throw error;
      }
      if ((page.versionId ?? null) !== versionId) moved = true;
      else pages[index] = page;
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, Math.max(0, totalPages - 1)) }, worker),
  );
  if (moved) throw new VersionMoved();
  return { pages, versionId };
}

export async function walkPages<P extends WirePage>(
  fetchPage: (pageIndex: number) => Promise<P>,
  options: WalkOptions = {},
): Promise<Walk<P>> {
  const concurrency = Math.min(MAX_PAGES_IN_FLIGHT, Math.max(1, options.concurrency ?? 5));
  const maxRestarts = options.maxRestarts ?? 3;
  for (let restarts = 0; ; restarts++) {
    try {
      const { pages, versionId } = await walkOnce(fetchPage, concurrency);
      return { pages, versionId, restarts };
    } catch (error) {
      if (!(error instanceof VersionMoved)) throw error;
      if (restarts >= maxRestarts) {
        throw appleError('unavailable', {
          message: 'the listing kept changing while it was read',
          retryAfterSeconds: 60,
        });
      }
    }
  }
}
