/** Devices of the space: sorted, filtered and paged by the server, with add and CSV import. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { Space } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { SearchBox } from '../../components/SearchBox.js';
import { Time } from '../../components/Time.js';
import { usePaged } from '../../hooks/usePaged.js';
import { Link, useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { AddDeviceDialog } from './AddDeviceDialog.js';
import { SelectField } from '../../components/Field.js';
import { LazyImportDialog } from './LazyImportDialog.js';
import { platformName } from './labels.js';
import { DEVICE_STATES, PLATFORMS, type DirectoryDevice } from './types.js';
import { useSortInUrl, useSpaceInUrl } from './useDirectoryList.js';
import './directory.css';

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

function DeviceFilters() {
  const { t } = useTranslation('directory');
  const [q, setQ] = useQueryParam('q');
  const [platform, setPlatform] = useQueryParam('platform');
  const [state, setState] = useQueryParam('state');
  return (
    <div className="filters">
      <SearchBox
        label={t('devices.search')}
        value={q}
        onSearch={setQ}
        placeholder={t('devices.searchHint')}
      />
      <SelectField label={t('field.platform')} value={platform} onValue={setPlatform}>
        <option value="">{t('filter.any')}</option>
        {PLATFORMS.map((p) => (
          <option key={p} value={p}>
            {platformName(p)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('field.state')} value={state} onValue={setState}>
        <option value="">{t('filter.any')}</option>
        {DEVICE_STATES.map((s) => (
          <option key={s} value={s}>
            {t(`deviceState.${s}`)}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

export function DevicesPage() {
  const { t } = useTranslation('directory');
  const { spaces, can } = useSession();
  const spaceId = useSpaceInUrl();
  const [sort, sortText, setSort] = useSortInUrl();
  const [q] = useQueryParam('q');
  const [platform] = useQueryParam('platform');
  const [state] = useQueryParam('state');
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const paged = usePaged<DirectoryDevice>(
    withQuery('/devices', { q, spaceId, platform, state, sort: sortText, limit: 50 }),
  );
  const columns = useDeviceColumns(spaceId === undefined ? spaces : []);
  const filtered = q !== '' || platform !== '' || state !== '';
  return (
    <>
      <PageTitle
        actions={
          can('directory:write') && (
            <div className="directory-toolbar">
              <button type="button" className="primary" onClick={() => setDialog('add')}>
                {t('addDevice.open')}
              </button>
              <button type="button" onClick={() => setDialog('import')}>
                {t('import.openDevices')}
              </button>
            </div>
          )
        }
      >
        {t('devices.title')}
      </PageTitle>
      <DeviceFilters />
      <PagedList paged={paged} empty={filtered ? t('devices.noMatch') : t('devices.none')}>
        {(devices) => (
          <DataTable
            caption={t('devices.title')}
            columns={columns}
            rows={devices}
            rowId={(d) => d.id}
            sort={sort}
            onSort={setSort}
          />
        )}
      </PagedList>
      {dialog === 'add' && <AddDeviceDialog onClose={() => setDialog(null)} />}
      {dialog === 'import' && <LazyImportDialog kind="devices" onClose={() => setDialog(null)} />}
    </>
  );
}
