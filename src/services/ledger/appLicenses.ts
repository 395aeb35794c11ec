/**
 * R-M4: licence usage of one catalog app, per account, with one tab per distribution type —
 * first-come-first-served and reserved licences, and the prohibited users with any licence of
 * the product they still hold from elsewhere — searchable by user name; and the app's
 * activity log (the app's own entries and those of its licences).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { containsText } from '../../db/search.js';
import { poolAvailable } from '../../domain/pools.js';
import type { ServiceContext } from '../serviceContext.js';
import { presentActivity, type ActivityEntry } from '../monitoring/activity.js';
import type { Actor } from '../access/actor.js';
import { getCatalogAppAccess } from '../catalog/catalogApps.js';
import { licenseStore, presentLicense, type License } from './licenseViews.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';

export const APP_LICENSE_TABS = ['fcfs', 'reserved', 'prohibited'] as const;
export type AppLicenseTab = (typeof APP_LICENSE_TABS)[number];

export interface AppAccountUsage {
  accountId: string;
  name: string;
  spaceId: string;
  total: number;
  inUse: number;
  reserved: number;
  available: number | null;
  asOf: string | null;
  /** Active licences of this app from this account, per distribution type. */
  licenses: { fcfs: number; reserved: number };
  prohibitedUsers: number;
}

/** One row of a tab: who, which licence type, since when, and the last thing done. */
export interface AppLicenseItem {
  accountId: string;
  distribution: AppLicenseTab;
  subject: { type: 'user' | 'device'; id: string; name: string };
  licenseType: 'user' | 'device' | null;
  assignedAt: string | null;
  lastAction: string | null;
  /** The licence; for a prohibited user, one they hold from elsewhere, if any. */
  license: License | null;
}

export interface AppLicenseUsage extends Page<AppLicenseItem> {
  accounts: AppAccountUsage[];
}

export interface AppLicenseFilter {
  distribution?: AppLicenseTab;
  /** Matches the user's name or e-mail (for a device licence, its primary user's) or the serial. */
  q?: string;
  accountId?: string;
}

export async function listAppLicenses(
  ctx: ServiceContext,
  actor: Actor,
  catalogAppId: string,
  filter: AppLicenseFilter,
  page: PageRequest,
): Promise<AppLicenseUsage> {
  const db = ctx.db.kysely;
  const access = await getCatalogAppAccess(db, actor, catalogAppId);
  const spaceIds = actor.spaceId === null ? access.spaceIds : [actor.spaceId];
  const pools = await db
    .selectFrom('accounts as a')
    .innerJoin('pools as p', 'p.accountId', 'a.id')
    .select([
      'a.id',
      'a.name',
      'a.spaceId',
      'a.priority',
      'p.total',
      'p.inUse',
      'p.reserved',
      'p.unlimited',
      'p.asOf',
    ])
    .where('a.tenantId', '=', actor.tenantId)
    .where('a.spaceId', 'in', spaceIds)
    .where('a.status', '!=', 'deleted')
    .where('p.productId', '=', access.row.productId)
    .$if(filter.accountId !== undefined, (q) => q.where('a.id', '=', filter.accountId!))
    .orderBy('a.priority')
    .orderBy('a.id')
    .execute();
  const accountIds = pools.map((p) => p.id);
  const counts =
    accountIds.length === 0
      ? []
      : await db
          .selectFrom('licenses')
          .select(['accountId', 'distribution', (eb) => eb.fn.countAll<number>().as('count')])
          .where('tenantId', '=', actor.tenantId)
          .where('catalogAppId', '=', catalogAppId)
          .where('state', '=', 'active')
          .where('spaceId', 'in', spaceIds)
          .where('accountId', 'in', accountIds)
          .groupBy(['accountId', 'distribution'])
          .execute();
  const prohibited =
    accountIds.length === 0
      ? []
      : await db
          .selectFrom('distributionEntries as e')
          .innerJoin('users as u', 'u.id', 'e.subjectId')
          .select(['e.accountId', 'e.subjectId', 'u.displayName', 'u.email'])
          .where('e.tenantId', '=', actor.tenantId)
          .where('e.catalogAppId', '=', catalogAppId)
          .where('e.kind', '=', 'prohibitedUser')
          .where('e.accountId', 'in', accountIds)
          .$if(filter.q !== undefined, (q) =>
            q.where(containsText(['u.displayName', 'u.email'], filter.q!)),
          )
          .execute();
  const count = (accountId: string, distribution: string) =>
    Number(
      counts.find((c) => c.accountId === accountId && c.distribution === distribution)?.count ?? 0,
    );
  const accounts = pools.map((p): AppAccountUsage => ({
    accountId: p.id,
    name: p.name,
    spaceId: p.spaceId,
    total: p.total,
    inUse: p.inUse,
    reserved: p.reserved,
    available: poolAvailable({
      ...p,
      accountId: p.id,
      productId: access.row.productId,
      unlimited: p.unlimited === 1,
    }),
    asOf: p.asOf,
    licenses: { fcfs: count(p.id, 'fcfs'), reserved: count(p.id, 'reserved') },
    prohibitedUsers: prohibited.filter((e) => e.accountId === p.id).length,
  }));

  if (filter.distribution === 'prohibited') {
    const items = await prohibitedItems(db, actor, access.row.productId, prohibited);
    const offset = page.after === undefined ? 0 : Number(page.after);
    const slice = items.slice(offset, offset + page.limit);
    const more = offset + page.limit < items.length;
    return { accounts, items: slice, nextAfter: more ? String(offset + page.limit) : null };
  }
  if (accountIds.length === 0) return { accounts, items: [], nextAfter: null };
  const rows = await db
    .selectFrom('licenses')
    .selectAll()
    .select(licenseStore)
    .where('tenantId', '=', actor.tenantId)
    .where('catalogAppId', '=', catalogAppId)
    .where('state', '=', 'active')
    .where('spaceId', 'in', spaceIds)
    .where('accountId', 'in', accountIds)
    .$if(filter.distribution !== undefined, (q) =>
      q.where('distribution', '=', filter.distribution!),
    )
    .$if(filter.q !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          containsText(['subjectName', 'serialNumber'], filter.q!),
          eb(
            'subjectId',
            'in',
            eb
              .selectFrom('users')
              .select('id')
              .where('tenantId', '=', actor.tenantId)
              .where(containsText(['displayName', 'email'], filter.q!)),
          ),
          eb(
            'subjectId',
            'in',
            eb
              .selectFrom('devices as d')
              .innerJoin('users as u', 'u.id', 'd.primaryUserId')
              .select('d.id')
              .where('d.tenantId', '=', actor.tenantId)
              .where(containsText(['u.displayName', 'u.email'], filter.q!)),
          ),
        ]),
      ),
    )
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const licensePage = toPage(rows.map(presentLicense), page.limit);
  return {
    accounts,
    items: licensePage.items.map((l) => ({
      accountId: l.accountId,
      distribution: l.distribution,
      subject: l.subject,
      licenseType: l.licenseType,
      assignedAt: l.assignedAt,
      lastAction: l.lastAction,
      license: l,
    })),
    nextAfter: licensePage.nextAfter,
  };
}

