/**
 * Runs queued jobs (the `jobs` table). A job is claimed with a guarded update, so several
 * processes sharing one database run each job once. Handlers are registered by kind.
 */
import type { StoreContext } from '../services/serviceContext.js';
import type { JobTable } from '../db/schema.js';

export interface JobContext {
  job: JobTable;
  payload: unknown;
  /** Reports progress (0–100) for GET /jobs/{id}. */
  progress(percent: number): Promise<void>;
}

export type JobHandler = (ctx: StoreContext, job: JobContext) => Promise<unknown>;

/** Claims a queued job; null when it is not queued any more (another process took it). */
async function claim(ctx: StoreContext, job: JobTable): Promise<JobTable | null> {
  const startedAt = ctx.clock.now().toISOString();
  const claimed = await ctx.db.kysely
    .updateTable('jobs')
    .set({ state: 'running', startedAt })
    .where('id', '=', job.id)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1 ? { ...job, state: 'running', startedAt } : null;
}

/** Claims the oldest queued job, or returns null when there is none. */
async function claimNext(ctx: StoreContext, kinds: string[]): Promise<JobTable | null> {
  for (;;) {
    const next = await ctx.db.kysely
      .selectFrom('jobs')
      .selectAll()
      .where('state', '=', 'queued')
      .where('kind', 'in', kinds)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (next === undefined) return null;
    const claimed = await claim(ctx, next);
    if (claimed !== null) return claimed;
  }
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

/** Runs queued jobs until none is left; returns how many ran. */
export async function runQueuedJobs(
  ctx: StoreContext,
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
 * elsewhere, or of a kind without a handler here).
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
