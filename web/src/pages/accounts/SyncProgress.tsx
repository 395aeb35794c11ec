/** The progress of a sync job (GET /jobs/{id}) and what it did. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
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

function summary(job: Job, t: TFunction<'accounts'>): string {
  const result = (job.result ?? {}) as SyncResult;
  const parts = [result.full === true ? t('sync.fullDone') : t('sync.done')];
  if (result.outcome !== undefined && result.outcome !== 'synced') parts.push(result.outcome);
  if (result.products !== undefined) parts.push(t('sync.products', { count: result.products }));
  if (result.releasedLicenses) {
    parts.push(t('sync.released', { count: result.releasedLicenses }));
  }
  if (result.untrackedLicenses) {
    parts.push(t('sync.untracked', { count: result.untrackedLicenses }));
  }
  return parts.join(' · ');
}

export function SyncProgress(props: { jobId: string; label: string; onDone: (job: Job) => void }) {
  const { t } = useTranslation('accounts');
  const { job, error } = useJob(props.jobId, props.onDone);
  if (error !== undefined) return <ErrorMessage error={error} />;
  if (job?.state === 'succeeded') {
    return (
      <p className="success small" role="status">
        {summary(job, t)}
      </p>
    );
  }
  if (job?.state === 'failed') {
    return (
      <ErrorMessage
        error={new Error(t('sync.failed', { error: job.error ?? t('sync.unknown') }))}
      />
    );
  }
  return (
    <ProgressBar
      label={job?.state === 'running' ? props.label : t('sync.queued', { label: props.label })}
      value={job?.state === 'running' ? job.progress : null}
    />
  );
}
