/**
 * Runs queued jobs (the `jobs` table). A job is claimed with a guarded update, so several
 * processes sharing one database run each job once. Handlers are registered by kind.
 *
 * R-T7: jobs of one subject (an account's syncs) never run at once, in one process or across
 * several: a job is claimed only while no job of its kind and subject is running. Jobs of
 * different subjects may run side by side (runQueuedJobs' `concurrency`, pg-boss's workers):
 * a sync mostly waits on its store's rate limit, which is per token.
 */
import type { StoreContext } from '../services/serviceContext.js';
import type { JobTable } from '../db/schema.js';
import { lockKeys } from '../db/locks.js';

export interface JobContext {
  job: JobTable;
  payload: unknown;
  /** Reports progress (0–100) for GET /jobs/{id}. */
  progress(percent: number): Promise<void>;
}

export type JobHandler = (ctx: StoreContext, job: JobContext) => Promise<unknown>;

/**
 * Claims a queued job; null when it is not queued any more (another process took it) or
 * another job of its subject is running. On PostgreSQL the subject's advisory lock makes two
 * claims of one subject take turns, so the second sees the first's `running` row.
 */
async function claim(ctx: StoreContext, job: JobTable): Promise<JobTable | null> {
  const startedAt = ctx.clock.now().toISOString();
  const subjectId = job.subjectId;
  const claimed = await ctx.db.transaction(async (trx) => {
    if (subjectId !== null) {
      await lockKeys(trx, ctx.db.dialect, [`job:${job.kind}:${subjectId}`]);
    }
    return trx
      .updateTable('jobs')
      .set({ state: 'running', startedAt })
      .where('id', '=', job.id)
      .where('state', '=', 'queued')
      .$if(subjectId !== null, (q) =>
        q.where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('jobs as other')
                .select('other.id')
                .where('other.kind', '=', job.kind)
                .where('other.subjectId', '=', subjectId)
                .where('other.state', '=', 'running'),
            ),
          ),
        ),
      )
      .executeTakeFirst();
  });
  return Number(claimed.numUpdatedRows) === 1 ? { ...job, state: 'running', startedAt } : null;
}

/** Claims the oldest queued job whose subject has none running, or returns null. */
async function claimNext(ctx: StoreContext, kinds: string[]): Promise<JobTable | null> {
  for (;;) {
    const next = await ctx.db.kysely
      .selectFrom('jobs')
      .selectAll()
      .where('state', '=', 'queued')
      .where('kind', 'in', kinds)
      .where((eb) =>
        eb.or([
          eb('subjectId', 'is', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('jobs as running')
                .select('running.id')
                .whereRef('running.kind', '=', 'jobs.kind')
                .whereRef('running.subjectId', '=', 'jobs.subjectId')
                .where('running.state', '=', 'running'),
            ),
          ),
        ]),
      )
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (next === undefined) return null;
    // Lost to another process, or its subject started meanwhile: the next query skips it.
    const claimed = await claim(ctx, next);
    if (claimed !== null) return claimed;
  }
}

/** Claims the oldest queued job of `job`'s kind and subject, or returns null. */
async function claimNextOfSubject(ctx: StoreContext, job: JobTable): Promise<JobTable | null> {
  if (job.subjectId === null) return null;
  const next = await ctx.db.kysely
    .selectFrom('jobs')
    .selectAll()
    .where('state', '=', 'queued')
    .where('kind', '=', job.kind)
    .where('subjectId', '=', job.subjectId)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return next === undefined ? null : claim(ctx, next);
}

async function runJob(ctx: StoreContext, handler: JobHandler, job: JobTable): Promise<void> {
  const db = ctx.db.kysely;
  try {
    const result = await handler(ctx, {
      job,
      payload: JSON.parse(job.payload) as unknown,
      progress: async (percent) => {
        await db
          .updateTable('jobs')
          .set({ progress: Math.round(percent) })
          .where('id', '=', job.id)
          .execute();
      },
    });
    await db
      .updateTable('jobs')
      .set({
        state: 'succeeded',
        progress: 100,
        result: JSON.stringify(result ?? null),
        finishedAt: ctx.clock.now().toISOString(),
      })
      .where('id', '=', job.id)
      .execute();
  } catch (error) {
    ctx.logger.warn({ err: error, jobId: job.id, kind: job.kind }, 'job failed');
    await db
      .updateTable('jobs')
      .set({
        state: 'failed',
        error: error instanceof Error ? error.message : String(error),
        finishedAt: ctx.clock.now().toISOString(),
      })
      .where('id', '=', job.id)
      .execute();
  }
}

/** A signal that newly queued jobs wait, for a run of runQueuedJobs with a free place. */
export class JobsWakeup {
  private signal: Promise<void> | null = null;
  private resolve: (() => void) | null = null;

