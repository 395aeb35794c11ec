/** R-M2: a user, their licences (and their devices' licences) with revoke, their devices. */
import { useState } from 'react';
import { api, withQuery } from '../../api/client.js';
import type { Device, Page, User, UserLicense } from '../../api/types.js';
import { LicenseState, LicenseTypeText } from '../../components/LicenseState.js';
import { useNotify } from '../../components/Notices.js';
import { PagedList } from '../../components/PagedList.js';
import { RevokeLicenseDialog } from '../../components/RevokeLicenseDialog.js';
import { PageTitle, Section } from '../../components/Section.js';
import { Empty, ErrorMessage, Loaded } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { formatMoney, humanize } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useResource } from '../../hooks/useResource.js';
import { Link } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { PLATFORM_NAMES } from './DevicesPage.js';

function UserLicenses({ user }: { user: User }) {
  const { can } = useSession();
  const [showRevoked, setShowRevoked] = useState(false);
  const [revoking, setRevoking] = useState<UserLicense | null>(null);
  const paged = usePaged<UserLicense>(
    withQuery(`/users/${encodeURIComponent(user.id)}/licenses`, {
      state: showRevoked ? undefined : 'active',
      limit: 100,
    }),
  );
  return (
    <Section
      title="Licences"
      actions={
        <label className="check inline">
          <input
            type="checkbox"
            checked={showRevoked}
            onChange={(event) => setShowRevoked(event.target.checked)}
          />
          <span>Show revoked</span>
        </label>
      }
    >
      <PagedList paged={paged} empty="No licence.">
        {(licenses) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">App</th>
                  <th scope="col">Version</th>
                  <th scope="col">Cost</th>
                  <th scope="col">Assigned</th>
                  <th scope="col">Licence</th>
                  <th scope="col">State</th>
                  <th scope="col">Platforms</th>
                  {can('licenses:write') && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {licenses.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">
                      {l.catalogAppId === null ? (
                        l.name
                      ) : (
                        <Link to={`/apps/${encodeURIComponent(l.catalogAppId)}`}>{l.name}</Link>
                      )}
                    </th>
                    <td>{l.version ?? '—'}</td>
                    <td>{formatMoney(l.costPerLicense)}</td>
                    <td>
                      <Time iso={l.assignedAt} />
                    </td>
                    <td>
                      <LicenseTypeText license={l} />
                    </td>
                    <td>
                      <LicenseState license={l} />
                    </td>
                    <td>{l.platforms.map((p) => PLATFORM_NAMES[p] ?? p).join(', ')}</td>
                    {can('licenses:write') && (
                      <td>
                        {l.state === 'active' && (
                          <button
                            type="button"
                            className="small-button danger"
                            aria-label={`Revoke the ${l.name} licence`}
                            onClick={() => setRevoking(l)}
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
          license={revoking}
          appName={revoking.name}
          onClose={() => setRevoking(null)}
          onRevoked={() => paged.reload()}
        />
      )}
    </Section>
  );
}

function UserDevices({ user }: { user: User }) {
  const devices = useResource<Page<Device>>(
    withQuery('/devices', { primaryUserId: user.id, limit: 100 }),
  );
  return (
    <Section title="Devices">
      <Loaded resource={devices}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>This user is the primary user of no device.</Empty>
          ) : (
            <ul className="plain-list">
              {page.items.map((d) => (
                <li key={d.id}>
                  <Link to={`/devices/${encodeURIComponent(d.id)}`}>
                    {d.name ?? d.serialNumber}
                  </Link>{' '}
                  <span className="muted">
                    {PLATFORM_NAMES[d.platform] ?? d.platform} · <code>{d.serialNumber}</code>
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Section>
  );
}

export function UserPage({ id }: { id: string }) {
  const { can } = useSession();
  const notify = useNotify();
  const action = useAction();
  const user = useResource<User>(`/users/${encodeURIComponent(id)}`);
  const invite = (u: User) =>
    void action.run(async () => {
      await api.post(`/users/${encodeURIComponent(u.id)}/invite`);
      notify(`The store invitation was sent to ${u.displayName}.`);
      user.reload();
    });
  return (
    <Loaded resource={user}>
      {(u) => (
        <>
          <PageTitle
            subtitle={`${u.email} · store programme: ${humanize(u.enrolment)}`}
            actions={
              can('licenses:write') &&
              u.enrolment !== 'joined' && (
                <button type="button" onClick={() => invite(u)} disabled={action.busy}>
                  {u.enrolment === 'invited' ? 'Invite again' : 'Send store invitation'}
                </button>
              )
            }
          >
            {u.displayName}
          </PageTitle>
          <ErrorMessage error={action.error} />
          <UserLicenses user={u} />
          <UserDevices user={u} />
        </>
      )}
    </Loaded>
  );
}
