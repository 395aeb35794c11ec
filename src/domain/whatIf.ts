/**
 * R-X6: what a change of priorities, distribution or assignments would do, computed by the
 * rules the real change runs — nothing here decides a licence itself:
 *
 * - the change is applied to the loaded inputs (`applyChange`), never to the database;
 * - licences no longer targeted or no longer listed are revoked as reconciliation does after a
 *   saved distribution or assignment (`staleLicenses`: revocation.ts R-V7, distribution.ts
 *   R-A2/R-A5);
 * - every targeted device then checks in, in device-id order, and takes its licence as a
 *   check-in does (`allocateAcrossSpaces`: allocation.ts, targeting.ts), each grant taking its
 *   seat before the next decision;
 * - the result is compared with the ledger, holder by holder (`diffHolders`).
 *
 * A priority change moves no licence (R-T9): only devices still waiting for one are decided
 * differently. The order of check-ins is an assumption: when seats are short, who gets the last
 * one depends on who checks in first.
 */
import {
  allocateAcrossSpaces,
  findReusableLicense,
  type AllocationDecision,
} from './allocation.js';
import { holderFor, licenseTypesFor } from './licenseType.js';
import { fcfsAvailable, reservationAvailable, unfulfilledReservations } from './pools.js';
import { listFor, standingOf } from './distribution.js';
import { compareWaitlist } from './reclaim.js';
import { staleLicenses } from './revocation.js';
import { installsOn } from './storeInstalls.js';
import { installSettingsOf, resolveTarget, type Assignment } from './targeting.js';
import {
  subjectKey,
  type Account,
  type DeviceSubject,
  type Distribution,
  type InstallSettings,
  type Intent,
  type License,
  type Pool,
  type Product,
  type Subject,
  type UserSubject,
} from './types.js';

/** What the rules read for one catalog app in one space whose subjects it reaches. */
export interface AppScene {
  catalogAppId: string;
  product: Product;
  /** The space of the subjects. */
  spaceId: string;
  /** The app's own space: a device of a space it is delegated to may draw on its accounts (R-A2). */
  homeSpaceId: string;
  /** Users and active devices of the space, with their groups. */
  subjects: readonly Subject[];
  /** The app's assignments in the space. */
  assignments: readonly Assignment[];
  /** Accounts and pools of the product in the space and the app's own space. */
  accounts: readonly Account[];
  pools: readonly Pool[];
  distributions: readonly Distribution[];
  /** Active licences of the product held by subjects of the space. */
  licenses: readonly License[];
  /** Devices with an install of the app that is not removed: an available app is wanted there. */
  installedOn: ReadonlySet<string>;
}

/** A proposed change, already checked against the tenant (services/intelligence/whatIf*.ts). */
export type WhatIfChange =
  | { type: 'priority'; priorities: ReadonlyMap<string, number> }
  | { type: 'distribution'; distribution: Distribution }
  | { type: 'assignmentAdd'; assignment: Assignment; spaceId: string }
  | { type: 'assignmentRemove'; assignmentId: string }
  | { type: 'assignmentIntent'; assignmentId: string; intent: Intent };

/** Whether saving `change` re-evaluates the app's licences (reconciliation, R-V7). */
function reconciles(change: WhatIfChange): boolean {
  return change.type !== 'priority';
}