  /** Resolves at the next wake(). */
  next(): Promise<void> {
    this.signal ??= new Promise<void>((resolve) => (this.resolve = resolve));
    return this.signal;
  }

  wake(): void {
    this.resolve?.();
    this.signal = null;
    this.resolve = null;
  }
}

export interface RunQueuedJobsOptions {
  /** How many jobs (of different subjects) run at once; default 1, one after another. */
  concurrency?: number;
  /**
   * While jobs run and a place is free, look for newly queued ones this often (ms); without
   * it, a place is filled only when a job ends.
   */
  pollMs?: number;
  /** Woken when jobs were queued (a kick): a free place is filled at once. */
  wakeup?: JobsWakeup;
  /** New jobs are claimed only while this says so (a stopping worker lets its jobs end). */
  accepting?: () => boolean;
  /** Called after each job ends, succeeded or failed (e.g. to send the calls it recorded). */
  onJobDone?: (job: JobTable) => void;
}

/**
 * Runs queued jobs until none is left and none is running; returns how many ran. Up to
 * `concurrency` run at once: the next queued job is claimed as soon as one ends. A failure
 * to record a job's end stops the claiming; the jobs still running are waited for first.
 */
export async function runQueuedJobs(
  ctx: StoreContext,
  handlers: Record<string, JobHandler>,
  options: RunQueuedJobsOptions = {},
): Promise<number> {
  const kinds = Object.keys(handlers);
  const limit = Math.max(1, Math.floor(options.concurrency ?? 1));
  const running = new Set<Promise<void>>();
  const failures: unknown[] = [];
  const accepting = options.accepting ?? (() => true);
  let ran = 0;
  try {
    for (;;) {
      while (failures.length === 0 && running.size < limit && accepting()) {
        const job = await claimNext(ctx, kinds);
        if (job === null) break;
        const run: Promise<void> = runJob(ctx, handlers[job.kind]!, job)
          .then(
            () => {
              ran += 1;
              options.onJobDone?.(job);
            },
            (error: unknown) => void failures.push(error),
          )
          .finally(() => running.delete(run));
        running.add(run);
      }
      if (failures.length > 0) throw failures[0];
      if (running.size === 0) return ran;
      await nextChange(running, running.size < limit ? options : {});
    }
  } finally {
    await Promise.allSettled(running);
  }
}

/** Resolves when a job ends, or at a wake-up or after `pollMs` when given. */
async function nextChange(
  running: Set<Promise<void>>,
  { pollMs, wakeup }: Pick<RunQueuedJobsOptions, 'pollMs' | 'wakeup'>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const poll =
    pollMs === undefined
      ? []
      : [new Promise<void>((resolve) => (timer = setTimeout(resolve, pollMs)))];
  try {
    await Promise.race([...running, ...poll, ...(wakeup === undefined ? [] : [wakeup.next()])]);
  } finally {
    clearTimeout(timer);
  }
}

/** The IDs of the oldest queued jobs of these kinds. */
export async function queuedJobIds(
  ctx: StoreContext,
  kinds: string[],
  limit: number,
): Promise<string[]> {
  if (kinds.length === 0) return [];
  const rows = await ctx.db.kysely
    .selectFrom('jobs')
    .select('id')
    .where('state', '=', 'queued')
    .where('kind', 'in', kinds)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Runs one job if it is still queued; returns false when it is not (already run, running
 * elsewhere, of a kind without a handler here) or another job of its subject is running.
 */
export async function runQueuedJob(
  ctx: StoreContext,
  handlers: Record<string, JobHandler>,
  id: string,
): Promise<boolean> {
  const job = await ctx.db.kysely
    .selectFrom('jobs')
    .selectAll()
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  const handler = job === undefined ? undefined : handlers[job.kind];
  if (job === undefined || handler === undefined) return false;
  const claimed = await claim(ctx, job);
  if (claimed === null) return false;
  await runJob(ctx, handler, claimed);
  // Jobs of the same subject queued meanwhile were turned away by claim (R-T7): run them now,
  // one after another, rather than wait for the next dispatch.
  for (let next = await claimNextOfSubject(ctx, claimed); next !== null;) {
    await runJob(ctx, handler, next);
    next = await claimNextOfSubject(ctx, next);
  }
  return true;
}

/**
 * Jobs a process was running when it stopped are queued again, after a grace period long
 * enough that no live process can still be running them (at start-up in-process; every few
 * minutes on pg-boss).
 */
export async function requeueAbandonedJobs(
  ctx: StoreContext,
  olderThanMs: number,
): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - olderThanMs).toISOString();
  const result = await ctx.db.kysely
    .updateTable('jobs')
    .set({ state: 'queued', startedAt: null })
    .where('state', '=', 'running')
    .where('startedAt', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
