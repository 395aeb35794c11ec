/**
 * `allot serve` as a child process on a real port: the load harness runs several of them, the
 * fault tests kill one with SIGKILL and start it again. The child runs the current source with
 * tsx, or the built `bin/allot.js` when asked and dist is newer than every source file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerRole } from '../../src/server.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type Runner = 'tsx' | 'dist';

/** Variables that configure Allot; a child gets only the ones given, never the parent's. */
const ALLOT_VARIABLES = /^(DATABASE_URL|PORT|HOST|LOG_LEVEL|ALLOT_.*)$/;

export interface AllotProcessOptions {
  /** Allot's configuration (DATABASE_URL, ALLOT_DATA_DIR, ALLOT_SECRET_KEY, …); PORT is set here. */
  env: Record<string, string>;
  port: number;
  role?: ServerRole;
  runner?: Runner;
  /** Where the child's stdout and stderr go (appended, so a restart keeps the first run's lines). */
  logFile: string;
}

export interface AllotProcess {
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly role: ServerRole;
  /** Resolves when the process has exited, whatever the reason. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** SIGKILL: no shutdown hooks, open transactions and leases left as they are. */
  killHard(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Peak resident set since start or since the last reset (VmHWM), in kB; null if unknown. */
  peakRssKb(): number | null;
  /** Starts a new peak (writes 5 to /proc/PID/clear_refs); false where that is not possible. */
  resetPeakRss(): boolean;
  /** The last lines the child wrote. */
  logTail(lines?: number): string;
}

/** A TCP port that was free a moment ago on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Which runner `auto` means here, and why: dist only when `dist/main.js` was built after the
 * last change under src/, so a stale build is never measured.
 */
export function chooseRunner(requested: Runner | 'auto'): { runner: Runner; why: string } {
  const distMain = path.join(REPO_ROOT, 'dist', 'main.js');
  const distFresh =
    fs.existsSync(distMain) &&
    fs.statSync(distMain).mtimeMs >= newestMtime(path.join(REPO_ROOT, 'src'));
  if (requested === 'tsx') return { runner: 'tsx', why: 'asked for' };
  if (requested === 'dist') {
    if (!fs.existsSync(distMain)) throw new Error('dist/main.js is missing: run npm run build');
    return { runner: 'dist', why: distFresh ? 'asked for' : 'asked for (older than src/!)' };
  }
  return distFresh
    ? { runner: 'dist', why: 'dist/ is newer than src/' }
    : { runner: 'tsx', why: 'dist/ is missing or older than src/' };
}

/**
 * The command line of `allot serve` for a runner. With `LOAD_CPU_PROFILE_DIR` set, each server
 * writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
 */
export function serveCommand(runner: Runner, role: ServerRole): string[] {
  const profileDir = process.env.LOAD_CPU_PROFILE_DIR?.trim();
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const entry =
    runner === 'dist' ? ['bin/allot.js'] : ['--import', 'tsx', path.join('src', 'main.ts')];
  return [...profile, ...entry, 'serve', `--role=${role}`];
}

function readStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

/** Starts `allot serve` and waits until its /readyz answers 200 (or it exits, which throws). */
export async function startAllotProcess(
  options: AllotProcessOptions,
  readyTimeoutMs = 90_000,
): Promise<AllotProcess> {
  const role = options.role ?? 'all';
  const runner = options.runner ?? 'tsx';
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !ALLOT_VARIABLES.test(key)) env[key] = value;
  }
  Object.assign(env, options.env, {
    PORT: String(options.port),
    HOST: '127.0.0.1',
  });
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, serveCommand(runner, role), {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error('allot serve could not be started');
  const pid = child.pid;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const url = `http://127.0.0.1:${options.port}`;
  const logTail = (lines = 30) => {
    try {
      return fs
        .readFileSync(options.logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  };
  const processHandle: AllotProcess = {
    pid,
    port: options.port,
    url,
    role,
    exited,
    alive: () => exit === null,
    async killHard() {
      if (exit === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (exit !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    peakRssKb: () => readStatusKb(pid, 'VmHWM'),
    resetPeakRss() {
      try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    logTail,
  };

  const deadline = Date.now() + readyTimeoutMs;
  // A worker-only process has no HTTP API: it is ready once it has said so on stdout.
  const isReady =
    role === 'worker'
      ? async () => /worker is running/.test(logTail(200))
      : async () => {
          try {
            const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
            return response.status === 200;
          } catch {
            return false;
          }
        };
  for (;;) {
    if (exit !== null) {
      throw new Error(
        `allot serve (${role}, port ${options.port}) exited during start-up:\n${logTail()}`,
      );
    }
    if (await isReady()) return processHandle;
    if (Date.now() > deadline) {
      await processHandle.stop(1000);
      throw new Error(`allot serve (${role}, port ${options.port}) not ready:\n${logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