/** `scene` as it would be once `change` is saved. */
export function applyChange(scene: AppScene, change: WhatIfChange): AppScene {
  switch (change.type) {
    case 'priority':
      return {
        ...scene,
        accounts: scene.accounts.map((a) => {
          const priority = change.priorities.get(a.id);
          return priority === undefined ? a : { ...a, priority };
        }),
      };
    case 'distribution': {
      const d = change.distribution;
      if (d.catalogAppId !== scene.catalogAppId) return scene;
      const others = scene.distributions.filter(
        (x) => !(x.catalogAppId === d.catalogAppId && x.accountId === d.accountId),
      );
      return {
        ...scene,
        distributions: [...others, { ...d, source: 'explicit' }],
        pools: scene.pools.map((p) =>
          p.accountId === d.accountId ? reservedAfter(scene, p, d) : p,
        ),
      };
    }
    case 'assignmentAdd':
      if (change.assignment.catalogAppId !== scene.catalogAppId) return scene;
      if (change.spaceId !== scene.spaceId) return scene;
      return { ...scene, assignments: [...scene.assignments, change.assignment] };
    case 'assignmentRemove':
      return {
        ...scene,
        assignments: scene.assignments.filter((a) => a.id !== change.assignmentId),
      };
    case 'assignmentIntent':
      return {
        ...scene,
        assignments: scene.assignments.map((a) =>
          a.id === change.assignmentId ? { ...a, intent: change.intent } : a,
        ),
      };
  }
}

/**
 * R-A4: the pool's `reserved` once the app's list on its account is replaced: the app's own
 * unfulfilled reservations before are taken out and those after put in (other apps of the
 * product on the account keep theirs).
 */
function reservedAfter(scene: AppScene, pool: Pool, next: Distribution): Pool {
  const account = scene.accounts.find((a) => a.id === pool.accountId);
  if (account === undefined) return pool;
  const before = listFor(account, scene.catalogAppId, scene.distributions);
  const delta =
    unfulfilled(before, pool, scene.licenses) -
    unfulfilled({ ...next, source: 'explicit' }, pool, scene.licenses);
  return { ...pool, reserved: Math.max(0, pool.reserved - delta) };
}

/** R-A4: the list's reservations without a licence of the pool (domain/pools.ts counts). */
function unfulfilled(list: Distribution, pool: Pool, licenses: readonly License[]): number {
  const holders = new Set(
    licenses
      .filter(
        (l) =>
          l.state === 'active' && l.accountId === pool.accountId && l.productId === pool.productId,
      )
      .map((l) => l.subject.id),
  );
  return unfulfilledReservations([list], holders);
}

/** What saving the change and the check-ins after it do to one scene's ledger. */
export interface Settled {
  revoked: License[];
  granted: License[];
}

/** Who checks in after the change, and what else it revokes (a reclaim, R-X3). */
export interface SettleOptions {
  /** Licences revoked besides reconciliation's, by ID. */
  revoke?: ReadonlySet<string>;
  /** Only these devices are decided, in this order (the waitlist's); default: every device, by ID. */
  devices?: readonly string[];
}

/**
 * Revokes what reconciliation would (when `reconcile`) and `options.revoke`, then lets every
 * targeted device (or `options.devices`, in their order) check in.
 */
