/**
 * CSV import of users and devices, in the browser: papaparse reads the file, each row is
 * checked before anything is sent, then rows go to the API four at a time, each with its own
 * Idempotency-Key, and each gets its result. The failed rows come back as a CSV.
 */
import Papa from 'papaparse';
import type { TFunction } from 'i18next';
import { ApiError, messageOf } from '../../api/client.js';
import type { Space } from '../../api/types.js';

export type CsvRow = Record<string, string>;

export const MAX_IMPORT_ROWS = 5000;
export const IMPORT_IN_FLIGHT = 4;

export type RowOutcome =
  | { status: 'created' }
  | { status: 'exists'; message: string }
  | { status: 'error'; message: string };

export interface ImportRow {
  /** The line in the file (the header is line 1). */
  line: number;
  values: CsvRow;
  problems: string[];
  outcome?: RowOutcome;
}

/** What checking a row needs (nothing is sent then). */
export interface CheckContext {
  t: TFunction<'directory'>;
  spaces: Space[];
}

export interface ImportContext extends CheckContext {
  /** The space rows go to when they name none. */
  defaultSpaceId: string;
  post: <T>(path: string, body: unknown, key: string) => Promise<T>;
  get: <T>(path: string) => Promise<T>;
}

/** What differs between the users' and the devices' import. */
export interface ImportSpec {
  kind: 'users' | 'devices';
  columns: readonly string[];
  /** The column whose value may appear only once in a file. */
  uniqueColumn: string;
  template: string;
  /** The error codes that mean "already exists". */
  existsCodes: readonly string[];
  check: (row: CsvRow, ctx: CheckContext) => string[];
  send: (row: CsvRow, key: string, ctx: ImportContext) => Promise<void>;
}

export interface ParsedFile {
  rows: ImportRow[];
  /** Problems of the file as a whole (missing columns, too many rows). */
  problems: string[];
}

export function parseCsv(file: File): Promise<Papa.ParseResult<CsvRow>> {
  return new Promise((resolve, reject) => {
    Papa.parse<CsvRow>(file, {
      header: true,
      skipEmptyLines: 'greedy',
      transformHeader: (header) => header.trim(),
      transform: (value) => value.trim(),
      complete: resolve,
      error: reject,
    });
  });
}

/** Every row with its problems, before anything is sent. */
export function checkRows(
  spec: ImportSpec,
  result: Papa.ParseResult<CsvRow>,
  ctx: CheckContext,
): ParsedFile {
  const { t } = ctx;
  const header = result.meta.fields ?? [];
  const missing = spec.columns.filter((c) => isRequired(spec, c) && !header.includes(c));
  const problems: string[] = [];
  if (missing.length > 0)
    problems.push(t('import.missingColumns', { columns: missing.join(', ') }));
  if (result.data.length > MAX_IMPORT_ROWS) {
    problems.push(t('import.tooManyRows', { count: MAX_IMPORT_ROWS }));
  }
  if (result.data.length === 0) problems.push(t('import.noRows'));
  const seen = new Map<string, number>();
  const rows = result.data.slice(0, MAX_IMPORT_ROWS).map((values, index) => {
    const line = index + 2;
    const rowProblems = spec.check(values, ctx);
    const unique = (values[spec.uniqueColumn] ?? '').toLowerCase();
    if (unique !== '') {
      const first = seen.get(unique);
      if (first === undefined) seen.set(unique, line);
      else rowProblems.push(t('import.duplicate', { column: spec.uniqueColumn, line: first }));
    }
    return { line, values, problems: rowProblems };
  });
  const parseErrors = result.errors.filter((e) => e.row !== undefined);
  for (const error of parseErrors) rows[error.row!]?.problems.push(error.message);
  return { rows, problems };
}

function isRequired(spec: ImportSpec, column: string): boolean {
  return spec.kind === 'users' ? column !== 'space' : ['serialNumber', 'platform'].includes(column);
}

/** A row's result: created, already there, or the API's message. */
function outcomeOf(spec: ImportSpec, error: unknown): RowOutcome {
  if (error instanceof ApiError && spec.existsCodes.includes(error.code)) {
    return { status: 'exists', message: error.message };
  }
  return { status: 'error', message: messageOf(error) };
}

/** Sends the rows without problems, `IMPORT_IN_FLIGHT` at a time; reports each result. */
export async function sendRows(
  spec: ImportSpec,
  rows: ImportRow[],
  ctx: ImportContext,
  onOutcome: (line: number, outcome: RowOutcome) => void,
): Promise<void> {
  const queue = rows.filter((row) => row.problems.length === 0);
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const row = queue[next++]!;
      const key = `allot-import-${crypto.randomUUID()}`;
      try {
        await spec.send(row.values, key, ctx);
        onOutcome(row.line, { status: 'created' });
      } catch (error) {
        onOutcome(row.line, outcomeOf(spec, error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IMPORT_IN_FLIGHT, queue.length) }, worker));
}

/** The rows that were not imported, with why, as a CSV to fix and import again. */
export function failedRowsCsv(spec: ImportSpec, rows: ImportRow[], errorColumn: string): string {
  const failed = rows.filter((r) => r.problems.length > 0 || r.outcome?.status === 'error');
  return Papa.unparse({
    fields: [...spec.columns, errorColumn],
    data: failed.map((row) => [
      ...spec.columns.map((c) => row.values[c] ?? ''),
      row.problems.length > 0
        ? row.problems.join('; ')
        : row.outcome?.status === 'error'
          ? row.outcome.message
          : '',
    ]),
  });
}

export function csvDataUrl(text: string): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function looksLikeEmail(text: string): boolean {
  return EMAIL.test(text) && text.length <= 254;
}

/** A space named in a row, by name (any case) or ID; undefined when there is none of that. */
export function spaceNamed(spaces: Space[], text: string): Space | undefined {
  const wanted = text.toLowerCase();
  return spaces.find((s) => s.id === text || s.name.toLowerCase() === wanted);
}
