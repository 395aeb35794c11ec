/**
 * R-I4: the install and remove decisions of a device that an MDM connector manages become MDM
 * commands, queued here and sent by commandDelivery.ts. A command's CommandUUID and bytes are
 * fixed when it is queued, before any attempt. One command per device, app and action is open
 * at a time (`openKey`, unique): a check-in lists a pending install again each time, and it
 * must not reach the device twice. An install waits for its licence's association at the store
 * (`waitingLicense`): a device that fetched it first would fail with 9610.
 *
 * States: waitingLicense → queued → sending → sent → (notNow →) acknowledged → done | failed;
 * queued → refused (NanoMDM refused it, or it stayed unreachable past the attempts allowed);
 * cancelled (no longer wanted); voided (a re-enrolment emptied NanoMDM's queue: a copy with a
 * new CommandUUID takes its place).
 */
import type { Kysely } from 'kysely';
import type { Database, MdmCommandRow, MdmEnrollmentTable } from '../../db/schema.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Command } from '../checkIn/types.js';
import {
  deviceInformation,
  installApplication,
  managedApplicationList,
  newCommandUuid,
  removeApplication,
  type RequestType,
} from './commandPlist.js';

/** Installs of one app on one device that failed (or NanoMDM refused) before it stops trying. */
export const MAX_INSTALL_TRIES = 3;
/** How often a device is asked which apps it has, while an install is accepted, not done. */
export const MANAGED_LIST_INTERVAL_MS = 15 * 60 * 1000;
/** How often an enrolment without a serial number is asked for it. */
export const DEVICE_INFORMATION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** States in which a command still holds its device, app and action. */
export const OPEN_STATES = [
  'waitingLicense',
  'queued',
  'sending',
  'sent',
  'notNow',
  'acknowledged',
] as const;

export function openKeyOf(deviceId: string, catalogAppId: string, type: RequestType): string {
  return `${deviceId}:${catalogAppId}:${type}`;
}