export function settle(scene: AppScene, reconcile: boolean, options: SettleOptions = {}): Settled {
  const pools = new Map(scene.pools.map((p) => [`${p.accountId}|${p.productId}`, { ...p }]));
  const stale = reconcile ? staleLicenses(scene) : [];
  const staleIds = new Set(stale.map((l) => l.id));
  const extra = options.revoke;
  const revoked =
    extra === undefined || extra.size === 0
      ? stale
      : [...stale, ...scene.licenses.filter((l) => extra.has(l.id) && !staleIds.has(l.id))];
  const revokedIds = new Set(revoked.map((l) => l.id));
  const subjects =
    revoked.length === 0
      ? new Map<string, Subject>()
      : new Map(scene.subjects.map((s) => [subjectKey(s), s]));
  for (const license of revoked) {
    const pool = pools.get(`${license.accountId}|${license.productId}`);
    if (pool === undefined) continue;
    pool.inUse = Math.max(0, pool.inUse - 1);
    // The seat returns to a reservation that still stands (releasePlan.ts).
    const account = scene.accounts.find((a) => a.id === license.accountId);
    if (
      license.distribution === 'reserved' &&
      account !== undefined &&
      standingOf(
        account,
        listFor(account, scene.catalogAppId, scene.distributions),
        subjects.get(subjectKey(license.subject)) ?? unknownUser(license.subject.id),
      ) === 'reserved'
    ) {
      pool.reserved += 1;
    }
  }

  const byHolder = new Holdings();
  for (const license of scene.licenses) {
    if (revokedIds.has(license.id) || license.state !== 'active') continue;
    byHolder.add(license);
  }
  const poolList = [...pools.values()];
  const granted: License[] = [];
  const devices = devicesInOrder(scene.subjects, options.devices);
  const forApp = scene.assignments.filter((a) => a.catalogAppId === scene.catalogAppId);
  // Devices alike (see `likeness`) are targeted alike, and decided alike while the seats they
  // were decided on last: decisions are kept per likeness and forgotten when a pool runs dry.
  const named = namedSubjects(scene.distributions);
  const targets = new Map<string, InstallSettings | null>();
  const decisions = new Map<string, AllocationDecision>();
  for (const device of devices) {
    if (!installsOn(scene.product.store, device.platform)) continue;
    const alike = likeness(device);
    let settings = targets.get(alike);
    if (settings === undefined) {
      const target = resolveTarget(scene.catalogAppId, forApp, device);
      settings = target === null ? null : installSettingsOf(target);
      targets.set(alike, settings);
    }
    if (settings === null) continue;
    if (settings.intent !== 'required' && !scene.installedOn.has(device.id)) continue;
    const user = device.primaryUser;
    const licenses = byHolder.of(device, user);
    // R-A7: a licence already held is reused and nothing moves; allocate() would say the same.
    if (
      licenses.length > 0 &&
      findReusableLicense(
        licenses,
        scene.product.id,
        device,
        licenseTypesFor(scene.product, device, settings),
      )
    ) {
      continue;
    }
    // A subject named on a list (reserved, prohibited) is decided on its own.
    const cacheable =
      licenses.length === 0 && !named.has(device.id) && (user === undefined || !named.has(user.id));
    let decision = cacheable ? decisions.get(alike) : undefined;
    if (decision === undefined) {
      decision = allocateAcrossSpaces(
        {
          catalogAppId: scene.catalogAppId,
          product: scene.product,
          subject: device,
          settings,
          accounts: scene.accounts,
          pools: poolList,
          distributions: scene.distributions,
          licenses,
        },
        scene.spaceId,
        scene.homeSpaceId,
      );
      if (cacheable) decisions.set(alike, decision);
    }
    if (decision.outcome !== 'allocate') continue;
    const holder = holderFor(device, decision.licenseType);
    if (holder === undefined) continue;
    const license: License = {
      id: `new:${granted.length + 1}`,
      accountId: decision.accountId,
      productId: decision.productId,
      catalogAppId: decision.catalogAppId,
      spaceId: scene.spaceId,
      licenseType: decision.licenseType,
      subject: { type: holder.type, id: holder.id },
      distribution: decision.distribution,
      state: 'active',
    };
    granted.push(license);
    byHolder.add(license);
    // The next decisions see the seat gone, as a check-in's grant does.
    const pool = pools.get(`${decision.accountId}|${decision.productId}`);
    if (pool !== undefined) {
      pool.inUse += 1;
      if (decision.distribution === 'reserved') pool.reserved = Math.max(0, pool.reserved - 1);
      if (fcfsAvailable(pool) === 0 || reservationAvailable(pool) === 0) decisions.clear();
    }
  }
  return { revoked, granted };
}

const NONE: readonly License[] = [];

/**
 * The devices of a scene's subjects by ID, sorted once per list of subjects: a preview settles
 * the same subjects twice or more (with and without the change), and a change never alters them.
 */
const sortedDevices = new WeakMap<readonly Subject[], readonly DeviceSubject[]>();

