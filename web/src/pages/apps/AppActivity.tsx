/** R-M4: the activity of the app and of its licences. */
import type { ActivityEntry, CatalogApp } from '../../api/types.js';
import { PagedList } from '../../components/PagedList.js';
import { usePaged } from '../../hooks/usePaged.js';
import { ActivityTable } from '../monitoring/ActivityTable.js';

export function AppActivity({ app }: { app: CatalogApp }) {
  const paged = usePaged<ActivityEntry>(
    `/catalog-apps/${encodeURIComponent(app.id)}/activity?limit=50`,
  );
  return (
    <PagedList paged={paged} empty="No activity yet.">
      {(entries) => <ActivityTable entries={entries} />}
    </PagedList>
  );
}
