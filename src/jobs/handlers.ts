/**
 * Every kind of queued job (the `jobs` table) and what runs it: a store account's sync (R-T7)
 * and a comparison with the stores asked for through POST /drift/check (R-X7). The worker
 * claims them as soon as they are queued (jobs/runner.ts), whatever their kind.
 */
import { DRIFT_CHECK_JOB, runRequestedDriftCheck } from '../services/intelligence/drift.js';
import { syncJobHandlers } from './accountTasks.js';
import type { JobHandler } from './runner.js';

export const jobHandlers: Record<string, JobHandler> = {
  ...syncJobHandlers,
  [DRIFT_CHECK_JOB]: async (ctx, job) => runRequestedDriftCheck(ctx, job.job),
};
