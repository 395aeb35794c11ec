/**
 * What a check-in reads: the device, its primary user, their groups, the assignments of its
 * space that may target it, its installs, the licences they hold, and the apps those name with
 * their products, pools, accounts and distribution lists. On PostgreSQL in one statement that
 * returns each table's rows as one JSON array: a round trip costs more than the JSON. On SQLite
 * statement by statement: a statement costs no round trip there, and the one statement's JSON
 * cost three times its parts (docs/decisions.md, "Check-in path").
 */
import type { Kysely } from 'kysely';
import { CompiledOnce, type Placeholder } from '../../db/compiledOnce.js';
import * as postgresJson from 'kysely/helpers/postgres';
import * as sqliteJson from 'kysely/helpers/sqlite';
import type { Dialect } from '../../db/dialect.js';
import type {
  AssignmentTable,
  CatalogAppTable,
  Database,
  DeviceTable,
  DistributionEntryTable,
  InstallTable,
  LicenseTable,
  PoolTable,
  ProductTable,
  UserTable,
} from '../../db/schema.js';
import {
  groupIdsOf,
  loadActiveLicenses,
  loadPools,
  primaryUserOf,
  toPoolSet,
  type PoolSet,
} from '../ledger/ruleInputs.js';

/** Every column of a table, checked against its row type: a column added there must be added here. */
function columnsOf<T>(columns: { [K in keyof Required<T>]: true }): Array<keyof T & string> {
  return Object.keys(columns) as Array<keyof T & string>;
}

const USER = columnsOf<UserTable>({
  id: true,
  tenantId: true,
  spaceId: true,
  email: true,
  displayName: true,
  enrolment: true,
  createdAt: true,
  updatedAt: true,
});

const ASSIGNMENT = columnsOf<AssignmentTable>({
  id: true,
  tenantId: true,
  spaceId: true,
  catalogAppId: true,
  targetType: true,
  groupId: true,
  intent: true,
  licenseType: true,
  deviceContext: true,
  excludeGroupIds: true,
  createdAt: true,
  updatedAt: true,
});

const INSTALL = columnsOf<InstallTable>({
  id: true,
  tenantId: true,
  deviceId: true,
  catalogAppId: true,
  productId: true,
  state: true,
  reason: true,
  licenseId: true,
  version: true,
  installedAt: true,
  updatedAt: true,
});

const LICENSE = columnsOf<LicenseTable>({
  id: true,
  tenantId: true,
  spaceId: true,
  accountId: true,
  poolId: true,
  productId: true,
  catalogAppId: true,
  licenseType: true,
  subjectType: true,
  subjectId: true,
  subjectName: true,
  serialNumber: true,
  distribution: true,
  state: true,
  storeState: true,
  assignedAt: true,
  revokedAt: true,
  graceUntil: true,
  lastAction: true,
  updatedAt: true,
});

const PRODUCT = columnsOf<ProductTable>({
  id: true,
  tenantId: true,
  store: true,
  storeProductId: true,
  pricingParam: true,
  kind: true,
  name: true,
  bundleId: true,
  version: true,
  platforms: true,
  costAmount: true,
  costCurrency: true,
  deviceAssignable: true,
  revocable: true,
  licenseModel: true,
  sizeBytes: true,
  createdAt: true,
  updatedAt: true,
});

const POOL = columnsOf<PoolTable>({
  id: true,
  tenantId: true,
  accountId: true,
  productId: true,
  total: true,
  inUse: true,
  reserved: true,
  unlimited: true,
  storeAssigned: true,
  untracked: true,
  asOf: true,
  updatedAt: true,
});

const DISTRIBUTION_ENTRY = columnsOf<DistributionEntryTable>({
  tenantId: true,
  catalogAppId: true,
  accountId: true,
  kind: true,
  subjectId: true,
  createdAt: true,
});

