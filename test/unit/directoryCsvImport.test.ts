/**
 * The console's CSV import (web/src/pages/directory): rows checked before anything is sent,
 * four in flight with an Idempotency-Key each, "already exists" told apart from errors, and
 * the failed rows back as CSV.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/client.js';
import {
  checkRows,
  failedRowsCsv,
  sendRows,
  type CsvRow,
  type ImportContext,
  type RowOutcome,
} from '../../web/src/pages/directory/csvImport.js';
import { DEVICE_IMPORT, USER_IMPORT } from '../../web/src/pages/directory/importSpecs.js';

const t = ((key: string, values?: Record<string, unknown>) =>
  values === undefined ? key : `${key} ${JSON.stringify(values)}`) as unknown as ImportContext['t'];
const spaces = [
  { id: 'sp1', name: 'Lincoln High', isDefault: true },
  { id: 'sp2', name: 'East Campus', isDefault: false },
];

function parse(text: string) {
  return Papa.parse<CsvRow>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
    transform: (v) => v.trim(),
  });
}

function context(post: ImportContext['post']): ImportContext {
  return { t, spaces, defaultSpaceId: 'sp1', post, get: async () => ({ items: [] }) as never };
}

describe('CSV import of users', () => {
  const csv = [
    'email,displayName,space',
    'kim@example.org,Kim Lee,',
    'not-an-address,Bad Row,',
    'sam@example.org,Sam Park,east campus',
    'KIM@example.org,Kim Again,',
    'lee@example.org,,Nowhere',
  ].join('\n');

  it('checks every row before sending: e-mail, name, space, duplicates', () => {
    const { rows, problems } = checkRows(USER_IMPORT, parse(csv), { t, spaces });
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.problems.length])).toEqual([
      [2, 0],
      [3, 1],
      [4, 0],
      [5, 1],
      [6, 2],
    ]);
    expect(rows[1]!.problems[0]).toContain('import.badEmail');
    expect(rows[3]!.problems[0]).toContain('"line":2');
    expect(rows[4]!.problems.join()).toContain('import.unknownSpace');
  });

  it('refuses a file without the required columns', () => {
    const { problems } = checkRows(USER_IMPORT, parse('mail,name\na@b.c,A'), { t, spaces });
    expect(problems[0]).toContain('email, displayName');
  });

  it('sends the good rows four at a time, each with its own key, and reports each result', async () => {
    const { rows } = checkRows(USER_IMPORT, parse(csv), { t, spaces });
    const keys = new Set<string>();
    const bodies: unknown[] = [];
    let inFlight = 0;
    let most = 0;
    const post = async <T>(path: string, body: unknown, key: string): Promise<T> => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      keys.add(key);
      bodies.push(body);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      if ((body as { email: string }).email === 'sam@example.org') {
        throw new ApiError(409, 'EMAIL_TAKEN', 'A user with e-mail sam@example.org already exists');
      }
      return {} as T;
    };
    const outcomes = new Map<number, RowOutcome>();
    await sendRows(USER_IMPORT, rows, context(post), (line, outcome) =>
      outcomes.set(line, outcome),
    );
    expect(keys.size).toBe(2);
    expect(most).toBeLessThanOrEqual(4);
    expect(bodies).toContainEqual({
      email: 'sam@example.org',
      displayName: 'Sam Park',
      spaceId: 'sp2',
    });
    expect(bodies).toContainEqual({
      email: 'kim@example.org',
      displayName: 'Kim Lee',
      spaceId: 'sp1',
    });
    expect(outcomes.get(2)).toEqual({ status: 'created' });
    expect(outcomes.get(4)?.status).toBe('exists');

    const withResults = rows.map((r) => ({ ...r, outcome: outcomes.get(r.line) }));
    const failed = parse(failedRowsCsv(USER_IMPORT, withResults, 'error'));
    expect(failed.data.map((r) => r.email)).toEqual([
      'not-an-address',
      'KIM@example.org',
      'lee@example.org',
    ]);
    expect(failed.data[0]!.error).toContain('import.badEmail');
  });
});

describe('CSV import of devices', () => {
  it('reads platforms in any case and shared as yes/no, and checks serial numbers', () => {
    const csv = [
      'serialNumber,platform,name,primaryUserEmail,shared',
      'DMPXK1234567,iPadOS,Reception iPad,,yes',
      'C02XK1234567,macos,,kim@example.org,',
      'BAD SERIAL!,Android,,nobody,maybe',
    ].join('\n');
    const { rows } = checkRows(DEVICE_IMPORT, parse(csv), { t, spaces });
    expect(rows[0]!.problems).toEqual([]);
    expect(rows[1]!.problems).toEqual([]);
    expect(rows[2]!.problems.map((p) => p.split(' ')[0])).toEqual([
      'import.badSerial',
      'import.badPlatform',
      'import.badEmail',
      'import.badShared',
    ]);
  });
});
