/**
 * R-X4: the waitlist's two events, kept free of the check-in so the ledger and the check-in can
 * both raise them without an import cycle:
 * - a device's install of an app turns `noLicense` for lack of a licence → it joins the app's
 *   queue; it leaves when the install turns to anything else (PendingWaitlist, written with the
 *   check-in's other rows);
 * - licences appear (a release, a purchase seen at sync) → the queues of their products are
 *   served once the transaction commits, by the server waitlist.ts subscribes here.
 */
import type { Kysely } from 'kysely';
import type { Database, InstallTable, WaitlistEntryTable } from '../../db/schema.js';
import { scopeOf } from '../../db/transaction.js';
import type { Dialect } from '../../db/dialect.js';
import { WAITLIST_REASONS } from '../../domain/reclaim.js';
import { newId } from '../../ids.js';

interface EntryKey {
  tenantId: string;
  catalogAppId: string;
  deviceId: string;
}

/** What one check-in changes on the waitlist, written at its end with its other rows. */
export class PendingWaitlist {
  private readonly joining: WaitlistEntryTable[] = [];
  private readonly leaving: EntryKey[] = [];

  /** Follows one install's change of state (writes.ts saveInstall). */
  note(
    device: { tenantId: string; id: string },
    app: { id: string; productId: string },
    before: Pick<InstallTable, 'state' | 'reason'> | undefined,
    next: { state: string; reason: string | null },
    at: Date,
  ): void {
    const waited = before !== undefined && isWaiting(before.state, before.reason);
    const waits = isWaiting(next.state, next.reason);
    const key = { tenantId: device.tenantId, catalogAppId: app.id, deviceId: device.id };
    if (waits && !waited) {
      this.joining.push({
        id: newId(at.getTime()),
        ...key,
        productId: app.productId,
        reason: next.reason!,
        queuedAt: at.toISOString(),
      });
    } else if (waited && !waits) {
      this.leaving.push(key);
    }
  }

  statements(): number {
    return this.joining.length + this.leaving.length;
  }

  async write(db: Kysely<Database>): Promise<void> {
    for (const entry of this.joining) await joinQueue(db, entry);
    for (const key of this.leaving) await leaveQueue(db, key);
  }
}

function isWaiting(state: string, reason: string | null): boolean {
  return state === 'noLicense' && reason !== null && WAITLIST_REASONS.has(reason);
}

/** Queues the device for the app; a device already queued keeps its place. */
export async function joinQueue(db: Kysely<Database>, entry: WaitlistEntryTable): Promise<void> {
  await db
    .insertInto('waitlistEntries')
    .values(entry)
    .onConflict((oc) => oc.columns(['tenantId', 'catalogAppId', 'deviceId']).doNothing())
    .execute();
}

export async function leaveQueue(db: Kysely<Database>, key: EntryKey): Promise<void> {
  await db
    .deleteFrom('waitlistEntries')
    .where('tenantId', '=', key.tenantId)
    .where('catalogAppId', '=', key.catalogAppId)
    .where('deviceId', '=', key.deviceId)
    .execute();
}

/** Serves the queues of these products, on the committed database. */
export type WaitlistServer = (
  root: Kysely<Database>,
  dialect: Dialect,
  tenantId: string,
  productIds: readonly string[],
  at: Date,
) => Promise<void>;

let server: WaitlistServer | null = null;

/** The one server of the queues: the composition root (context.ts) registers waitlist.ts's. */
export function onLicensesAppeared(serve: WaitlistServer): void {
  server = serve;
}

/** Products whose licences appeared in a transaction, per tenant, until it commits. */
const appeared = new WeakMap<Kysely<Database>, Map<string, { ids: Set<string>; at: Date }>>();

/**
 * Notes that seats of the products of these licences or pools may have appeared (a licence
 * released, a purchase seen): their queues are served at once after the transaction commits.
 * Outside a transaction opened by Db.transaction nothing is served now; the minute's sweep
 * does (reclaimTasks.ts).
 */
export function noteLicensesAppeared(
  db: Kysely<Database>,
  tenantId: string,
  changed: Iterable<{ productId: string }>,
  at: Date,
): void {
  const ids = [...new Set([...changed].map((c) => c.productId))];
  const scope = scopeOf(db);
  if (ids.length === 0 || scope === undefined || server === null) return;
  let tenants = appeared.get(db);
  if (tenants === undefined) {
    tenants = new Map();
    appeared.set(db, tenants);
    const noted = tenants;
    scope.afterCommit('waitlist', async () => {
      appeared.delete(db);
      for (const [tenant, entry] of noted) {
        await server?.(scope.root, scope.dialect, tenant, [...entry.ids], entry.at);
      }
    });
  }
  const entry = tenants.get(tenantId) ?? { ids: new Set<string>(), at };
  for (const id of ids) entry.ids.add(id);
  if (at > entry.at) entry.at = at;
  tenants.set(tenantId, entry);
}
