/**
 * CSV import: choose a file, see every row with its problems, then import: four rows in
 * flight, a progress bar, each row's result, and the failed rows as a CSV to download.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { invalidateReads } from '../../api/queryClient.js';
import { createColumnHelper, DataTable } from '../../components/DataTable.js';
import { Dialog } from '../../components/Dialog.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { ErrorMessage } from '../../components/State.js';
import { formatCount } from '../../format.js';
import { useSession } from '../../session/SessionContext.js';
import {
  checkRows,
  csvDataUrl,
  failedRowsCsv,
  parseCsv,
  sendRows,
  type ImportContext,
  type ImportRow,
  type ImportSpec,
  type ParsedFile,
  type RowOutcome,
} from './csvImport.js';
import { useCreationSpace } from './SpaceField.js';

type Stage = 'choose' | 'preview' | 'running' | 'done';

const column = createColumnHelper<ImportRow>();

function RowStatus({ row }: { row: ImportRow }) {
  const { t } = useTranslation('directory');
  if (row.problems.length > 0) {
    return (
      <ul className="row-problems">
        {row.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    );
  }
  if (row.outcome === undefined) return <span className="muted">{t('import.ready')}</span>;
  return <Outcome outcome={row.outcome} />;
}

function Outcome({ outcome }: { outcome: RowOutcome }) {
  const { t } = useTranslation('directory');
  if (outcome.status === 'created')
    return <span className="badge tone-ok">{t('import.created')}</span>;
  return (
    <span>
      <span className={`badge ${outcome.status === 'exists' ? 'tone-neutral' : 'tone-alert'}`}>
        {outcome.status === 'exists' ? t('import.exists') : t('import.failed')}
      </span>{' '}
      <span className="small">{outcome.message}</span>
    </span>
  );
}

function useImportColumns(spec: ImportSpec) {
  const { t } = useTranslation('directory');
  return useMemo(
    () => [
      column.accessor('line', { header: t('import.line'), meta: { align: 'end' } }),
      ...spec.columns.map((name) =>
        column.display({ id: name, header: name, cell: (c) => c.row.original.values[name] ?? '' }),
      ),
      column.display({
        id: 'status',
        header: t('import.status'),
        cell: (c) => <RowStatus row={c.row.original} />,
      }),
    ],
    [spec, t],
  );
}

function Summary({ rows }: { rows: ImportRow[] }) {
  const { t } = useTranslation('directory');
  const count = (test: (r: ImportRow) => boolean) => rows.filter(test).length;
  const created = count((r) => r.outcome?.status === 'created');
  const exists = count((r) => r.outcome?.status === 'exists');
  const failed = count((r) => r.problems.length > 0 || r.outcome?.status === 'error');
  return (
    <p className="import-summary" role="status">
      <span>{t('import.summaryCreated', { count: created, n: formatCount(created) })}</span>
      <span>{t('import.summaryExists', { count: exists, n: formatCount(exists) })}</span>
      <span>{t('import.summaryFailed', { count: failed, n: formatCount(failed) })}</span>
    </p>
  );
}

export function ImportDialog({ spec, onClose }: { spec: ImportSpec; onClose: () => void }) {
  const { t } = useTranslation('directory');
  const { spaces } = useSession();
  const defaultSpaceId = useCreationSpace();
  const [stage, setStage] = useState<Stage>('choose');
  const [parsed, setParsed] = useState<ParsedFile | null>(null);
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const columns = useImportColumns(spec);
  const baseContext = { t, spaces, defaultSpaceId, get: <T,>(path: string) => api.get<T>(path) };

  const choose = async (file: File | undefined) => {
    if (file === undefined) return;
    setError(undefined);
    try {
      const result = await parseCsv(file);
      const checked = checkRows(spec, result, baseContext);
      setParsed(checked);
      setRows(checked.rows);
      setStage('preview');
    } catch (caught) {
      setError(caught);
    }
  };

  const run = async () => {
    setStage('running');
    try {
      const ctx: ImportContext = {
        ...baseContext,
        post: (path, body, key) => api.post(path, body, { 'idempotency-key': key }),
      };
      await sendRows(spec, rows, ctx, (line, outcome) =>
        setRows((list) => list.map((r) => (r.line === line ? { ...r, outcome } : r))),
      );
    } catch (caught) {
      setError(caught);
    }
    setStage('done');
    void invalidateReads();
  };

  const sendable = rows.filter((r) => r.problems.length === 0).length;
  const finished = rows.filter((r) => r.outcome !== undefined).length;
  const failedCount = rows.filter(
    (r) => r.problems.length > 0 || r.outcome?.status === 'error',
  ).length;
  const blocked = (parsed?.problems.length ?? 0) > 0;

  return (
    <Dialog title={t(`import.title.${spec.kind}`)} onClose={onClose} wide>
      {stage === 'choose' && (
        <div className="import-steps">
          <p>{t(`import.intro.${spec.kind}`, { columns: spec.columns.join(', ') })}</p>
          <p>
            <a href={csvDataUrl(spec.template)} download={`${spec.kind}-template.csv`}>
              {t('import.template')}
            </a>
          </p>
          <label className="field">
            <span>{t('import.file')}</span>
            <input
              type="file"
              accept=".csv,text/csv"
              onChange={(event) => void choose(event.target.files?.[0])}
            />
          </label>
        </div>
      )}
      <ErrorMessage error={error} />
      {parsed !== null && stage !== 'choose' && (
        <>
          {parsed.problems.map((p) => (
            <p key={p} className="error" role="alert">
              {p}
            </p>
          ))}
          {stage === 'preview' && (
            <p>
              {t('import.previewSummary', {
                count: rows.length,
                valid: sendable,
                n: formatCount(rows.length),
              })}
            </p>
          )}
          {stage !== 'preview' && (
            <ProgressBar
              label={t('import.progress', { done: finished, total: sendable })}
              value={sendable === 0 ? 100 : Math.round((finished / sendable) * 100)}
            />
          )}
          {stage === 'done' && <Summary rows={rows} />}
          <div className="import-table">
            <DataTable
              caption={t('import.rowsCaption')}
              columns={columns}
              rows={rows}
              rowId={(r) => String(r.line)}
            />
          </div>
        </>
      )}
      <div className="dialog-actions">
        {stage === 'preview' && (
          <>
            <button type="button" onClick={() => setStage('choose')}>
              {t('import.another')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={blocked || sendable === 0}
              onClick={() => void run()}
            >
              {t('import.start', { count: sendable })}
            </button>
          </>
        )}
        {stage === 'done' && failedCount > 0 && (
          <a
            className="button-link"
            href={csvDataUrl(failedRowsCsv(spec, rows, t('import.errorColumn')))}
            download={`${spec.kind}-failed.csv`}
          >
            {t('import.downloadFailed', { count: failedCount })}
          </a>
        )}
        <button type="button" onClick={onClose} disabled={stage === 'running'}>
          {stage === 'done' ? t('action.close') : t('action.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
