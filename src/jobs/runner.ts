/**
 * Runs queued jobs (the `jobs` table). A job is claimed with a guarded update, so several
 * processes sharing one database run each job once. Handlers are registered by kind.
 */
import type { AppContext } from '../context.js';
import type { JobTable } from '../db/schema.js';

export interface JobContext {
  job: JobTable;
  payload: unknown;
  /** Reports progress (0–100) for GET /jobs/{id}. */
  progress(percent: number): Promise<void>;
}

export type JobHandler = (ctx: AppContext, job: JobContext) => Promise<unknown>;

/** Claims the oldest queued job, or returns null when there is none. */
async function claimNext(ctx: AppContext, kinds: string[]): Promise<JobTable | null> {
  const db = ctx.db.kysely;
  for (;;) {
    const next = await db
      .selectFrom('jobs')
      .selectAll()
      .where('state', '=', 'queued')
      .where('kind', 'in', kinds)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (next === undefined) return null;
    const startedAt = ctx.clock.now().toISOString();
    const claimed = await db
      .updateTable('jobs')
      .set({ state: 'running', startedAt })
      .where('id', '=', next.id)
      .where('state', '=', 'queued')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) return { ...next, state: 'running', startedAt };
  }
}

async function runJob(ctx: AppContext, handler: JobHandler, job: JobTable): Promise<void> {
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

/** Runs queued jobs until none is left; returns how many ran. */
export async function runQueuedJobs(
  ctx: AppContext,
  handlers: Record<string, JobHandler>,
): Promise<number> {
  const kinds = Object.keys(handlers);
  let ran = 0;
  for (;;) {
    const job = await claimNext(ctx, kinds);
    if (job === null) return ran;
    await runJob(ctx, handlers[job.kind]!, job);
    ran += 1;
  }
}

/**
 * Jobs a process was running when it stopped are queued again at start-up, after a grace
 * period long enough that no live process can still be running them.
 */
export async function requeueAbandonedJobs(ctx: AppContext, olderThanMs: number): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - olderThanMs).toISOString();
  const result = await ctx.db.kysely
    .updateTable('jobs')
    .set({ state: 'queued', startedAt: null })
    .where('state', '=', 'running')
    .where('startedAt', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
