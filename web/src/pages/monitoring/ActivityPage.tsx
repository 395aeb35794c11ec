/**
 * The activity log (R-M7), newest first: filters by action (picked from the actions the log
 * holds), time and subject; CSV export of every match; names linked to their pages.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client.js';
import { parseSort, sortParam, type TableSort } from '../../components/DataTable.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useResource } from '../../hooks/useResource.js';
import { useQueryParam } from '../../router.js';
import { actionLabel } from './activityText.js';
import { ActivityTable } from './ActivityTable.js';
import type { ActivityRow } from './types.js';

/** Newest first unless the administrator asks otherwise (kept in the URL as `sort=at`). */
const DEFAULT_SORT = '-at';

/** `datetime-local` values are local time; the API wants UTC ISO-8601. */
function toIso(local: string): string | undefined {
  if (local === '') return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function useSortParam(): [TableSort, (sort: TableSort | null) => void] {
  const [value, setValue] = useQueryParam('sort');
  const sort = parseSort(value === 'at' ? 'at' : DEFAULT_SORT)!;
  const change = (next: TableSort | null) => {
    // The table cycles through "no order"; the log always has one: the other direction.
    const wanted = next === null ? (sort.descending ? 'at' : DEFAULT_SORT) : sortParam(next);
    setValue(wanted === DEFAULT_SORT ? '' : wanted);
  };
  return [sort, change];
}

function ActionFilter(props: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation('monitoring');
  const actions = useResource<{ items: string[] }>('/activity/actions');
  const known = actions.data?.items ?? [];
  const options =
    known.includes(props.value) || props.value === '' ? known : [props.value, ...known];
  return (
    <label className="field">
      <span>{t('activity.action')}</span>
      <select value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        <option value="">{t('activity.everyAction')}</option>
        {options.map((action) => (
          <option key={action} value={action}>
            {actionLabel(t, action)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ActivityPage() {
  const { t } = useTranslation('monitoring');
  const [subjectId, setSubjectId] = useQueryParam('subjectId');
  const [action, setAction] = useQueryParam('action');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [sort, setSort] = useSortParam();
  const filters = { subjectId, action, since: toIso(since), until: toIso(until) };
  const paged = usePaged<ActivityRow>(
    withQuery('/activity', { ...filters, sort: sortParam(sort), limit: 100 }),
  );
  const exporting = useAction();

  const exportCsv = () =>
    void exporting.run(async () => {
      const blob = await api.blob(withQuery('/activity', filters), 'text/csv');
      download(blob, t('activity.exportName', { date: new Date().toISOString().slice(0, 10) }));
    });

  return (
    <>
      <PageTitle
        subtitle={t('activity.subtitle')}
        actions={
          <button type="button" onClick={exportCsv} disabled={exporting.busy}>
            {exporting.busy ? t('common:action.exporting') : t('common:action.export')}
          </button>
        }
      >
        {t('activity.title')}
      </PageTitle>
      <ErrorMessage error={exporting.error} />
      <div className="filters">
        <ActionFilter value={action} onChange={setAction} />
        <label className="field">
          <span>{t('activity.since')}</span>
          <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('activity.until')}</span>
          <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        {subjectId !== '' && (
          <p className="filter-chip">
            {t('activity.oneSubject')}{' '}
            <button type="button" className="small-button" onClick={() => setSubjectId('')}>
              {t('activity.everySubject')}
            </button>
          </p>
        )}
      </div>
      <PagedList paged={paged} empty={t('activity.empty')}>
        {(entries) => <ActivityTable entries={entries} sort={sort} onSort={setSort} />}
      </PagedList>
    </>
  );
}
