/** R-M4: the activity of the app and of its licences. */
import { useTranslation } from 'react-i18next';
import type { ActivityEntry, CatalogApp } from '../../api/types.js';
import { PagedList } from '../../components/PagedList.js';
import { usePaged } from '../../hooks/usePaged.js';
import { ActivityTable } from '../monitoring/ActivityTable.js';

export function AppActivity({ app }: { app: CatalogApp }) {
  const { t } = useTranslation('apps');
  const paged = usePaged<ActivityEntry>(
    `/catalog-apps/${encodeURIComponent(app.id)}/activity?limit=50`,
  );
  return (
    <PagedList paged={paged} empty={t('activity.none')}>
      {(entries) => <ActivityTable entries={entries} />}
    </PagedList>
  );
}
