/**
 * The job queue of a process. On SQLite one process owns the database, and its background work
 * runs in timer loops in that process (jobs/worker.ts). On PostgreSQL several processes share
 * the work through pg-boss (jobs/boss.ts): each scheduled run, outbox drain and queued job
 * runs in one of them.
 */
import type { StoreContext } from '../services/serviceContext.js';
import type { JobHandler } from './runner.js';
import type { Worker, WorkerOptions } from './worker.js';

export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  /**
   * Connects (pg-boss: installs its schema and creates the queues). Processes that send or work
   * call it at start-up, so that a bad database fails there; kick and startWorker call it too.
   */
  start(): Promise<void>;
  /**
   * Work was just committed (store calls, queued jobs, webhook deliveries): have a worker take
   * it up now, in this process or another. Never waits and never throws; kicks in quick
   * succession are merged.
   */
  kick(): void;
  /** Works the background jobs in this process (roles `worker` and `all`) until stopped. */
  startWorker(
    ctx: StoreContext & { jobs: JobQueue },
    handlers: Record<string, JobHandler>,
    options?: WorkerOptions,
  ): Promise<Worker>;
  /** Stops this process's worker, if any, and closes the queue's connections. */
  close(): Promise<void>;
}