/** A catalog app's columns beside its product's (`catalogApps as c`), read back by appRowsOf. */
const APP_COLUMNS = [
  'c.id as appId',
  'c.spaceId as appSpaceId',
  'c.description as appDescription',
  'c.installOnDevice as appInstallOnDevice',
  'c.updateMode as appUpdateMode',
  'c.createdAt as appCreatedAt',
  'c.updatedAt as appUpdatedAt',
] as const;

/**
 * A subquery's rows as one JSON array (or its row as one object): parsed by pg on PostgreSQL, a
 * string on SQLite (parsed()). Both helpers have the same signatures.
 */
function jsonOf(dialect: Dialect): typeof postgresJson {
  return dialect === 'postgres' ? postgresJson : (sqliteJson as unknown as typeof postgresJson);
}

function parsed<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

export interface AppRow {
  app: CatalogAppTable;
  product: ProductTable;
}

/** A device, found by serial number or ID, with everything a check-in decides with. */
export interface DeviceWorld {
  device: DeviceTable;
  user: UserTable | null;
  /** Group IDs of the device and of its primary user. */
  groupIds: Map<string, string[]>;
  /** The assignments of the device's space that may target it (any group it is not in left out). */
  assignments: AssignmentTable[];
  installs: InstallTable[];
  /** Active licences held by the device or its primary user. */
  licenses: LicenseTable[];
  /** The apps those assignments and installs name, with their products. */
  apps: Map<string, AppRow>;
  /**
   * The pools of those products in the accounts of the device's space and of the apps' own
   * spaces (R-A2), with the apps' distribution lists.
   */
  poolSet: PoolSet;
}

type WorldKey = 'serialNumber' | 'deviceId';

