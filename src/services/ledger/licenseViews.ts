/** Read views of the ledger: licences (API.md "Licences"), a user's licences (R-M2), a device's apps (R-M3). */
import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database, LicenseTable, ProductTable } from '../../db/schema.js';
import { containsText } from '../../db/search.js';
import { NotFoundError } from '../../domain/errors.js';
import { RECLAIM_ACTION, restorableBounds, restorableUntil } from '../../domain/reclaim.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { findInScope } from '../directory/findInScope.js';
import { ofTenant } from '../monitoring/byIds.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';

export interface License {
  id: string;
  /** apple, microsoft or isv: one view across stores. */
  store: string;
  productId: string;
  /**
   * The catalog app a check-in gave the licence through (the app whose assignments and
   * distribution lists may take it back, R-V7); null for ISV seats assigned on the
   * subscription. A catalog app's licences are found by product and space (appLicenses.ts).
   */
  catalogAppId: string | null;
  accountId: string;
  spaceId: string;
  licenseType: 'user' | 'device';
  subject: { type: 'user' | 'device'; id: string; name: string };
  serialNumber: string | null;
  distribution: 'fcfs' | 'reserved';
  state: 'active' | 'revoked';
  storeState: string;
  assignedAt: string;
  revokedAt: string | null;
  graceUntil: string | null;
  lastAction: string;
  /** R-X3: until when a licence a reclaim policy took back can be restored; else null. */
  restorableUntil: string | null;
}

/** A licence row with its store (its product's), e.g. selected with `licenseStore`. */
export type LicenseRow = LicenseTable & { store: string | null };

/** Selects a licence's store next to a `licenses` row (no join: column names stay unique). */
export function licenseStore(eb: ExpressionBuilder<Database, 'licenses'>) {
  return eb
    .selectFrom('products')
    .select('products.store')
    .whereRef('products.id', '=', 'licenses.productId')
    .as('store');
}

/** The row with its store looked up (for a row read without `licenseStore`). */
export async function withStore(db: Kysely<Database>, row: LicenseTable): Promise<LicenseRow> {
  const product = await db
    .selectFrom('products')
    .select('store')
    .where('tenantId', '=', row.tenantId)
    .where('id', '=', row.productId)
    .executeTakeFirst();
  return { ...row, store: product?.store ?? null };
}

export function presentLicense(row: LicenseRow): License {
  return {
    id: row.id,
    store: row.store ?? 'unknown',
    productId: row.productId,
    catalogAppId: row.catalogAppId,
    accountId: row.accountId,
    spaceId: row.spaceId,
    licenseType: row.licenseType as License['licenseType'],
    subject: {
      type: row.subjectType as 'user' | 'device',
      id: row.subjectId,
      name: row.subjectName,
    },
    serialNumber: row.serialNumber,
    distribution: row.distribution as License['distribution'],
    state: row.state as License['state'],
    storeState: row.storeState,
    assignedAt: row.assignedAt,
    revokedAt: row.revokedAt,
    graceUntil: row.graceUntil,
    lastAction: row.lastAction,
    restorableUntil:
      restorableUntil({
        state: row.state,
        lastAction: row.lastAction,
        revokedAt: dateOrNull(row.revokedAt),
        graceUntil: dateOrNull(row.graceUntil),
      })?.toISOString() ?? null,
  };
}

const dateOrNull = (iso: string | null) => (iso === null ? null : new Date(iso));

export interface Money {
  amount: number;
  currency: string;
}

export function costOf(product: Pick<ProductTable, 'costAmount' | 'costCurrency'>): Money | null {
  return product.costAmount === null || product.costCurrency === null
    ? null
    : { amount: product.costAmount, currency: product.costCurrency };
}

/** The product facts shown next to a licence. */
export interface ProductFacts {
  name: string;
  version: string | null;
  costPerLicense: Money | null;
  platforms: string[];
}

function factsOf(product: ProductTable): ProductFacts {
  return {
    name: product.name,
    version: product.version,
    costPerLicense: costOf(product),
    platforms: JSON.parse(product.platforms) as string[],
  };
}

export async function getLicenseRow(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<LicenseTable> {
  const row = await db
    .selectFrom('licenses')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('license', id);
  return row;
}

export async function getLicense(ctx: ServiceContext, actor: Actor, id: string): Promise<License> {
  const db = ctx.db.kysely;
  return presentLicense(await withStore(db, await getLicenseRow(db, actor, id)));
}

export interface LicenseFilter {
  accountId?: string;
  productId?: string;
  subjectId?: string;
  state?: 'active' | 'revoked';
  distribution?: 'fcfs' | 'reserved';
  spaceId?: string;
  /** R-X3: only the licences a reclaim policy took back that can still be restored now. */
  restorableAt?: Date;
  /** Matches the subject's name. */
  q?: string;
}

export async function listLicenses(
  ctx: ServiceContext,
  actor: Actor,
  filter: LicenseFilter,
  page: PageRequest,
): Promise<Page<License>> {
  const rows = await ctx.db.kysely
    .selectFrom('licenses')
    .selectAll()
    .select(licenseStore)
    .where('tenantId', '=', actor.tenantId)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .$if(filter.accountId !== undefined, (q) => q.where('accountId', '=', filter.accountId!))
    .$if(filter.productId !== undefined, (q) => q.where('productId', '=', filter.productId!))
    .$if(filter.subjectId !== undefined, (q) => q.where('subjectId', '=', filter.subjectId!))
    .$if(filter.state !== undefined, (q) => q.where('state', '=', filter.state!))
    .$if(filter.distribution !== undefined, (q) =>
      q.where('distribution', '=', filter.distribution!),
    )
    .$if(filter.spaceId !== undefined, (q) => q.where('spaceId', '=', filter.spaceId!))
    .$if(filter.restorableAt !== undefined, (q) => {
      const { graceAfter, revokedAfter } = restorableBounds(filter.restorableAt!);
      return q
        .where('state', '=', 'revoked')
        .where('lastAction', 'like', `${RECLAIM_ACTION}%`)
        .where((eb) =>
          eb.or([
            eb('graceUntil', '>', graceAfter.toISOString()),
            eb.and([
              eb('graceUntil', 'is', null),
              eb('revokedAt', '>', revokedAfter.toISOString()),
            ]),
          ]),
        );
    })
    .$if(filter.q !== undefined, (q) =>
      q.where(containsText(['subjectName', 'serialNumber'], filter.q!)),
    )
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows.map(presentLicense), page.limit);
}

