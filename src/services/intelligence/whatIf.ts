/**
 * R-X6: `POST /what-if` — who would gain, lose, keep or move a licence, per account, and the store
 * calls, if the changes were saved and every targeted device then checked in. Nothing is written:
 * the changes are checked as saving checks them (whatIfChanges.ts), the rules' inputs loaded
 * (whatIfScenes.ts), and the domain (domain/whatIf.ts) decides with the rules the real change runs.
 */
import type { Kysely } from 'kysely';
import type { Database, LicenseTable, ProductTable } from '../../db/schema.js';
import { subjectKey, type License } from '../../domain/types.js';
import {
  previewReclaim,
  previewScene,
  type AppScene,
  type HolderChangeKind,
  type QueuedDevice,
} from '../../domain/whatIf.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import type { StoreCall } from '../outbox/enqueue.js';
import { storeCallFor } from '../outbox/storeCalls.js';
import { findIdleLicenses } from './reclaim.js';
import { checkChanges, type ChangeInput, type ReclaimChange } from './whatIfChanges.js';
import { loadScenes } from './whatIfScenes.js';

export const DEFAULT_WHAT_IF_LIMIT = 1000;

export interface SubjectOutcome {
  subjectType: 'user' | 'device';
  subjectId: string;
  /** Null for a licence given without a catalog app (a reclaim may take one). */
  catalogAppId: string | null;
  productId: string;
  kind: HolderChangeKind;
  fromAccountId: string | null;
  toAccountId: string | null;
  dueToChange: boolean;
}

export interface AccountOutcome {
  accountId: string;
  gain: number;
  lose: number;
  keep: number;
  moveIn: number;
  moveOut: number;
}

export interface StoreCallGroup {
  accountId: string;
  operation: 'associate' | 'disassociate';
  count: number;
  /** The calls themselves, as the outbox would record them, up to the limit. */
  calls: StoreCall[];
  truncated: boolean;
}

export interface WhatIfResult {
  totals: Record<HolderChangeKind, number>;
  subjects: { items: SubjectOutcome[]; total: number; truncated: boolean };
  accounts: AccountOutcome[];
  storeCalls: StoreCallGroup[];
}

const KIND_ORDER: Record<HolderChangeKind, number> = { gain: 0, lose: 1, move: 2, keep: 3 };

/** R-X6: previews `changes`, applied in order; nothing is saved. */
export async function previewWhatIf(
  ctx: ServiceContext,
  actor: Actor,
  input: { changes: ChangeInput[]; limit?: number },
): Promise<WhatIfResult> {
  const db = ctx.db.kysely;
  const limit = input.limit ?? DEFAULT_WHAT_IF_LIMIT;
  const { changes, catalogAppIds, reclaims } = await checkChanges(
    db,
    actor,
    input.changes,
    ctx.clock.now(),
  );
  const loaded = await loadScenes(db, actor, catalogAppIds);

  const outcomes = new Map<string, SubjectOutcome>();
  const calls = new StoreCalls(limit);
  const revokedIds = new Set<string>();
  for (const { scene, product, licenseRows } of loaded) {
    const preview = previewScene(scene, changes);
    for (const h of preview.holders) {
      const key = `${h.productId}|${subjectKey(h.subject)}`;
      // Two apps of one product reach the same holder: what moves wins over a keep.
      if (outcomes.has(key) && h.kind === 'keep') continue;
      outcomes.set(key, {
        subjectType: h.subject.type,
        subjectId: h.subject.id,
        catalogAppId: scene.catalogAppId,
        productId: h.productId,
        kind: h.kind,
        fromAccountId: h.fromAccountId,
        toAccountId: h.toAccountId,
        dueToChange: h.dueToChange,
      });
    }
    for (const license of preview.revoked) {
      const row = licenseRows.get(license.id);
      if (row !== undefined) calls.revoke(row, product);
      revokedIds.add(license.id);
    }
    for (const license of preview.granted) calls.grant(license, product);
  }
  const reclaimed: LicenseTable[] = [];
  for (const reclaim of reclaims) {
    for (const { row, product } of await reclaimedBy(ctx, actor.tenantId, reclaim)) {
      // A licence the other changes already revoke is not revoked twice.
      if (revokedIds.has(row.id)) continue;
      revokedIds.add(row.id);
      reclaimed.push(row);
      const subjectType = row.subjectType as SubjectOutcome['subjectType'];
      outcomes.set(`${row.productId}|${subjectKey({ type: subjectType, id: row.subjectId })}`, {
        subjectType,
        subjectId: row.subjectId,
        catalogAppId: row.catalogAppId,
        productId: row.productId,
        kind: 'lose',
        fromAccountId: row.accountId,
        toAccountId: null,
        dueToChange: true,
      });
      calls.revoke(row, product);
    }
  }
  // R-X4: the seats a reclaim frees serve the waitlist, in its order.
  for (const { scene, product, freed, queue } of await waitlistScenes(db, actor, reclaimed)) {
    const preview = previewReclaim(scene, freed, queue);
    for (const h of preview.holders) {
      if (h.kind !== 'gain') continue;
      const key = `${h.productId}|${subjectKey(h.subject)}`;
      if (outcomes.has(key) && outcomes.get(key)!.kind !== 'keep') continue;
      outcomes.set(key, {
        subjectType: h.subject.type,
        subjectId: h.subject.id,
        catalogAppId: scene.catalogAppId,
        productId: h.productId,
        kind: h.kind,
        fromAccountId: h.fromAccountId,
        toAccountId: h.toAccountId,
        dueToChange: h.dueToChange,
      });
    }
    for (const license of preview.granted) calls.grant(license, product);
  }

  const all = [...outcomes.values()].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0),
  );
  return {
    totals: countKinds(all),
    subjects: { items: all.slice(0, limit), total: all.length, truncated: all.length > limit },
    accounts: perAccount(all),
    storeCalls: await calls.present(db, actor.tenantId),
  };
}