/** The check-in's one statement, by serial number or device ID, for any space or one. */
function worldQuery(
  db: Kysely<Database>,
  dialect: Dialect,
  value: Placeholder,
  by: WorldKey,
  inOneSpace: boolean,
) {
  const { jsonArrayFrom, jsonObjectFrom } = jsonOf(dialect);
  const tenantId = value('tenantId');
  return db
    .with('d', (w) =>
      w
        .selectFrom('devices')
        .selectAll()
        .where('tenantId', '=', tenantId)
        .$if(inOneSpace, (q) => q.where('spaceId', '=', value('spaceId')))
        .where(by === 'serialNumber' ? 'serialNumber' : 'id', '=', value('key')),
    )
    .with('m', (w) =>
      w
        .selectFrom(['groupMembers as g', 'd'])
        .select(['g.memberId', 'g.groupId'])
        .where('g.tenantId', '=', tenantId)
        .where((eb) =>
          eb.or([
            eb('g.memberId', '=', eb.ref('d.id')),
            eb('g.memberId', '=', eb.ref('d.primaryUserId')),
          ]),
        ),
    )
    .with('targeting', (w) =>
      w
        .selectFrom(['assignments as a', 'd'])
        .select(ASSIGNMENT.map((c) => `a.${c}` as const))
        .where('a.tenantId', '=', tenantId)
        .whereRef('a.spaceId', '=', 'd.spaceId')
        .where((eb) =>
          eb.or([
            eb('a.targetType', '!=', 'group'),
            eb('a.groupId', 'in', eb.selectFrom('m').select('m.groupId')),
          ]),
        ),
    )
    .with('installed', (w) =>
      w
        .selectFrom(['installs as i', 'd'])
        .select(INSTALL.map((c) => `i.${c}` as const))
        .where('i.tenantId', '=', tenantId)
        .whereRef('i.deviceId', '=', 'd.id'),
    )
    .with('named', (w) =>
      w
        .selectFrom('catalogApps as c')
        .select(['c.id', 'c.spaceId', 'c.productId'])
        .where('c.tenantId', '=', tenantId)
        .where((eb) =>
          eb.or([
            eb('c.id', 'in', eb.selectFrom('targeting').select('targeting.catalogAppId')),
            eb('c.id', 'in', eb.selectFrom('installed').select('installed.catalogAppId')),
          ]),
        ),
    )
    .selectFrom('d')
    .selectAll('d')
    .select((eb) => [
      jsonObjectFrom(
        eb
          .selectFrom('users as u')
          .select(USER.map((c) => `u.${c}` as const))
          .where('u.tenantId', '=', tenantId)
          .whereRef('u.id', '=', 'd.primaryUserId'),
      ).as('user'),
      jsonArrayFrom(eb.selectFrom('m').select(['m.memberId', 'm.groupId'])).as('groups'),
      jsonArrayFrom(
        eb.selectFrom('targeting').select(ASSIGNMENT.map((c) => `targeting.${c}` as const)),
      ).as('assignments'),
      jsonArrayFrom(
        eb.selectFrom('installed').select(INSTALL.map((c) => `installed.${c}` as const)),
      ).as('installs'),
      jsonArrayFrom(
        eb
          .selectFrom('licenses as l')
          .select(LICENSE.map((c) => `l.${c}` as const))
          .where('l.tenantId', '=', tenantId)
          .where('l.state', '=', 'active')
          .where((w) =>
            w.or([
              w('l.subjectId', '=', w.ref('d.id')),
              w('l.subjectId', '=', w.ref('d.primaryUserId')),
            ]),
          ),
      ).as('licenses'),
      jsonArrayFrom(
        eb
          .selectFrom('catalogApps as c')
          .innerJoin('products as p', 'p.id', 'c.productId')
          .select(PRODUCT.map((c) => `p.${c}` as const))
          .select(APP_COLUMNS)
          .where('c.id', 'in', eb.selectFrom('named').select('named.id')),
      ).as('apps'),
      jsonArrayFrom(
        eb
          .selectFrom('pools as p')
          .innerJoin('accounts as a', 'a.id', 'p.accountId')
          .select(POOL.map((c) => `p.${c}` as const))
          .select([
            'a.store',
            'a.spaceId',
            'a.priority',
            'a.autoDistributeToAllUsers',
            'a.status as accountStatus',
          ])
          .where('p.tenantId', '=', tenantId)
          .where('a.status', '!=', 'deleted')
          .where('p.productId', 'in', eb.selectFrom('named').select('named.productId'))
          .where((w) =>
            w.or([
              w('a.spaceId', '=', w.ref('d.spaceId')),
              w('a.spaceId', 'in', w.selectFrom('named').select('named.spaceId')),
            ]),
          ),
      ).as('pools'),
      jsonArrayFrom(
        eb
          .selectFrom('distributionEntries as e')
          .select(DISTRIBUTION_ENTRY.map((c) => `e.${c}` as const))
          .where('e.tenantId', '=', tenantId)
          .where('e.catalogAppId', 'in', eb.selectFrom('named').select('named.id')),
      ).as('entries'),
    ]);
}

/** Building and compiling the statement costs more than running it: it is done once per variant. */
const worldQueries = new Map(
  (['serialNumber', 'deviceId'] as const).flatMap((by) =>
    [false, true].map((inOneSpace) => [
      `${by}/${inOneSpace}`,
      new CompiledOnce((db, dialect, value) => worldQuery(db, dialect, value, by, inOneSpace)),
    ]),
  ),
);

export async function loadDeviceWorld(
  db: Kysely<Database>,
  dialect: Dialect,
  scope: { tenantId: string; spaceId: string | null },
  key: { serialNumber: string } | { deviceId: string },
): Promise<DeviceWorld | undefined> {
  return dialect === 'postgres'
    ? loadInOneStatement(db, dialect, scope, key)
    : loadStatementByStatement(db, scope, key);
}

