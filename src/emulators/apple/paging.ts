/** Apple's page-index pagination (reference §2.1). */
import { AppleWireError } from './wire-errors.js';

export interface PageFields {
  currentPageIndex: number;
  nextPageIndex?: number;
  size: number;
  totalPages: number;
}

/** Slices one page out of a listing; a bad or out-of-range index is 9650. */
export function pageOf<T>(
  items: readonly T[],
  pageIndexParam: string | undefined,
  pageSize: number,
): { page: T[]; fields: PageFields } {
  let pageIndex = 0;
  if (pageIndexParam !== undefined) {
    if (!/^\d{1,9}$/.test(pageIndexParam)) throw new AppleWireError(9650);
    pageIndex = Number(pageIndexParam);
  }
  // An empty listing still has its page 0, so that a client can always start there.
  const totalPages = Math.max(1, Math.ceil(items.length / pageSize));
  if (pageIndex >= totalPages) throw new AppleWireError(9650);
  const page = items.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize);
  return {
    page,
    fields: {
      currentPageIndex: pageIndex,
      ...(pageIndex + 1 < totalPages && { nextPageIndex: pageIndex + 1 }),
      size: page.length,
      totalPages,
    },
  };
}
