/** MDM connectors (API.md "MDM connectors", R-I4): the MDM posts its events to Allot. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import type { MdmConnector } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { PagedList } from '../../components/PagedList.js';
import { useNotify } from '../../components/Notices.js';
import { Time } from '../../components/Time.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useSession } from '../../session/SessionContext.js';
import { CreateConnectorDialog } from './CreateConnectorDialog.js';
import { EditConnectorDialog } from './EditConnectorDialog.js';
import { useSpaceName } from './spaceNames.js';
import { RowButton } from './RowButton.js';

const column = createColumnHelper<MdmConnector>();

interface RowActions {
  onEdit: (connector: MdmConnector) => void;
  onDelete: (connector: MdmConnector) => void;
}

function useConnectorColumns(actions: RowActions | null) {
  const { t } = useTranslation('settings');
  const spaceName = useSpaceName();
  const columns = [
    column.accessor('name', { header: t('mdm.name') }),
    column.accessor('kind', { header: t('mdm.kind'), cell: (c) => t(`mdm.kinds.${c.getValue()}`) }),
    column.accessor('apiUrl', {
      header: t('mdm.apiUrl'),
      cell: (c) => <code>{c.getValue()}</code>,
    }),
    column.accessor('spaceId', { header: t('mdm.space'), cell: (c) => spaceName(c.getValue()) }),
    column.accessor('status', {
      header: t('mdm.status'),
      cell: (c) => (
        <Badge tone={c.getValue() === 'receiving' ? 'ok' : 'warning'}>
          {t(`mdm.statuses.${c.getValue()}`)}
        </Badge>
      ),
    }),
    column.accessor('lastEventAt', {
      header: t('mdm.lastEvent'),
      cell: (c) => (c.getValue() === null ? t('mdm.noEvent') : <Time iso={c.getValue()} />),
      meta: { align: 'end' },
    }),
  ];
  if (actions === null) return columns;
  return [
    ...columns,
    column.display({
      id: 'actions',
      header: t('actions'),
      cell: (c) => (
        <div className="row-actions">
          <RowButton
            label={t('mdm.edit', { name: c.row.original.name })}
            onClick={() => actions.onEdit(c.row.original)}
          >
            {t('edit')}
          </RowButton>
          <RowButton
            danger
            label={t('mdm.delete', { name: c.row.original.name })}
            onClick={() => actions.onDelete(c.row.original)}
          >
            {t('delete')}
          </RowButton>
        </div>
      ),
    }),
  ];
}

export function MdmConnectorsTab() {
  const { t } = useTranslation('settings');
  const { can, spaceId } = useSession();
  const notify = useNotify();
  // The space chosen in the header narrows the list, as on every page of the console.
  const connectors = usePaged<MdmConnector>(withQuery('/mdm-connectors', { spaceId }));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<MdmConnector | null>(null);
  const [deleting, setDeleting] = useState<MdmConnector | null>(null);
  const canWrite = can('tenant:admin');
  const columns = useConnectorColumns(
    canWrite ? { onEdit: setEditing, onDelete: setDeleting } : null,
  );

  return (
    <div className="settings-tab">
      <div className="settings-intro">
        <p>{t('mdm.intro')}</p>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('mdm.create')}
          </button>
        )}
      </div>
      <PagedList paged={connectors} empty={t('mdm.empty')}>
        {(rows) => (
          <DataTable caption={t('mdm.caption')} columns={columns} rows={rows} rowId={(r) => r.id} />
        )}
      </PagedList>
      {creating && <CreateConnectorDialog onClose={() => setCreating(false)} />}
      {editing !== null && (
        <EditConnectorDialog connector={editing} onClose={() => setEditing(null)} />
      )}
      {deleting !== null && (
        <ConfirmDialog
          title={t('mdm.deleteTitle', { name: deleting.name })}
          confirmLabel={t('delete')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/mdm-connectors/${deleting.id}`);
            notify(t('mdm.deleted', { name: deleting.name }));
          }}
        >
          <p>{t('mdm.deleteText')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
