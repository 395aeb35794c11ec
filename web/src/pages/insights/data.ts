/**
 * Lookups the insights pages share: the names of catalog apps known by ID, every catalog app of
 * a space (the waitlist's picker), and the space a per-space page shows.
 */
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../api/client.js';
import { apiKey } from '../../api/queryClient.js';
import type { CatalogApp, Page } from '../../api/types.js';
import { useSpaceInUrl } from '../../hooks/useListInUrl.js';
import { useSession } from '../../session/SessionContext.js';

/** A catalog app's name by its ID; null while it loads (or when it is gone). */
export function useAppNames(
  ids: ReadonlyArray<string | null>,
): (id: string | null) => string | null {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  const results = useQueries({
    queries: unique.map((id) => {
      const path = `/catalog-apps/${encodeURIComponent(id)}`;
      return {
        queryKey: apiKey(path),
        queryFn: ({ signal }: { signal: AbortSignal }) => api.get<CatalogApp>(path, signal),
        staleTime: 60_000,
      };
    }),
  });
  const names = new Map<string, string>();
  unique.forEach((id, i) => {
    const app = results[i]?.data;
    if (app !== undefined) names.set(id, app.name);
  });
  return (id) => (id === null ? null : (names.get(id) ?? null));
}

const PAGE_SIZE = 200;

/** Every catalog app the space offers, following the cursor to the end (a picker must not cut). */
export function useCatalogApps(spaceId: string | undefined) {
  const path = withQuery('/catalog-apps', { spaceId });
  return useQuery({
    queryKey: [...apiKey(path), 'all'],
    queryFn: async ({ signal }) => {
      const apps: CatalogApp[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<CatalogApp> = await api.get<Page<CatalogApp>>(
          withQuery(path, { limit: PAGE_SIZE, cursor }),
          signal,
        );
        apps.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      return apps.sort((a, b) => a.name.localeCompare(b.name));
    },
    placeholderData: keepPreviousData,
  });
}

/**
 * The one space a per-space page (a reclaim policy) shows: the header switcher's (or the URL's
 * `space=`), else the token's own, else the default space; `choose` moves the switcher.
 */
export function usePolicySpace(): { spaceId: string | undefined; choose: (id: string) => void } {
  const { spaces, setSpaceId } = useSession();
  const chosen = useSpaceInUrl();
  const fallback = spaces.find((s) => s.isDefault) ?? spaces[0];
  return { spaceId: chosen ?? fallback?.id, choose: (id) => setSpaceId(id) };
}
