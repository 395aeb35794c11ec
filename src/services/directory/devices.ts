/** Devices of the directory (API.md "Directory"). */
import { sql, type Kysely } from 'kysely';
import type { Database, DeviceTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { containsText } from '../../db/search.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { findInScope } from './findInScope.js';
import { recordActivities, recordActivity } from '../monitoring/activity.js';
import {
  afterRow,
  directionOf,
  firstOf,
  sortKeyOf,
  toSortedPage,
  type SortedPage,
  type SortedPageRequest,
  type SortKeys,
} from './listOrder.js';
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

/** Device states: active until retired, wiped or unenrolled (R-V2). */
export const DEVICE_STATES = ['active', 'retired', 'wiped', 'unenrolled'] as const;

/** The fields GET /devices sorts by, and what each orders by. */
export const DEVICE_SORTS = ['name', 'serialNumber', 'platform', 'state', 'lastCheckInAt'] as const;
const DEVICE_SORT_KEYS: SortKeys = {
  // The console shows the serial number of a device without a name.
  name: sql<string>`lower(coalesce(${sql.ref('name')}, ${sql.ref('serialNumber')}))`,
  serialNumber: firstOf('serialNumber'),
  platform: firstOf('platform'),
  state: firstOf('state'),
  // Never checked in: '' sorts first ascending, last descending.
  lastCheckInAt: firstOf('lastCheckInAt'),
};

export interface DeviceFilter {
  q?: string;
  spaceId?: string;
  primaryUserId?: string;
  platform?: DevicePlatform;
  state?: string;
}

export async function listDevices(
  ctx: ServiceContext,
  actor: Actor,
  filter: DeviceFilter,
  page: SortedPageRequest,
): Promise<SortedPage<Device>> {
  const db = ctx.db.kysely;
  const spaceId =
    filter.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, filter.spaceId);
  const key = sortKeyOf(DEVICE_SORT_KEYS, page);
  const direction = directionOf(page);
  const rows = await db
    .selectFrom('devices')
    .selectAll()
    .select(key.as('sortKey'))
    .where('tenantId', '=', actor.tenantId)
    .$if(spaceId !== null, (q) => q.where('spaceId', '=', spaceId))
    .$if(filter.primaryUserId !== undefined, (q) =>
      q.where('primaryUserId', '=', filter.primaryUserId!),
    )
    .$if(filter.platform !== undefined, (q) => q.where('platform', '=', filter.platform!))
    .$if(filter.state !== undefined, (q) => q.where('state', '=', filter.state!))
    .$if(filter.q !== undefined, (q) => q.where(containsText(['serialNumber', 'name'], filter.q!)))
    .$if(page.after !== undefined, (q) => q.where(afterRow(key, page)))
    .orderBy(key, direction)
    .orderBy('id', direction)
    .limit(page.limit + 1)
    .execute();
  return toSortedPage(rows, page.limit, (row) => presentRead(ctx, row));
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

/** The tenant's device with this serial number (any space, any state), if there is one. */
export async function findDeviceBySerial(
  db: Kysely<Database>,
  tenantId: string,
  serialNumber: string,
): Promise<DeviceTable | undefined> {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('serialNumber', '=', normaliseSerialNumber(serialNumber))
    .executeTakeFirst();
}

/** Whether a serial number is one Allot accepts (as `POST /devices` does). */
export function isValidSerialNumber(serialNumber: string): boolean {
  return /^[A-Za-z0-9-]{1,64}$/.test(serialNumber.trim());
}

/** One device of an MDM's inventory export. */
export interface BulkDeviceInput {
  serialNumber: string;
  platform: DevicePlatform;
  name?: string | null;
  primaryUserId?: string | null;
  shared?: boolean;
}

export interface BulkDeviceResult {
  serialNumber: string;
  /** What was (or, in a dry run, would be) done. */
  action: 'create' | 'update' | 'unchanged' | 'error';
  /** The device's ID; null for a device a dry run would create, or an error. */
  deviceId: string | null;
  error: { code: string; message: string; field?: string } | null;
}

export interface BulkDeviceReport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
  items: BulkDeviceResult[];
}

/** Inventory exports at most this many devices per request. */
export const BULK_DEVICES_MAX = 1000;

/**
 * Upserts an MDM's inventory by serial number (issue 15, item 5): a new serial creates a device
 * in the space, a known one of the space gets the fields sent (name, platform, primary user,
 * shared), whatever its state (an inventory is not an enrolment). A serial held in another
 * space, or a primary user the actor cannot see or of another space, is an error of that item
 * only. In one transaction; `dryRun` answers the same and writes nothing.
 */
