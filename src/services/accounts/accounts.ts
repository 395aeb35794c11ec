/**
 * Store accounts (API.md "Store accounts"): reading, listing and settings, and the one writer
 * of the problems that stop an account (R-T4, R-T10), whoever finds them. Adding an account
 * and its token live in apple/tokens.ts, deletion in deletion.ts, sync in
 * sync/syncAccount.ts; the statuses and remedies are decided in domain/accountStatus.ts. The
 * token is never part of an Account (R-S3).
 */
import type { Kysely } from 'kysely';
import type { AccountTable, Database } from '../../db/schema.js';
import {
  hasProblem,
  problemMessage,
  remedyFor,
  statusAfterProblem,
  type AccountStatus,
  type AuthProblem,
} from '../../domain/accountStatus.js';
import { NotFoundError } from '../../domain/errors.js';
import type { PurchasedThrough } from '../../domain/seats.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { moveAccount } from './priority.js';
import { isvSettingsOf, parseSettings } from './settings.js';
import { changeIsvSeats } from './isv/seatCount.js';
import type { Page, PageRequest } from '../pagination.js';
import { resolveSpaceId } from '../directory/spaces.js';
import { clearNotifications, raiseNotification } from '../monitoring/notifications.js';

export { ACCOUNT_STATUSES, type AccountStatus } from '../../domain/accountStatus.js';

/** Every sync interval is between a quarter of an hour and a week; the default is 12 hours. */
export const DEFAULT_SYNC_INTERVAL_MINUTES = 720;
export const MIN_SYNC_INTERVAL_MINUTES = 15;
export const MAX_SYNC_INTERVAL_MINUTES = 7 * 24 * 60;

