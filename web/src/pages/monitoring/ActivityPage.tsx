/** The activity log (R-M7): filters, CSV export of every match, links to the subjects. */
import { useState } from 'react';
import { api, withQuery } from '../../api/client.js';
import type { ActivityEntry } from '../../api/types.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { ErrorMessage } from '../../components/State.js';
import { useAction } from '../../hooks/useAction.js';
import { useDebounced } from '../../hooks/useDebounced.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useQueryParam } from '../../router.js';
import { ActivityTable } from './ActivityTable.js';

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

export function ActivityPage() {
  const [subjectId, setSubjectId] = useQueryParam('subjectId');
  const [actionText, setActionText] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const action = useDebounced(actionText.trim(), 300);
  const validAction = /^[A-Za-z.]*$/.test(action);
  const filters = {
    subjectId,
    action: validAction ? action : undefined,
    since: toIso(since),
    until: toIso(until),
  };
  const paged = usePaged<ActivityEntry>(withQuery('/activity', { ...filters, limit: 100 }));
  const exporting = useAction();

  const exportCsv = () =>
    void exporting.run(async () => {
      const blob = await api.blob(withQuery('/activity', filters), 'text/csv');
      download(blob, `allot-activity-${new Date().toISOString().slice(0, 10)}.csv`);
    });

  return (
    <>
      <PageTitle
        subtitle="Every change, oldest first. The export contains every entry that matches the filters."
        actions={
          <button type="button" onClick={exportCsv} disabled={exporting.busy}>
            {exporting.busy ? 'Exporting…' : 'Export CSV'}
          </button>
        }
      >
        Activity
      </PageTitle>
      <ErrorMessage error={exporting.error} />
      <div className="filters">
        <label className="field">
          <span>Action</span>
          <input
            value={actionText}
            placeholder="e.g. license.revoke"
            aria-invalid={!validAction}
            onChange={(event) => setActionText(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Since</span>
          <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
        <label className="field">
          <span>Until</span>
          <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
        {subjectId !== '' && (
          <p className="filter-chip">
            One subject only{' '}
            <button type="button" className="small-button" onClick={() => setSubjectId('')}>
              Show every subject
            </button>
          </p>
        )}
      </div>
      {!validAction && <p className="error">An action is letters and dots, e.g. license.revoke.</p>}
      <PagedList paged={paged} empty="No activity matches these filters.">
        {(entries) => <ActivityTable entries={entries} />}
      </PagedList>
    </>
  );
}