/** Prohibited users, by name, each with an active licence of the product they hold, if any. */
async function prohibitedItems(
  db: Kysely<Database>,
  actor: Actor,
  productId: string,
  entries: ReadonlyArray<{
    accountId: string;
    subjectId: string;
    displayName: string;
    email: string;
  }>,
): Promise<AppLicenseItem[]> {
  const userIds = [...new Set(entries.map((e) => e.subjectId))];
  const held =
    userIds.length === 0
      ? []
      : await db
          .selectFrom('licenses')
          .selectAll()
          .select(licenseStore)
          .where('tenantId', '=', actor.tenantId)
          .where('productId', '=', productId)
          .where('state', '=', 'active')
          .where('subjectId', 'in', userIds)
          .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
          .orderBy('id')
          .execute();
  return [...entries]
    .sort(
      (a, b) =>
        a.displayName.localeCompare(b.displayName) ||
        a.subjectId.localeCompare(b.subjectId) ||
        a.accountId.localeCompare(b.accountId),
    )
    .map((e) => {
      const row = held.find((l) => l.subjectId === e.subjectId);
      const license = row === undefined ? null : presentLicense(row);
      return {
        accountId: e.accountId,
        distribution: 'prohibited' as const,
        subject: { type: 'user' as const, id: e.subjectId, name: e.displayName },
        licenseType: license?.licenseType ?? null,
        assignedAt: license?.assignedAt ?? null,
        lastAction: license?.lastAction ?? null,
        license,
      };
    });
}

/** R-M4: the activity of the app and of every licence given for it, oldest first. */
export async function listCatalogAppActivity(
  ctx: ServiceContext,
  actor: Actor,
  catalogAppId: string,
  page: PageRequest,
): Promise<Page<ActivityEntry>> {
  const db = ctx.db.kysely;
  await getCatalogAppAccess(db, actor, catalogAppId);
  const rows = await db
    .selectFrom('activity')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where((eb) =>
      eb.or([
        eb('subjectId', '=', catalogAppId),
        eb(
          'subjectId',
          'in',
          eb
            .selectFrom('licenses')
            .select('id')
            .where('tenantId', '=', actor.tenantId)
            .where('catalogAppId', '=', catalogAppId),
        ),
      ]),
    )
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(await presentActivity(db, actor.tenantId, rows), page.limit);
}
