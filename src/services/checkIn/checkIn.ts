/**
 * A device checks in (DESIGN.md "Data flow"): in one transaction, every app that targets the
 * device is decided — reuse a licence, take one from a pool, or refuse with a reason — and the
 * response lists the commands for the MDM. Licences are taken with guarded updates, so any
 * number of concurrent check-ins never over-allocate (R-A13).
 */
import type { Kysely } from 'kysely';
import type {
  Database,
  DeviceTable,
  InstallTable,
  LicenseTable,
  ProductTable,
  UserTable,
} from '../../db/schema.js';
import { insertTogether } from '../../db/batches.js';
import type { CheckInTimes } from '../../db/checkInTimes.js';
import { isUniqueViolation, type Dialect } from '../../db/database.js';
import { isRetryableConflict } from '../../db/locks.js';
import { runTransaction } from '../../db/transaction.js';
import {
  allocate,
  type AllocationDecision,
  type AllocationInput,
} from '../../domain/allocation.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { licensesFreedByUninstall } from '../../domain/revocation.js';
import { installerOf, installsOn, pendingReason } from '../../domain/storeInstalls.js';
import { installSettingsOf, resolveTargets, type ResolvedTarget } from '../../domain/targeting.js';
import type {
  DeviceSubject,
  InstallSettings,
  InstallState,
  Platform,
  Store,
} from '../../domain/types.js';
import { isUpdateDue, type UpdateMode } from '../../domain/updates.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { activityRows, type ActivityInput } from '../monitoring/activity.js';
import { getDeviceRow, normaliseSerialNumber } from '../directory/devices.js';
import { inviteUser } from '../directory/invitations.js';
import { PendingGrants, SeatRaceLost } from '../ledger/ledger.js';
import { loadDeviceWorld, type AppRow, type DeviceWorld } from './world.js';
import {
  deviceSubjectOf,
  toAssignment,
  toDomainAccount,
  toDomainLicense,
  toDomainPool,
  toDomainProduct,
  type PoolSet,
} from '../ledger/ruleInputs.js';
import { revokeLicenses } from '../ledger/revoke.js';
import { storeCallFor } from '../outbox/storeCalls.js';

export interface CheckInInput {
  serialNumber: string;
  /** The managed apps the device reports as installed; absent = not reported this time. */
  installed?: Array<{ bundleId: string; version?: string }>;
}

export interface Command {
  type: 'install' | 'uninstall' | 'update';
  catalogAppId: string;
  storeProductId: string;
  bundleId: string | null;
  licenseType: 'user' | 'device' | null;
}

export interface AppState {
  catalogAppId: string;
  state: InstallState;
  reason: string | null;
}

export interface CheckInResult {
  deviceId: string;
  commands: Command[];
  apps: AppState[];
}

/** Seats lost to other requests: each loss means another request made progress. */
const SEAT_RACE_ATTEMPTS = 20;

/**
 * Runs a use case again when it lost a race: seats taken first by another request, a unique
 * key written first (the same device checking in twice at once), or a serialisation conflict.
 */