/** The devices of `subjects`, by ID, or those of `order` among them in that order. */
function devicesInOrder(
  subjects: readonly Subject[],
  order: readonly string[] | undefined,
): readonly DeviceSubject[] {
  if (order === undefined) {
    let sorted = sortedDevices.get(subjects);
    if (sorted === undefined) {
      sorted = subjects
        .filter((s): s is DeviceSubject => s.type === 'device')
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      sortedDevices.set(subjects, sorted);
    }
    return sorted;
  }
  const byId = new Map(
    subjects.filter((s): s is DeviceSubject => s.type === 'device').map((d) => [d.id, d]),
  );
  return order.flatMap((id) => byId.get(id) ?? []);
}

/** Active licences by holder, users and devices apart. */
class Holdings {
  private readonly users = new Map<string, License[]>();
  private readonly devices = new Map<string, License[]>();

  add(license: License): void {
    const map = license.subject.type === 'user' ? this.users : this.devices;
    const held = map.get(license.subject.id);
    if (held === undefined) map.set(license.subject.id, [license]);
    else held.push(license);
  }

  /** What a device may reuse: its own licences and its primary user's. */
  of(device: DeviceSubject, user: UserSubject | undefined): readonly License[] {
    const own = this.devices.get(device.id) ?? NONE;
    const users = user === undefined ? NONE : (this.users.get(user.id) ?? NONE);
    return users.length === 0 ? own : own.length === 0 ? users : [...own, ...users];
  }
}

/**
 * What the targeting and allocation rules read of a device not named on any list and holding
 * no licence: platform, sharing, groups, and its primary user's enrolment and groups.
 */
function likeness(device: DeviceSubject): string {
  const user = device.primaryUser;
  const own = `${device.platform}|${device.shared ? 1 : 0}|${groups(device.groupIds)}`;
  if (user === undefined) return `${own}|-`;
  return `${own}|${user.enrolment}|${user.active === false ? 0 : 1}|${groups(user.groupIds)}`;
}

/** Group IDs in a likeness, in one order. */
function groups(ids: readonly string[]): string {
  return (ids.length < 2 ? ids : [...ids].sort()).join(',');
}

/** Users and devices named on a list: their standing is their own (R-A4, R-A5). */
function namedSubjects(distributions: readonly Distribution[]): Set<string> {
  const named = new Set<string>();
  for (const d of distributions) {
    for (const id of [...d.reservedUserIds, ...d.reservedDeviceIds, ...d.prohibitedUserIds]) {
      named.add(id);
    }
  }
  return named;
}

/** A holder not among the space's subjects: listed nowhere by group. */
function unknownUser(id: string): Subject {
  return { type: 'user', id, groupIds: [], enrolment: 'none' };
}

export type HolderChangeKind = 'gain' | 'lose' | 'keep' | 'move';

/** What happens to one holder's licence of the product. */
export interface HolderChange {
  subject: { type: 'user' | 'device'; id: string };
  productId: string;
  kind: HolderChangeKind;
  fromAccountId: string | null;
  toAccountId: string | null;
  /** False when the same would happen without the change (a device simply not checked in yet). */
  dueToChange: boolean;
}

/** The licences of the product, by holder. */
function byHolderKey(licenses: readonly License[], productId: string): Map<string, License> {
  const map = new Map<string, License>();
  for (const l of licenses) if (l.productId === productId) map.set(subjectKey(l.subject), l);
  return map;
}

/**
 * Holder by holder: the ledger now (`ledger`), what saving the change and the check-ins after it
 * revoke and grant (`after`), and what the check-ins would grant without the change
 * (`unchanged`, which revokes nothing). Only the licences that move are looked up: every other
 * licence held is kept.
 */
