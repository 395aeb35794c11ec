/** R-A2/R-A3: who may get a licence of this app from each account, in priority order. */
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { AccountDistribution, CatalogApp, Group, Page } from '../../api/types.js';
import { Empty, Loaded } from '../../components/State.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { AccountDistributionForm, listsOf } from './AccountDistributionForm.js';

export function DistributionEditor(props: { app: CatalogApp; onChanged: () => void }) {
  const { t } = useTranslation('apps');
  const { can } = useSession();
  const { app } = props;
  const distribution = useResource<{ items: AccountDistribution[] }>(
    `/catalog-apps/${encodeURIComponent(app.id)}/distribution`,
  );
  const groups = useResource<Page<Group>>(
    withQuery('/groups', { spaceId: app.spaceId, limit: 500 }),
  );

  return (
    <div className="distribution-editor">
      <p className="muted">{t('distribution.intro')}</p>
      <Loaded resource={distribution} label={t('loading')}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty>{t('distribution.noAccount')}</Empty>
          ) : (
            items.map((item) => (
              <AccountDistributionForm
                key={`${item.accountId}:${JSON.stringify(listsOf(item))}`}
                appId={app.id}
                appName={app.name}
                item={item}
                groups={groups.data?.items ?? []}
                canWrite={can('distribution:write')}
                canPreview={can('assignments:write')}
                onSaved={() => {
                  distribution.reload();
                  props.onChanged();
                }}
              />
            ))
          )
        }
      </Loaded>
    </div>
  );
}