export async function bulkUpsertDevices(
  ctx: ServiceContext,
  actor: Actor,
  input: { devices: BulkDeviceInput[]; spaceId?: string; dryRun?: boolean },
): Promise<BulkDeviceReport> {
  const dryRun = input.dryRun === true;
  const seen = new Map<string, number>();
  input.devices.forEach((d, index) => {
    const serial = normaliseSerialNumber(d.serialNumber);
    const first = seen.get(serial);
    if (first !== undefined) {
      throw new ValidationError(
        `Serial number ${serial} is listed twice (items ${first} and ${index})`,
        { field: `devices/${index}/serialNumber` },
        'DUPLICATE_SERIAL_NUMBER',
      );
    }
    seen.set(serial, index);
  });
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction(async (trx) => {
    const spaceId = await resolveSpaceId(trx, actor, input.spaceId);
    const serials = [...seen.keys()];
    const existing = new Map<string, DeviceTable>();
    for (let i = 0; i < serials.length; i += 500) {
      const rows = await trx
        .selectFrom('devices')
        .selectAll()
        .where('tenantId', '=', actor.tenantId)
        .where('serialNumber', 'in', serials.slice(i, i + 500))
        .execute();
      for (const row of rows) existing.set(row.serialNumber, row);
    }
    const userIds = [
      ...new Set(input.devices.map((d) => d.primaryUserId).filter((id) => typeof id === 'string')),
    ];
    const users = new Map<string, string>();
    if (userIds.length > 0) {
      const rows = await trx
        .selectFrom('users')
        .select(['id', 'spaceId'])
        .where('tenantId', '=', actor.tenantId)
        .where('id', 'in', userIds)
        .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
        .execute();
      for (const row of rows) users.set(row.id, row.spaceId);
    }
    const items: BulkDeviceResult[] = [];
    const inserts: DeviceTable[] = [];
    const activities: Parameters<typeof recordActivities>[3][number][] = [];
    for (const d of input.devices) {
      const serialNumber = normaliseSerialNumber(d.serialNumber);
      const fail = (code: string, message: string, field: string) =>
        items.push({
          serialNumber,
          action: 'error',
          deviceId: null,
          error: { code, message, field },
        });
      const userId = d.primaryUserId;
      if (typeof userId === 'string' && users.get(userId) !== spaceId) {
        if (users.has(userId)) {
          fail('SPACE_MISMATCH', 'The primary user belongs to another space', 'primaryUserId');
        } else fail('NOT_FOUND', `user ${userId} was not found`, 'primaryUserId');
        continue;
      }
      const row = existing.get(serialNumber);
      if (row === undefined) {
        const created: DeviceTable = {
          id: newId(now.getTime()),
          tenantId: actor.tenantId,
          spaceId,
          serialNumber,
          platform: d.platform,
          name: d.name ?? null,
          primaryUserId: d.primaryUserId ?? null,
          shared: d.shared === true ? 1 : 0,
          state: 'active',
          lastCheckInAt: null,
          createdAt: at,
          updatedAt: at,
        };
        inserts.push(created);
        items.push({
          serialNumber,
          action: 'create',
          deviceId: dryRun ? null : created.id,
          error: null,
        });
        activities.push({
          action: 'device.create',
          subject: { type: 'device', id: created.id, name: serialNumber },
          spaceId,
          after: presentDevice(created),
        });
        continue;
      }
      if (row.spaceId !== spaceId) {
        fail(
          'SERIAL_NUMBER_TAKEN',
          `A device with serial number ${serialNumber} already exists in another space`,
          'serialNumber',
        );
        continue;
      }
      const changed: DeviceTable = {
        ...row,
        platform: d.platform,
        name: d.name === undefined ? row.name : d.name,
        primaryUserId: d.primaryUserId === undefined ? row.primaryUserId : d.primaryUserId,
        shared: d.shared === undefined ? row.shared : d.shared ? 1 : 0,
      };
      const same =
        changed.platform === row.platform &&
        changed.name === row.name &&
        changed.primaryUserId === row.primaryUserId &&
        changed.shared === row.shared;
      items.push({
        serialNumber,
        action: same ? 'unchanged' : 'update',
        deviceId: row.id,
        error: null,
      });
      if (same || dryRun) continue;
      await trx
        .updateTable('devices')
        .set({
          platform: changed.platform,
          name: changed.name,
          primaryUserId: changed.primaryUserId,
          shared: changed.shared,
          updatedAt: at,
        })
        .where('tenantId', '=', actor.tenantId)
        .where('id', '=', row.id)
        .execute();
      activities.push({
        action: 'device.update',
        subject: { type: 'device', id: row.id, name: serialNumber },
        spaceId,
        before: presentDevice(row),
        after: presentDevice({ ...changed, updatedAt: at }),
      });
    }
    if (!dryRun) {
      for (let i = 0; i < inserts.length; i += 100) {
        try {
          await trx
            .insertInto('devices')
            .values(inserts.slice(i, i + 100))
            .execute();
        } catch (error) {
          // Created meanwhile by another request: the whole import is refused, to be retried.
          if (isUniqueViolation(error)) throw serialTaken('in this import');
          throw error;
        }
      }
      for (let i = 0; i < activities.length; i += 100) {
        await recordActivities(trx, actor, now, activities.slice(i, i + 100));
      }
    }
    const count = (action: BulkDeviceResult['action']) =>
      items.filter((item) => item.action === action).length;
    return {
      dryRun,
      created: count('create'),
      updated: count('update'),
      unchanged: count('unchanged'),
      errors: count('error'),
      items,
    };
  });
}
