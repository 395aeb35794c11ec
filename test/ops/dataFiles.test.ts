/**
 * R-S4 (issue 13, item 1): what Allot writes under ALLOT_DATA_DIR is readable by its owner
 * only: the directory 0700, the SQLite database with its -wal and -shm files, the secret key
 * and the bootstrap token 0600; files left looser are tightened at start-up, with a log line.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server.js';
import { setup, usingPostgres, type Setup } from './helpers.js';

let current: Setup | null = null;
afterEach(async () => {
  await current?.cleanup();
  current = null;
});

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

/** A logger that keeps what it writes. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

describe('R-S4: data files are owner-only', () => {
  it('R-S4: a first start creates the data directory 0700 and every file in it 0600', async () => {
    current = setup();
    const dataDir = path.join(current.dataDir, 'nested', 'data');
    const server = await startServer(current.config({ ALLOT_DATA_DIR: dataDir }), undefined, {
      role: 'api',
    });
    try {
      // Writes reach the SQLite log (-wal) and its index (-shm).
      await fetch(`${server.url}/healthz`);
      expect(modeOf(dataDir)).toBe('700');
      expect(modeOf(path.dirname(dataDir))).toBe('700');
      const expected = usingPostgres
        ? ['admin-token', 'secret-key']
        : ['admin-token', 'allot.db', 'allot.db-shm', 'allot.db-wal', 'secret-key'];
      expect(fs.readdirSync(dataDir).sort()).toEqual(expected);
      for (const name of expected)
        expect([name, modeOf(path.join(dataDir, name))]).toEqual([name, '600']);
    } finally {
      await server.close();
    }
  });

  it('R-S4: files left readable by others are tightened at start-up, with a log line naming them', async () => {
    current = setup();
    const first = await startServer(current.config(), undefined, { role: 'api' });
    await first.close();
    const dataDir = current.dataDir;
    const names = fs.readdirSync(dataDir).filter((name) => name !== 'allot.db-wal');
    fs.chmodSync(dataDir, 0o755);
    for (const name of names) fs.chmodSync(path.join(dataDir, name), 0o644);
    // Something else's file in the data directory is not Allot's to change.
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'x', { mode: 0o644 });

    const { logger, lines } = capturingLogger();
    const second = await startServer(current.config(), { logger }, { role: 'api' });
    try {
      expect(modeOf(dataDir)).toBe('700');
      for (const name of names)
        expect([name, modeOf(path.join(dataDir, name))]).toEqual([name, '600']);
      expect(modeOf(path.join(dataDir, 'notes.txt'))).toBe('644');
      const line = lines.find((l) => String(l.msg).startsWith('R-S4: data files'));
      expect(line?.level).toBe(40); // warn
      const files = line?.files as string[];
      expect(files).toHaveLength(names.length + 1);
      expect(files).toContain(`${path.join(dataDir, 'secret-key')} (644 → 600)`);
      expect(files).toContain(`${dataDir} (755 → 700)`);
    } finally {
      await second.close();
    }
  });

  it('R-S4: a start whose files are already owner-only logs nothing about them', async () => {
    current = setup();
    const first = await startServer(current.config(), undefined, { role: 'api' });
    await first.close();
    const { logger, lines } = capturingLogger();
    const second = await startServer(current.config(), { logger }, { role: 'api' });
    await second.close();
    expect(lines.filter((l) => String(l.msg).startsWith('R-S4'))).toEqual([]);
  });
});
