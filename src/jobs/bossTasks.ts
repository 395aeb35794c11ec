/**
 * What each pg-boss queue does (jobs/boss.ts runs them): the sweeps, one queued job, the
 * schedules. After its work a task kicks the queues whose work it may have made (a sync
 * records store calls, a refusal queues a sync, most things raise notifications and so webhook
 * deliveries), and a sweep that leaves work for later asks to be woken when it falls due.
 */
import type { StoreContext } from '../services/serviceContext.js';
import { drainOutbox, nextOutboxAttempt } from './outbox.js';
import { queuedJobIds, requeueAbandonedJobs, runQueuedJob, type JobHandler } from './runner.js';
import { checkTokenExpiries, scheduleDueSyncs } from './accountTasks.js';
import { deliverWebhooks, nextWebhookAttempt } from './webhookDeliveries.js';
import { runIntelligenceTasks } from './intelligenceTasks.js';
import { drainMdmCommands, nextMdmCommandAttempt } from './mdmCommands.js';
import { ABANDONED_JOB_AFTER_MS, type WorkerOptions } from './worker.js';

export const QUEUES = {
  outbox: 'allot.outbox',
  webhooks: 'allot.webhooks',
  /** Hands queued `jobs` rows to `allot.job`. */
  jobs: 'allot.jobs',
  /** Runs one queued `jobs` row; data `{ jobId }`. */
  job: 'allot.job',
  syncSchedule: 'allot.sync-schedule',
  tokenExpiry: 'allot.token-expiry',
  abandonedJobs: 'allot.abandoned-jobs',
  intelligence: 'allot.intelligence',
  mdmCommands: 'allot.mdm-commands',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** What a task may ask of the queue. */
export interface TaskQueue {
  /** Sends these queues a job now (merged with other kicks). */
  kick(names: readonly QueueName[]): void;
  /** Sends the queue a job for when work falls due (by the context's clock); null: none. */
  wakeAt(name: QueueName, at: Date | null): Promise<void>;
  /** Sends one `allot.job` per queued job. */
  runJobs(ids: readonly string[]): Promise<void>;
}

export type Task = (data: Record<string, unknown>) => Promise<unknown>;

export function bossTasks(
  ctx: StoreContext,
  handlers: Record<string, JobHandler>,
  options: WorkerOptions,
  queue: TaskQueue,
): Record<QueueName, Task> {
  const abandonedAfter = options.abandonedJobAfterMs ?? ABANDONED_JOB_AFTER_MS;
  const kinds = Object.keys(handlers);
  return {
    [QUEUES.outbox]: async () => {
      const result = await drainOutbox(ctx, options.outbox);
      // Another drain right after a busy one: calls recorded meanwhile, over the caps, or
      // handed back after a database outage.
      if (result.sent + result.failed + result.retried > 0) {
        // An associated licence lets the MDM command that waited for it go (R-I4).
        queue.kick([QUEUES.outbox, QUEUES.webhooks, QUEUES.mdmCommands]);
      }
      // A store refusal queues a sync of the account: run it now.
      if (result.refused > 0) queue.kick([QUEUES.jobs]);
      await queue.wakeAt(QUEUES.outbox, await nextOutboxAttempt(ctx));
      return result;
    },
    [QUEUES.webhooks]: async () => {
      const report = await deliverWebhooks(ctx);
      if (report.delivered + report.failed + report.retried > 0) queue.kick([QUEUES.webhooks]);
      await queue.wakeAt(QUEUES.webhooks, await nextWebhookAttempt(ctx));
      return report;
    },
    [QUEUES.jobs]: async () => {
      const ids = await queuedJobIds(ctx, kinds, 100);
      if (ids.length > 0) await queue.runJobs(ids);
      return { dispatched: ids.length };
    },
    [QUEUES.job]: async (data) => {
      if (typeof data.jobId !== 'string') return { ran: false };
      const ran = await runQueuedJob(ctx, handlers, data.jobId);
      // Syncs record store calls and raise notifications: send them now.
      if (ran) queue.kick([QUEUES.outbox, QUEUES.webhooks]);
      return { ran };
    },
    [QUEUES.syncSchedule]: async () => {
      const queued = await scheduleDueSyncs(ctx, ctx.clock.now());
      if (queued > 0) queue.kick([QUEUES.jobs]);
      return { queued };
    },
    [QUEUES.tokenExpiry]: async () => {
      const result = await checkTokenExpiries(ctx, ctx.clock.now());
      if (result.warned + result.expired > 0) queue.kick([QUEUES.webhooks]);
      return result;
    },
    [QUEUES.abandonedJobs]: async () => {
      const requeued = await requeueAbandonedJobs(ctx, abandonedAfter);
      if (requeued > 0) queue.kick([QUEUES.jobs]);
      return { requeued };
    },
    [QUEUES.intelligence]: async () => {
      await runIntelligenceTasks(ctx, ctx.clock.now());
      // Forecasts, drift and reclaims raise notifications; reclaims record store calls.
      queue.kick([QUEUES.outbox, QUEUES.webhooks, QUEUES.mdmCommands]);
      return {};
    },
    [QUEUES.mdmCommands]: async () => {
      const result = await drainMdmCommands(ctx);
      if (result.sent + result.failed + result.retried > 0) {
        queue.kick([QUEUES.mdmCommands, QUEUES.webhooks]);
      }
      await queue.wakeAt(QUEUES.mdmCommands, await nextMdmCommandAttempt(ctx));
      return result;
    },
  };
}
