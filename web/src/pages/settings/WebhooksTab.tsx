/** Webhooks (API.md "Monitoring", R-M6): notifications POSTed to a URL, signed. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { Webhook } from '../../api/types.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { PagedList } from '../../components/PagedList.js';
import { useNotify } from '../../components/Notices.js';
import { Time } from '../../components/Time.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useSession } from '../../session/SessionContext.js';
import { CreateWebhookDialog } from './CreateWebhookDialog.js';
import { useKindNames } from './EventKindsField.js';
import { RowButton } from './RowButton.js';
import { WebhookDeliveries } from './WebhookDeliveries.js';

const column = createColumnHelper<Webhook>();

interface RowActions {
  onDeliveries: (webhook: Webhook) => void;
  onDelete: ((webhook: Webhook) => void) | null;
}

function useWebhookColumns(actions: RowActions) {
  const { t } = useTranslation('settings');
  const kindNames = useKindNames();
  return [
    column.accessor('url', { header: t('webhooks.url'), cell: (c) => <code>{c.getValue()}</code> }),
    column.accessor('events', {
      header: t('webhooks.events'),
      cell: (c) => kindNames(c.getValue()),
    }),
    column.accessor('createdAt', {
      header: t('webhooks.created'),
      cell: (c) => <Time iso={c.getValue()} />,
      meta: { align: 'end' },
    }),
    column.display({
      id: 'actions',
      header: t('actions'),
      cell: (c) => (
        <div className="row-actions">
          <RowButton
            label={t('webhooks.deliveriesOf', { url: c.row.original.url })}
            onClick={() => actions.onDeliveries(c.row.original)}
          >
            {t('webhooks.showDeliveries')}
          </RowButton>
          {actions.onDelete !== null && (
            <RowButton
              danger
              label={t('webhooks.deleteOf', { url: c.row.original.url })}
              onClick={() => actions.onDelete?.(c.row.original)}
            >
              {t('delete')}
            </RowButton>
          )}
        </div>
      ),
    }),
  ];
}

export function WebhooksTab() {
  const { t } = useTranslation('settings');
  const { can } = useSession();
  const notify = useNotify();
  const webhooks = usePaged<Webhook>('/webhooks');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [watching, setWatching] = useState<Webhook | null>(null);
  const canWrite = can('monitoring:write');
  const columns = useWebhookColumns({
    onDeliveries: setWatching,
    onDelete: canWrite ? setDeleting : null,
  });

  return (
    <div className="settings-tab">
      <div className="settings-intro">
        <p>{t('webhooks.intro')}</p>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('webhooks.create')}
          </button>
        )}
      </div>
      <PagedList paged={webhooks} empty={t('webhooks.empty')}>
        {(rows) => (
          <DataTable
            caption={t('webhooks.caption')}
            columns={columns}
            rows={rows}
            rowId={(r) => r.id}
          />
        )}
      </PagedList>
      {watching !== null && (
        <WebhookDeliveries webhook={watching} onClose={() => setWatching(null)} />
      )}
      {creating && <CreateWebhookDialog onClose={() => setCreating(false)} />}
      {deleting !== null && (
        <ConfirmDialog
          title={t('webhooks.deleteTitle')}
          confirmLabel={t('delete')}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/webhooks/${deleting.id}`);
            notify(t('webhooks.deleted'));
          }}
        >
          <p>{t('webhooks.deleteText', { url: deleting.url })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