export interface Account {
  id: string;
  store: string;
  spaceId: string;
  name: string;
  priority: number;
  status: AccountStatus;
  statusReason: string | null;
  /**
   * R-T10, R-T4: what the account waits on (accountStatus.ts): invalidToken, tokenExpired,
   * tokenRevoked or loginRequired in `error`, claimedElsewhere in `claimedElsewhere`.
   */
  authProblem: string | null;
  organizationName: string | null;
  locationName: string | null;
  appleId: string | null;
  accountType: string | null;
  autoDistributeToAllUsers: boolean;
  clearPreviousLicenseData: boolean;
  tokenCreatedAt: string | null;
  tokenExpiresAt: string | null;
  syncIntervalMinutes: number;
  /** The last successful sync: every count shown for this account is "as of" this time. */
  lastSyncAt: string | null;
  lastFullSyncAt: string | null;
  nextSyncAt: string | null;
  untrackedLicenses: number;
  /** Microsoft Store (R-T11): the bound Entra ID directory and the display language of names. */
  tenantDirectoryId: string | null;
  language: string | null;
  /** ISV subscriptions (R-T12): seats, publisher, where they were bought, and the product. */
  seats: number | null;
  publisher: string | null;
  purchasedThrough: PurchasedThrough | null;
  productId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The fields an account may show: never the token nor the notification secret (R-S3). */
export function presentAccount(row: AccountTable): Account {
  const settings = parseSettings(row.settings);
  const isv = isvSettingsOf(row);
  return {
    id: row.id,
    store: row.store,
    spaceId: row.spaceId,
    name: row.name,
    priority: row.priority,
    status: row.status as AccountStatus,
    statusReason: row.statusReason,
    authProblem: row.authProblem,
    organizationName: row.organizationName,
    locationName: row.locationName,
    appleId: row.appleId,
    accountType: row.accountType,
    autoDistributeToAllUsers: row.autoDistributeToAllUsers === 1,
    clearPreviousLicenseData: row.clearPreviousLicenseData === 1,
    tokenCreatedAt: row.tokenCreatedAt,
    tokenExpiresAt: row.tokenExpiresAt,
    syncIntervalMinutes: row.syncIntervalMinutes,
    lastSyncAt: row.lastSyncAt,
    lastFullSyncAt: row.lastFullSyncAt ?? null,
    nextSyncAt: row.nextSyncAt,
    untrackedLicenses: row.untrackedLicenses,
    tenantDirectoryId: row.store === 'microsoft' ? (settings.tenantDirectoryId ?? null) : null,
    language: row.store === 'microsoft' ? (settings.language ?? null) : null,
    seats: isv?.seats ?? null,
    publisher: isv?.publisher ?? null,
    purchasedThrough: isv?.purchasedThrough ?? null,
    productId: isv?.productId ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * An account the actor may see, or NOT_FOUND: other tenants' and other spaces' accounts, and
 * deleted ones (kept only until the store has been told, R-T8), do not exist for the caller.
 */
export async function getAccountRow(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<AccountTable> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .where('status', '!=', 'deleted')
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('account', id);
  return row;
}

export async function getAccount(ctx: ServiceContext, actor: Actor, id: string): Promise<Account> {
  return presentAccount(await getAccountRow(ctx.db.kysely, actor, id));
}

/**
 * The accounts the actor sees, by space and then by priority (R-T9). A tenant has a handful
 * of accounts, so they are sorted here and the page is cut from the sorted list.
 */
export async function listAccounts(
  ctx: ServiceContext,
  actor: Actor,
  filter: { spaceId?: string; store?: string },
  page: PageRequest,
): Promise<Page<Account>> {
  const db = ctx.db.kysely;
  const spaceId =
    filter.spaceId === undefined ? actor.spaceId : await resolveSpaceId(db, actor, filter.spaceId);
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('status', '!=', 'deleted')
    .$if(spaceId !== null, (q) => q.where('spaceId', '=', spaceId))
    .$if(filter.store !== undefined, (q) => q.where('store', '=', filter.store!))
    .orderBy('spaceId')
    .orderBy('store')
    .orderBy('priority')
    .orderBy('id')
    .execute();
  const start = page.after === undefined ? 0 : rows.findIndex((r) => r.id === page.after) + 1;
  const items = rows.slice(start, start + page.limit).map(presentAccount);
  const more = start + page.limit < rows.length;
  return { items, nextAfter: more ? (items.at(-1)?.id ?? null) : null };
}

export interface AccountChanges {
  name?: string;
  priority?: number;
  syncIntervalMinutes?: number;
  /** ISV subscriptions only (R-T12); store accounts take their counts from the store. */
  seats?: number;
}

/**
 * Renames, reorders (R-T9), changes the sync interval (R-T7) of an account, or the seat count
 * of an ISV subscription bought through the marketplace (R-T12).
 */
export async function updateAccount(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  changes: AccountChanges,
): Promise<Account> {
  return ctx.db.transaction(async (trx) => {
    const now = ctx.clock.now();
    const row = await getAccountRow(trx, actor, id);
    if (changes.seats !== undefined) await changeIsvSeats(trx, actor, row, changes.seats, now);
    const update: Partial<AccountTable> = {};
    if (changes.name !== undefined) update.name = changes.name.trim();
    if (changes.syncIntervalMinutes !== undefined) {
      update.syncIntervalMinutes = changes.syncIntervalMinutes;
      if (row.nextSyncAt !== null) {
        update.nextSyncAt = nextSyncAfter(row.lastSyncAt, changes.syncIntervalMinutes, now);
      }
    }
    if (Object.keys(update).length > 0) {
      await trx
        .updateTable('accounts')
        .set({ ...update, updatedAt: now.toISOString() })
        .where('tenantId', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
    }
    if (changes.priority !== undefined && changes.priority !== row.priority) {
      await moveAccount(
        trx,
        { tenantId: actor.tenantId, spaceId: row.spaceId, store: row.store },
        id,
        changes.priority,
        now,
      );
    }
    const after = await getAccountRow(trx, actor, id);
    const others = Object.keys(changes).filter(
      (k) => k !== 'seats' && changes[k as keyof AccountChanges] !== undefined,
    );
    // A seat change alone has its own entry (account.seats.change).
    if (others.length === 0 && changes.seats !== undefined) return presentAccount(after);
    await recordActivity(trx, actor, now, {
      action: 'account.update',
      subject: { type: 'account', id, name: after.name },
      spaceId: after.spaceId,
      before: presentAccount(row),
      after: presentAccount(after),
    });
    return presentAccount(after);
  });
}

/** The next scheduled sync: one interval after the last success, and never in the past. */
export function nextSyncAfter(
  lastSyncAt: string | null,
  intervalMinutes: number,
  now: Date,
): string {
  const base = lastSyncAt === null ? now.getTime() : Date.parse(lastSyncAt);
  return new Date(Math.max(now.getTime(), base + intervalMinutes * 60_000)).toISOString();
}

/**
 * R-T10, R-T4: the store refuses the account itself (found by a sync, the outbox or the expiry
 * check). The account takes the status the problem calls for and stops its schedule; its one
 * `authError` notification is raised, replacing the one of another problem, and what the
 * problem ends is cleared. Nothing happens to a deleted account or one that already waits on
 * this problem. Returns the row before and after, or null when nothing changed.
 */
export async function recordAccountProblemIn(
  db: Kysely<Database>,
  account: Pick<AccountTable, 'tenantId' | 'id'>,
  problem: AuthProblem,
  now: Date,
): Promise<{ before: AccountTable; after: AccountTable } | null> {
  const before = await db
    .selectFrom('accounts')
    .selectAll()
    .where('tenantId', '=', account.tenantId)
    .where('id', '=', account.id)
    .executeTakeFirst();
  if (before === undefined || before.status === 'deleted' || hasProblem(before, problem)) {
    return null;
  }
  const change = statusAfterProblem(problem);
  const set = {
    status: change.status,
    authProblem: problem,
    statusReason: problemMessage(before.store, problem),
    ...(!change.retries && { nextSyncAt: null }),
    updatedAt: now.toISOString(),
  };
  const changed = await db
    .updateTable('accounts')
    .set(set)
    .where('tenantId', '=', account.tenantId)
    .where('id', '=', account.id)
    .where('status', '!=', 'deleted')
    // Another process may have recorded the same problem meanwhile: once is enough.
    .where((eb) =>
      eb.or([
        eb('status', '!=', change.status),
        eb('authProblem', 'is', null),
        eb('authProblem', '!=', problem),
      ]),
    )
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) === 0) return null;

  const clears =
    before.authProblem === problem ? change.clears : ['authError' as const, ...change.clears];
  for (const kind of clears) {
    await clearNotifications(db, account.tenantId, { kind, subjectId: account.id }, now);
  }
  await raiseProblemNotification(db, before, problem, now);
  return { before, after: { ...before, ...set } };
}

/**
 * R-T10, R-T4: the one notification of a problem: an `authError` alert with the problem's
 * message and remedy (accountStatus.ts). Raised once while it is active.
 */
export async function raiseProblemNotification(
  db: Kysely<Database>,
  account: Pick<AccountTable, 'tenantId' | 'id' | 'name' | 'spaceId' | 'store'>,
  problem: AuthProblem,
  now: Date,
): Promise<void> {
  const { raises } = statusAfterProblem(problem);
  if (raises === null) return;
  await raiseNotification(
    db,
    account.tenantId,
    {
      ...raises,
      subject: { type: 'account', id: account.id, name: account.name },
      spaceId: account.spaceId,
      message: `${account.name}: ${problemMessage(account.store, problem)}`,
      remedy: remedyFor(account.store, problem),
    },
    now,
  );
}