/**
 * R-M2: the licences a user holds and the device licences of the devices they use, each with
 * the app's name, version, cost and platforms.
 */
export async function listUserLicenses(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
  filter: { state?: 'active' | 'revoked' },
  page: PageRequest,
): Promise<Page<License & ProductFacts>> {
  const db = ctx.db.kysely;
  await findInScope(db, actor, 'users', userId);
  // The holders first (the user and their few devices), then their licences by holder: an
  // `or` with a subquery would have PostgreSQL walk every licence in ID order to find them.
  const devices = await db
    .selectFrom('devices')
    .select('id')
    .where('tenantId', '=', actor.tenantId)
    .where('primaryUserId', '=', userId)
    .execute();
  const holders = [userId, ...devices.map((d) => d.id)];
  const rows = await db
    .selectFrom('licenses as l')
    .innerJoin('products as p', 'p.id', 'l.productId')
    .selectAll('l')
    .select(['p.name', 'p.version', 'p.costAmount', 'p.costCurrency', 'p.platforms', 'p.store'])
    .where(ofTenant('l.tenantId', actor.tenantId))
    .where('l.subjectId', 'in', holders)
    .$if(filter.state !== undefined, (q) => q.where('l.state', '=', filter.state!))
    .$if(page.after !== undefined, (q) => q.where('l.id', '>', page.after!))
    .orderBy('l.id')
    .limit(page.limit + 1)
    .execute();
  return toPage(
    rows.map((r) => ({ ...presentLicense(r), ...factsOf(r as unknown as ProductTable) })),
    page.limit,
  );
}

export interface DeviceApp {
  catalogAppId: string;
  /** apple, microsoft or isv (also in `source`, the MDM's word for it). */
  store: string;
  productId: string;
  name: string;
  bundleId: string | null;
  version: string | null;
  platforms: string[];
  source: string;
  size: number | null;
  state: string;
  reason: string | null;
  installedAt: string | null;
  license: License | null;
}

/** R-M3: the managed apps of a device with their licence; searchable by name or bundle ID. */
export async function listDeviceApps(
  ctx: ServiceContext,
  actor: Actor,
  deviceId: string,
  filter: { q?: string },
  page: PageRequest,
): Promise<Page<DeviceApp>> {
  const db = ctx.db.kysely;
  await findInScope(db, actor, 'devices', deviceId);
  const rows = await db
    .selectFrom('installs as i')
    .leftJoin('catalogApps as c', 'c.id', 'i.catalogAppId')
    .innerJoin('products as p', (join) =>
      join.on(sql<SqlBool>`p.id = coalesce(i.product_id, c.product_id)`),
    )
    .leftJoin('licenses as l', 'l.id', 'i.licenseId')
    .select([
      'i.id as installId',
      'i.catalogAppId',
      'i.state',
      'i.reason',
      'i.installedAt',
      'i.version as installedVersion',
      'p.id as productId',
      'p.name',
      'p.bundleId',
      'p.version',
      'p.platforms',
      'p.store',
      'p.sizeBytes',
      'l.id as licenseId',
    ])
    .where('i.tenantId', '=', actor.tenantId)
    .where('i.deviceId', '=', deviceId)
    .$if(filter.q !== undefined, (q) => q.where(containsText(['p.name', 'p.bundleId'], filter.q!)))
    .$if(page.after !== undefined, (q) => q.where('i.id', '>', page.after!))
    .orderBy('i.id')
    .limit(page.limit + 1)
    .execute();
  const licenseIds = rows.map((r) => r.licenseId).filter((id): id is string => id !== null);
  const licenses =
    licenseIds.length === 0
      ? new Map<string, License>()
      : new Map(
          (
            await db
              .selectFrom('licenses')
              .selectAll()
              .select(licenseStore)
              .where(ofTenant('tenantId', actor.tenantId))
              .where('id', 'in', licenseIds)
              .execute()
          ).map((l) => [l.id, presentLicense(l)]),
        );
  const page_ = toPage(
    rows.map((r) => ({ ...r, id: r.installId })),
    page.limit,
  );
  return {
    nextAfter: page_.nextAfter,
    items: page_.items.map((r) => ({
      catalogAppId: r.catalogAppId,
      store: r.store,
      productId: r.productId,
      name: r.name,
      bundleId: r.bundleId,
      version: r.installedVersion ?? r.version,
      platforms: JSON.parse(r.platforms) as string[],
      source: r.store,
      size: r.sizeBytes,
      state: r.state,
      reason: r.reason,
      installedAt: r.installedAt,
      license: r.licenseId === null ? null : (licenses.get(r.licenseId) ?? null),
    })),
  };
}