export async function withConflictRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      // Seats gone under a check-in: its next run reads the pools as they are now.
      if (error instanceof SeatRaceLost && attempt < SEAT_RACE_ATTEMPTS) continue;
      const retryable = isRetryableConflict(error) || isUniqueViolation(error);
      if (attempt >= attempts || !retryable) throw error;
      // A short random pause, so the same transactions do not collide again at once.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

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
  return withConflictRetry(async () => {
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
}

/** A check-in read without a transaction came to a change that must be made in one. */
class TransactionNeeded extends Error {}

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

export interface InstallRequestResult {
  state: InstallState;
  reason: string | null;
  command: Command | null;
}

/** `POST /devices/{id}/install-requests`: the device's user asks for an available app (R-A6). */
export async function requestInstall(
  ctx: ServiceContext,
  actor: Actor,
  deviceId: string,
  catalogAppId: string,
): Promise<InstallRequestResult> {
  return withConflictRetry(() =>
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
}

/**
 * One check-in: loads the device's world once, decides app by app, then writes what changed
 * in a few statements, the seats last (PendingGrants).
 */
class CheckIn {
  private readonly commands: Command[] = [];
  private readonly grants = new PendingGrants();
  private readonly activities: ActivityInput[] = [];
  private readonly newInstalls: InstallTable[] = [];
  private readonly changedInstalls: Array<{ id: string; changes: InstallChanges }> = [];
  private readonly apps: AppState[] = [];
  private device!: DeviceTable;
  private user: UserTable | null = null;
  private subject!: DeviceSubject;
  private licenses: LicenseTable[] = [];
  private poolSet!: PoolSet;
  private reported: Map<string, string | undefined> | null = null;
  /** An available app the user just asked for. */
  private requested: string | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly actor: Actor,
    private readonly at: Date,
    /** `deferred`: `db` is not a transaction; write() opens one if it needs it. */
    private readonly mode: 'deferred' | 'inTransaction',
  ) {}

  /** The database for a change made at once (revocations, invitations), in the transaction. */
  private get inTransaction(): Kysely<Database> {
    if (this.mode === 'deferred') throw new TransactionNeeded();
    return this.db;
  }

  async run(input: CheckInInput, checkInTimes: CheckInTimes): Promise<CheckInResult> {
    const serialNumber = normaliseSerialNumber(input.serialNumber);
    const world = await loadDeviceWorld(this.db, this.dialect, this.actor, { serialNumber });
    if (world === undefined) throw new NotFoundError('device', serialNumber);
    // The device did check in, even when deciding its apps then fails; a device that is not
    // active stays as it was (decideAll refuses it).
    if (world.device.state === 'active') checkInTimes.note(world.device.id, this.at);
    this.reported =
      input.installed === undefined
        ? null
        : new Map(input.installed.map((a) => [a.bundleId, a.version]));
    await this.decideAll(world, null);
    await this.write();
    return this.result();
  }

  /**
   * R-A6: the device's user asks for an app offered to them (`available`): it is decided now,
   * as at a check-in; without a licence the user is offered to buy it.
   */
  async request(device: DeviceTable, catalogAppId: string): Promise<CheckInResult> {
    await this.decideAll(await this.worldOf(device), catalogAppId);
    await this.write();
    return this.result();
  }

  async decideNow(device: DeviceTable): Promise<CheckInResult> {
    await this.decideAll(await this.worldOf(device), null);
    await this.write();
    return this.result();
  }

  private async worldOf(device: DeviceTable): Promise<DeviceWorld> {
    const world = await loadDeviceWorld(this.db, this.dialect, device, { deviceId: device.id });
    if (world === undefined) throw new NotFoundError('device', device.id);
    return world;
  }

  private result(): CheckInResult {
    return { deviceId: this.device.id, commands: this.commands, apps: this.apps };
  }

  /** Decides every app of the device (or just `onlyAppId`), from its world as loaded once. */
  private async decideAll(world: DeviceWorld, onlyAppId: string | null): Promise<void> {
    const { device, user } = world;
    if (device.state !== 'active') {
      throw new ConflictError(
        'DEVICE_NOT_ACTIVE',
        `Device ${device.serialNumber} is ${device.state}; enrol it again first`,
        { state: device.state },
      );
    }
    this.device = device;
    this.user = user;
    this.subject = deviceSubjectOf(device, user, world.groupIds);
    this.licenses = world.licenses;
    const targets = resolveTargets(world.assignments.map(toAssignment), this.subject);
    const installs = new Map(world.installs.map((i) => [i.catalogAppId, i]));
    if (onlyAppId !== null) {
      const target = targets.get(onlyAppId);
      if (target === undefined || target.intent === 'uninstall') {
        throw new ConflictError(
          'APP_NOT_OFFERED',
          'This app is not offered to this device or its user',
          {
            catalogAppId: onlyAppId,
          },
        );
      }
      if (
        target.intent === 'available' &&
        (installs.get(onlyAppId)?.state ?? 'removed') === 'removed'
      ) {
        // The request itself is what makes an available app wanted.
        this.requested = onlyAppId;
      }
    }
    const appIds =
      onlyAppId !== null
        ? [onlyAppId]
        : [...new Set([...targets.keys(), ...installs.keys()])].sort();
    const { apps } = world;
    this.poolSet = world.poolSet;
    if (onlyAppId !== null) {
      const product = apps.get(onlyAppId)?.product;
      if (product !== undefined && !this.runs(product)) {
        throw new ConflictError(
          'APP_NOT_OFFERED',
          "This app does not run on this device's platform",
          { catalogAppId: onlyAppId, platform: device.platform },
        );
      }
    }
    for (const catalogAppId of appIds) {
      const app = apps.get(catalogAppId);
      const install = installs.get(catalogAppId);
      // A device that cannot run the app is not offered it (an Apple app on Windows…).
      if (app !== undefined && (install !== undefined || this.runs(app.product))) {
        await this.decide(app, targets.get(catalogAppId), install);
      } else if (app === undefined && install !== undefined) await this.orphan(install);
    }
  }

  /**
   * Writes the decisions: the new rows (installs, activity, licences), changed installs, then
   * the seats and the store calls they imply (PendingGrants: the calls are numbered after the
   * seats, R-V8). The ledger notes the usage they change, evaluated before commit (R-M5).
   */
  private async write(): Promise<void> {
    if (this.mode === 'inTransaction') return this.writeWith(this.db);
    const statements =
      (this.newInstalls.length > 0 ? 1 : 0) +
      groupAlike(this.changedInstalls).size +
      (this.activities.length > 0 ? 1 : 0) +
      (this.grants.size > 0 ? 2 : 0);
    if (statements === 0) return;
    // One statement is atomic by itself (a device reporting its apps installed).
    if (statements === 1) return this.writeWith(this.db);
    await runTransaction(this.db, this.dialect, (trx) => this.writeWith(trx));
  }

  private async writeWith(db: Kysely<Database>): Promise<void> {
    await insertTogether(db, this.dialect, [
      { table: 'installs', rows: this.newInstalls },
      { table: 'activity', rows: activityRows(this.actor, this.at, this.activities) },
      ...this.grants.rows(),
    ]);
    await updateInstalls(db, this.changedInstalls);
    await this.grants.takeSeats(db, this.dialect);
  }

  private runs(product: ProductTable): boolean {
    return installsOn(product.store as Store, this.device.platform as Platform);
  }

  private async decide(
    row: AppRow,
    target: ResolvedTarget | undefined,
    install: InstallTable | undefined,
  ): Promise<void> {
    const { app, product } = row;
    const reportedVersion = this.reported?.get(product.bundleId ?? '');
    const reportedInstalled =
      this.reported === null ? null : this.reported.has(product.bundleId ?? '');

    if (target?.intent === 'uninstall') return this.uninstall(row, install, reportedInstalled);
    const settings = target === undefined ? null : installSettingsOf(target);
    // Available apps install only when the user asks (install-requests); until then nothing happens.
    const wanted =
      settings !== null &&
      (settings.intent === 'required' ||
        this.requested === app.id ||
        (install !== undefined && install.state !== 'removed'));
    if (settings === null || !wanted) {
      if (install !== undefined && target === undefined && install.state !== 'removed') {
        // R-V7: nothing targets the device any more (reconcile usually got here first).
        const held = this.licenses.filter((l) => l.catalogAppId === app.id);
        const { installs } = await revokeLicenses(
          this.inTransaction,
          this.actor,
          held,
          'noLongerTargeted',
          this.at,
        );
        const state = installs.find((i) => i.deviceId === this.device.id)?.state ?? install.state;
        if (state === 'uninstallPending') this.command('uninstall', row.app.id, row.product, null);
        this.apps.push({
          catalogAppId: app.id,
          state: state as InstallState,
          reason: 'noLongerTargeted',
        });
      }
      return;
    }

    const decision = this.allocateFor(row, settings);
    let licenseId: string | null = null;
    let licenseType: 'user' | 'device' | null = decision.licenseType;
    if (decision.outcome === 'reuse') {
      licenseId = decision.license.id;
    } else if (decision.outcome === 'allocate') {
      licenseId = this.grant(row, decision).id;
    } else if (decision.invitationNeeded && this.user !== null) {
      await inviteUser(this.inTransaction, this.actor, this.user, this.at);
    }

    let state: InstallState;
    let reason: string | null = null;
    if (licenseId === null && decision.outcome === 'refuse') {
      state = decision.installState;
      reason = decision.reason;
      licenseType = null;
    } else if (reportedInstalled === true) {
      state = 'installed';
    } else if (
      reportedInstalled === false ||
      install === undefined ||
      install.state !== 'installed'
    ) {
      state = 'pending';
    } else {
      state = 'installed';
    }
    // R-T11, R-T12: Microsoft online apps are installed by the Store, ISV apps by their vendor.
    const installer = installerOf(toDomainProduct(product));
    if (state === 'pending') {
      if (installer === 'mdm') this.command('install', row.app.id, row.product, licenseType);
      else reason = pendingReason(installer);
    }
    if (
      installer === 'mdm' &&
      state === 'installed' &&
      reportedVersion !== undefined &&
      isUpdateDue(app.updateMode as UpdateMode, 'checkIn', reportedVersion ?? null, product.version)
    ) {
      this.command('update', row.app.id, row.product, licenseType);
    }
    this.saveInstall(row, install, {
      state,
      reason,
      licenseId,
      version: reportedVersion ?? install?.version ?? null,
    });
    this.apps.push({ catalogAppId: app.id, state, reason });
  }

  /** R-A2: the subject's space first; an app delegated from another space may draw on its accounts. */
  private allocateFor(row: AppRow, settings: InstallSettings): AllocationDecision {
    const { app, product } = row;
    const base: Omit<AllocationInput, 'spaceId'> = {
      catalogAppId: app.id,
      product: toDomainProduct(product),
      subject: this.subject,
      settings,
      accounts: this.poolSet.accounts.map(toDomainAccount),
      pools: this.poolSet.pools.map(toDomainPool),
      distributions: this.poolSet.distributions,
      licenses: this.licenses.map(toDomainLicense),
    };
    const decision = allocate({ ...base, spaceId: this.device.spaceId });
    if (
      decision.outcome !== 'refuse' ||
      app.spaceId === this.device.spaceId ||
      decision.reason === 'awaitingEnrolment'
    ) {
      return decision;
    }
    const fromHome = allocate({ ...base, spaceId: app.spaceId });
    // A refusal there is the answer, unless the home space can still give a licence once the
    // user joins the store (purchaseRequired here, awaitingEnrolment there).
    return fromHome.outcome === 'refuse' && fromHome.reason !== 'awaitingEnrolment'
      ? decision
      : fromHome;
  }

  /** Takes the licence in memory; write() records it and takes the seat. */
  private grant(
    row: AppRow,
    decision: Extract<AllocationDecision, { outcome: 'allocate' }>,
  ): LicenseTable {
    const pool = this.poolSet.pools.find(
      (p) => p.accountId === decision.accountId && p.productId === row.product.id,
    )!;
    const holderIsDevice = decision.holder.type === 'device';
    const license = this.grants.add({
      tenantId: this.device.tenantId,
      spaceId: this.device.spaceId,
      pool,
      catalogAppId: row.app.id,
      licenseType: decision.licenseType,
      subject: holderIsDevice
        ? { type: 'device', id: this.device.id, name: this.device.name ?? this.device.serialNumber }
        : { type: 'user', id: this.user!.id, name: this.user!.displayName },
      serialNumber: holderIsDevice ? this.device.serialNumber : null,
      distribution: decision.distribution,
      storeCall: storeCallFor(
        {
          licenseType: decision.licenseType,
          serialNumber: this.device.serialNumber,
          subjectId: decision.holder.id,
        },
        row.product,
        'associate',
        holderIsDevice ? null : this.user!.email,
      ),
      action: 'checkIn',
      at: this.at,
    });
    // The next decisions see the seat gone and the licence held.
    Object.assign(pool, {
      inUse: pool.inUse + 1,
      reserved: decision.distribution === 'reserved' ? pool.reserved - 1 : pool.reserved,
    });
    this.licenses.push(license);
    this.activities.push({
      action: 'license.grant',
      subject: { type: 'license', id: license.id, name: license.subjectName },
      spaceId: license.spaceId,
      after: {
        productId: license.productId,
        accountId: license.accountId,
        licenseType: license.licenseType,
        distribution: license.distribution,
        deviceId: this.device.id,
      },
    });
    return license;
  }

  /** R-V1: uninstall intent: command the removal, free the licence once the app is gone. */
  private async uninstall(
    row: AppRow,
    install: InstallTable | undefined,
    reportedInstalled: boolean | null,
  ): Promise<void> {
    const { app } = row;
    if (install === undefined || install.state === 'removed') {
      if (reportedInstalled === true) this.command('uninstall', row.app.id, row.product, null);
      if (install !== undefined || reportedInstalled === true) {
        this.apps.push({
          catalogAppId: app.id,
          state: reportedInstalled === true ? 'uninstallPending' : 'removed',
          reason: 'uninstall',
        });
      }
      return;
    }
    if (reportedInstalled === false) {
      const freed = licensesFreedByUninstall({
        device: this.subject,
        productId: row.product.id,
        intent: 'uninstall',
        licenses: this.licenses.map(toDomainLicense),
        otherDevicesWithApp: await this.otherDevicesWithApp(app.id),
      });
      const ids = new Set(freed.map((l) => l.id));
      const held = this.licenses.filter((l) => ids.has(l.id));
      await revokeLicenses(this.inTransaction, this.actor, held, 'uninstalled', this.at);
      this.saveInstall(row, install, {
        state: 'removed',
        reason: 'uninstall',
        licenseId: null,
        version: null,
      });
      this.apps.push({ catalogAppId: app.id, state: 'removed', reason: 'uninstall' });
      return;
    }
    this.command('uninstall', row.app.id, row.product, null);
    this.saveInstall(row, install, {
      state: 'uninstallPending',
      reason: 'uninstall',
      licenseId: install.licenseId,
      version: install.version,
    });
    this.apps.push({ catalogAppId: app.id, state: 'uninstallPending', reason: 'uninstall' });
  }

  private async otherDevicesWithApp(catalogAppId: string): Promise<string[]> {
    if (this.user === null) return [];
    const rows = await this.db
      .selectFrom('installs as i')
      .innerJoin('devices as d', 'd.id', 'i.deviceId')
      .select('d.id')
      .where('i.tenantId', '=', this.device.tenantId)
      .where('i.catalogAppId', '=', catalogAppId)
      .where('d.primaryUserId', '=', this.user.id)
      .where('d.id', '!=', this.device.id)
      .where('i.state', 'in', ['installed', 'pending', 'uninstallPending'])
      .execute();
    return rows.map((r) => r.id);
  }

  private command(
    type: Command['type'],
    catalogAppId: string,
    product: ProductTable,
    licenseType: Command['licenseType'],
  ): void {
    this.commands.push({
      type,
      catalogAppId,
      storeProductId: product.storeProductId,
      bundleId: product.bundleId,
      licenseType,
    });
  }

  /**
   * R-V5: an install whose app left the catalog (deleted, or its delegation withdrawn) is
   * uninstalled where the platform says so, until the device reports it gone.
   */
  private async orphan(install: InstallTable): Promise<void> {
    if (install.state !== 'uninstallPending' || install.productId == null) return;
    const product = await this.db
      .selectFrom('products')
      .selectAll()
      .where('id', '=', install.productId)
      .executeTakeFirst();
    if (product === undefined) return;
    const gone = this.reported !== null && !this.reported.has(product.bundleId ?? '');
    if (gone) {
      await this.inTransaction
        .updateTable('installs')
        .set({ state: 'removed', updatedAt: this.at.toISOString() })
        .where('id', '=', install.id)
        .execute();
    } else {
      this.command('uninstall', install.catalogAppId, product, null);
    }
    this.apps.push({
      catalogAppId: install.catalogAppId,
      state: gone ? 'removed' : 'uninstallPending',
      reason: install.reason,
    });
  }

  /** Records the install's new state for write(), only when something changed. */
  private saveInstall(
    row: AppRow,
    existing: InstallTable | undefined,
    next: {
      state: InstallState;
      reason: string | null;
      licenseId: string | null;
      version: string | null;
    },
  ): void {
    const now = this.at.toISOString();
    const installedAt =
      next.state === 'installed' ? (existing?.installedAt ?? now) : (existing?.installedAt ?? null);
    if (existing === undefined) {
      this.newInstalls.push({
        id: newId(this.at.getTime()),
        tenantId: this.device.tenantId,
        deviceId: this.device.id,
        catalogAppId: row.app.id,
        productId: row.product.id,
        ...next,
        installedAt,
        updatedAt: now,
      });
      return;
    }
    // Only what changed is written, so that installs changing alike share one statement.
    const changes: InstallChanges = { updatedAt: now };
    if (existing.state !== next.state) changes.state = next.state;
    if (existing.reason !== next.reason) changes.reason = next.reason;
    if (existing.licenseId !== next.licenseId) changes.licenseId = next.licenseId;
    if (existing.version !== next.version) changes.version = next.version;
    if (existing.installedAt !== installedAt) changes.installedAt = installedAt;
    if (Object.keys(changes).length > 1) this.changedInstalls.push({ id: existing.id, changes });
  }
}

type InstallChanges = Partial<
  Pick<InstallTable, 'state' | 'reason' | 'licenseId' | 'version' | 'installedAt'>
> & { updatedAt: string };

/** Installs that change alike (a device reporting its apps installed) share one statement. */
async function updateInstalls(
  db: Kysely<Database>,
  changes: ReadonlyArray<{ id: string; changes: InstallChanges }>,
): Promise<void> {
  for (const { changes: set, ids } of groupAlike(changes).values()) {
    await db.updateTable('installs').set(set).where('id', 'in', ids).execute();
  }
}

function groupAlike(
  changes: ReadonlyArray<{ id: string; changes: InstallChanges }>,
): Map<string, { changes: InstallChanges; ids: string[] }> {
  const alike = new Map<string, { changes: InstallChanges; ids: string[] }>();
  for (const { id, changes: set } of changes) {
    const key = JSON.stringify(set);
    const group = alike.get(key);
    if (group === undefined) alike.set(key, { changes: set, ids: [id] });
    else group.ids.push(id);
  }
  return alike;
}
