/** Follows a background job (GET /jobs/{id}) until it succeeds or fails. */
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { Job } from '../api/types.js';

const POLL_MS = 500;

export function useJob(
  jobId: string | null,
  onDone?: (job: Job) => void,
): { job: Job | null; error: unknown } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    setJob(null);
    setError(undefined);
    if (jobId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.get<Job>(`/jobs/${encodeURIComponent(jobId)}`);
        if (stopped) return;
        setJob(next);
        if (next.state === 'succeeded' || next.state === 'failed') {
          done.current?.(next);
          return;
        }
      } catch (caught) {
        if (!stopped) setError(caught);
        return;
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId]);

  return { job, error };
}
