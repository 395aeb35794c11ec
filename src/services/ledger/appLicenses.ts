/**
 * R-M4: licence usage of one catalog app, per account, with one tab per distribution type —
 * first-come-first-served and reserved licences, and the prohibited users with any licence of
 * the product they still hold from elsewhere — searchable by user name; and the app's
 * activity log (the app's own entries and those of its licences).
 *
 * A catalog app's licences are the licences of its product held in its spaces (its own and
 * those it is delegated to), whoever gave them: a check-in through this app, or seats of an
 * ISV subscription assigned by hand, before or after the app was added. They are found by
 * product and space, not by `licenses.catalogAppId`, which records only the app a check-in
 * gave the licence through (the app whose assignments and lists may take it back, R-V7), so
 * nothing has to be linked when an app is added, nor unlinked when it leaves a space.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { containsText } from '../../db/search.js';
import { poolAvailable } from '../../domain/pools.js';
import type { ServiceContext } from '../serviceContext.js';
import { presentActivity, type ActivityEntry } from '../monitoring/activity.js';
import type { Actor } from '../access/actor.js';
import { getCatalogAppAccess, type CatalogAppAccess } from '../catalog/catalogApps.js';
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
  const scope = appScope(actor, access);
  const { spaceIds } = scope;
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
      : // Every account's counts, those of `accountIds` picked below, from licenses_product
        // alone: a filter or a grouping that starts with the account would lead SQLite (no
        // statistics) to licenses_account, and so to the licences of every product.
        await activeLicensesOf(db, scope)
          .select(['accountId', 'distribution', (eb) => eb.fn.countAll<number>().as('count')])
          .groupBy(['distribution', 'accountId'])
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
  // Every licence held in the actor's view of the app's spaces, from whichever account: a
  // space the app is delegated to may draw on the accounts of the app's own space, whose pools
  // a space-scoped actor does not see in `accounts` (R-S2) but whose licences are its own.
  const rows = await activeLicensesOf(db, scope)
    .selectAll()
    .select(licenseStore)
    .$if(filter.accountId !== undefined, (q) => q.where('accountId', '=', filter.accountId!))
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

/** What a catalog app's licences are: those of its product held in these spaces. */
interface AppScope {
  tenantId: string;
  productId: string;
  spaceIds: string[];
}

/** The app's spaces as the actor sees them: all of them, or only the actor's own (R-S2). */
function appScope(actor: Actor, access: CatalogAppAccess): AppScope {
  return {
    tenantId: actor.tenantId,
    productId: access.row.productId,
    spaceIds: actor.spaceId === null ? access.spaceIds : [actor.spaceId],
  };
}

/** The active licences of the app (see the module comment); the caller selects. */
function activeLicensesOf(db: Kysely<Database>, scope: AppScope) {
  return db
    .selectFrom('licenses')
    .where('tenantId', '=', scope.tenantId)
    .where('productId', '=', scope.productId)
    .where('spaceId', 'in', scope.spaceIds)
    .where('state', '=', 'active');
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
  const scope = appScope(actor, await getCatalogAppAccess(db, actor, catalogAppId));
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
          // Its licences, active or not (see the module comment).
          eb
            .selectFrom('licenses')
            .select('id')
            .where('tenantId', '=', scope.tenantId)
            .where('productId', '=', scope.productId)
            .where('spaceId', 'in', scope.spaceIds),
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
