/** Notification e-mail: addresses that receive hourly digests of chosen kinds. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { EmailRecipient } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { PagedList } from '../../components/PagedList.js';
import { useNotify } from '../../components/Notices.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useSession } from '../../session/SessionContext.js';
import { RecipientDialog } from './RecipientDialog.js';
import { useKindNames } from './EventKindsField.js';
import { useSpaceName } from './spaceNames.js';
import { RowButton } from './RowButton.js';

const column = createColumnHelper<EmailRecipient>();

interface RowActions {
  onEdit: (recipient: EmailRecipient) => void;
  onDelete: (recipient: EmailRecipient) => void;
}

function useRecipientColumns(actions: RowActions | null) {
  const { t } = useTranslation('settings');
  const kindNames = useKindNames();
  const spaceName = useSpaceName();
  const columns = [
    column.accessor('email', { header: t('email.address') }),
    column.accessor('kinds', { header: t('email.kinds'), cell: (c) => kindNames(c.getValue()) }),
    column.accessor('spaceId', { header: t('email.scope'), cell: (c) => spaceName(c.getValue()) }),
    column.accessor('pending', {
      header: t('email.pending'),
      cell: (c) => formatCount(c.getValue()),
      meta: { align: 'end' },
    }),
    column.accessor('lastDigestAt', {
      header: t('email.lastDigest'),
      cell: (c) => <Time iso={c.getValue()} />,
      meta: { align: 'end' },
    }),
    column.accessor('nextDigestAt', {
      header: t('email.nextDigest'),
      cell: (c) =>
        c.getValue() === null ? (
          c.row.original.pending > 0 ? (
            t('email.withinMinute')
          ) : (
            '—'
          )
        ) : (
          <Time iso={c.getValue()} />
        ),
      meta: { align: 'end' },
    }),
    column.accessor('lastError', {
      header: t('email.lastError'),
      cell: (c) => c.getValue() ?? <span className="muted">{t('email.noError')}</span>,
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
            label={t('email.edit', { email: c.row.original.email })}
            onClick={() => actions.onEdit(c.row.original)}
          >
            {t('edit')}
          </RowButton>
          <RowButton
            danger
            label={t('email.delete', { email: c.row.original.email })}
            onClick={() => actions.onDelete(c.row.original)}
          >
            {t('delete')}
          </RowButton>
        </div>
      ),
    }),
  ];
}

export function EmailRecipientsTab() {
  const { t } = useTranslation('settings');
  const { can } = useSession();
  const notify = useNotify();
  const recipients = usePaged<EmailRecipient>('/notification-recipients');
  const [editing, setEditing] = useState<EmailRecipient | 'new' | null>(null);
  const [deleting, setDeleting] = useState<EmailRecipient | null>(null);
  const canWrite = can('monitoring:write');
  const columns = useRecipientColumns(
    canWrite ? { onEdit: setEditing, onDelete: setDeleting } : null,
  );
  const unconfigured = recipients.items?.some((r) => !r.emailConfigured) ?? false;

  return (
    <div className="settings-tab">
      <div className="settings-intro">
        <p>{t('email.intro')}</p>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('email.create')}
          </button>
        )}
      </div>
      {unconfigured && <p className="warning">{t('email.noSmtp')}</p>}
      <PagedList paged={recipients} empty={t('email.empty')}>
        {(rows) => (
          <DataTable
            caption={t('email.caption')}
            columns={columns}
            rows={rows}
            rowId={(r) => r.id}
          />
        )}
      </PagedList>
      {editing !== null && (
        <RecipientDialog
          recipient={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting !== null && (
        <ConfirmDialog
          title={t('email.deleteTitle', { email: deleting.email })}
          confirmLabel={t('delete')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/notification-recipients/${deleting.id}`);
            notify(t('email.deleted', { email: deleting.email }));
          }}
        >
          <p>{t('email.deleteText', { count: deleting.pending })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
