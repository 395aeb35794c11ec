/**
 * R-X4: who waits for a licence, app by app, in the order they will be served (reservations
 * first, then in order of refusal). Every queue of the space at first; one app's when it is
 * chosen from the space's catalog (kept in the URL, `?app=`).
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import { Badge } from '../../components/Badge.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { SelectField } from '../../components/Field.js';
import { PagedList } from '../../components/PagedList.js';
import { ErrorMessage } from '../../components/State.js';
import { SubjectLink } from '../../components/SubjectLink.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { Link, useQueryParam } from '../../router.js';
import { useSpaceInUrl } from '../../hooks/useListInUrl.js';
import { useCatalogApps } from './data.js';
import { InsightsFrame } from './InsightsFrame.js';
import type { WaitlistPlace } from './types.js';

const column = createColumnHelper<WaitlistPlace>();

function useWaitlistColumns(withApp: boolean) {
  const { t } = useTranslation('insights');
  return useMemo(
    () => [
      ...(withApp
        ? [
            column.accessor('appName', {
              header: t('waitlist.app'),
              cell: (c) => (
                <Link to={`/waitlist?app=${encodeURIComponent(c.row.original.catalogAppId)}`}>
                  {c.getValue()}
                </Link>
              ),
            }),
          ]
        : []),
      column.accessor('position', {
        header: t('waitlist.position'),
        meta: { align: 'end' },
        cell: (c) => formatCount(c.getValue()),
      }),
      column.accessor('device', {
        header: t('waitlist.device'),
        cell: (c) => (
          <>
            <SubjectLink subject={{ type: 'device', ...c.getValue() }} />{' '}
            <span className="muted">{c.getValue().serialNumber}</span>
          </>
        ),
      }),
      column.accessor('user', {
        header: t('waitlist.user'),
        cell: (c) => {
          const user = c.getValue();
          return user === null ? (
            <span className="muted">{t('waitlist.noUser')}</span>
          ) : (
            <SubjectLink subject={{ type: 'user', ...user }} />
          );
        },
      }),
      column.accessor('reserved', {
        header: t('waitlist.reservation'),
        cell: (c) =>
          c.getValue() ? <Badge tone="info">{t('waitlist.reserved')}</Badge> : t('waitlist.inTurn'),
      }),
      column.accessor('reason', {
        header: t('waitlist.reason'),
        cell: (c) => t(`waitlist.reasons.${c.getValue()}`, { defaultValue: c.getValue() }),
      }),
      column.accessor('queuedAt', {
        header: t('waitlist.queuedAt'),
        meta: { align: 'end' },
        cell: (c) => <Time iso={c.getValue()} />,
      }),
    ],
    [t, withApp],
  );
}

/** One app's queue, or (no app) every queue of the space, app by app. */
function Queue({ catalogAppId, appName }: { catalogAppId: string; appName: string | null }) {
  const { t } = useTranslation('insights');
  const all = catalogAppId === '';
  const columns = useWaitlistColumns(all);
  const paged = usePaged<WaitlistPlace>(
    withQuery('/waitlist', { catalogAppId: all ? undefined : catalogAppId, limit: 100 }),
  );
  return (
    <PagedList
      paged={paged}
      empty={all ? t('waitlist.emptyAll') : t('waitlist.empty', { app: appName ?? '…' })}
    >
      {(places) => (
        <DataTable
          caption={all ? t('waitlist.captionAll') : t('waitlist.caption', { app: appName ?? '…' })}
          columns={columns}
          rows={places}
          rowId={(p) => `${p.catalogAppId} ${p.position} ${p.device.id}`}
        />
      )}
    </PagedList>
  );
}

export function WaitlistPage() {
  const { t } = useTranslation('insights');
  const spaceId = useSpaceInUrl();
  const [app, setApp] = useQueryParam('app');
  const catalog = useCatalogApps(spaceId);
  const apps = catalog.data ?? [];
  const chosen = apps.find((a) => a.id === app);
  return (
    <InsightsFrame view="waitlist">
      <ErrorMessage error={catalog.error ?? undefined} />
      <div className="filters">
        <SelectField label={t('waitlist.app')} value={app} onValue={setApp}>
          <option value="">{t('waitlist.allApps')}</option>
          {app !== '' && chosen === undefined && <option value={app}>{app}</option>}
          {apps.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </SelectField>
      </div>
      <Queue key={app} catalogAppId={app} appName={chosen?.name ?? null} />
    </InsightsFrame>
  );
}
