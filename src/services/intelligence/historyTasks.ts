import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StoreContext } from '../serviceContext.js';
import { purgeDriftChecks, runDriftCheck } from './drift.js';
import { notifyForecasts } from './forecasts.js';
import { purgeUsageHistory, snapshotUsage } from './history.js';

const HOUR_MS = 3600 * 1000;

/** How often each periodic part runs (the usage snapshot runs every time). */
export const TASK_PERIODS_MS = {
  /** R-X2: forecasts move with the daily history; an hour is fresh enough for a 30-day notice. */
  forecast: HOUR_MS,
  /** R-X7: the scheduled comparison with every store. */
  drift: 24 * HOUR_MS,
  /** R-X1, R-X7: rows past their retention. */
  purge: 24 * HOUR_MS,
} as const;
type Task = keyof typeof TASK_PERIODS_MS;

/**
 * Claims a task for this period: true for the one caller (of any process) that should run it
 * now. A guarded update on `intelligence_runs`, so two processes never both run it.
 */
export async function claimTask(db: Kysely<Database>, task: Task, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const dueBefore = new Date(now.getTime() - TASK_PERIODS_MS[task]).toISOString();
  // The drift check reads every store: its first run waits a period after start-up rather
  // than hitting the stores the minute a deployment (or a test's server) starts.
  const first = task === 'drift' ? at : new Date(0).toISOString();
  await db
    .insertInto('intelligenceRuns')
    .values({ task, lastRunAt: first })
    .onConflict((oc) => oc.column('task').doNothing())
    .execute();
  const claimed = await db
    .updateTable('intelligenceRuns')
    .set({ lastRunAt: at })
    .where('task', '=', task)
    .where('lastRunAt', '<=', dueBefore)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/**
 * The periodic work of the usage history (R-X1), forecasts (R-X2) and drift checks (R-X7):
 * run about once a minute by the worker; each part decides for itself whether it is due.
 */
export async function runHistoryTasks(ctx: StoreContext, now: Date): Promise<void> {
  const db = ctx.db.kysely;
  // R-X1: today's row of every pool, refreshed each minute (counts move through the day).
  await snapshotUsage(db, now);
  if (await claimTask(db, 'purge', now)) {
    await purgeUsageHistory(db, now);
    await purgeDriftChecks(db, now);
  }
  if (await claimTask(db, 'forecast', now)) {
    const tenants = await db.selectFrom('tenants').select('id').execute();
    for (const tenant of tenants) {
      await notifyForecasts(ctx.db, tenant.id, now);
    }
  }
  // R-X7: the daily comparison (those asked for through POST /drift/check are queued jobs).
  if (await claimTask(db, 'drift', now)) {
    await runDriftCheck(ctx, { tenantIds: 'all', trigger: 'scheduled', now });
  }
}
