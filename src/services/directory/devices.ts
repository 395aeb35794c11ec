/** Devices of the directory (API.md "Directory"). */
import type { Kysely } from 'kysely';
import type { Database, DeviceTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { containsText } from '../../db/search.js';
import { ConflictError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { findInScope } from './findInScope.js';
import { recordActivity } from '../monitoring/activity.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';
import { resolveSpaceId } from './spaces.js';
import { getUserRow } from './users.js';

export const PLATFORMS = ['ios', 'ipados', 'macos', 'windows'] as const;
export type DevicePlatform = (typeof PLATFORMS)[number];

export interface Device {
  id: string;
  spaceId: string;
  serialNumber: string;
  platform: DevicePlatform;
  name: string | null;
  primaryUserId: string | null;
  shared: boolean;
  state: string;
  lastCheckInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function presentDevice(row: DeviceTable): Device {
  return {
    id: row.id,
    spaceId: row.spaceId,
    serialNumber: row.serialNumber,
    platform: row.platform as DevicePlatform,
    name: row.name,
    primaryUserId: row.primaryUserId,
    shared: row.shared === 1,
    state: row.state,
    lastCheckInAt: row.lastCheckInAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Serial numbers are compared without case or surrounding spaces, as the stores do. */
export function normaliseSerialNumber(serialNumber: string): string {
  return serialNumber.trim().toUpperCase();
}

function serialTaken(serialNumber: string): ConflictError {
  return new ConflictError(
    'SERIAL_NUMBER_TAKEN',
    `A device with serial number ${serialNumber} already exists`,
    { field: 'serialNumber' },
  );
}

export async function getDeviceRow(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<DeviceTable> {
  return findInScope(db, actor, 'devices', id);
}

export async function getDevice(ctx: ServiceContext, actor: Actor, id: string): Promise<Device> {
  return presentRead(ctx, await getDeviceRow(ctx.db.kysely, actor, id));
}

/** A device as read, with a check-in time noted by this process and not yet written. */
function presentRead(ctx: ServiceContext, row: DeviceTable): Device {
  const device = presentDevice(row);
  const noted = ctx.db.checkInTimes.noted(row.id);
  if (noted !== undefined && (device.lastCheckInAt ?? '') < noted) device.lastCheckInAt = noted;
  return device;
}

export async function listDevices(
  ctx: ServiceContext,
  actor: Actor,
  filter: { q?: string; spaceId?: string; primaryUserId?: string },
  page: PageRequest,
): Promise<Page<Device>> {
  const db = ctx.db.kysely;
  const spaceId =
    filter.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, filter.spaceId);
  const rows = await db
    .selectFrom('devices')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(spaceId !== null, (q) => q.where('spaceId', '=', spaceId))
    .$if(filter.primaryUserId !== undefined, (q) =>
      q.where('primaryUserId', '=', filter.primaryUserId!),
    )
    .$if(filter.q !== undefined, (q) => q.where(containsText(['serialNumber', 'name'], filter.q!)))
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(
    rows.map((row) => presentRead(ctx, row)),
    page.limit,
  );
}

/** The primary user must be visible to the actor and live in the device's space. */
async function checkPrimaryUser(
  db: Kysely<Database>,
  actor: Actor,
  userId: string | null | undefined,
  spaceId: string,
): Promise<void> {
  if (userId === null || userId === undefined) return;
  const user = await getUserRow(db, actor, userId);
  if (user.spaceId !== spaceId) {
    throw new ConflictError(
      'SPACE_MISMATCH',
      'The primary user belongs to another space than the device',
      { field: 'primaryUserId', userSpaceId: user.spaceId, deviceSpaceId: spaceId },
    );
  }
}

export async function createDevice(
  ctx: ServiceContext,
  actor: Actor,
  input: {
    serialNumber: string;
    platform: DevicePlatform;
    name?: string;
    primaryUserId?: string;
    shared?: boolean;
    spaceId?: string;
  },
): Promise<Device> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const spaceId = await resolveSpaceId(trx, actor, input.spaceId);
    await checkPrimaryUser(trx, actor, input.primaryUserId, spaceId);
    const row: DeviceTable = {
      id: newId(now.getTime()),
      tenantId: actor.tenantId,
      spaceId,
      serialNumber: normaliseSerialNumber(input.serialNumber),
      platform: input.platform,
      name: input.name ?? null,
      primaryUserId: input.primaryUserId ?? null,
      shared: input.shared === true ? 1 : 0,
      state: 'active',
      lastCheckInAt: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    try {
      await trx.insertInto('devices').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw serialTaken(row.serialNumber);
      throw error;
    }
    const device = presentDevice(row);
    await recordActivity(trx, actor, now, {
      action: 'device.create',
      subject: { type: 'device', id: device.id, name: device.serialNumber },
      spaceId,
      after: device,
    });
    return device;
  });
}

export async function updateDevice(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: {
    name?: string | null;
    primaryUserId?: string | null;
    shared?: boolean;
    platform?: DevicePlatform;
  },
): Promise<Device> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const row = await getDeviceRow(trx, actor, id);
    await checkPrimaryUser(trx, actor, input.primaryUserId, row.spaceId);
    const changed: DeviceTable = {
      ...row,
      name: input.name === undefined ? row.name : input.name,
      primaryUserId: input.primaryUserId === undefined ? row.primaryUserId : input.primaryUserId,
      shared: input.shared === undefined ? row.shared : input.shared ? 1 : 0,
      platform: input.platform ?? row.platform,
      updatedAt: now.toISOString(),
    };
    await trx
      .updateTable('devices')
      .set({
        name: changed.name,
        primaryUserId: changed.primaryUserId,
        shared: changed.shared,
        platform: changed.platform,
        updatedAt: changed.updatedAt,
      })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    const device = presentDevice(changed);
    await recordActivity(trx, actor, now, {
      action: 'device.update',
      subject: { type: 'device', id, name: device.serialNumber },
      spaceId: device.spaceId,
      before: presentDevice(row),
      after: device,
    });
    return device;
  });
}
