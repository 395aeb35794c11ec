/**
 * Runs one write at a time and keeps its error (the API's message) for display; after a write
 * that succeeded, every read is refreshed (api/queryClient.ts).
 */
import { useCallback, useState } from 'react';
import { invalidateReads } from '../api/queryClient.js';

export interface Action {
  busy: boolean;
  error: unknown;
  run: (work: () => Promise<void>) => Promise<boolean>;
  clear: () => void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      void invalidateReads();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(undefined), []);
  return { busy, error, run, clear };
}
