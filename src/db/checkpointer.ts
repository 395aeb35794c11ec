/**
 * SQLite in WAL mode copies the log back into the database ("checkpoint") and syncs the file
 * to disk every thousand pages, inside whichever commit crosses the mark: under a stream of
 * check-ins that is a stall of several milliseconds every few dozen requests. A worker thread
 * with its own connection checkpoints instead, a few times a second and off the event loop;
 * the main connection only falls back to checkpointing itself if the log grows far past the
 * mark (the thread stopped or fell behind).
 */
import { Worker } from 'node:worker_threads';

/** Pages of log after which the main connection checkpoints by itself (about 64 MiB). */
export const FALLBACK_CHECKPOINT_PAGES = 16_384;

const INTERVAL_MS = 200;

// Plain JavaScript, run as the worker's code (eval), so that it needs no build step of its own.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next tick tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {}
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** `onFailure`: the thread could not run (the caller checkpoints by itself again). */
export function startCheckpointer(
  file: string,
  driver: string,
  onFailure: (error: Error) => void,
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: INTERVAL_MS },
  });
  worker.on('error', onFailure);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // The process may exit while the thread still sleeps between checkpoints.
  worker.unref();
  return {
    async stop() {
      // Waiting for the thread must keep the process alive: a process with nothing else left to
      // do (a start-up that failed) would otherwise end, with code 0, in the middle of the wait.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
