/**
 * The check-in's read of a device's world in one statement (services/checkIn/world.ts): each
 * table's rows come back as one JSON array — parsed by pg on PostgreSQL, a string on SQLite.
 * PostgreSQL reads this way (a round trip costs more than the JSON); SQLite reads statement by
 * statement (db/dialect.ts `readsInOneStatement`), but runs this one too, where a test holds the
 * two reads to the same world.
 */
import type { Kysely } from 'kysely';
import * as postgresJson from 'kysely/helpers/postgres';
import * as sqliteJson from 'kysely/helpers/sqlite';
import { CompiledOnce, type Placeholder } from './compiledOnce.js';
import type { Dialect } from './dialect.js';
import type {
  AssignmentTable,
  Database,
  DistributionEntryTable,
  InstallTable,
  LicenseTable,
  PoolTable,
  ProductTable,
  UserTable,
} from './schema.js';

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
  deactivatedAt: true,
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
export const APP_COLUMNS = [
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

/** A product with the columns of its catalog app, prefixed `app`. */
export type AppProductRow = ProductTable & {
  appId: string;
  appSpaceId: string;
  appDescription: string | null;
  appInstallOnDevice: number;
  appUpdateMode: string;
  appCreatedAt: string;
  appUpdatedAt: string;
};

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
        .where((eb) => eb('g.memberId', 'in', [eb.ref('d.id'), eb.ref('d.primaryUserId')])),
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
          .where('l.state', '=', 'active')
          .where((w) => w('l.subjectId', 'in', [w.ref('d.id'), w.ref('d.primaryUserId')])),
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

/** The device's world in one statement, its JSON parsed; undefined when no such device. */
export async function readDeviceWorldRow(
  db: Kysely<Database>,
  dialect: Dialect,
  scope: { tenantId: string; spaceId: string | null },
  key: { serialNumber: string } | { deviceId: string },
) {
  const by: WorldKey = 'serialNumber' in key ? 'serialNumber' : 'deviceId';
  const query = worldQueries.get(`${by}/${scope.spaceId !== null}`)!;
  const [row] = await query.execute(db, dialect, {
    tenantId: scope.tenantId,
    spaceId: scope.spaceId,
    key: 'serialNumber' in key ? key.serialNumber : key.deviceId,
  });
  if (row === undefined) return undefined;
  const { user, groups, assignments, installs, licenses, apps, pools, entries, ...device } = row;
  return {
    device,
    user: parsed(user),
    groups: parsed(groups),
    assignments: parsed(assignments),
    installs: parsed(installs),
    licenses: parsed(licenses),
    apps: parsed(apps) as AppProductRow[],
    pools: parsed(pools),
    entries: parsed(entries),
  };
}