/**
 * R-X3: the licences the proposed policy would reclaim now — found by the same function as the
 * dry run and the scheduled run (reclaim.ts `findIdleLicenses`) — with their rows and products.
 */
async function reclaimedBy(
  ctx: ServiceContext,
  tenantId: string,
  reclaim: ReclaimChange,
): Promise<Array<{ row: LicenseTable; product: ProductTable }>> {
  const { items } = await findIdleLicenses(ctx, tenantId, reclaim.spaceId, reclaim.policy);
  const ids = items.map((i) => i.license.id);
  const rows: LicenseTable[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await ctx.db.kysely
        .selectFrom('licenses')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .where('id', 'in', ids.slice(i, i + 500))
        .where('state', '=', 'active')
        .orderBy('id')
        .execute()),
    );
  }
  const productIds = [...new Set(rows.map((r) => r.productId))];
  const products = new Map(
    (productIds.length === 0
      ? []
      : await ctx.db.kysely
          .selectFrom('products')
          .selectAll()
          .where('tenantId', '=', tenantId)
          .where('id', 'in', productIds)
          .execute()
    ).map((p) => [p.id, p]),
  );
  return rows.flatMap((row) => {
    const product = products.get(row.productId);
    return product === undefined ? [] : [{ row, product }];
  });
}

/**
 * R-X4: the scenes of the apps whose queues the reclaimed licences' products serve, each with the
 * reclaimed licences it holds and the devices queued for its app.
 */
async function waitlistScenes(
  db: Kysely<Database>,
  actor: Actor,
  reclaimed: readonly LicenseTable[],
): Promise<
  Array<{
    scene: AppScene;
    product: ProductTable;
    /** The reclaimed licences among the scene's. */
    freed: ReadonlySet<string>;
    queue: QueuedDevice[];
  }>
> {
  const productIds = [...new Set(reclaimed.map((l) => l.productId))];
  if (productIds.length === 0) return [];
  // As the waitlist serves: active devices whose user (if any) is not deactivated.
  const entries = await db
    .selectFrom('waitlistEntries as w')
    .innerJoin('devices as d', (j) =>
      j.onRef('d.id', '=', 'w.deviceId').onRef('d.tenantId', '=', 'w.tenantId'),
    )
    .leftJoin('users as u', 'u.id', 'd.primaryUserId')
    .select(['w.id', 'w.catalogAppId', 'w.deviceId', 'w.queuedAt'])
    .where('w.tenantId', '=', actor.tenantId)
    .where('w.productId', 'in', productIds)
    // The reclaim's own space: a queue elsewhere drawing on a delegated app's seats is left out.
    .where('d.spaceId', 'in', [...new Set(reclaimed.map((l) => l.spaceId))])
    .where('d.state', '=', 'active')
    .where('u.deactivatedAt', 'is', null)
    .execute();
  if (entries.length === 0) return [];
  const queues = new Map<string, QueuedDevice[]>();
  for (const e of entries) {
    const queue = queues.get(e.catalogAppId) ?? [];
    queue.push({ id: e.id, deviceId: e.deviceId, queuedAt: e.queuedAt });
    queues.set(e.catalogAppId, queue);
  }
  const ids = new Set(reclaimed.map((l) => l.id));
  const loaded = await loadScenes(db, actor, [...queues.keys()].sort());
  return loaded.map(({ scene, product }) => ({
    scene,
    product,
    freed: new Set(scene.licenses.filter((l) => ids.has(l.id)).map((l) => l.id)),
    queue: queues.get(scene.catalogAppId) ?? [],
  }));
}

function countKinds(all: readonly SubjectOutcome[]): Record<HolderChangeKind, number> {
  const totals = { gain: 0, lose: 0, keep: 0, move: 0 };
  for (const o of all) totals[o.kind] += 1;
  return totals;
}

