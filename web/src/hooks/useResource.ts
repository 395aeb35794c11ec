/**
 * Reads one API path through the query cache: loading, the API's error, and reload() after a
 * change. The previous data stays on screen while a new request runs (no flicker).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../api/client.js';
import { apiKey } from '../api/queryClient.js';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useResource<T>(path: string | null): Resource<T> {
  const query = useQuery({
    queryKey: apiKey(path ?? ''),
    queryFn: ({ signal }) => api.get<T>(path!, signal),
    enabled: path !== null,
    placeholderData: keepPreviousData,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    data: query.data,
    error: query.error ?? undefined,
    loading: query.isFetching,
    reload,
  };
}
