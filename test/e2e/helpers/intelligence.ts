/**
 * What the insights tests need of time and of the worker, done in the demo's own process: a
 * licence made idle as if its device had not checked in for weeks, and the due reclaim
 * policies run now rather than at the worker's next minute.
 */
import { runReclaimTasks } from '../../../src/services/intelligence/reclaimTasks.js';
import type { DemoServer } from './demoServer.js';

const DAY_MS = 86_400_000;

/** The licence given `days` ago to a device last seen (and enrolled) `days` ago. */
export async function ageLicence(
  server: DemoServer,
  licenseId: string,
  deviceId: string,
  days: number,
): Promise<void> {
  const db = server.demo.server.ctx.db;
  const then = new Date(Date.now() - days * DAY_MS).toISOString();
  // Check-in times noted in memory are written first, so none lands after the change.
  await db.checkInTimes.flush();
  await db.kysely
    .updateTable('licenses')
    .set({ assignedAt: then })
    .where('id', '=', licenseId)
    .execute();
  await db.kysely
    .updateTable('devices')
    .set({ lastCheckInAt: then, createdAt: then })
    .where('id', '=', deviceId)
    .execute();
}

/** The space's enabled reclaim policy runs now, as its schedule would run it (R-X3). */
export async function runReclaimNow(server: DemoServer, spaceId: string): Promise<void> {
  const ctx = server.demo.server.ctx;
  const now = new Date();
  await ctx.db.kysely
    .updateTable('reclaimPolicies')
    .set({ nextRunAt: new Date(now.getTime() - 60_000).toISOString() })
    .where('spaceId', '=', spaceId)
    .where('enabled', '=', 1)
    .execute();
  await runReclaimTasks(ctx, now);
}
