/**
 * R-X3: the dry run of a space's policy — the licences it would take back now, each with its
 * app, holder, last check-in and why. Nothing changes; the list is paged (`Load more`).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { LoadMore } from '../../components/LoadMore.js';
import { Section } from '../../components/Section.js';
import { Empty, ErrorMessage } from '../../components/State.js';
import { SubjectLink } from '../../components/SubjectLink.js';
import { Time } from '../../components/Time.js';
import { formatCount } from '../../format.js';
import { useAppNames } from './data.js';
import { reasonText } from './reasons.js';
import type { DryRun as DryRunResult, IdleLicense } from './types.js';

const column = createColumnHelper<IdleLicense>();
const PAGE_SIZE = 50;

function useDryRunColumns(appName: (id: string | null) => string | null) {
  const { t } = useTranslation('insights');
  return useMemo(
    () => [
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
      column.accessor('lastSeenAt', {
        header: t('dryRun.lastSeen'),
        meta: { align: 'end' },
        cell: (c) => (c.getValue() === null ? t('dryRun.neverSeen') : <Time iso={c.getValue()} />),
      }),
      column.accessor('reasons', {
        header: t('dryRun.reason'),
        cell: (c) => reasonText(t, c.getValue()),
      }),
    ],
    [appName, t],
  );
}

interface Run {
  asOf: string;
  total: number;
  items: IdleLicense[];
  nextCursor: string | null;
}

export function DryRun({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation('insights');
  const [run, setRun] = useState<Run | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const appName = useAppNames(run?.items.map((i) => i.license.catalogAppId) ?? []);
  const columns = useDryRunColumns(appName);
  const path = `/spaces/${encodeURIComponent(spaceId)}/reclaim-policy/dry-run`;

  const load = async (cursor: string | null) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await api.post<DryRunResult>(withQuery(path, { limit: PAGE_SIZE, cursor }));
      setRun((previous) =>
        cursor === null || previous === null
          ? { ...page, total: page.total ?? page.items.length }
          : { ...previous, items: [...previous.items, ...page.items], nextCursor: page.nextCursor },
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section
      title={t('dryRun.title')}
      actions={
        <button type="button" onClick={() => void load(null)} disabled={busy}>
          {busy && run === null ? t('dryRun.running') : t('dryRun.run')}
        </button>
      }
    >
      <p className="muted">{t('dryRun.explain')}</p>
      <ErrorMessage error={error} />
      {/* Present before the first run, so that each run's count is announced. */}
      <p role="status">
        {run !== null && (
          <>
            {t('dryRun.summary', { count: run.total, formatted: formatCount(run.total) })}{' '}
            <span className="muted">
              ({t('dryRun.asOf')} <Time iso={run.asOf} />)
            </span>
          </>
        )}
      </p>
      {run !== null &&
        (run.items.length === 0 ? (
          <Empty>{t('dryRun.none')}</Empty>
        ) : (
          <>
            <DataTable
              caption={t('dryRun.caption')}
              columns={columns}
              rows={run.items}
              rowId={(row) => row.license.id}
            />
            <LoadMore
              cursor={run.nextCursor}
              busy={busy}
              onMore={() => void load(run.nextCursor)}
            />
          </>
        ))}
    </Section>
  );
}
