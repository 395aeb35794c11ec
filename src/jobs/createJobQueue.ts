/** Builds the process's job queue: in-process loops on SQLite, pg-boss on PostgreSQL. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { bossQueue } from './boss.js';
import type { JobQueue } from './jobQueue.js';
import { startLoops, type Worker } from './worker.js';

export function createJobQueue(config: Config, logger: Logger): JobQueue {
  return config.databaseUrl === null ? inProcessQueue() : bossQueue(config, logger);
}

/** SQLite: the loops of this process; a kick wakes them, and nothing else can be woken. */
function inProcessQueue(): JobQueue {
  let worker: Worker | null = null;
  return {
    kind: 'in-process',
    async start() {},
    kick() {
      worker?.kick();
    },
    async startWorker(ctx, handlers, options) {
      if (worker !== null) throw new Error('this process already runs a worker');
      const loops = startLoops(ctx, handlers, options);
      worker = {
        kick: () => loops.kick(),
        async stop() {
          worker = null;
          await loops.stop();
        },
      };
      return worker;
    },
    async close() {
      await worker?.stop();
    },
  };
}
