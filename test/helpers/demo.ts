/**
 * `allot demo` in the test process, for the tests of what it sets up: on SQLite in a data
 * directory of its own (whatever DATABASE_URL says), on a free loopback port, removed at the
 * end of the file. Call in a file's top level: the demo is started before its tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startDemo, type Demo } from '../../src/cli/demo.js';
import { loadConfig } from '../../src/config.js';
import { freePort } from '../../bench/load/allotProcess.js';

/** The running demo, once the file's beforeAll has started it. */
export function useDemo(): () => Demo {
  let demo: Demo | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-demo-'));
    demo = await startDemo(
      loadConfig({
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        ALLOT_DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (demo === undefined) throw new Error('the demo is not started yet');
    return demo;
  };
}
