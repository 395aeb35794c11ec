/** What is known about an account's connection, by store. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../api/types.js';
import { Time } from '../../components/Time.js';
import { daysUntil, formatCount } from '../../format.js';

function Fact({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd title={title}>{children}</dd>
    </div>
  );
}

/** The expiry date, and how many days are left when 30 or fewer. */
export function TokenExpiry({ iso }: { iso: string | null }) {
  const { t } = useTranslation('accounts');
  const days = iso === null ? null : daysUntil(iso);
  const soon = days !== null && days <= 30;
  return (
    <span className={soon ? 'warning-text' : undefined}>
      <Time iso={iso} dateOnly />
      {soon && ` (${days < 0 ? t('expiry.expired') : t('expiry.days', { count: days })})`}
    </span>
  );
}

function MicrosoftFacts({ account: a }: { account: Account }) {
  const { t } = useTranslation('accounts');
  return (
    <>
      <Fact label={t('facts.directory')}>{a.organizationName ?? a.tenantDirectoryId ?? '—'}</Fact>
      <Fact label={t('facts.domain')}>{a.locationName ?? '—'}</Fact>
      <Fact label={t('facts.language')}>{a.language ?? '—'}</Fact>
      <Fact label={t('facts.secretExpires')}>
        <TokenExpiry iso={a.tokenExpiresAt} />
      </Fact>
    </>
  );
}

function IsvFacts({ account: a }: { account: Account }) {
  const { t } = useTranslation('accounts');
  return (
    <>
      <Fact label={t('facts.publisher')}>{a.publisher ?? a.organizationName ?? '—'}</Fact>
      <Fact label={t('facts.seats')}>
        {a.seats === null || a.seats === undefined ? '—' : formatCount(a.seats)}
      </Fact>
      <Fact label={t('facts.boughtThrough')}>
        {a.purchasedThrough === 'vendor' || a.purchasedThrough === 'marketplace'
          ? t(`facts.through.${a.purchasedThrough}`)
          : '—'}
      </Fact>
    </>
  );
}

function AppleFacts({ account: a }: { account: Account }) {
  const { t } = useTranslation('accounts');
  return (
    <>
      <Fact label={t('facts.organisation')}>{a.organizationName ?? '—'}</Fact>
      <Fact label={t('facts.location')}>{a.locationName ?? '—'}</Fact>
      <Fact label={t('facts.appleId')}>{a.appleId ?? '—'}</Fact>
      <Fact label={t('facts.type')}>
        {a.accountType === 'business' || a.accountType === 'education'
          ? t(`accountType.${a.accountType}`)
          : (a.accountType ?? '—')}
      </Fact>
      <Fact label={t('facts.tokenCreated')}>
        <Time iso={a.tokenCreatedAt} dateOnly />
      </Fact>
      <Fact label={t('facts.tokenExpires')}>
        <TokenExpiry iso={a.tokenExpiresAt} />
      </Fact>
      <Fact label={t('facts.options')}>
        {a.autoDistributeToAllUsers ? t('facts.allUsers') : t('facts.noDefault')}
        {a.clearPreviousLicenseData && ` · ${t('facts.clears')}`}
      </Fact>
    </>
  );
}

export function AccountFacts({ account: a }: { account: Account }) {
  const { t } = useTranslation('accounts');
  return (
    <dl className="facts">
      <Fact label={t('facts.store')}>{t(`store.${a.store}`, { defaultValue: a.store })}</Fact>
      {a.store === 'microsoft' ? (
        <MicrosoftFacts account={a} />
      ) : a.store === 'isv' ? (
        <IsvFacts account={a} />
      ) : (
        <AppleFacts account={a} />
      )}
      {a.store !== 'isv' && (
        <>
          <Fact label={t('facts.lastSync')}>
            {a.lastSyncAt === null ? t('status.notSynced') : <Time iso={a.lastSyncAt} />}
          </Fact>
          <Fact label={t('facts.nextSync')}>
            <Time iso={a.nextSyncAt} />
          </Fact>
          <Fact label={t('facts.untracked')} title={t('facts.untrackedHint')}>
            {formatCount(a.untrackedLicenses)}
          </Fact>
        </>
      )}
    </dl>
  );
}
