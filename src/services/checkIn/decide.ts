/**
 * One device's check-in, decided app by app (DESIGN.md "Data flow"): reuse a licence, take one
 * from a pool, or refuse with a reason, by the domain's rules; the commands for the MDM and the
 * apps' states come back. What it decided is written at the end (writes.ts).
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
import type { CheckInTimes } from '../../db/checkInTimes.js';
import type { Dialect } from '../../db/dialect.js';
import { runTransaction } from '../../db/transaction.js';
import {
  allocateAcrossSpaces,
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
import type { Actor } from '../access/actor.js';
import { normaliseSerialNumber } from '../directory/devices.js';
import { inviteUser } from '../directory/invitations.js';
import { loadDeviceWorld, type AppRow, type DeviceWorld } from './world.js';
import type { AppState, CheckInInput, CheckInResult, Command } from './types.js';
import { PendingWrites } from './writes.js';
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

/** A check-in read without a transaction came to a change that must be made in one. */
export class TransactionNeeded extends Error {}

/**
 * One check-in: loads the device's world once, decides app by app, then writes what changed
 * in a few statements, the seats last (PendingGrants).
 */
export class CheckIn {
  private readonly commands: Command[] = [];
  private readonly writes: PendingWrites;
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
  ) {
    this.writes = new PendingWrites(dialect, actor, at);
  }

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

  /** Writes the decisions (writes.ts), in a transaction when that takes more than one statement. */
  private async write(): Promise<void> {
    if (this.mode === 'inTransaction') return this.writes.write(this.db);
    const statements = this.writes.statements();
    if (statements === 0) return;
    // One statement is atomic by itself (a device reporting its apps installed).
    if (statements === 1) return this.writes.write(this.db);
    await runTransaction(this.db, this.dialect, (trx) => this.writes.write(trx));
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
    this.writes.saveInstall(this.device, row, install, {
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
    return allocateAcrossSpaces(base, this.device.spaceId, app.spaceId);
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
    const license = this.writes.grants.add({
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
    this.writes.activities.push({
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
      this.writes.saveInstall(this.device, row, install, {
        state: 'removed',
        reason: 'uninstall',
        licenseId: null,
        version: null,
      });
      this.apps.push({ catalogAppId: app.id, state: 'removed', reason: 'uninstall' });
      return;
    }
    this.command('uninstall', row.app.id, row.product, null);
    this.writes.saveInstall(this.device, row, install, {
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
}
