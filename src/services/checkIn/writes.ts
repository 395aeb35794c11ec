/**
 * What a check-in decided, waiting to be written at its end in a few statements: new installs
 * and changed ones (installs changing alike share one statement), activity entries, and the
 * grants — the licences, then the seats and their store calls (PendingGrants, R-A13, R-V8).
 */
import type { Kysely } from 'kysely';
import type { Database, DeviceTable, InstallTable } from '../../db/schema.js';
import { insertTogether } from '../../db/batches.js';
import type { Dialect } from '../../db/dialect.js';
import type { InstallState } from '../../domain/types.js';
import { newId } from '../../ids.js';
import type { Actor } from '../access/actor.js';
import { activityRows, type ActivityInput } from '../monitoring/activity.js';
import { PendingGrants } from '../ledger/ledger.js';
import { PendingWaitlist } from '../intelligence/waitlistQueue.js';
import type { AppRow } from './world.js';

export class PendingWrites {
  readonly grants = new PendingGrants();
  readonly activities: ActivityInput[] = [];
  /** R-X4 hook: a refusal for lack of a licence queues the device; leaving `noLicense` dequeues it. */
  readonly waitlist = new PendingWaitlist();
  private readonly newInstalls: InstallTable[] = [];
  private readonly changedInstalls: Array<{ id: string; changes: InstallChanges }> = [];

  constructor(
    private readonly dialect: Dialect,
    private readonly actor: Actor,
    private readonly at: Date,
  ) {}

  /** How many statements writing takes: one is atomic alone, more need a transaction. */
  statements(): number {
    return (
      (this.newInstalls.length > 0 ? 1 : 0) +
      groupAlike(this.changedInstalls).size +
      (this.activities.length > 0 ? 1 : 0) +
      (this.grants.size > 0 ? 2 : 0) +
      this.waitlist.statements()
    );
  }

  /**
   * Writes the decisions: the new rows (installs, activity, licences), changed installs, then
   * the seats and the store calls they imply (PendingGrants: the calls are numbered after the
   * seats, R-V8). The ledger notes the usage they change, evaluated once they commit (R-M5).
   */
  async write(db: Kysely<Database>): Promise<void> {
    await insertTogether(db, this.dialect, [
      { table: 'installs', rows: this.newInstalls },
      { table: 'activity', rows: activityRows(this.actor, this.at, this.activities) },
      ...this.grants.rows(),
    ]);
    await updateInstalls(db, this.changedInstalls);
    await this.grants.takeSeats(db, this.dialect);
    await this.waitlist.write(db);
  }

  /** Records the install's new state, only when something changed. */
  saveInstall(
    device: Pick<DeviceTable, 'tenantId' | 'id'>,
    row: AppRow,
    existing: InstallTable | undefined,
    next: {
      state: InstallState;
      reason: string | null;
      licenseId: string | null;
      version: string | null;
    },
  ): void {
    this.waitlist.note(device, row.app, existing, next, this.at);
    const now = this.at.toISOString();
    const installedAt =
      next.state === 'installed' ? (existing?.installedAt ?? now) : (existing?.installedAt ?? null);
    if (existing === undefined) {
      this.newInstalls.push({
        id: newId(this.at.getTime()),
        tenantId: device.tenantId,
        deviceId: device.id,
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