/** PostgreSQL's read; it runs on SQLite too, where a test holds it to the other one. */
export async function loadInOneStatement(
  db: Kysely<Database>,
  dialect: Dialect,
  scope: { tenantId: string; spaceId: string | null },
  key: { serialNumber: string } | { deviceId: string },
): Promise<DeviceWorld | undefined> {
  const by: WorldKey = 'serialNumber' in key ? 'serialNumber' : 'deviceId';
  const query = worldQueries.get(`${by}/${scope.spaceId !== null}`)!;
  const [row] = await query.execute(db, dialect, {
    tenantId: scope.tenantId,
    spaceId: scope.spaceId,
    key: 'serialNumber' in key ? key.serialNumber : key.deviceId,
  });
  if (row === undefined) return undefined;
  const { user, groups, assignments, installs, licenses, apps, pools, entries, ...device } = row;
  const groupIds = new Map<string, string[]>();
  for (const { memberId, groupId } of parsed(groups)) {
    const list = groupIds.get(memberId);
    if (list === undefined) groupIds.set(memberId, [groupId]);
    else list.push(groupId);
  }
  return {
    device,
    user: parsed(user),
    groupIds,
    assignments: parsed(assignments),
    installs: parsed(installs),
    licenses: parsed(licenses),
    apps: appRowsOf(parsed(apps)),
    poolSet: toPoolSet(parsed(pools), parsed(entries)),
  };
}

/** SQLite's read: the world the one statement reads, in the statements its parts would be. */
export async function loadStatementByStatement(
  db: Kysely<Database>,
  scope: { tenantId: string; spaceId: string | null },
  key: { serialNumber: string } | { deviceId: string },
): Promise<DeviceWorld | undefined> {
  const { tenantId } = scope;
  const [column, value] =
    'serialNumber' in key
      ? (['serialNumber', key.serialNumber] as const)
      : (['id', key.deviceId] as const);
  const device = await db
    .selectFrom('devices')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .$if(scope.spaceId !== null, (q) => q.where('spaceId', '=', scope.spaceId))
    .where(column, '=', value)
    .executeTakeFirst();
  if (device === undefined) return undefined;
  const user = await primaryUserOf(db, device);
  const holderIds = user === null ? [device.id] : [device.id, user.id];
  const groupIds = await groupIdsOf(db, tenantId, holderIds);
  const memberOf = new Set([...groupIds.values()].flat());
  const assignments = (
    await db
      .selectFrom('assignments')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('spaceId', '=', device.spaceId)
      .execute()
  ).filter((a) => a.targetType !== 'group' || (a.groupId !== null && memberOf.has(a.groupId)));
  const installs = await db
    .selectFrom('installs')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('deviceId', '=', device.id)
    .execute();
  const licenses = await loadActiveLicenses(db, tenantId, holderIds);
  const appIds = [...new Set([...assignments, ...installs].map((row) => row.catalogAppId))];
  const apps = appRowsOf(
    appIds.length === 0
      ? []
      : await db
          .selectFrom('catalogApps as c')
          .innerJoin('products as p', 'p.id', 'c.productId')
          .selectAll('p')
          .select(APP_COLUMNS)
          .where('c.tenantId', '=', tenantId)
          .where('c.id', 'in', appIds)
          .execute(),
  );
  const named = [...apps.values()];
  const poolSet = await loadPools(
    db,
    tenantId,
    [...new Set([device.spaceId, ...named.map((a) => a.app.spaceId)])],
    [...new Set(named.map((a) => a.product.id))],
    [...apps.keys()],
  );
  return { device, user, groupIds, assignments, installs, licenses, apps, poolSet };
}

/** A product with the columns of its catalog app, prefixed `app`. */
type AppProductRow = ProductTable & {
  appId: string;
  appSpaceId: string;
  appDescription: string | null;
  appInstallOnDevice: number;
  appUpdateMode: string;
  appCreatedAt: string;
  appUpdatedAt: string;
};

function appRowsOf(rows: readonly AppProductRow[]): Map<string, AppRow> {
  const apps = new Map<string, AppRow>();
  for (const r of rows) {
    const {
      appId,
      appSpaceId,
      appDescription,
      appInstallOnDevice,
      appUpdateMode,
      appCreatedAt,
      appUpdatedAt,
      ...product
    } = r;
    apps.set(appId, {
      app: {
        id: appId,
        tenantId: product.tenantId,
        spaceId: appSpaceId,
        productId: product.id,
        description: appDescription,
        installOnDevice: appInstallOnDevice,
        updateMode: appUpdateMode,
        createdAt: appCreatedAt,
        updatedAt: appUpdatedAt,
      },
      product,
    });
  }
  return apps;
}
