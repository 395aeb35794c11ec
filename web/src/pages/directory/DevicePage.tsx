/** R-M3: a device, its managed apps with licence type and serial number, its lifecycle. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import type { DeviceApp, License, User } from '../../api/types.js';
import { InstallStateBadge } from '../../components/Badge.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { LicenseTypeText } from '../../components/LicenseState.js';
import { PagedList } from '../../components/PagedList.js';
import { RevokeLicenseDialog } from '../../components/RevokeLicenseDialog.js';
import { SearchBox } from '../../components/SearchBox.js';
import { PageTitle, Section } from '../../components/Section.js';
import { Loaded } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { formatBytes } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useResource } from '../../hooks/useResource.js';
import { Link } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { DeviceActions } from './DeviceActions.js';
import { platformName } from './labels.js';
import type { DirectoryDevice } from './types.js';
import './directory.css';

function PrimaryUserFact({ device }: { device: DirectoryDevice }) {
  const { t } = useTranslation('directory');
  const owner = useResource<User>(
    device.primaryUserId === null ? null : `/users/${encodeURIComponent(device.primaryUserId)}`,
  );
  if (device.primaryUserId === null) {
    return <>{device.shared ? t('device.sharedDevice') : t('device.noPrimaryUser')}</>;
  }
  return (
    <Link to={`/users/${encodeURIComponent(device.primaryUserId)}`}>
      {owner.data?.displayName ?? t('device.user')}
    </Link>
  );
}

function DeviceFacts({ device }: { device: DirectoryDevice }) {
  const { t } = useTranslation('directory');
  const { spaces } = useSession();
  return (
    <dl className="facts card">
      <div>
        <dt>{t('field.serialNumber')}</dt>
        <dd>
          <code>{device.serialNumber}</code>
        </dd>
      </div>
      <div>
        <dt>{t('field.platform')}</dt>
        <dd>{platformName(device.platform)}</dd>
      </div>
      <div>
        <dt>{t('field.state')}</dt>
        <dd>{t(`deviceState.${device.state}`, { defaultValue: device.state })}</dd>
      </div>
      <div>
        <dt>{t('field.primaryUser')}</dt>
        <dd>
          <PrimaryUserFact device={device} />
        </dd>
      </div>
      <div>
        <dt>{t('field.lastCheckIn')}</dt>
        <dd>
          <Time iso={device.lastCheckInAt} />
        </dd>
      </div>
      {spaces.length > 1 && (
        <div>
          <dt>{t('field.space')}</dt>
          <dd>{spaces.find((s) => s.id === device.spaceId)?.name ?? '—'}</dd>
        </div>
      )}
    </dl>
  );
}

const column = createColumnHelper<DeviceApp>();

type Revoke = (license: License, app: string) => void;

function useAppColumns(onRevoke: Revoke | null) {
  const { t } = useTranslation('directory');
  return useMemo(
    () => [
      column.accessor('name', {
        header: t('field.app'),
        cell: (c) => (
          <>
            <Link to={`/apps/${encodeURIComponent(c.row.original.catalogAppId)}`}>
              {c.getValue()}
            </Link>
            <div className="muted small">{c.row.original.bundleId}</div>
          </>
        ),
      }),
      column.accessor('state', {
        header: t('field.state'),
        cell: (c) => (
          <>
            <InstallStateBadge state={c.getValue()} />
            {c.row.original.reason !== null && (
              <div className="small muted">
                {t(`appReason.${c.row.original.reason}`, { defaultValue: c.row.original.reason })}
              </div>
            )}
          </>
        ),
      }),
      column.accessor('license', {
        header: t('field.license'),
        cell: (c) => {
          const license = c.getValue();
          return license === null ? '—' : <LicenseTypeText license={license} />;
        },
      }),
      column.accessor('version', { header: t('field.version'), cell: (c) => c.getValue() ?? '—' }),
      column.accessor('platforms', {
        header: t('field.platforms'),
        cell: (c) => c.getValue().map(platformName).join(', '),
      }),
      column.accessor('source', {
        header: t('field.source'),
        cell: (c) => t(`appSource.${c.getValue()}`, { defaultValue: c.getValue() }),
      }),
      column.accessor('size', {
        header: t('field.size'),
        meta: { align: 'end' },
        cell: (c) => formatBytes(c.getValue()),
      }),
      column.accessor('installedAt', {
        header: t('field.installedAt'),
        cell: (c) => <Time iso={c.getValue()} />,
      }),
      ...(onRevoke === null
        ? []
        : [
            column.display({
              id: 'actions',
              header: t('field.actions'),
              cell: (c) => {
                const { license, name } = c.row.original;
                return (
                  license !== null &&
                  license.state === 'active' && (
                    <button
                      type="button"
                      className="small-button danger"
                      aria-label={t('license.revokeLabel', { app: name })}
                      onClick={() => onRevoke(license, name)}
                    >
                      {t('license.revoke')}
                    </button>
                  )
                );
              },
            }),
          ]),
    ],
    [onRevoke, t],
  );
}

function DeviceApps({ device }: { device: DirectoryDevice }) {
  const { t } = useTranslation('directory');
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [revoking, setRevoking] = useState<{ license: License; app: string } | null>(null);
  const paged = usePaged<DeviceApp>(
    withQuery(`/devices/${encodeURIComponent(device.id)}/apps`, { q, limit: 100 }),
  );
  const revoke = useMemo<Revoke>(() => (license, app) => setRevoking({ license, app }), []);
  const columns = useAppColumns(can('licenses:write') ? revoke : null);
  return (
    <Section title={t('device.apps')}>
      <div className="filters">
        <SearchBox
          label={t('device.searchApps')}
          value={q}
          onSearch={setQ}
          placeholder={t('device.searchAppsHint')}
        />
      </div>
      <PagedList paged={paged} empty={q === '' ? t('device.noApp') : t('device.noAppMatch', { q })}>
        {(apps) => (
          <DataTable
            caption={t('device.apps')}
            columns={columns}
            rows={apps}
            rowId={(a) => a.catalogAppId}
          />
        )}
      </PagedList>
      {revoking !== null && (
        <RevokeLicenseDialog
          license={revoking.license}
          appName={revoking.app}
          onClose={() => setRevoking(null)}
          onRevoked={() => paged.reload()}
        />
      )}
    </Section>
  );
}

export function DevicePage({ id }: { id: string }) {
  const { t } = useTranslation('directory');
  const { can } = useSession();
  const device = useResource<DirectoryDevice>(`/devices/${encodeURIComponent(id)}`);
  const [version, setVersion] = useState(0);
  const changed = () => {
    device.reload();
    setVersion((v) => v + 1);
  };
  return (
    <Loaded resource={device}>
      {(d) => (
        <>
          <PageTitle
            subtitle={
              d.shared
                ? t('device.subtitleShared', { platform: platformName(d.platform) })
                : platformName(d.platform)
            }
            actions={can('directory:write') && <DeviceActions device={d} onChanged={changed} />}
          >
            {d.name ?? d.serialNumber}
          </PageTitle>
          <DeviceFacts device={d} />
          <DeviceApps key={version} device={d} />
        </>
      )}
    </Loaded>
  );
}
