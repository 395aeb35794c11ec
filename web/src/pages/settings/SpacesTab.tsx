/** Spaces (API.md "Spaces", R-S1/R-S2) and the catalog apps delegated into each. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { CatalogApp, Page, Space } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useNotify } from '../../components/Notices.js';
import { Loaded } from '../../components/State.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { explained } from './SettingsError.js';
import { SpaceDialog } from './SpaceDialog.js';
import { RowButton } from './RowButton.js';

const column = createColumnHelper<Space>();

interface RowActions {
  onRename: (space: Space) => void;
  onDelete: (space: Space) => void;
}

/** The names of the catalog apps delegated into each space, by space ID. */
function useDelegations() {
  const apps = usePaged<CatalogApp>('/catalog-apps?limit=200');
  const bySpace = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const app of apps.items ?? []) {
      for (const spaceId of app.delegatedSpaceIds)
        map.set(spaceId, [...(map.get(spaceId) ?? []), app.name]);
    }
    return map;
  }, [apps.items]);
  return { bySpace, apps };
}

function useSpaceColumns(delegated: Map<string, string[]>, actions: RowActions | null) {
  const { t } = useTranslation('settings');
  const columns = [
    column.accessor('name', {
      header: t('spaces.name'),
      cell: (c) => (
        <>
          {c.getValue()}{' '}
          {c.row.original.isDefault && <Badge tone="neutral">{t('spaces.default')}</Badge>}
        </>
      ),
    }),
    column.display({
      id: 'delegated',
      header: t('spaces.delegated'),
      cell: (c) => {
        const names = delegated.get(c.row.original.id) ?? [];
        return names.length === 0 ? (
          <span className="muted">{t('spaces.noDelegation')}</span>
        ) : (
          names.join(', ')
        );
      },
    }),
  ];
  if (actions === null) return columns;
  return [
    ...columns,
    column.display({
      id: 'actions',
      header: t('actions'),
      cell: (c) => {
        const space = c.row.original;
        return (
          <div className="row-actions">
            <RowButton
              label={t('spaces.rename', { name: space.name })}
              onClick={() => actions.onRename(space)}
            >
              {t('rename')}
            </RowButton>
            {space.isDefault ? (
              <span className="small muted">{t('spaces.defaultKept')}</span>
            ) : (
              <RowButton
                danger
                label={t('spaces.delete', { name: space.name })}
                onClick={() => actions.onDelete(space)}
              >
                {t('delete')}
              </RowButton>
            )}
          </div>
        );
      },
    }),
  ];
}

export function SpacesTab() {
  const { t } = useTranslation('settings');
  const { can } = useSession();
  const notify = useNotify();
  const spaces = useResource<Page<Space>>('/spaces');
  const { bySpace, apps } = useDelegations();
  const [editing, setEditing] = useState<Space | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Space | null>(null);
  const canWrite = can('tenant:admin');
  const columns = useSpaceColumns(
    bySpace,
    canWrite ? { onRename: setEditing, onDelete: setDeleting } : null,
  );

  return (
    <div className="settings-tab">
      <div className="settings-intro">
        <p>{t('spaces.intro')}</p>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('spaces.create')}
          </button>
        )}
      </div>
      <Loaded resource={spaces} label={t('loading')}>
        {(page) => (
          <DataTable
            caption={t('spaces.caption')}
            columns={columns}
            rows={page.items}
            rowId={(r) => r.id}
          />
        )}
      </Loaded>
      {apps.nextCursor !== null && (
        <>
          <p className="small muted">{t('spaces.moreApps')}</p>
          <LoadMore cursor={apps.nextCursor} busy={apps.loading} onMore={apps.loadMore} />
        </>
      )}
      {editing !== null && (
        <SpaceDialog space={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      {deleting !== null && (
        <ConfirmDialog
          title={t('spaces.deleteTitle', { name: deleting.name })}
          confirmLabel={t('delete')}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            explained(t, async () => {
              await api.delete(`/spaces/${deleting.id}`);
              notify(t('spaces.deleted', { name: deleting.name }));
            })
          }
        >
          <p>{t('spaces.deleteText')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
