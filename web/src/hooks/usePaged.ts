/** A cursor-paged list (`{items, nextCursor}`) that grows with "Load more". */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, withQuery } from '../api/client.js';
import type { Page } from '../api/types.js';

export interface Paged<T, P extends Page<T> = Page<T>> {
  /** The first page as the server sent it (some lists carry more than items). */
  first: P | undefined;
  items: T[] | undefined;
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
  reload: () => void;
}

export function usePaged<T, P extends Page<T> = Page<T>>(path: string | null): Paged<T, P> {
  const [first, setFirst] = useState<P | undefined>(undefined);
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [error, setError] = useState<unknown>(undefined);
  const [version, setVersion] = useState(0);
  const shown = useRef(path);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    // Another list (a new filter or tab) starts empty; a reload of the same one keeps its rows.
    if (shown.current !== path) {
      shown.current = path;
      setItems(undefined);
      setNextCursor(null);
    }
    setLoading(true);
    setError(undefined);
    api.get<P>(path, controller.signal).then(
      (page) => {
        setFirst(page);
        setItems(page.items);
        setNextCursor(page.nextCursor);
        setLoading(false);
      },
      (caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(caught);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [path, version]);

  const loadMore = useCallback(() => {
    if (path === null || nextCursor === null) return;
    setLoading(true);
    api.get<Page<T>>(withQuery(path, { cursor: nextCursor })).then(
      (page) => {
        setItems((previous) => [...(previous ?? []), ...page.items]);
        setNextCursor(page.nextCursor);
        setLoading(false);
      },
      (caught: unknown) => {
        setError(caught);
        setLoading(false);
      },
    );
  }, [path, nextCursor]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { first, items, nextCursor, loading, error, loadMore, reload };
}
