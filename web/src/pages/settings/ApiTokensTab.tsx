/** API tokens (API.md "Start-up, tenants and tokens"): for machines; people sign in. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { ApiToken, Page } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { Empty, Loaded } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { useNotify } from '../../components/Notices.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { CreateTokenDialog } from './CreateTokenDialog.js';
import { explained } from './SettingsError.js';
import { useSpaceName } from './spaceNames.js';
import { RowButton } from './RowButton.js';

const column = createColumnHelper<ApiToken>();

function useTokenColumns(onDelete: ((token: ApiToken) => void) | null) {
  const { t } = useTranslation('settings');
  const { t: common } = useTranslation();
  const spaceName = useSpaceName();
  const columns = [
    column.accessor('name', { header: t('tokens.name') }),
    column.accessor('role', {
      header: t('tokens.role'),
      cell: (c) => common(`role.${c.getValue()}`),
    }),
    column.accessor('spaceId', { header: t('tokens.scope'), cell: (c) => spaceName(c.getValue()) }),
    column.accessor('createdAt', {
      header: t('tokens.created'),
      cell: (c) => <Time iso={c.getValue()} />,
      meta: { align: 'end' },
    }),
    column.accessor('lastUsedAt', {
      header: t('tokens.lastUsed'),
      cell: (c) => (c.getValue() === null ? t('tokens.neverUsed') : <Time iso={c.getValue()} />),
      meta: { align: 'end' },
    }),
  ];
  if (onDelete === null) return columns;
  return [
    ...columns,
    column.display({
      id: 'actions',
      header: t('actions'),
      cell: (c) => (
        <RowButton
          danger
          label={t('tokens.delete', { name: c.row.original.name })}
          onClick={() => onDelete(c.row.original)}
        >
          {t('delete')}
        </RowButton>
      ),
    }),
  ];
}

export function ApiTokensTab() {
  const { t } = useTranslation('settings');
  const { can, me } = useSession();
  const notify = useNotify();
  const tokens = useResource<Page<ApiToken>>('/api-tokens');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ApiToken | null>(null);
  const canWrite = can('tenant:admin');
  const columns = useTokenColumns(canWrite ? setDeleting : null);

  return (
    <div className="settings-tab">
      <div className="settings-intro">
        <p>{t('tokens.intro')}</p>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('tokens.create')}
          </button>
        )}
      </div>
      <Loaded resource={tokens} label={t('loading')}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('tokens.empty')}</Empty>
          ) : (
            <DataTable
              caption={t('tokens.caption')}
              columns={columns}
              rows={page.items}
              rowId={(r) => r.id}
            />
          )
        }
      </Loaded>
      {creating && <CreateTokenDialog onClose={() => setCreating(false)} />}
      {deleting !== null && (
        <ConfirmDialog
          title={t('tokens.deleteTitle', { name: deleting.name })}
          confirmLabel={t('tokens.deleteConfirm')}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            explained(t, async () => {
              await api.delete(`/api-tokens/${deleting.id}`);
              notify(t('tokens.deleted', { name: deleting.name }));
            })
          }
        >
          <p>{t('tokens.deleteText')}</p>
          {deleting.id === me.tokenId && <p className="warning">{t('tokens.deleteSelf')}</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}
