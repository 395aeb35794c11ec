/** R-M2: a user, their licences (and their devices' licences) with revoke, their devices. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import type { Device, Page, UserLicense } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { LicenseState, LicenseTypeText } from '../../components/LicenseState.js';
import { useNotify } from '../../components/Notices.js';
import { PagedList } from '../../components/PagedList.js';
import { RevokeLicenseDialog } from '../../components/RevokeLicenseDialog.js';
import { PageTitle, Section } from '../../components/Section.js';
import { Empty, ErrorMessage, Loaded } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { formatMoney } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useResource } from '../../hooks/useResource.js';
import { Link } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { platformName } from './labels.js';
import type { DirectoryUser } from './types.js';
import './directory.css';

const column = createColumnHelper<UserLicense>();

function useLicenseColumns(onRevoke: ((license: UserLicense) => void) | null) {
  const { t } = useTranslation('directory');
  return useMemo(
    () => [
      column.accessor('name', {
        header: t('field.app'),
        cell: (c) => {
          const l = c.row.original;
          return l.catalogAppId === null ? (
            l.name
          ) : (
            <Link to={`/apps/${encodeURIComponent(l.catalogAppId)}`}>{l.name}</Link>
          );
        },
      }),
      column.accessor('version', { header: t('field.version'), cell: (c) => c.getValue() ?? '—' }),
      column.accessor('costPerLicense', {
        header: t('field.cost'),
        meta: { align: 'end' },
        cell: (c) => formatMoney(c.getValue()),
      }),
      column.accessor('assignedAt', {
        header: t('field.assignedAt'),
        cell: (c) => <Time iso={c.getValue()} />,
      }),
      column.display({
        id: 'licenseType',
        header: t('field.license'),
        cell: (c) => <LicenseTypeText license={c.row.original} />,
      }),
      column.display({
        id: 'state',
        header: t('field.state'),
        cell: (c) => <LicenseState license={c.row.original} />,
      }),
      column.accessor('platforms', {
        header: t('field.platforms'),
        cell: (c) => c.getValue().map(platformName).join(', '),
      }),
      ...(onRevoke === null
        ? []
        : [
            column.display({
              id: 'actions',
              header: t('field.actions'),
              cell: (c) =>
                c.row.original.state === 'active' && (
                  <button
                    type="button"
                    className="small-button danger"
                    aria-label={t('license.revokeLabel', { app: c.row.original.name })}
                    onClick={() => onRevoke(c.row.original)}
                  >
                    {t('license.revoke')}
                  </button>
                ),
            }),
          ]),
    ],
    [onRevoke, t],
  );
}

function UserLicenses({ user }: { user: DirectoryUser }) {
  const { t } = useTranslation('directory');
  const { can } = useSession();
  const [showRevoked, setShowRevoked] = useState(false);
  const [revoking, setRevoking] = useState<UserLicense | null>(null);
  const paged = usePaged<UserLicense>(
    withQuery(`/users/${encodeURIComponent(user.id)}/licenses`, {
      state: showRevoked ? undefined : 'active',
      limit: 100,
    }),
  );
  const columns = useLicenseColumns(can('licenses:write') ? setRevoking : null);
  return (
    <Section
      title={t('user.licenses')}
      actions={
        <label className="check inline">
          <input
            type="checkbox"
            checked={showRevoked}
            onChange={(event) => setShowRevoked(event.target.checked)}
          />
          <span>{t('user.showRevoked')}</span>
        </label>
      }
    >
      <PagedList paged={paged} empty={t('user.noLicense')}>
        {(licenses) => (
          <DataTable
            caption={t('user.licensesCaption', { name: user.displayName })}
            columns={columns}
            rows={licenses}
            rowId={(l) => l.id}
          />
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

function UserDevices({ user }: { user: DirectoryUser }) {
  const { t } = useTranslation('directory');
  const devices = useResource<Page<Device>>(
    withQuery('/devices', { primaryUserId: user.id, limit: 100 }),
  );
  return (
    <Section title={t('user.devices')}>
      <Loaded resource={devices}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('user.noDevice')}</Empty>
          ) : (
            <ul className="plain-list">
              {page.items.map((d) => (
                <li key={d.id}>
                  <Link to={`/devices/${encodeURIComponent(d.id)}`}>
                    {d.name ?? d.serialNumber}
                  </Link>{' '}
                  <span className="muted">
                    {platformName(d.platform)} · <code>{d.serialNumber}</code>
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
  const { t } = useTranslation('directory');
  const { can } = useSession();
  const notify = useNotify();
  const action = useAction();
  const user = useResource<DirectoryUser>(`/users/${encodeURIComponent(id)}`);
  const invite = (u: DirectoryUser) =>
    void action.run(async () => {
      await api.post(`/users/${encodeURIComponent(u.id)}/invite`);
      notify(t('user.invited', { name: u.displayName }));
      user.reload();
    });
  return (
    <Loaded resource={user}>
      {(u) => (
        <>
          <PageTitle
            subtitle={
              <>
                {t('user.subtitle', { email: u.email, enrolment: t(`enrolment.${u.enrolment}`) })}{' '}
                {!u.active && <Badge tone="warning">{t('status.deactivated')}</Badge>}
              </>
            }
            actions={
              can('licenses:write') &&
              u.enrolment !== 'joined' && (
                <button type="button" onClick={() => invite(u)} disabled={action.busy}>
                  {u.enrolment === 'invited' ? t('user.inviteAgain') : t('user.invite')}
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
