/**
 * The console's query cache (TanStack Query): every read is cached by its API path, a page
 * shown again appears at once and refreshes behind, and every successful write marks all reads
 * stale so each screen shows what the write changed without reloading by hand.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.js';

/** The key of a read of one API path; `['api']` is every read. */
export const apiKey = (path: string) => ['api', path] as const;

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Licence counts change under the administrator's eyes: a few seconds of reuse only.
      staleTime: 5_000,
      // An API refusal (403, 404, 400) will not change on retry; a network blip may.
      retry: (failures, error) => !(error instanceof ApiError) && failures < 2,
      refetchOnWindowFocus: true,
    },
  },
});

/** After a write: every read is stale, and the ones on screen are fetched again. */
export function invalidateReads(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['api'] });
}
