/**
 * What a check-in reads: the device, its primary user, their groups, the assignments of its
 * space that may target it, its installs, the licences they hold, and the apps those name with
 * their products, pools, accounts and distribution lists. On PostgreSQL in one statement
 * (db/deviceWorld.ts), on SQLite statement by statement (db/dialect.ts says which).
 */
import type { Kysely } from 'kysely';
import { APP_COLUMNS, readDeviceWorldRow, type AppProductRow } from '../../db/deviceWorld.js';
import { readsInOneStatement, type Dialect } from '../../db/dialect.js';
import type {
  AssignmentTable,
  CatalogAppTable,
  Database,
  DeviceTable,
  InstallTable,
  LicenseTable,
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

export async function loadDeviceWorld(
  db: Kysely<Database>,
  dialect: Dialect,
  scope: { tenantId: string; spaceId: string | null },
  key: { serialNumber: string } | { deviceId: string },
): Promise<DeviceWorld | undefined> {
  return readsInOneStatement(dialect)
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
  const row = await readDeviceWorldRow(db, dialect, scope, key);
  if (row === undefined) return undefined;
  const groupIds = new Map<string, string[]>();
  for (const { memberId, groupId } of row.groups) {
    const list = groupIds.get(memberId);
    if (list === undefined) groupIds.set(memberId, [groupId]);
    else list.push(groupId);
  }
  return {
    device: row.device,
    user: row.user,
    groupIds,
    assignments: row.assignments,
    installs: row.installs,
    licenses: row.licenses,
    apps: appRowsOf(row.apps),
    poolSet: toPoolSet(row.pools, row.entries),
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
  const licenses = await loadActiveLicenses(db, holderIds);
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
