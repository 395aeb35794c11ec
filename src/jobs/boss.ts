/**
 * The job queue on PostgreSQL: pg-boss, in a schema of its own next to Allot's. Every
 * `allot serve` process of a deployment shares it, and pg-boss hands each job to one of them.
 *
 * - Sweeps: the outbox (R-V8), webhook deliveries (R-M6) and the dispatch of queued `jobs`
 *   rows. A write kicks them (singleton key `kick`), a sweep that leaves work for later wakes its
 *   queue when that work falls due (`at:<second>`), and a cron runs each every minute (`tick`)
 *   in case a kick was lost. Their queues are `short`: one job waits per key however many
 *   kicks come, and a job whose process died never blocks the next one.
 * - Each queued `jobs` row (a sync) runs as one `allot.job`, several at a time across processes.
 * - Schedules are crons: the sync schedule each minute (R-T7), token expiry hourly (R-T10),
 *   abandoned jobs every 5 minutes. One process sends each run and one process works it.
 * - `api` processes only send. `worker` and `all` processes work the queues, keep the crons and
 *   run pg-boss's maintenance.
 *
 * The rows' own guarded claims and leases stay as a second line of defence: two sweeps that do
 * overlap (a slow one and the next) still send each store call once.
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { StoreContext } from '../services/serviceContext.js';
import { isDatabaseUnavailable } from '../db/database.js';
import { openBossDb, type BossDb } from './bossDb.js';
import { bossTasks, QUEUES, type QueueName } from './bossTasks.js';
import type { JobQueue } from './jobQueue.js';
import type { JobHandler } from './runner.js';
import type { Worker, WorkerOptions } from './worker.js';

export { QUEUES } from './bossTasks.js';

const SWEEP = { policy: 'short', retryLimit: 2, retryDelay: 2 } as const;

const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, 'name'>> = {
  [QUEUES.outbox]: { ...SWEEP, expireInSeconds: 30 * 60 },
  [QUEUES.webhooks]: SWEEP,
  [QUEUES.jobs]: SWEEP,
  // A sync may take long; the `jobs` row, not pg-boss, records how it went.
  [QUEUES.job]: { policy: 'standard', retryLimit: 0, expireInSeconds: 4 * 60 * 60 },
  [QUEUES.syncSchedule]: { policy: 'short', retryLimit: 0 },
  [QUEUES.tokenExpiry]: { policy: 'short', retryLimit: 0 },
  [QUEUES.abandonedJobs]: { policy: 'short', retryLimit: 0 },
  [QUEUES.intelligence]: { policy: 'short', retryLimit: 0 },
  [QUEUES.mdmCommands]: { ...SWEEP, expireInSeconds: 30 * 60 },
};

const CRONS: ReadonlyArray<readonly [QueueName, string]> = [
  [QUEUES.outbox, '* * * * *'],
  [QUEUES.webhooks, '* * * * *'],
  [QUEUES.jobs, '* * * * *'],
  [QUEUES.syncSchedule, '* * * * *'],
  [QUEUES.tokenExpiry, '0 * * * *'],
  [QUEUES.abandonedJobs, '*/5 * * * *'],
  [QUEUES.intelligence, '* * * * *'],
  [QUEUES.mdmCommands, '* * * * *'],
];

/**
 * Kicks closer together than this are sent as one. Each kick is a job that some worker fetches
 * and runs (a drain of the outbox, of webhook deliveries, of queued syncs): under a stream of
 * writes, one a second per process keeps that overhead flat whatever the request rate and the
 * number of processes, and each drain sends a second's worth of store calls in its batches.
 * The first kick after a quiet second goes at once.
 */
const KICK_SPACING_MS = 1000;
/** Work due later than this is left to the minute's cron run rather than a wake-up job. */
const WAKE_HORIZON_MS = 5 * 60_000;
/**
 * Syncs one process runs at a time: WorkerOptions.jobConcurrency, else ALLOT_JOB_CONCURRENCY.
 * Each is a pg-boss worker of `allot.job`; one account's syncs still take turns, as a job is
 * claimed only while none of its account runs (jobs/runner.ts, R-T7).
 */
const jobConcurrency = (config: Config, options: WorkerOptions) =>
  options.jobConcurrency ?? config.jobConcurrency;
/** How long stopping waits for the jobs in progress. */
const STOP_TIMEOUT_MS = 30_000;
/** pg-boss's own connections per process: a worker polls and completes, an API only sends. */
const POOL_SIZE = { worker: 3, api: 1 } as const;

/**
 * pg-boss's schema: `<ALLOT_DATABASE_SCHEMA>_boss`, or `pgboss` without one, so each
 * deployment (and each test schema) has its own queues. pg-boss allows 50 characters.
 */
