/**
 * Loads what the licensing rules (domain/) need, in a few set-based queries: the subject with
 * its groups, the assignments of a space, and the accounts, pools, distributions and licences
 * an allocation looks at.
 */
import type { Kysely } from 'kysely';
import type {
  AccountTable,
  AssignmentTable,
  Database,
  DistributionEntryTable,
  DeviceTable,
  LicenseTable,
  PoolTable,
  ProductTable,
  UserTable,
} from '../../db/schema.js';
import type { Assignment } from '../../domain/targeting.js';
import type {
  Account,
  AccountStatus,
  DeviceSubject,
  Distribution,
  Enrolment,
  Intent,
  License,
  LicenseType,
  Platform,
  Pool,
  Product,
  Store,
  UserSubject,
} from '../../domain/types.js';

/** What the rules read of an account. */
export type AccountRow = Pick<
  AccountTable,
  'id' | 'store' | 'spaceId' | 'priority' | 'autoDistributeToAllUsers' | 'status'
>;

export function toDomainAccount(row: AccountRow): Account {
  return {
    id: row.id,
    store: row.store as Store,
    spaceId: row.spaceId,
    priority: row.priority,
    autoDistributeToAllUsers: row.autoDistributeToAllUsers === 1,
    status: row.status as AccountStatus,
  };
}

export function toDomainPool(row: PoolTable): Pool {
  return {
    accountId: row.accountId,
    productId: row.productId,
    total: row.total,
    inUse: row.inUse,
    reserved: row.reserved,
    unlimited: row.unlimited === 1,
  };
}

export function toDomainProduct(row: ProductTable): Product {
  return {
    id: row.id,
    store: row.store as Store,
    deviceAssignable: row.deviceAssignable === 1,
    offline: row.licenseModel === 'offline',
  };
}

export function toDomainLicense(row: LicenseTable): License {
  return {
    id: row.id,
    accountId: row.accountId,
    productId: row.productId,
    catalogAppId: row.catalogAppId ?? '',
    spaceId: row.spaceId,
    licenseType: row.licenseType as LicenseType,
    subject: { type: row.subjectType as 'user' | 'device', id: row.subjectId },
    distribution: row.distribution as License['distribution'],
    state: row.state as License['state'],
  };
}

/** Group IDs per member (users and devices). */
export async function groupIdsOf(
  db: Kysely<Database>,
  tenantId: string,
  memberIds: readonly string[],
): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>(memberIds.map((id) => [id, []]));
  if (memberIds.length === 0) return groups;
  const rows = await db
    .selectFrom('groupMembers')
    .select(['memberId', 'groupId'])
    .where('tenantId', '=', tenantId)
    .where('memberId', 'in', [...memberIds])
    .execute();
  for (const row of rows) groups.get(row.memberId)?.push(row.groupId);
  return groups;
}

export function toUserSubject(user: UserTable, groupIds: readonly string[]): UserSubject {
  const subject: UserSubject = {
    type: 'user',
    id: user.id,
    groupIds,
    enrolment: user.enrolment as Enrolment,
  };
  if (user.deactivatedAt != null) subject.active = false;
  return subject;
}

export async function primaryUserOf(
  db: Kysely<Database>,
  device: DeviceTable,
): Promise<UserTable | null> {
  if (device.primaryUserId === null) return null;
  return (
    (await db
      .selectFrom('users')
      .selectAll()
      .where('tenantId', '=', device.tenantId)
      .where('id', '=', device.primaryUserId)
      .executeTakeFirst()) ?? null
  );
}

/** The device as the rules see it, with its primary user. */
export async function loadDeviceSubject(
  db: Kysely<Database>,
  device: DeviceTable,
): Promise<{ subject: DeviceSubject; user: UserTable | null }> {
  const user = await primaryUserOf(db, device);
  const groups = await groupIdsOf(
    db,
    device.tenantId,
    user === null ? [device.id] : [device.id, user.id],
  );
  return { subject: deviceSubjectOf(device, user, groups), user };
}

/** The device as the rules see it, from its row, its primary user's and their groups. */
export function deviceSubjectOf(
  device: DeviceTable,
  user: UserTable | null,
  groups: ReadonlyMap<string, readonly string[]>,
): DeviceSubject {
  const subject: DeviceSubject = {
    type: 'device',
    id: device.id,
    groupIds: groups.get(device.id) ?? [],
    shared: device.shared === 1,
    platform: device.platform as Platform,
  };
  if (user !== null) subject.primaryUser = toUserSubject(user, groups.get(user.id) ?? []);
  return subject;
}

/** Every assignment made in a space, as the targeting rules read them. */
export async function loadAssignments(
  db: Kysely<Database>,
  tenantId: string,
  spaceId: string,
  catalogAppId?: string,
): Promise<Assignment[]> {
  const rows = await db
    .selectFrom('assignments')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('spaceId', '=', spaceId)
    .$if(catalogAppId !== undefined, (q) => q.where('catalogAppId', '=', catalogAppId!))
    .execute();
  return rows.map(toAssignment);
}

