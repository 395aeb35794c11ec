/** R-M3: a device, its managed apps with licence type and serial number, its lifecycle. */
import { useState } from 'react';
import { withQuery } from '../../api/client.js';
import type { Device, DeviceApp, License, User } from '../../api/types.js';
import { InstallStateBadge } from '../../components/Badge.js';
import { LicenseTypeText } from '../../components/LicenseState.js';
import { PagedList } from '../../components/PagedList.js';
import { RevokeLicenseDialog } from '../../components/RevokeLicenseDialog.js';
import { SearchBox } from '../../components/SearchBox.js';
import { PageTitle, Section } from '../../components/Section.js';
import { Loaded } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { formatBytes, humanize } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useResource } from '../../hooks/useResource.js';
import { Link } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { DeviceActions } from './DeviceActions.js';
import { PLATFORM_NAMES } from './DevicesPage.js';

function DeviceFacts({ device }: { device: Device }) {
  const { spaces } = useSession();
  const owner = useResource<User>(
    device.primaryUserId === null ? null : `/users/${encodeURIComponent(device.primaryUserId)}`,
  );
  return (
    <dl className="facts card">
      <div>
        <dt>Serial number</dt>
        <dd>
          <code>{device.serialNumber}</code>
        </dd>
      </div>
      <div>
        <dt>Platform</dt>
        <dd>{PLATFORM_NAMES[device.platform] ?? device.platform}</dd>
      </div>
      <div>
        <dt>State</dt>
        <dd>{humanize(device.state)}</dd>
      </div>
      <div>
        <dt>Primary user</dt>
        <dd>
          {device.primaryUserId === null ? (
            device.shared ? (
              'Shared device'
            ) : (
              'None'
            )
          ) : (
            <Link to={`/users/${encodeURIComponent(device.primaryUserId)}`}>
              {owner.data?.displayName ?? 'User'}
            </Link>
          )}
        </dd>
      </div>
      <div>
        <dt>Last check-in</dt>
        <dd>
          <Time iso={device.lastCheckInAt} />
        </dd>
      </div>
      {spaces.length > 1 && (
        <div>
          <dt>Space</dt>
          <dd>{spaces.find((s) => s.id === device.spaceId)?.name ?? '—'}</dd>
        </div>
      )}
    </dl>
  );
}

function DeviceApps({ device }: { device: Device }) {
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [revoking, setRevoking] = useState<{ license: License; app: string } | null>(null);
  const paged = usePaged<DeviceApp>(
    withQuery(`/devices/${encodeURIComponent(device.id)}/apps`, { q, limit: 100 }),
  );
  return (
    <Section title="Managed apps">
      <div className="filters">
        <SearchBox label="Search apps" value={q} onSearch={setQ} placeholder="Name or bundle ID" />
      </div>
      <PagedList
        paged={paged}
        empty={q === '' ? 'No managed app on this device.' : `No app matches “${q}”.`}
      >
        {(apps) => (
          <div className="table-wrap">
            <table className="device-apps">
              <thead>
                <tr>
                  <th scope="col">App</th>
                  <th scope="col">State</th>
                  <th scope="col">Licence</th>
                  <th scope="col">Version</th>
                  <th scope="col">Platforms</th>
                  <th scope="col">Source</th>
                  <th scope="col">Size</th>
                  <th scope="col">Installed</th>
                  {can('licenses:write') && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {apps.map((a) => (
                  <tr key={a.catalogAppId}>
                    <th scope="row">
                      <Link to={`/apps/${encodeURIComponent(a.catalogAppId)}`}>{a.name}</Link>
                      <div className="muted small">{a.bundleId}</div>
                    </th>
                    <td>
                      <InstallStateBadge state={a.state} />
                      {a.reason !== null && <div className="small muted">{humanize(a.reason)}</div>}
                    </td>
                    <td>{a.license === null ? '—' : <LicenseTypeText license={a.license} />}</td>
                    <td>{a.version ?? '—'}</td>
                    <td>{a.platforms.map((p) => PLATFORM_NAMES[p] ?? p).join(', ')}</td>
                    <td>{humanize(a.source)}</td>
                    <td>{formatBytes(a.size)}</td>
                    <td>
                      <Time iso={a.installedAt} />
                    </td>
                    {can('licenses:write') && (
                      <td>
                        {a.license !== null && a.license.state === 'active' && (
                          <button
                            type="button"
                            className="small-button danger"
                            aria-label={`Revoke the ${a.name} licence`}
                            onClick={() => setRevoking({ license: a.license!, app: a.name })}
                          >
                            Revoke
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
  const { can } = useSession();
  const device = useResource<Device>(`/devices/${encodeURIComponent(id)}`);
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
            subtitle={`${PLATFORM_NAMES[d.platform] ?? d.platform}${d.shared ? ' · shared' : ''}`}
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
