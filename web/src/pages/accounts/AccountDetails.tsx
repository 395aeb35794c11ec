/** One account opened from the table: its facts, its sync, and what can be done to it. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, Job } from '../../api/types.js';
import { UsageChart } from '../../components/charts/UsageChart.js';
import { AccountFacts } from './AccountFacts.js';
import { AccountStatus } from './AccountStatus.js';
import { IsvSeats } from './IsvSeats.js';
import { SyncProgress } from './SyncProgress.js';

export type AccountCommand = 'sync' | 'fullSync' | 'renew' | 'claim' | 'delete' | 'up' | 'down';

export function AccountDetails(props: {
  account: Account;
  canWrite: boolean;
  first: boolean;
  last: boolean;
  jobId: string | null;
  onCommand: (command: AccountCommand) => void;
  onSyncDone: (job: Job) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('accounts');
  const { account: a, onCommand, canWrite } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const apple = a.store === 'apple';
  const syncable = a.store !== 'isv' && a.status !== 'claimedElsewhere';

  useEffect(() => {
    heading.current?.focus();
  }, [a.id]);

  return (
    <section className="card account-details" aria-labelledby={`account-${a.id}`}>
      <header className="account-head">
        <h2 id={`account-${a.id}`} ref={heading} tabIndex={-1}>
          {a.name}
        </h2>
        <AccountStatus account={a} />
        <button
          type="button"
          className="icon-button close-details"
          aria-label={t('details.close', { name: a.name })}
          onClick={props.onClose}
        >
          ×
        </button>
      </header>
      {a.statusReason !== null && a.status !== 'healthy' && (
        <p className={a.status === 'error' || a.status === 'claimedElsewhere' ? 'error' : 'muted'}>
          {a.statusReason}
        </p>
      )}
      <AccountFacts account={a} />
      {props.jobId !== null && (
        <SyncProgress
          jobId={props.jobId}
          label={t('sync.syncing', { name: a.name })}
          onDone={props.onSyncDone}
        />
      )}
      {canWrite && (
        <div className="actions">
          {syncable && (
            <>
              <button type="button" onClick={() => onCommand('sync')}>
                {t('details.sync')}
              </button>
              <button type="button" onClick={() => onCommand('fullSync')}>
                {t('details.fullSync')}
              </button>
            </>
          )}
          {a.store !== 'isv' && (
            <button type="button" onClick={() => onCommand('renew')}>
              {apple ? t('details.renewToken') : t('details.renewSecret')}
            </button>
          )}
          {apple && (
            <>
              <button type="button" disabled={props.first} onClick={() => onCommand('up')}>
                {t('details.up')}
              </button>
              <button type="button" disabled={props.last} onClick={() => onCommand('down')}>
                {t('details.down')}
              </button>
            </>
          )}
          {a.status === 'claimedElsewhere' && (
            <button type="button" className="primary" onClick={() => onCommand('claim')}>
              {t('details.claim')}
            </button>
          )}
          <button type="button" className="danger" onClick={() => onCommand('delete')}>
            {t('details.delete')}
          </button>
        </div>
      )}
      {a.store === 'isv' && <IsvSeats account={a} />}
      <section className="account-chart" aria-labelledby={`account-chart-${a.id}`}>
        <h3 id={`account-chart-${a.id}`}>{t('chart.title')}</h3>
        <UsageChart filter={{ accountId: a.id }} name={a.name} spaceId={a.spaceId} />
      </section>
    </section>
  );
}