export function toAssignment(row: AssignmentTable): Assignment {
  const assignment: Assignment = {
    id: row.id,
    catalogAppId: row.catalogAppId,
    target:
      row.targetType === 'group'
        ? { type: 'group', groupId: row.groupId ?? '' }
        : { type: row.targetType as 'allUsers' | 'allDevices' },
    intent: row.intent as Intent,
    excludeGroupIds: JSON.parse(row.excludeGroupIds) as string[],
  };
  if (row.licenseType !== null) assignment.licenseType = row.licenseType as LicenseType;
  if (row.deviceContext === 1) assignment.deviceContext = true;
  return assignment;
}

export interface PoolSet {
  /** The accounts that hold a pool of the products. */
  accounts: AccountRow[];
  pools: PoolTable[];
  distributions: Distribution[];
}

/** The accounts of some spaces, their pools for some products, and the distributions of some apps. */
export async function loadPools(
  db: Kysely<Database>,
  tenantId: string,
  spaceIds: readonly string[],
  productIds: readonly string[],
  catalogAppIds: readonly string[],
): Promise<PoolSet> {
  if (productIds.length === 0) return { accounts: [], pools: [], distributions: [] };
  const rows = await db
    .selectFrom('pools as p')
    .innerJoin('accounts as a', 'a.id', 'p.accountId')
    .selectAll('p')
    .select([
      'a.store',
      'a.spaceId',
      'a.priority',
      'a.autoDistributeToAllUsers',
      'a.status as accountStatus',
    ])
    .where('p.tenantId', '=', tenantId)
    .where('p.productId', 'in', [...productIds])
    .where('a.spaceId', 'in', [...spaceIds])
    .where('a.status', '!=', 'deleted')
    .execute();
  const entries =
    catalogAppIds.length === 0 || rows.length === 0
      ? []
      : await db
          .selectFrom('distributionEntries')
          .selectAll()
          .where('tenantId', '=', tenantId)
          .where('catalogAppId', 'in', [...catalogAppIds])
          .where('accountId', 'in', [...new Set(rows.map((r) => r.accountId))])
          .execute();
  return toPoolSet(rows, entries);
}

/** A pool with what the rules read of its account. */
export type PoolAccountRow = PoolTable & {
  store: string;
  spaceId: string;
  priority: number;
  autoDistributeToAllUsers: number;
  accountStatus: string;
};

/**
 * Pools with their accounts, and distribution entries (of those accounts only), as the rules
 * read them.
 */
export function toPoolSet(
  rows: readonly PoolAccountRow[],
  entries: readonly DistributionEntryRow[],
): PoolSet {
  const accountsById = new Map<string, AccountRow>();
  const pools: PoolTable[] = [];
  for (const {
    store,
    spaceId,
    priority,
    autoDistributeToAllUsers,
    accountStatus,
    ...pool
  } of rows) {
    pools.push(pool);
    accountsById.set(pool.accountId, {
      id: pool.accountId,
      store,
      spaceId,
      priority,
      autoDistributeToAllUsers,
      status: accountStatus,
    });
  }
  return {
    accounts: [...accountsById.values()],
    pools,
    distributions: toDistributions(entries.filter((e) => accountsById.has(e.accountId))),
  };
}

/** A distribution entry as the rules read it. */
export type DistributionEntryRow = Pick<
  DistributionEntryTable,
  'catalogAppId' | 'accountId' | 'kind' | 'subjectId'
>;

/**
 * The stored distributions these entries make, one per app and account. Only stored ones: an
 * app without one on an account gets the account's default from domain/distribution.ts (R-A2).
 */
export function toDistributions(entries: readonly DistributionEntryRow[]): Distribution[] {
  const byKey = new Map<string, Distribution>();
  for (const entry of entries) {
    const key = `${entry.catalogAppId}/${entry.accountId}`;
    let d = byKey.get(key);
    if (d === undefined) {
      // Any entry, the `configured` marker of an explicit (possibly empty) list included, means
      // the distribution was set and replaces the account's default.
      d = storedDistribution(entry.catalogAppId, entry.accountId);
      byKey.set(key, d);
    }
    const list =
      entry.kind === 'fcfsGroup'
        ? d.fcfsGroupIds
        : entry.kind === 'reservedUser'
          ? d.reservedUserIds
          : entry.kind === 'reservedDevice'
            ? d.reservedDeviceIds
            : entry.kind === 'prohibitedUser'
              ? d.prohibitedUserIds
              : undefined;
    (list as string[] | undefined)?.push(entry.subjectId);
  }
  return [...byKey.values()];
}

/** A distribution set by an administrator (R-A2), before its entries are added. */
function storedDistribution(catalogAppId: string, accountId: string): Distribution {
  return {
    catalogAppId,
    accountId,
    fcfsGroupIds: [],
    reservedUserIds: [],
    reservedDeviceIds: [],
    prohibitedUserIds: [],
    source: 'explicit',
  };
}

/**
 * Active licences held by these subjects: rows the caller read in its tenant (IDs are unique
 * across tenants). By the holder alone, so that the holder-first index is the only one that
 * fits: SQLite keeps no statistics, and given the tenant too it took an index that leads with
 * the tenant and scanned every licence of it (docs/decisions.md, "Check-in reads").
 */
export async function loadActiveLicenses(
  db: Kysely<Database>,
  subjectIds: readonly string[],
): Promise<LicenseTable[]> {
  if (subjectIds.length === 0) return [];
  return db
    .selectFrom('licenses')
    .selectAll()
    .where('subjectId', 'in', [...subjectIds])
    .where('state', '=', 'active')
    .execute();
}
