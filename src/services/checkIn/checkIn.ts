/**
 * A device checks in (DESIGN.md "Data flow"): every app that targets the device is decided
 * (decide.ts) and the response lists the commands for the MDM. Licences are taken with guarded
 * updates, so any number of concurrent check-ins never over-allocate (R-A13); one that loses a
 * race runs again (retry.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, DeviceTable } from '../../db/schema.js';
import type { Dialect } from '../../db/dialect.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { getDeviceRow } from '../directory/devices.js';
import { queueDecidedCommands } from '../mdm/commandQueue.js';
import { CheckIn, TransactionNeeded } from './decide.js';
import { withConflictRetry } from './retry.js';
import type { CheckInInput, CheckInResult, InstallRequestResult } from './types.js';

export type { CheckInInput, CheckInResult, Command, InstallRequestResult } from './types.js';

/**
 * Most check-ins change nothing, or one thing: they read without holding a transaction open and
 * write what they decided at the end, in a transaction when it takes more than one statement.
 * Reading first is safe: seats are taken with guarded updates (a lost race runs the check-in
 * again), and licences and installs are unique per holder (the same). A check-in that must
 * revoke or invite runs again, whole, in one transaction.
 */
export async function checkIn(
  ctx: ServiceContext,
  actor: Actor,
  input: CheckInInput,
): Promise<CheckInResult> {
  const { kysely, dialect, checkInTimes } = ctx.db;
  const result = await withConflictRetry(async () => {
    const at = ctx.clock.now();
    try {
      return await new CheckIn(kysely, dialect, actor, at, 'deferred').run(input, checkInTimes);
    } catch (error) {
      if (!(error instanceof TransactionNeeded)) throw error;
      return ctx.db.transaction((trx) =>
        new CheckIn(trx, dialect, actor, at, 'inTransaction').run(input, checkInTimes),
      );
    }
  });
  // R-I4: a device an MDM connector manages gets its commands through the MDM.
  await queueDecidedCommands(ctx, actor.tenantId, result.deviceId, result.commands);
  return result;
}

/** Decides every app of a device now, in the caller's transaction (after a move, R-V6). */
export async function decideDevice(
  db: Kysely<Database>,
  dialect: Dialect,
  actor: Actor,
  device: DeviceTable,
  at: Date,
): Promise<CheckInResult> {
  return new CheckIn(db, dialect, actor, at, 'inTransaction').decideNow(device);
}

/** `POST /devices/{id}/install-requests`: the device's user asks for an available app (R-A6). */
export async function requestInstall(
  ctx: ServiceContext,
  actor: Actor,
  deviceId: string,
  catalogAppId: string,
): Promise<InstallRequestResult> {
  const result = await withConflictRetry(() =>
    ctx.db.transaction(async (trx) => {
      const device = await getDeviceRow(trx, actor, deviceId);
      const check = new CheckIn(trx, ctx.db.dialect, actor, ctx.clock.now(), 'inTransaction');
      const result = await check.request(device, catalogAppId);
      const app = result.apps.find((a) => a.catalogAppId === catalogAppId);
      const command = result.commands.find(
        (c) => c.catalogAppId === catalogAppId && c.type === 'install',
      );
      return {
        state: app?.state ?? 'pending',
        reason: app?.reason ?? null,
        command: command ?? null,
      };
    }),
  );
  if (result.command !== null) {
    await queueDecidedCommands(ctx, actor.tenantId, deviceId, [result.command]);
  }
  return result;
}
