/**
 * A cursor-paged list (`{items, nextCursor}`) that grows with "Load more", through the query
 * cache. Each list (path) is its own cache entry, so a page still loading for an earlier filter
 * lands in that filter's entry and never mixes into the list now shown.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api, withQuery } from '../api/client.js';
import { apiKey } from '../api/queryClient.js';
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
  const query = useInfiniteQuery({
    queryKey: [...apiKey(path ?? ''), 'pages'],
    queryFn: ({ pageParam, signal }) =>
      api.get<P>(pageParam === null ? path! : withQuery(path!, { cursor: pageParam }), signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: path !== null,
  });
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage, refetch } = query;
  const items = useMemo(() => data?.pages.flatMap((page) => page.items), [data]);
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [fetchNextPage, hasNextPage, isFetchingNextPage]);
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    first: data?.pages[0],
    items,
    nextCursor: data?.pages.at(-1)?.nextCursor ?? null,
    loading: query.isFetching,
    error: query.error ?? undefined,
    loadMore,
    reload,
  };
}
