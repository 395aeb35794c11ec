/**
 * Operations tests: a whole server on a port (in this process, or `allot serve` spawned from
 * source with tsx), on SQLite in a temporary directory or, with DATABASE_URL, PostgreSQL in a
 * schema of its own.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { dropTestSchemas, usingPostgres } from '../helpers/testApp.js';

export { usingPostgres };

export interface Setup {
  dataDir: string;
  /** The environment of a server on this setup (SQLite, or PostgreSQL in its own schema). */
  env: Record<string, string>;
  config(extra?: Record<string, string>): Config;
  cleanup(): Promise<void>;
}

export function setup(): Setup {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'allot-ops-'));
  const schema = usingPostgres ? `allot_test_${randomBytes(6).toString('hex')}` : null;
  const env: Record<string, string> = {
    ALLOT_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...(schema !== null && {
      DATABASE_URL: process.env.DATABASE_URL!,
      ALLOT_DATABASE_SCHEMA: schema,
    }),
  };
  return {
    dataDir,
    env,
    config: (extra = {}) => loadConfig({ ...env, ...extra }),
    async cleanup() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema !== null) await dropTestSchemas(schema);
    },
  };
}

export interface Spawned {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout contains `text`; rejects if the process exits first. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** The exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** Runs `allot <args>` from source with only the given environment (and PATH). */
export function spawnAllot(args: string[], env: Record<string, string>): Spawned {
  return spawnCommand(
    process.execPath,
    ['--import', 'tsx', path.resolve('src/main.ts'), ...args],
    env,
  );
}

export function spawnCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd = process.cwd(),
): Spawned {
  const started = Date.now();
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, cwd });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>(
    (resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(text, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`no "${text}" within ${timeoutMs} ms: ${out}${err}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          if (!out.includes(text)) return;
          clearInterval(poll);
          clearTimeout(timer);
          resolve();
        }, 20);
        void exited.then(({ code }) => {
          if (out.includes(text)) return;
          clearInterval(poll);
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before "${text}": ${out}${err}`));
        });
      });
    },
  };
}

/** The URL `allot serve` printed. */
export function servedUrl(stdout: string): string {
  const url = /API\s+(http:\/\/\S+)\/api\/v1/.exec(stdout)?.[1];
  if (url === undefined) throw new Error(`no URL in: ${stdout}`);
  return url;
}

/** Stops a spawned process that is still running (SIGKILL), and waits for it. */
export async function kill(spawned: Spawned): Promise<void> {
  if (spawned.child.exitCode === null && spawned.child.signalCode === null) {
    spawned.child.kill('SIGKILL');
  }
  await spawned.exited;
}
