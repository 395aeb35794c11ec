/**
 * Every item of a cursor-paged list, following `nextCursor` to the end, through the query
 * cache: for lookups (which catalog app offers a product) that a first page would silently cut.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../api/client.js';
import { apiKey } from '../../api/queryClient.js';
import type { Page } from '../../api/types.js';
import type { Resource } from '../../hooks/useResource.js';

const PAGE_SIZE = 200;

async function readAll<T>(path: string, signal: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(
      withQuery(path, { limit: PAGE_SIZE, cursor }),
      signal,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

export function useAllPages<T>(path: string | null): Resource<T[]> {
  const query = useQuery({
    queryKey: [...apiKey(path ?? ''), 'all'],
    queryFn: ({ signal }) => readAll<T>(path!, signal),
    enabled: path !== null,
    placeholderData: keepPreviousData,
  });
  return {
    data: query.data,
    error: query.error ?? undefined,
    loading: query.isFetching,
    reload: () => void query.refetch(),
  };
}
