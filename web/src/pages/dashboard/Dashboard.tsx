/** The first page: what is running out, what needs attention, how the stores are doing. */
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { Account, Page } from '../../api/types.js';
import { PageTitle } from '../../components/Section.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { ConnectorsCard } from './ConnectorsCard.js';
import { ExpiringTokensCard } from './ExpiringTokensCard.js';
import { NotificationsCard } from './NotificationsCard.js';
import { UsageCard } from './UsageCard.js';

export function Dashboard() {
  const { t } = useTranslation('dashboard');
  const { spaceId } = useSession();
  const accounts = useResource<Page<Account>>(withQuery('/accounts', { spaceId, limit: 500 }));
  return (
    <>
      <PageTitle>{t('title')}</PageTitle>
      <div className="dashboard-grid">
        <UsageCard />
        <NotificationsCard />
        <ConnectorsCard accounts={accounts} />
        <ExpiringTokensCard accounts={accounts} />
      </div>
    </>
  );
}
