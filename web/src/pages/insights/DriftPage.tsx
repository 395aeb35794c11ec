/**
 * R-X7: the last comparison of the ledger with each store — when, and per store account what
 * differs, in words — and "Check now", which queues a comparison (a job) and shows its result.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { invalidateReads } from '../../api/queryClient.js';
import { Badge, type Tone } from '../../components/Badge.js';
import { Section } from '../../components/Section.js';
import { ErrorMessage, Loaded } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { formatRelative } from '../../format.js';
import { useJob } from '../../hooks/useJob.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { InsightsFrame } from './InsightsFrame.js';
import type { DriftDifference, DriftReport, StoreDrift } from './types.js';

const TONES: Record<StoreDrift['state'], Tone> = {
  clean: 'ok',
  drift: 'warning',
  unreachable: 'alert',
};

/** A difference in words (by its kind), with the check's own wording as the detail. */
function Difference({ difference }: { difference: DriftDifference }) {
  const { t } = useTranslation('insights');
  return (
    <li>
      {t(`drift.kind.${difference.kind}`, { defaultValue: difference.message })}
      <br />
      <small className="muted">{difference.message}</small>
    </li>
  );
}

function StoreCard({ store }: { store: StoreDrift }) {
  const { t } = useTranslation('insights');
  return (
    <li className="drift-store">
      <div className="drift-head">
        <strong>{store.name}</strong>
        <span className="muted">
          {t(`common:store.${store.store}`, { defaultValue: store.store })}
        </span>
        <Badge tone={TONES[store.state]}>{t(`drift.state.${store.state}`)}</Badge>
      </div>
      {store.differences.length === 0 ? (
        <p className="muted">{t('drift.matches')}</p>
      ) : (
        <>
          <p>{t('drift.differences', { count: store.differences.length })}</p>
          <ul className="drift-differences">
            {store.differences.map((d, i) => (
              <Difference key={`${d.kind} ${d.subjectId} ${i}`} difference={d} />
            ))}
          </ul>
        </>
      )}
    </li>
  );
}

function Report({ report }: { report: DriftReport }) {
  const { t } = useTranslation('insights');
  if (report.checkedAt === null) return <p>{t('drift.never')}</p>;
  return (
    <>
      <p className="drift-when">
        {t('drift.lastChecked')} <Time iso={report.checkedAt} />{' '}
        <span className="muted">
          ({formatRelative(report.checkedAt)}, {t(`drift.trigger.${report.trigger ?? 'scheduled'}`)}
          )
        </span>{' '}
        {report.clean === true ? (
          <Badge tone="ok">{t('drift.allClean')}</Badge>
        ) : (
          <Badge tone="warning">{t('drift.someDrift')}</Badge>
        )}
      </p>
      <Section title={t('drift.stores')}>
        {report.stores.length === 0 ? (
          <p className="muted">{t('drift.noStores')}</p>
        ) : (
          <ul className="drift-stores">
            {report.stores.map((store) => (
              <StoreCard key={store.accountId} store={store} />
            ))}
          </ul>
        )}
      </Section>
      {report.ledger.length > 0 && (
        <Section title={t('drift.ledger')}>
          <ul className="drift-differences">
            {report.ledger.map((d, i) => (
              <Difference key={`${d.kind} ${d.subjectId} ${i}`} difference={d} />
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}

/** POST /drift/check, then the job until it ends; the report is read again after. */
function useCheckNow() {
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const { job, error: jobError } = useJob(jobId, () => void invalidateReads());
  const start = async () => {
    setError(undefined);
    try {
      const queued = await api.post<{ jobId: string }>('/drift/check');
      setJobId(queued.jobId);
    } catch (caught) {
      setError(caught);
    }
  };
  const running =
    jobId !== null && (job === null || job.state === 'queued' || job.state === 'running');
  return { start, job, running, error: error ?? jobError };
}

function CheckStatus({ check }: { check: ReturnType<typeof useCheckNow> }) {
  const { t } = useTranslation('insights');
  const { job } = check;
  if (check.running) {
    return (
      <p className="state loading">
        <span className="spinner" aria-hidden="true" /> {t('drift.checking')}
      </p>
    );
  }
  if (job?.state === 'succeeded') {
    const found = (job.result as { differences?: number } | null)?.differences ?? 0;
    return <p className="success">{t('drift.checked', { count: found })}</p>;
  }
  if (job?.state === 'failed') {
    return <p className="error">{t('drift.checkFailed', { error: job.error ?? '' })}</p>;
  }
  return null;
}

export function DriftPage() {
  const { t } = useTranslation('insights');
  const { can } = useSession();
  const report = useResource<DriftReport>('/drift');
  const check = useCheckNow();
  return (
    <InsightsFrame
      view="drift"
      actions={
        can('accounts:write') && (
          <button
            type="button"
            className="primary"
            onClick={() => void check.start()}
            disabled={check.running}
          >
            {check.running ? t('drift.checkingShort') : t('drift.checkNow')}
          </button>
        )
      }
    >
      <div role="status" aria-live="polite">
        <CheckStatus check={check} />
      </div>
      <ErrorMessage error={check.error} />
      <Loaded resource={report}>{(data) => <Report report={data} />}</Loaded>
    </InsightsFrame>
  );
}
