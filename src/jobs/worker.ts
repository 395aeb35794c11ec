/**
 * The background worker of `allot serve --role=worker|all` on SQLite: queued jobs, the outbox
 * (R-V8), webhook deliveries (R-M6), the sync schedule (R-T7) and the token expiry checks
 * (R-T10), each in its own timer loop. A loop never overlaps itself, waits its interval after
 * each run (so a slow store slows the loop instead of piling runs up), and logs a failed run and
 * goes on. The jobs loop runs up to `jobConcurrency` jobs at once, of different accounts (R-T7),
 * claiming the next as one ends. On PostgreSQL the same work runs on pg-boss instead
 * (jobs/boss.ts); the loops would still be safe there, as jobs and outbox rows are claimed with
 * guarded updates and leases.
 */
import type { Logger } from 'pino';
import type { StoreContext } from '../services/serviceContext.js';
import { drainOutbox, type OutboxDrainOptions } from './outbox.js';
import { JobsWakeup, requeueAbandonedJobs, runQueuedJobs, type JobHandler } from './runner.js';
import { checkTokenExpiries, scheduleDueSyncs } from './accountTasks.js';
import { deliverWebhooks } from './webhookDeliveries.js';
import { runIntelligenceTasks } from './intelligenceTasks.js';
import { drainMdmCommands } from './mdmCommands.js';

export interface WorkerIntervals {
  jobs: number;
  outbox: number;
  webhooks: number;
  syncSchedule: number;
  tokenExpiry: number;
  intelligence: number;
  mdmCommands: number;
}

/** Milliseconds between the end of one run and the start of the next. */
export const DEFAULT_WORKER_INTERVALS: Readonly<WorkerIntervals> = {
  jobs: 1000,
  outbox: 1000,
  webhooks: 1000,
  syncSchedule: 60_000,
  tokenExpiry: 60 * 60_000,
  intelligence: 60_000,
  mdmCommands: 1000,
};

/**
 * Jobs still `running` this long after they started belong to a process that stopped; they
 * are queued again when a worker starts. Longer than any sync should take.
 */
export const ABANDONED_JOB_AFTER_MS = 30 * 60_000;

/**
 * Syncs of different accounts a worker process runs at once (ALLOT_JOB_CONCURRENCY). A sync
 * mostly waits on its store's rate limit, which is per token, so they overlap well; one
 * account's syncs never overlap (jobs/runner.ts).
 */
export const DEFAULT_JOB_CONCURRENCY = 8;

export interface WorkerOptions {
  /** In-process loops only. */
  intervals?: Partial<WorkerIntervals>;
  /** Jobs this process runs at once (default: DEFAULT_JOB_CONCURRENCY; pg-boss: the config's). */
  jobConcurrency?: number;
  /** With `claims`, stopping can hand back the store calls being sent (jobs/outbox.ts). */
  outbox?: OutboxDrainOptions;
  abandonedJobAfterMs?: number;
  /**
   * pg-boss only: how often an idle worker asks for jobs (at least 500 ms; default 1 s). Kicks
   * from this process wake it at once; kicks from other processes wait at most this long.
   */
  pollingIntervalMs?: number;
}

export interface Worker {
  /** Waits for the runs in progress, then stops every loop. */
  stop(): Promise<void>;
  /** Drains the outbox (and runs queued jobs) now, e.g. right after a change. */
  kick(): void;
}

export interface Loop {
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Runs `task` now and then `intervalMs` after each run ends. A kick during a run makes the
 * next run start as soon as this one ends. Errors are logged; the loop goes on.
 */
/** The pause before a run asked for while the previous one was still going. */
const KICKED_RUN_SPACING_MS = 50;

export function repeat(
  name: string,
  intervalMs: number,
  task: () => Promise<unknown>,
  logger: Pick<Logger, 'error'>,
): Loop {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, delayMs);
  };
  const run = async () => {
    if (stopped || running !== null) return;
    again = false;
    running = (async () => {
      try {
        await task();
      } catch (error) {
        logger.error({ err: error, task: name }, `background task ${name} failed`);
      }
    })();
    await running;
    running = null;
    // Kicks that came during the run get one more run, a moment later: under a stream of
    // writes the loop then runs a few times a second instead of back to back.
    if (!stopped) schedule(again ? Math.min(KICKED_RUN_SPACING_MS, intervalMs) : intervalMs);
  };

  schedule(0);
  return {
    kick() {
      if (stopped) return;
      if (running !== null) {
        again = true;
        return;
      }
      if (timer !== null) clearTimeout(timer);
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

/** Starts the in-process loops; `handlers` run the queued jobs by kind. */
export function startLoops(
  ctx: StoreContext,
  handlers: Record<string, JobHandler>,
  options: WorkerOptions = {},
): Worker {
  const every = { ...DEFAULT_WORKER_INTERVALS, ...options.intervals };
  const abandonedAfter = options.abandonedJobAfterMs ?? ABANDONED_JOB_AFTER_MS;
  let requeued = false;
  let stopping = false;
  const wakeup = new JobsWakeup();

  const jobsLoop: Loop = repeat(
    'jobs',
    every.jobs,
    async () => {
      if (!requeued) {
        await requeueAbandonedJobs(ctx, abandonedAfter);
        requeued = true;
      }
      if (Object.keys(handlers).length === 0) return;
      // One run lasts while any job runs: new ones fill free places within an interval.
      await runQueuedJobs(ctx, handlers, {
        concurrency: options.jobConcurrency ?? DEFAULT_JOB_CONCURRENCY,
        pollMs: every.jobs,
        wakeup,
        accepting: () => !stopping,
        // Jobs (syncs) may record store calls: send them without waiting for the next tick.
        onJobDone: () => outbox.kick(),
      });
    },
    ctx.logger,
  );
  // A kick during a run fills its free places at once, besides the run after it.
  const jobs: Loop = {
    kick() {
      jobsLoop.kick();
      wakeup.wake();
    },
    stop: () => jobsLoop.stop(),
  };
  const outbox: Loop = repeat(
    'outbox',
    every.outbox,
    async () => {
      const result = await drainOutbox(ctx, options.outbox);
      // A store refusal queues a sync of the account: run it now.
      if (result.refused > 0) jobs.kick();
    },
    ctx.logger,
  );
  const mdmCommands: Loop = repeat(
    'mdmCommands',
    every.mdmCommands,
    async () => {
      const result = await drainMdmCommands(ctx);
      // A drain takes so many enrolments at most: one that sent anything goes on at once (a
      // moment later) rather than after the interval, as the pg-boss sweep does.
      if (result.sent + result.failed + result.retried > 0) mdmCommands.kick();
    },
    ctx.logger,
  );
  const loops = [
    jobs,
    outbox,
    repeat('webhooks', every.webhooks, () => deliverWebhooks(ctx), ctx.logger),
    repeat(
      'syncSchedule',
      every.syncSchedule,
      async () => {
        if ((await scheduleDueSyncs(ctx, ctx.clock.now())) > 0) jobs.kick();
      },
      ctx.logger,
    ),
    repeat(
      'tokenExpiry',
      every.tokenExpiry,
      () => checkTokenExpiries(ctx, ctx.clock.now()),
      ctx.logger,
    ),
    repeat(
      'intelligence',
      every.intelligence,
      () => runIntelligenceTasks(ctx, ctx.clock.now()),
      ctx.logger,
    ),
    mdmCommands,
  ];

  return {
    kick() {
      outbox.kick();
      jobs.kick();
    },
    async stop() {
      // The jobs running end; none starts.
      stopping = true;
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
