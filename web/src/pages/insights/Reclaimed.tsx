/**
 * R-X3: the licences the space's policy took back whose grace still runs, each with Restore:
 * `GET /licenses?restorable=true`, the server deciding which can still come back and until when.
 */
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import type { License } from '../../api/types.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { useNotify } from '../../components/Notices.js';
import { PagedList } from '../../components/PagedList.js';
import { Section } from '../../components/Section.js';
import { ErrorMessage } from '../../components/State.js';
import { SubjectLink } from '../../components/SubjectLink.js';
import { Time } from '../../components/Time.js';
import { useAction } from '../../hooks/useAction.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useAppNames } from './data.js';
import { reasonsOf, reasonText } from './reasons.js';

interface Row {
  license: License;
  reasons: string[];
  restorableUntil: string;
}

/** A reclaimed licence's row: its reason is its last action's (`reclaim.<reason>`). */
function rowOf(license: License): Row {
  const reason = license.lastAction.split('.')[1];
  return {
    license,
    reasons: reasonsOf({ reasons: reason === undefined ? [] : [reason] }),
    restorableUntil: license.restorableUntil ?? '',
  };
}

const column = createColumnHelper<Row>();

export function Reclaimed({ spaceId, canWrite }: { spaceId: string; canWrite: boolean }) {
  const { t } = useTranslation('insights');
  const notify = useNotify();
  const paged = usePaged<License>(
    withQuery('/licenses', { spaceId, restorable: true, limit: 100 }),
  );
  const rows = (paged.items ?? []).map(rowOf);
  const appName = useAppNames(rows.map((r) => r.license.catalogAppId));
  const restoring = useAction();

  const restore = (row: Row) =>
    void restoring.run(async () => {
      await api.post(`/licenses/${encodeURIComponent(row.license.id)}/restore`);
      notify(
        t('reclaimed.restoredNotice', {
          app: appName(row.license.catalogAppId) ?? t('dryRun.unknownApp'),
          name: row.license.subject.name,
        }),
      );
    });

  const columns = [
    column.accessor((row) => row.license.catalogAppId, {
      id: 'app',
      header: t('dryRun.app'),
      cell: (c) => appName(c.getValue()) ?? t('dryRun.unknownApp'),
    }),
    column.accessor((row) => row.license.subject, {
      id: 'holder',
      header: t('dryRun.holder'),
      cell: (c) => <SubjectLink subject={c.getValue()} />,
    }),
    column.accessor('reasons', {
      header: t('dryRun.reason'),
      cell: (c) => reasonText(t, c.getValue()),
    }),
    column.accessor((row) => row.license.revokedAt, {
      id: 'reclaimedAt',
      header: t('reclaimed.at'),
      meta: { align: 'end' },
      cell: (c) => <Time iso={c.getValue()} />,
    }),
    column.accessor('restorableUntil', {
      header: t('reclaimed.until'),
      meta: { align: 'end' },
      cell: (c) => <Time iso={c.getValue()} />,
    }),
    ...(canWrite
      ? [
          column.display({
            id: 'restore',
            header: () => <span className="visually-hidden">{t('reclaimed.actions')}</span>,
            cell: (c) => (
              <button
                type="button"
                className="small-button"
                disabled={restoring.busy}
                aria-label={t('reclaimed.restoreLabel', {
                  app: appName(c.row.original.license.catalogAppId) ?? t('dryRun.unknownApp'),
                  name: c.row.original.license.subject.name,
                })}
                onClick={() => restore(c.row.original)}
              >
                {t('reclaimed.restore')}
              </button>
            ),
          }),
        ]
      : []),
  ];

  return (
    <Section title={t('reclaimed.title')}>
      <p className="muted">{t('reclaimed.explain')}</p>
      <ErrorMessage error={restoring.error} />
      <PagedList paged={paged} empty={t('reclaimed.none')}>
        {(licenses) => (
          <DataTable
            caption={t('reclaimed.title')}
            columns={columns}
            rows={licenses.map(rowOf)}
            rowId={(row) => row.license.id}
          />
        )}
      </PagedList>
    </Section>
  );
}