/** The device channel of a device at a connector: the enrolment that named its serial. */
export async function deviceEnrollmentOf(
  db: Kysely<Database>,
  tenantId: string,
  deviceId: string,
): Promise<MdmEnrollmentTable | undefined> {
  return db
    .selectFrom('mdmEnrollments')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('deviceId', '=', deviceId)
    .where('state', 'in', ['authenticated', 'enrolled'])
    .orderBy('updatedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A macOS user channel (`UDID:UserID`) of a device channel, once enrolled. */
async function userChannelOf(
  db: Kysely<Database>,
  enrollment: MdmEnrollmentTable,
): Promise<MdmEnrollmentTable | undefined> {
  return db
    .selectFrom('mdmEnrollments')
    .selectAll()
    .where('tenantId', '=', enrollment.tenantId)
    .where('connectorId', '=', enrollment.connectorId)
    .where('enrollmentId', 'like', `${enrollment.enrollmentId}:%`)
    .where('enrollmentType', '=', 'User')
    .where('state', '=', 'enrolled')
    .orderBy('updatedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

interface NewCommand {
  enrollmentId: string;
  catalogAppId: string;
  requestType: RequestType;
  state: 'waitingLicense' | 'queued';
  licenseId: string | null;
  build: (commandUuid: string) => string;
  openKey?: string;
}

/** The row of a new command: its CommandUUID and plist fixed now. */
function commandRow(
  enrollment: MdmEnrollmentTable,
  deviceId: string,
  at: Date,
  command: NewCommand,
): MdmCommandRow {
  const nowIso = at.toISOString();
  const commandUuid = newCommandUuid(at);
  return {
    id: newId(at.getTime()),
    tenantId: enrollment.tenantId,
    connectorId: enrollment.connectorId,
    commandUuid,
    enrollmentId: command.enrollmentId,
    deviceId,
    catalogAppId: command.catalogAppId,
    requestType: command.requestType,
    state: command.state,
    resultStatus: null,
    createdAt: nowIso,
    updatedAt: nowIso,
    payload: command.build(commandUuid),
    licenseId: command.licenseId,
    attempts: 0,
    nextAttemptAt: nowIso,
    leaseUntil: null,
    lastError: null,
    enqueuedAt: null,
    detail: null,
    openKey: command.openKey ?? openKeyOf(deviceId, command.catalogAppId, command.requestType),
  };
}

/** Queues a command unless the same device, app and action has one open; true when queued. */
async function insertCommand(
  db: Kysely<Database>,
  enrollment: MdmEnrollmentTable,
  deviceId: string,
  at: Date,
  command: NewCommand,
): Promise<boolean> {
  if (command.requestType === 'InstallApplication') {
    // A failed install is pending again at the next check-in: tried a few times, not forever.
    const failed = await db
      .selectFrom('mdmCommands')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', enrollment.tenantId)
      .where('deviceId', '=', deviceId)
      .where('catalogAppId', '=', command.catalogAppId)
      .where('requestType', '=', 'InstallApplication')
      .where('state', 'in', ['failed', 'refused'])
      .executeTakeFirst();
    if (Number(failed?.n ?? 0) >= MAX_INSTALL_TRIES) return false;
  }
  const row = commandRow(enrollment, deviceId, at, command);
  const result = await db
    .insertInto('mdmCommands')
    .values(row)
    .onConflict((oc) => oc.columns(['connectorId', 'openKey']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Closes a device's open commands of an app and action that NanoMDM has not stored yet. */
async function cancelUnsent(
  db: Kysely<Database>,
  enrollment: MdmEnrollmentTable,
  key: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('mdmCommands')
    .set({ state: 'cancelled', openKey: null, updatedAt: at.toISOString() })
    .where('connectorId', '=', enrollment.connectorId)
    .where('openKey', '=', key)
    .where('state', 'in', ['waitingLicense', 'queued'])
    .where('enqueuedAt', 'is', null)
    .execute();
}

/**
 * Hands a check-in's commands to the device's MDM connector, when one manages it; returns how
 * many commands were queued. Updates are the App Store's business: they are not commanded.
 * What the commands need is read in one statement per kind, and they are written in one insert.
 */
export async function queueDecidedCommands(
  ctx: ServiceContext,
  tenantId: string,
  deviceId: string,
  commands: readonly Command[],
): Promise<number> {
  const wanted = commands.filter((c) => c.type !== 'update');
  if (wanted.length === 0) return 0;
  const db = ctx.db.kysely;
  const enrollment = await deviceEnrollmentOf(db, tenantId, deviceId);
  if (enrollment === undefined) return 0;
  const device = await db
    .selectFrom('devices')
    .select('platform')
    .where('tenantId', '=', tenantId)
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow();
  const at = ctx.clock.now();
  const appIds = [...new Set(wanted.map((c) => c.catalogAppId))];
  const apps = new Map(
    (
      await db
        .selectFrom('catalogApps as c')
        .innerJoin('products as p', 'p.id', 'c.productId')
        .select(['c.id', 'p.store', 'p.storeProductId', 'p.bundleId'])
        .where('c.tenantId', '=', tenantId)
        .where('c.id', 'in', appIds)
        .execute()
    ).map((a) => [a.id, a]),
  );
  const installIds = wanted.filter((c) => c.type === 'install').map((c) => c.catalogAppId);
  const installs = new Map<string, InstallOfCommand>();
  const failedTries = new Map<string, number>();
  if (installIds.length > 0) {
    for (const row of await db
      .selectFrom('installs as i')
      .leftJoin('licenses as l', 'l.id', 'i.licenseId')
      .select([
        'i.catalogAppId',
        'i.licenseId',
        'l.licenseType',
        'l.storeState',
        'l.state as licenseState',
      ])
      .where('i.tenantId', '=', tenantId)
      .where('i.deviceId', '=', deviceId)
      .where('i.catalogAppId', 'in', installIds)
      .execute()) {
      installs.set(row.catalogAppId, row);
    }
    // A failed install is pending again at the next check-in: tried a few times, not forever.
    for (const row of await db
      .selectFrom('mdmCommands')
      .select(['catalogAppId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenantId', '=', tenantId)
      .where('deviceId', '=', deviceId)
      .where('catalogAppId', 'in', installIds)
      .where('requestType', '=', 'InstallApplication')
      .where('state', 'in', ['failed', 'refused'])
      .groupBy('catalogAppId')
      .execute()) {
      failedTries.set(row.catalogAppId, Number(row.n));
    }
  }
  const rows: MdmCommandRow[] = [];
  for (const command of wanted) {
    const app = apps.get(command.catalogAppId);
    if (app?.store !== 'apple') continue;
    if (
      command.type === 'install' &&
      (failedTries.get(command.catalogAppId) ?? 0) >= MAX_INSTALL_TRIES
    ) {
      continue;
    }
    const next =
      command.type === 'install'
        ? await installCommand(
            db,
            enrollment,
            device.platform,
            command,
            app,
            installs.get(command.catalogAppId),
          )
        : removeCommand(enrollment, command, app.bundleId);
    if (next === null) continue;
    if (command.type === 'uninstall') {
      await cancelUnsent(
        db,
        enrollment,
        openKeyOf(deviceId, command.catalogAppId, 'InstallApplication'),
        at,
      );
    }
    rows.push(commandRow(enrollment, deviceId, at, next));
  }
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('mdmCommands')
    .values(rows)
    .onConflict((oc) => oc.columns(['connectorId', 'openKey']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** The install (and its licence) an InstallApplication is for. */
interface InstallOfCommand {
  licenseId: string | null;
  licenseType: string | null;
  storeState: string | null;
  licenseState: string | null;
}

async function installCommand(
  db: Kysely<Database>,
  enrollment: MdmEnrollmentTable,
  platform: string,
  command: Command,
  app: { storeProductId: string },
  install: InstallOfCommand | undefined,
): Promise<NewCommand | null> {
  const licenseId = install?.licenseId ?? null;
  if (licenseId !== null && install?.licenseState !== 'active') return null;
  const storeState = install?.storeState ?? 'confirmed';
  if (storeState === 'refused' || storeState === 'failed') return null;
  // macOS: a user licence goes to the user's channel (UDID:UserID), a device licence to the
  // device's; iOS and iPadOS take every install on the device channel.
  let channel = enrollment;
  if (platform === 'macos' && install?.licenseType === 'user') {
    const user = await userChannelOf(db, enrollment);
    if (user === undefined) return null;
    channel = user;
  }
  const target = {
    adamId: app.storeProductId,
    platform,
    userEnrollment: channel.enrollmentType.startsWith('User Enrollment'),
  };
  return {
    enrollmentId: channel.enrollmentId,
    catalogAppId: command.catalogAppId,
    requestType: 'InstallApplication',
    state: storeState === 'confirmed' ? 'queued' : 'waitingLicense',
    licenseId,
    build: (uuid) => installApplication(uuid, target),
  };
}

function removeCommand(
  enrollment: MdmEnrollmentTable,
  command: Command,
  bundleId: string | null,
): NewCommand | null {
  if (bundleId === null) return null;
  return {
    enrollmentId: enrollment.enrollmentId,
    catalogAppId: command.catalogAppId,
    requestType: 'RemoveApplication',
    state: 'queued',
    licenseId: null,
    build: (uuid) => removeApplication(uuid, bundleId),
  };
}

/**
 * An Authenticate empties NanoMDM's queue for the enrolment, and the commands it held are never
 * answered: each command NanoMDM had stored and the device had not answered is voided and
 * queued again under a new CommandUUID (NanoMDM refuses a UUID it has stored), in its order;
 * they go out once the enrolment completes (TokenUpdate). Returns how many.
 */
export async function requeueAfterAuthenticate(
  ctx: ServiceContext,
  connectorId: string,
  tenantId: string,
  enrollmentId: string,
): Promise<number> {
  const at = ctx.clock.now();
  const nowIso = at.toISOString();
  return ctx.db.transaction(async (trx) => {
    const held = await trx
      .selectFrom('mdmCommands')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('connectorId', '=', connectorId)
      .where('enrollmentId', '=', enrollmentId)
      .where('state', 'in', ['queued', 'sending', 'sent', 'notNow'])
      .where('enqueuedAt', 'is not', null)
      .orderBy('id')
      .execute();
    for (const old of held) {
      await trx
        .updateTable('mdmCommands')
        .set({ state: 'voided', openKey: null, leaseUntil: null, updatedAt: nowIso })
        .where('id', '=', old.id)
        .execute();
      const commandUuid = newCommandUuid(at);
      await trx
        .insertInto('mdmCommands')
        .values({
          ...old,
          id: newId(at.getTime()),
          commandUuid,
          payload: old.payload.replace(
            `<string>${old.commandUuid}</string>`,
            `<string>${commandUuid}</string>`,
          ),
          state: 'queued',
          resultStatus: null,
          attempts: 0,
          nextAttemptAt: nowIso,
          leaseUntil: null,
          lastError: null,
          enqueuedAt: null,
          detail: null,
          createdAt: nowIso,
          updatedAt: nowIso,
        })
        .execute();
    }
    return held.length;
  });
}

/**
 * Asks the device which apps it really has (ManagedApplicationList) while some install of it
 * was accepted and not reported done: an acknowledgement is acceptance, not installation, and
 * macOS never reports a later failure. At most once per MANAGED_LIST_INTERVAL_MS.
 */
export async function queueManagedApplicationList(
  ctx: ServiceContext,
  tenantId: string,
  deviceId: string,
): Promise<boolean> {
  const db = ctx.db.kysely;
  const at = ctx.clock.now();
  const accepted = await db
    .selectFrom('mdmCommands as m')
    .innerJoin('catalogApps as c', 'c.id', 'm.catalogAppId')
    .innerJoin('products as p', 'p.id', 'c.productId')
    .select(['m.catalogAppId', 'p.bundleId'])
    .where('m.tenantId', '=', tenantId)
    .where('m.deviceId', '=', deviceId)
    .where('m.requestType', '=', 'InstallApplication')
    .where('m.state', '=', 'acknowledged')
    .orderBy('m.id')
    .execute();
  const bundleIds = [
    ...new Set(accepted.map((a) => a.bundleId).filter((b): b is string => b !== null)),
  ];
  if (bundleIds.length === 0) return false;
  const since = new Date(at.getTime() - MANAGED_LIST_INTERVAL_MS).toISOString();
  const recent = await db
    .selectFrom('mdmCommands')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('deviceId', '=', deviceId)
    .where('requestType', '=', 'ManagedApplicationList')
    .where('createdAt', '>', since)
    .limit(1)
    .executeTakeFirst();
  if (recent !== undefined) return false;
  const enrollment = await deviceEnrollmentOf(db, tenantId, deviceId);
  if (enrollment === undefined) return false;
  return insertCommand(db, enrollment, deviceId, at, {
    enrollmentId: enrollment.enrollmentId,
    catalogAppId: accepted[0]!.catalogAppId,
    requestType: 'ManagedApplicationList',
    state: 'queued',
    licenseId: null,
    build: (uuid) => managedApplicationList(uuid, bundleIds),
    openKey: `${deviceId}:*:ManagedApplicationList`,
  });
}

/**
 * A check-out ends the enrolment: what was not sent yet is cancelled (the device's licences
 * are revoked with R-V2's effects; a later enrolment decides again). Returns how many.
 */
export async function cancelAfterCheckOut(
  ctx: ServiceContext,
  connectorId: string,
  tenantId: string,
  enrollmentId: string,
): Promise<number> {
  const result = await ctx.db.kysely
    .updateTable('mdmCommands')
    .set({
      state: 'cancelled',
      openKey: null,
      leaseUntil: null,
      detail: 'The device checked out',
      updatedAt: ctx.clock.now().toISOString(),
    })
    .where('tenantId', '=', tenantId)
    .where('connectorId', '=', connectorId)
    .where('enrollmentId', '=', enrollmentId)
    .where('state', 'in', ['waitingLicense', 'queued', 'sending', 'sent', 'notNow'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Asks an enrolment Allot knows no serial number for (its Authenticate was lost, or carried
 * none) for its DeviceInformation; the answer creates or finds the device (enrolment.ts). Not
 * for a User Enrollment, which has no serial. No device yet: the row's device and app are ''.
 */
export async function queueDeviceInformation(
  ctx: ServiceContext,
  enrollment: MdmEnrollmentTable,
): Promise<boolean> {
  if (enrollment.enrollmentType !== 'Device' || enrollment.deviceId !== null) return false;
  const at = ctx.clock.now();
  // Asked at most once a day: an answer without a usable serial must not wake it forever.
  const recent = await ctx.db.kysely
    .selectFrom('mdmCommands')
    .select('id')
    .where('tenantId', '=', enrollment.tenantId)
    .where('connectorId', '=', enrollment.connectorId)
    .where('enrollmentId', '=', enrollment.enrollmentId)
    .where('requestType', '=', 'DeviceInformation')
    .where('createdAt', '>', new Date(at.getTime() - DEVICE_INFORMATION_INTERVAL_MS).toISOString())
    .limit(1)
    .executeTakeFirst();
  if (recent !== undefined) return false;
  return insertCommand(ctx.db.kysely, enrollment, '', at, {
    enrollmentId: enrollment.enrollmentId,
    catalogAppId: '',
    requestType: 'DeviceInformation',
    state: 'queued',
    licenseId: null,
    build: (uuid) => deviceInformation(uuid),
    openKey: `${enrollment.enrollmentId}:*:DeviceInformation`,
  });
}