export function bossSchema(databaseSchema: string | null): string {
  if (databaseSchema === null) return 'pgboss';
  const name = `${databaseSchema}_boss`;
  if (name.length <= 50) return name;
  const hash = createHash('sha256').update(databaseSchema).digest('hex').slice(0, 8);
  return `${databaseSchema.slice(0, 36)}_${hash}_boss`;
}

interface Connection {
  boss: PgBoss;
  db: BossDb;
  working: boolean;
  /** This process's pg-boss workers by queue, woken at once after a send from here. */
  workerIds: Map<string, string[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function bossQueue(config: Config, logger: Logger): JobQueue {
  const schema = bossSchema(config.databaseSchema);
  let connection: Promise<Connection> | null = null;
  let worker: Worker | null = null;
  let closed = false;

  const logError = (error: unknown) => {
    const err = error as { message?: unknown; queue?: unknown };
    if (isDatabaseUnavailable(error)) logger.warn({ err }, 'jobs: the database is unavailable');
    else logger.error({ err, queue: err.queue }, 'jobs: pg-boss reported an error');
  };

  const newBoss = (db: BossDb, working: boolean) => {
    const boss = new PgBoss({
      db,
      schema,
      migrate: true,
      supervise: working,
      schedule: working,
      // How often a worker moves due cron runs into their queues (pg-boss's default: 5 s).
      cronWorkerIntervalSeconds: 2,
      // Kicks make many short jobs: keep an hour of them, and the archive for two days.
      archiveCompletedAfterSeconds: 60 * 60,
      archiveFailedAfterSeconds: 24 * 60 * 60,
      deleteAfterDays: 2,
    });
    // Without a listener an 'error' event would stop the process (e.g. at a database restart).
    boss.on('error', logError);
    return boss;
  };

  async function connect(working: boolean): Promise<Connection> {
    const db = openBossDb({
      databaseUrl: config.databaseUrl!,
      schema,
      poolSize: working ? POOL_SIZE.worker : POOL_SIZE.api,
      logger,
    });
    let boss = newBoss(db, false);
    try {
      // The schema, the queues and the crons first (a sending connection, without timers), so
      // that a worker's first cron check, at start, finds the crons.
      await boss.start();
      for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
        await boss.createQueue(name, { name, ...options });
      }
      if (working) {
        for (const [name, cron] of CRONS) {
          await boss.schedule(name, cron, {}, { singletonKey: 'tick', tz: 'UTC' });
        }
        await boss.stop({ graceful: false, close: false });
        boss = newBoss(db, true);
        await boss.start();
      }
    } catch (error) {
      await boss.stop({ graceful: false, close: false }).catch(() => undefined);
      await db.close();
      throw error;
    }
    return { boss, db, working, workerIds: new Map() };
  }

  /** The connection, opened for sending, or for working too (which replaces a sending one). */
  function open(working: boolean): Promise<Connection> {
    const previous = connection;
    const next = (async () => {
      if (closed) throw new Error('the job queue is closed');
      const current = await previous?.catch(() => null);
      if (current != null && (current.working || !working)) return current;
      if (current != null) await disconnect(current);
      const opened = await connect(working);
      if (!closed) return opened;
      await disconnect(opened);
      throw new Error('the job queue is closed');
    })();
    connection = next;
    // A failed start is tried again by the next caller.
    next.catch(() => {
      if (connection === next) connection = null;
    });
    return next;
  }

  async function disconnect(current: Connection): Promise<void> {
    await current.boss.stop({ graceful: true, close: false, timeout: STOP_TIMEOUT_MS });
    await current.db.close();
  }

  function wakeLocal(current: Connection, name: QueueName): void {
    for (const id of current.workerIds.get(name) ?? []) current.boss.notifyWorker(id);
  }

  // Kicks: merged while one is being sent, spaced, and retried while the database is away.
  const pending = new Set<QueueName>();
  let sending = false;
  let lastSentAt = 0;
  function kickQueues(names: readonly QueueName[]): void {
    if (closed) return;
    for (const name of names) pending.add(name);
    if (sending) return;
    sending = true;
    void sendKicks().finally(() => {
      sending = false;
    });
  }
  async function sendKicks(): Promise<void> {
    let failures = 0;
    while (pending.size > 0 && !closed) {
      await sleep(Math.max(0, lastSentAt + KICK_SPACING_MS - Date.now()));
      const names = [...pending];
      pending.clear();
      lastSentAt = Date.now();
      try {
        const current = await open(false);
        await current.boss.insert(names.map((name) => ({ name, singletonKey: 'kick' })));
        for (const name of names) wakeLocal(current, name);
        failures = 0;
      } catch (error) {
        for (const name of names) pending.add(name);
        if (failures === 0) logError(error);
        failures += 1;
        await sleep(Math.min(5_000, 100 * 2 ** failures));
      }
    }
  }

  async function startWorker(
    ctx: StoreContext,
    handlers: Record<string, JobHandler>,
    options: WorkerOptions = {},
  ): Promise<Worker> {
    if (worker !== null) throw new Error('this process already runs a worker');
    const current = await open(true);
    const { boss } = current;
    const pollingIntervalSeconds = Math.max(0.5, (options.pollingIntervalMs ?? 1000) / 1000);
    const running = new Set<Promise<unknown>>();
    let stopping = false;

    const tasks = bossTasks(ctx, handlers, options, {
      kick: kickQueues,
      async wakeAt(name, at) {
        if (at === null) return;
        const inMs = at.getTime() - ctx.clock.now().getTime();
        if (inMs > WAKE_HORIZON_MS) return;
        if (inMs <= 0) return kickQueues([name]);
        const second = Math.ceil((Date.now() + inMs) / 1000);
        await boss.send(
          name,
          {},
          { singletonKey: `at:${second}`, startAfter: new Date(second * 1000) },
        );
      },
      async runJobs(ids) {
        // One job per row and minute: a row still queued a minute later is sent again, and
        // the second job finds it taken (runQueuedJob claims it with a guarded update).
        await boss.insert(
          ids.map((jobId) => ({
            name: QUEUES.job,
            data: { jobId },
            singletonKey: jobId,
            singletonSeconds: 60,
          })),
        );
        wakeLocal(current, QUEUES.job);
      },
    });

    const work = async (name: QueueName, concurrency: number, intervalSeconds: number) => {
      const ids: string[] = [];
      for (let i = 0; i < concurrency; i += 1) {
        const id = await boss.work<Record<string, unknown>>(
          name,
          { pollingIntervalSeconds: intervalSeconds, batchSize: 1 },
          async ([job]) => {
            if (job === undefined) return;
            // Fetched while this process was stopping: failed, so that another one retries it.
            if (stopping) throw new Error('this process is stopping');
            const started = Date.now();
            const run = tasks[name](job.data ?? {});
            running.add(run);
            try {
              const result = await run;
              ctx.logger.debug(
                { queue: name, jobId: job.id, ms: Date.now() - started, result },
                'background job done',
              );
            } catch (error) {
              const level = isDatabaseUnavailable(error) ? 'warn' : 'error';
              ctx.logger[level](
                { err: error, queue: name, jobId: job.id },
                'background job failed',
              );
              throw error;
            } finally {
              running.delete(run);
            }
          },
        );
        ids.push(id);
      }
      current.workerIds.set(name, ids);
    };

    try {
      await work(QUEUES.outbox, 1, pollingIntervalSeconds);
      await work(QUEUES.webhooks, 1, pollingIntervalSeconds);
      await work(QUEUES.jobs, 1, pollingIntervalSeconds);
      await work(QUEUES.mdmCommands, 1, pollingIntervalSeconds);
      await work(QUEUES.job, jobConcurrency(config, options), 2 * pollingIntervalSeconds);
      // A minute's cron run may start a few seconds late.
      for (const name of [
        QUEUES.syncSchedule,
        QUEUES.tokenExpiry,
        QUEUES.abandonedJobs,
        QUEUES.intelligence,
      ]) {
        await work(name, 1, 5 * pollingIntervalSeconds);
      }
    } catch (error) {
      stopping = true;
      await closeConnection();
      throw error;
    }
    // What a stopped process left behind: store calls, deliveries, queued and abandoned jobs.
    kickQueues([
      QUEUES.outbox,
      QUEUES.webhooks,
      QUEUES.jobs,
      QUEUES.abandonedJobs,
      QUEUES.mdmCommands,
    ]);

    const self: Worker = {
      kick: () => kickQueues([QUEUES.outbox, QUEUES.webhooks, QUEUES.jobs, QUEUES.mdmCommands]),
      async stop() {
        if (worker !== self) return;
        worker = null;
        stopping = true;
        await closeConnection();
        await Promise.allSettled([...running]);
      },
    };
    worker = self;
    return self;
  }

  async function closeConnection(): Promise<void> {
    const current = connection;
    connection = null;
    const open = await current?.catch(() => null);
    if (open != null) await disconnect(open);
  }

  return {
    kind: 'pg-boss',
    async start() {
      await open(false);
    },
    kick() {
      kickQueues([QUEUES.outbox, QUEUES.webhooks, QUEUES.jobs, QUEUES.mdmCommands]);
    },
    startWorker,
    async close() {
      await worker?.stop();
      closed = true;
      await closeConnection();
    },
  };
}
