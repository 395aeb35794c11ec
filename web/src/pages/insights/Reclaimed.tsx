/**
 * R-X3: the licences the space's policy took back whose grace still runs, each with Restore.
 * The API has no list of them as such: the reclaims of the last grace period are read from the
 * activity log (`license.reclaim`, newest first), and each licence's current state tells whether
 * it can still come back (revoked by a reclaim, restored by no one, before its deadline).
 */
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import { apiKey } from '../../api/queryClient.js';
import type { ActivityEntry, License } from '../../api/types.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useNotify } from '../../components/Notices.js';
import { Section } from '../../components/Section.js';
import { Empty, ErrorMessage, Loading } from '../../components/State.js';
import { SubjectLink } from '../../components/SubjectLink.js';
import { Time } from '../../components/Time.js';
import { useAction } from '../../hooks/useAction.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useAppNames } from './data.js';
import { reasonsOf, reasonText } from './reasons.js';

const DAY_MS = 86_400_000;
/** R-V4's grace period: a reclaim can be undone until the grace ends, or this long after it. */
const GRACE_DAYS = 30;

interface Row {
  license: License;
  reasons: string[];
  restorableUntil: string;
}

/** Until when a reclaimed licence can come back (domain/reclaim.ts `restoreDeadline`). */
function deadlineOf(license: License): string | null {
  if (license.revokedAt === null) return null;
  return (
    license.graceUntil ??
    new Date(new Date(license.revokedAt).getTime() + GRACE_DAYS * DAY_MS).toISOString()
  );
}

function restorable(license: License, now: number): string | null {
  if (license.state !== 'revoked' || !license.lastAction.startsWith('reclaim')) return null;
  const deadline = deadlineOf(license);
  return deadline !== null && new Date(deadline).getTime() > now ? deadline : null;
}

/** The space's reclaims of the last grace period whose licence can still be restored. */
function useRestorable(spaceId: string) {
  const [since] = useState(() => new Date(Date.now() - GRACE_DAYS * DAY_MS).toISOString());
  const paged = usePaged<ActivityEntry>(
    withQuery('/activity', { action: 'license.reclaim', since, sort: '-at', limit: 100 }),
  );
  // The newest reclaim of each licence of this space.
  const entries = useMemo(() => {
    const seen = new Set<string>();
    return (paged.items ?? []).filter((e) => {
      if (e.spaceId !== spaceId || seen.has(e.subject.id)) return false;
      seen.add(e.subject.id);
      return true;
    });
  }, [paged.items, spaceId]);
  const licences = useQueries({
    queries: entries.map((entry) => {
      const path = `/licenses/${encodeURIComponent(entry.subject.id)}`;
      return {
        queryKey: apiKey(path),
        queryFn: ({ signal }: { signal: AbortSignal }) => api.get<License>(path, signal),
      };
    }),
  });
  const now = Date.now();
  const rows: Row[] = [];
  entries.forEach((entry, i) => {
    const license = licences[i]?.data;
    if (license === undefined) return;
    const until = restorable(license, now);
    if (until !== null)
      rows.push({ license, reasons: reasonsOf(entry.after), restorableUntil: until });
  });
  const loadingLicences = licences.some((q) => q.isPending);
  return { paged, rows, loading: (paged.items === undefined && paged.loading) || loadingLicences };
}

const column = createColumnHelper<Row>();

export function Reclaimed({ spaceId, canWrite }: { spaceId: string; canWrite: boolean }) {
  const { t } = useTranslation('insights');
  const notify = useNotify();
  const { paged, rows, loading } = useRestorable(spaceId);
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
      <ErrorMessage error={restoring.error ?? paged.error} />
      {loading ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty>{t('reclaimed.none')}</Empty>
      ) : (
        <DataTable
          caption={t('reclaimed.title')}
          columns={columns}
          rows={rows}
          rowId={(row) => row.license.id}
        />
      )}
      <LoadMore cursor={paged.nextCursor} busy={paged.loading} onMore={paged.loadMore} />
    </Section>
  );
}