export function diffHolders(
  productId: string,
  ledger: readonly License[],
  after: Pick<Settled, 'revoked' | 'granted'>,
  unchanged: Pick<Settled, 'granted'>,
): HolderChange[] {
  const revoked = byHolderKey(after.revoked, productId);
  const granted = byHolderKey(after.granted, productId);
  const grantedWithout = byHolderKey(unchanged.granted, productId);
  const revokedIds = new Set(after.revoked.map((l) => l.id));
  const changes: HolderChange[] = [];
  const change = (
    license: License,
    kind: HolderChangeKind,
    fromAccountId: string | null,
    toAccountId: string | null,
    dueToChange: boolean,
  ) =>
    changes.push({
      subject: { type: license.subject.type, id: license.subject.id },
      productId,
      kind,
      fromAccountId,
      toAccountId,
      dueToChange,
    });
  const held = new Set<string>();
  for (const l of ledger) {
    if (l.productId !== productId) continue;
    const key = subjectKey(l.subject);
    held.add(key);
    if (!revokedIds.has(l.id)) {
      // Without the change nothing is revoked either: a keep is never the change's doing.
      change(l, 'keep', l.accountId, l.accountId, false);
      continue;
    }
    const to = granted.get(key);
    if (to === undefined) change(l, 'lose', l.accountId, null, true);
    else change(l, to.accountId === l.accountId ? 'keep' : 'move', l.accountId, to.accountId, true);
  }
  for (const [key, to] of granted) {
    if (held.has(key) && revoked.has(key)) continue;
    change(to, 'gain', null, to.accountId, grantedWithout.get(key)?.accountId !== to.accountId);
  }
  return changes;
}

/** R-X6: one scene before and after the changes, holder by holder, with the licences moved. */
export function previewScene(
  scene: AppScene,
  changes: readonly WhatIfChange[],
): { holders: HolderChange[]; granted: License[]; revoked: License[] } {
  const changed = changes.reduce(applyChange, scene);
  const reconcile = changes.some(reconciles);
  const after = settle(changed, reconcile);
  const unchanged = settle(scene, false);
  return {
    holders: diffHolders(scene.product.id, scene.licenses, after, unchanged),
    granted: after.granted,
    revoked: after.revoked,
  };
}

/** A device waiting in the app's queue (R-X4). */
export interface QueuedDevice {
  /** The queue entry's ID: it breaks ties in one instant. */
  id: string;
  deviceId: string;
  queuedAt: string;
}

/**
 * R-X6, R-X3, R-X4: one scene once a reclaim has revoked `reclaimed`: the seats return and the
 * app's queue is served in the waitlist's order (`compareWaitlist`: reservations first, then by
 * refusal), each queued device decided as its check-in would be. Compared with serving the same
 * queue without the reclaim, so a gain the seats free already would give is not the change's.
 */
export function previewReclaim(
  scene: AppScene,
  reclaimed: ReadonlySet<string>,
  queue: readonly QueuedDevice[],
): { holders: HolderChange[]; granted: License[]; revoked: License[] } {
  const devices = new Map(
    scene.subjects.filter((s): s is DeviceSubject => s.type === 'device').map((d) => [d.id, d]),
  );
  const reserved = (deviceId: string) => {
    const userId = devices.get(deviceId)?.primaryUser?.id;
    return scene.distributions.some(
      (d) =>
        d.catalogAppId === scene.catalogAppId &&
        (d.reservedDeviceIds.includes(deviceId) ||
          (userId !== undefined && d.reservedUserIds.includes(userId))),
    );
  };
  const order = queue
    .filter((q) => devices.has(q.deviceId))
    .map((q) => ({ ...q, reserved: reserved(q.deviceId) }))
    .sort(compareWaitlist)
    .map((q) => q.deviceId);
  const after = settle(scene, false, { revoke: reclaimed, devices: order });
  const unchanged = settle(scene, false, { devices: order });
  return {
    holders: diffHolders(scene.product.id, scene.licenses, after, unchanged),
    granted: after.granted,
    revoked: after.revoked,
  };
}