function perAccount(all: readonly SubjectOutcome[]): AccountOutcome[] {
  const accounts = new Map<string, AccountOutcome>();
  const of = (accountId: string): AccountOutcome => {
    let a = accounts.get(accountId);
    if (a === undefined) {
      a = { accountId, gain: 0, lose: 0, keep: 0, moveIn: 0, moveOut: 0 };
      accounts.set(accountId, a);
    }
    return a;
  };
  for (const o of all) {
    if (o.kind === 'gain') of(o.toAccountId!).gain += 1;
    else if (o.kind === 'lose') of(o.fromAccountId!).lose += 1;
    else if (o.kind === 'keep') of(o.toAccountId!).keep += 1;
    else {
      of(o.fromAccountId!).moveOut += 1;
      of(o.toAccountId!).moveIn += 1;
    }
  }
  return [...accounts.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
}

/** A licence whose store call is still to be built (its serial number or UPN not read yet). */
interface Draft {
  license: Pick<LicenseTable, 'licenseType' | 'serialNumber' | 'subjectId'>;
  product: ProductTable;
  /** The licence revoked, named in its call. */
  licenseId?: string;
  /** Read from the database before the call is built. */
  needs: { deviceId?: string; userId?: string };
}

/**
 * The store calls the licences moved would cause (outbox/storeCalls.ts decides whether a store
 * hears of one), counted per account and operation, the first `limit` of each listed.
 */
class StoreCalls {
  private readonly groups = new Map<string, { group: StoreCallGroup; drafts: Draft[] }>();

  constructor(private readonly limit: number) {}

  grant(license: License, product: ProductTable): void {
    const isDevice = license.subject.type === 'device';
    this.add(license.accountId, 'associate', {
      license: {
        licenseType: license.licenseType,
        serialNumber: null,
        subjectId: license.subject.id,
      },
      product,
      needs: isDevice ? { deviceId: license.subject.id } : { userId: license.subject.id },
    });
  }

  /** R-V8: a revoked licence is disassociated unless the store cannot name its holder. */
  revoke(row: LicenseTable, product: ProductTable): void {
    if (row.licenseType === 'device' && row.serialNumber === null) return;
    this.add(row.accountId, 'disassociate', {
      license: row,
      licenseId: row.id,
      product,
      needs: row.subjectType === 'user' ? { userId: row.subjectId } : {},
    });
  }

  private add(accountId: string, operation: StoreCallGroup['operation'], draft: Draft): void {
    // Whether the store hears of it depends on the product and licence type, not on the names.
    const probe = storeCallFor(
      { ...draft.license, serialNumber: draft.license.serialNumber ?? '?' },
      draft.product,
      operation,
      '?',
    );
    if (probe === null) return;
    const key = `${accountId}|${operation}`;
    let entry = this.groups.get(key);
    if (entry === undefined) {
      entry = {
        group: { accountId, operation, count: 0, calls: [], truncated: false },
        drafts: [],
      };
      this.groups.set(key, entry);
    }
    entry.group.count += 1;
    if (entry.drafts.length < this.limit) entry.drafts.push(draft);
    else entry.group.truncated = true;
  }

  async present(db: Kysely<Database>, tenantId: string): Promise<StoreCallGroup[]> {
    const drafts = [...this.groups.values()].flatMap((e) => e.drafts);
    const serials = await namesOf(
      db,
      tenantId,
      'devices',
      drafts.flatMap((d) => d.needs.deviceId ?? []),
    );
    const emails = await namesOf(
      db,
      tenantId,
      'users',
      drafts.flatMap((d) => d.needs.userId ?? []),
    );
    const groups: StoreCallGroup[] = [];
    for (const { group, drafts: listed } of this.groups.values()) {
      for (const d of listed) {
        const serialNumber =
          d.needs.deviceId === undefined
            ? d.license.serialNumber
            : (serials.get(d.needs.deviceId) ?? null);
        const call = storeCallFor(
          { ...d.license, serialNumber },
          d.product,
          group.operation,
          d.needs.userId === undefined ? null : (emails.get(d.needs.userId) ?? null),
        );
        // A revoked licence's call names it, as the outbox's does; a new one has no ID yet.
        if (call !== null)
          group.calls.push(d.licenseId === undefined ? call : { ...call, licenseId: d.licenseId });
      }
      groups.push(group);
    }
    return groups.sort(
      (a, b) =>
        (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0) ||
        (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0),
    );
  }
}

/** Serial numbers of devices, or e-mails (UPNs) of users, by ID. */
async function namesOf(
  db: Kysely<Database>,
  tenantId: string,
  table: 'devices' | 'users',
  ids: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    if (table === 'devices') {
      const rows = await db
        .selectFrom('devices')
        .select(['id', 'serialNumber'])
        .where('tenantId', '=', tenantId)
        .where('id', 'in', chunk)
        .execute();
      for (const r of rows) names.set(r.id, r.serialNumber);
    } else {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('tenantId', '=', tenantId)
        .where('id', 'in', chunk)
        .execute();
      for (const r of rows) names.set(r.id, r.email);
    }
  }
  return names;
}
