/** A webhook's recent deliveries, newest first, with their attempts and last answer. */
import { useTranslation } from 'react-i18next';
import type { Webhook, WebhookDelivery } from '../../api/types.js';
import { Badge, type Tone } from '../../components/Badge.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { Dialog } from '../../components/Dialog.js';
import { PagedList } from '../../components/PagedList.js';
import { Time } from '../../components/Time.js';
import { usePaged } from '../../hooks/usePaged.js';
import { formatCount } from '../../format.js';

const column = createColumnHelper<WebhookDelivery>();

const TONES: Record<WebhookDelivery['state'], Tone> = {
  pending: 'info',
  sending: 'info',
  delivered: 'ok',
  failed: 'alert',
};

function useDeliveryColumns() {
  const { t } = useTranslation('settings');
  return [
    column.accessor('createdAt', {
      header: t('deliveries.created'),
      cell: (c) => <Time iso={c.getValue()} />,
    }),
    column.accessor('event', {
      header: t('deliveries.event'),
      cell: (c) => t(`kind.${c.getValue()}`, { defaultValue: c.getValue() }),
    }),
    column.accessor('state', {
      header: t('deliveries.state'),
      cell: (c) => (
        <Badge tone={TONES[c.getValue()]}>{t(`deliveries.states.${c.getValue()}`)}</Badge>
      ),
    }),
    column.accessor('attempts', {
      header: t('deliveries.attempts'),
      cell: (c) => formatCount(c.getValue()),
      meta: { align: 'end' },
    }),
    column.accessor('lastStatus', {
      header: t('deliveries.lastStatus'),
      cell: (c) => c.getValue() ?? '—',
      meta: { align: 'end' },
    }),
    column.accessor('nextAttemptAt', {
      header: t('deliveries.nextAttempt'),
      cell: (c) => <Time iso={c.getValue()} />,
      meta: { align: 'end' },
    }),
  ];
}

export function WebhookDeliveries(props: { webhook: Webhook; onClose: () => void }) {
  const { t } = useTranslation('settings');
  const deliveries = usePaged<WebhookDelivery>(`/webhooks/${props.webhook.id}/deliveries`);
  const columns = useDeliveryColumns();
  return (
    <Dialog title={t('deliveries.title')} onClose={props.onClose} wide>
      <p className="small">
        <code>{props.webhook.url}</code>
      </p>
      <PagedList paged={deliveries} empty={t('deliveries.empty')}>
        {(rows) => (
          <DataTable
            caption={t('deliveries.caption')}
            columns={columns}
            rows={rows}
            rowId={(r) => r.id}
          />
        )}
      </PagedList>
    </Dialog>
  );
}
