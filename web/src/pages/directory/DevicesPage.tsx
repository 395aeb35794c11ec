/** Devices of the space, searchable by name or serial number. */
import { withQuery } from '../../api/client.js';
import type { Device } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { SearchBox } from '../../components/SearchBox.js';
import { Time } from '../../components/Time.js';
import { humanize } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { Link, useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';

export const PLATFORM_NAMES: Record<string, string> = {
  ios: 'iOS',
  ipados: 'iPadOS',
  macos: 'macOS',
  windows: 'Windows',
};

export function DevicesPage() {
  const { spaceId } = useSession();
  const [q, setQ] = useQueryParam('q');
  const paged = usePaged<Device>(withQuery('/devices', { q, spaceId, limit: 100 }));
  return (
    <>
      <PageTitle>Devices</PageTitle>
      <div className="filters">
        <SearchBox
          label="Search devices"
          value={q}
          onSearch={setQ}
          placeholder="Name or serial number"
        />
      </div>
      <PagedList paged={paged} empty={q === '' ? 'No device yet.' : `No device matches “${q}”.`}>
        {(devices) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Serial number</th>
                  <th scope="col">Platform</th>
                  <th scope="col">State</th>
                  <th scope="col">Last check-in</th>
                </tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link to={`/devices/${encodeURIComponent(d.id)}`}>
                        {d.name ?? d.serialNumber}
                      </Link>
                      {d.shared && <Badge tone="neutral">Shared</Badge>}
                    </th>
                    <td>
                      <code>{d.serialNumber}</code>
                    </td>
                    <td>{PLATFORM_NAMES[d.platform] ?? d.platform}</td>
                    <td>{humanize(d.state)}</td>
                    <td>
                      <Time iso={d.lastCheckInAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
    </>
  );
}
