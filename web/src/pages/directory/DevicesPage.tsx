/** Devices of the space: their columns and filters in the directory's list. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Space } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { createColumnHelper } from '../../components/DataTable.js';
import { Time } from '../../components/Time.js';
import { Link } from '../../router.js';
import { AddDeviceDialog } from './AddDeviceDialog.js';
import { platformName } from './labels.js';
import { DEVICE_STATES, PLATFORMS, type DirectoryDevice } from './types.js';
import { DirectoryList, type ListFilter } from './DirectoryList.js';

const column = createColumnHelper<DirectoryDevice>();

function useDeviceColumns(spaces: Space[]) {
  const { t } = useTranslation('directory');
  return useMemo(
    () => [
      column.accessor('name', {
        header: t('field.deviceName'),
        cell: (c) => (
          <>
            <Link to={`/devices/${encodeURIComponent(c.row.original.id)}`}>
              {c.getValue() ?? c.row.original.serialNumber}
            </Link>
            {c.row.original.shared && <Badge tone="neutral">{t('devices.shared')}</Badge>}
          </>
        ),
      }),
      column.accessor('serialNumber', {
        header: t('field.serialNumber'),
        cell: (c) => <code>{c.getValue()}</code>,
      }),
      column.accessor('platform', {
        header: t('field.platform'),
        cell: (c) => platformName(c.getValue()),
      }),
      column.accessor('state', {
        header: t('field.state'),
        cell: (c) => t(`deviceState.${c.getValue()}`, { defaultValue: c.getValue() }),
      }),
      ...(spaces.length > 1
        ? [
            column.accessor('spaceId', {
              header: t('field.space'),
              enableSorting: false,
              cell: (c) => spaces.find((s) => s.id === c.getValue())?.name ?? '—',
            }),
          ]
        : []),
      column.accessor('lastCheckInAt', {
        header: t('field.lastCheckIn'),
        meta: { align: 'end' },
        cell: (c) => <Time iso={c.getValue()} />,
      }),
    ],
    [spaces, t],
  );
}

export function DevicesPage() {
  const { t } = useTranslation('directory');
  const filters = useMemo<ListFilter[]>(
    () => [
      {
        param: 'platform',
        label: t('field.platform'),
        options: PLATFORMS.map((p) => ({ value: p, label: platformName(p) })),
      },
      {
        param: 'state',
        label: t('field.state'),
        options: DEVICE_STATES.map((s) => ({ value: s, label: t(`deviceState.${s}`) })),
      },
    ],
    [t],
  );
  return (
    <DirectoryList<DirectoryDevice>
      kind="devices"
      useColumns={useDeviceColumns}
      filters={filters}
      addLabel={t('addDevice.open')}
      AddDialog={AddDeviceDialog}
    />
  );
}
