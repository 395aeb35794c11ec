/** Store tokens that expire within 30 days (R-T10 warns 30, 15, 7 and 1 days ahead). */
import { Trans, useTranslation } from 'react-i18next';
import type { Account, Page } from '../../api/types.js';
import { Badge, type Tone } from '../../components/Badge.js';
import { Section } from '../../components/Section.js';
import { Empty, Loaded } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { daysUntil } from '../../format.js';
import type { Resource } from '../../hooks/useResource.js';
import { Link } from '../../router.js';

const WARN_DAYS = 30;

/** The severity its notification has (R-T10): the last day alerts, 7 days warns, else informs. */
function tokenTone(days: number): Tone {
  if (days <= 1) return 'alert';
  return days <= 7 ? 'warning' : 'info';
}

export function ExpiringTokensCard({ accounts }: { accounts: Resource<Page<Account>> }) {
  const { t } = useTranslation('dashboard');
  return (
    <Section title={t('tokens.title')}>
      <Loaded resource={accounts}>
        {(page) => {
          const soon = page.items
            .filter((a) => a.tokenExpiresAt !== null && daysUntil(a.tokenExpiresAt) <= WARN_DAYS)
            .sort((a, b) => (a.tokenExpiresAt ?? '').localeCompare(b.tokenExpiresAt ?? ''));
          if (soon.length === 0) return <Empty>{t('tokens.empty', { days: WARN_DAYS })}</Empty>;
          return (
            <ul className="connector-list">
              {soon.map((account) => {
                const days = daysUntil(account.tokenExpiresAt!);
                return (
                  <li key={account.id}>
                    <div className="connector-head">
                      <Link to={`/accounts#account-${account.id}`}>{account.name}</Link>
                      <Badge tone={tokenTone(days)}>
                        {days < 0 ? t('tokens.expired') : t('tokens.daysLeft', { count: days })}
                      </Badge>
                    </div>
                    <p className="small">
                      <Trans
                        t={t}
                        i18nKey="tokens.expires"
                        components={[<Time key="expires" iso={account.tokenExpiresAt} dateOnly />]}
                      />
                    </p>
                  </li>
                );
              })}
            </ul>
          );
        }}
      </Loaded>
    </Section>
  );
}
