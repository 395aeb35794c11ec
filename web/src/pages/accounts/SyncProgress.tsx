/** The progress of a sync job (GET /jobs/{id}) and what it did. */
import type { Job } from '../../api/types.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { ErrorMessage } from '../../components/State.js';
import { useJob } from '../../hooks/useJob.js';

interface SyncResult {
  outcome?: string;
  full?: boolean;
  products?: number;
  untrackedLicenses?: number;
  releasedLicenses?: number;
}

function summary(job: Job): string {
  const result = (job.result ?? {}) as SyncResult;
  const parts = [`${result.full === true ? 'Full resync' : 'Sync'} finished`];
  if (result.outcome !== undefined && result.outcome !== 'synced') parts.push(result.outcome);
  if (result.products !== undefined) {
    parts.push(`${result.products} product${result.products === 1 ? '' : 's'}`);
  }
  if (result.releasedLicenses) parts.push(`${result.releasedLicenses} licences released`);
  if (result.untrackedLicenses) parts.push(`${result.untrackedLicenses} untracked`);
  return parts.join(' · ');
}

export function SyncProgress(props: { jobId: string; label: string; onDone: (job: Job) => void }) {
  const { job, error } = useJob(props.jobId, props.onDone);
  if (error !== undefined) return <ErrorMessage error={error} />;
  if (job?.state === 'succeeded') {
    return (
      <p className="success small" role="status">
        {summary(job)}
      </p>
    );
  }
  if (job?.state === 'failed') {
    return <ErrorMessage error={new Error(`Sync failed: ${job.error ?? 'unknown error'}`)} />;
  }
  return (
    <ProgressBar
      label={`${props.label}${job?.state === 'running' ? '' : ' (queued)'}`}
      value={job?.state === 'running' ? job.progress : null}
    />
  );
}
