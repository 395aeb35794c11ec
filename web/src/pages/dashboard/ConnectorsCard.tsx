/** Connector status of every store account, with the time of its last sync (R-T7, R-M6). */
import { Trans, useTranslation } from 'react-i18next';
import type { Account, Page } from '../../api/types.js';
import { AccountStatusBadge } from '../../components/Badge.js';
import { Section } from '../../components/Section.js';
import { Empty, Loaded } from '../../components/State.js';
import { AsOf, Time } from '../../components/Time.js';
import type { Resource } from '../../hooks/useResource.js';
import { Link } from '../../router.js';

export function ConnectorsCard({ accounts }: { accounts: Resource<Page<Account>> }) {
  const { t } = useTranslation('dashboard');
  return (
    <Section
      title={t('connectors.title')}
      actions={<Link to="/accounts">{t('connectors.accounts')}</Link>}
    >
      <Loaded resource={accounts}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('connectors.empty')}</Empty>
          ) : (
            <ul className="connector-list">
              {page.items.map((account) => (
                <li key={account.id}>
                  <div className="connector-head">
                    <Link to={`/accounts#account-${account.id}`}>{account.name}</Link>
                    <AccountStatusBadge status={account.status} />
                  </div>
                  {account.statusReason !== null && account.status !== 'healthy' && (
                    <p className="muted small">{account.statusReason}</p>
                  )}
                  <p className="small">
                    <AsOf iso={account.lastSyncAt} />
                    {account.nextSyncAt !== null && (
                      <span className="muted">
                        {' '}
                        ·{' '}
                        <Trans
                          t={t}
                          i18nKey="connectors.nextSync"
                          components={[<Time key="next" iso={account.nextSyncAt} />]}
                        />
                      </span>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Section>
  );
}
