/**
 * The one factory of a new store account's row, for the three stores: what every account
 * starts with (no sync yet, no versions, the default schedule) is written here once, and each
 * store's use case gives only what is its own (its credentials, its names, its status).
 */
import type { Kysely } from 'kysely';
import type { AccountTable, Database } from '../../db/schema.js';
import type { AuthProblem, StoredAccountStatus } from '../../domain/accountStatus.js';
import type { Store } from '../../domain/types.js';
import { newId } from '../../ids.js';
import { DEFAULT_SYNC_INTERVAL_MINUTES } from './accounts.js';
import { nextPriority } from './priority.js';

export interface NewAccount {
  /** Given when other rows must name the account before it is written. */
  id?: string;
  tenantId: string;
  spaceId: string;
  store: Store;
  name: string;
  status: StoredAccountStatus;
  statusReason: string | null;
  authProblem?: AuthProblem | null;
  /** The account syncs on the default schedule from now on (false: it waits, or has no store). */
  scheduled: boolean;
}

/** The columns a store fills in for itself; everything else starts empty. */
export type StoreColumns = Partial<
  Pick<
    AccountTable,
    | 'tokenEncrypted'
    | 'locationKey'
    | 'organizationName'
    | 'locationName'
    | 'appleId'
    | 'accountType'
    | 'autoDistributeToAllUsers'
    | 'clearPreviousLicenseData'
    | 'settings'
    | 'tokenCreatedAt'
    | 'tokenExpiresAt'
    | 'firstSyncDone'
  >
>;

/** A new account's row, last in its store's priority order (R-T9). */
export async function newAccountRow(
  db: Kysely<Database>,
  account: NewAccount,
  columns: StoreColumns,
  now: Date,
): Promise<AccountTable> {
  const at = now.toISOString();
  const { tenantId, spaceId, store } = account;
  return {
    id: account.id ?? newId(now.getTime()),
    tenantId,
    spaceId,
    store,
    name: account.name.trim(),
    priority: await nextPriority(db, { tenantId, spaceId, store }),
    status: account.status,
    statusReason: account.statusReason,
    authProblem: account.authProblem ?? null,
    tokenEncrypted: null,
    locationKey: null,
    organizationName: null,
    locationName: null,
    appleId: null,
    accountType: null,
    autoDistributeToAllUsers: 1,
    clearPreviousLicenseData: 0,
    settings: '{}',
    tokenCreatedAt: null,
    tokenExpiresAt: null,
    notificationSecretHash: null,
    syncIntervalMinutes: DEFAULT_SYNC_INTERVAL_MINUTES,
    lastSyncAt: null,
    lastSyncAttemptAt: null,
    nextSyncAt: account.scheduled
      ? new Date(now.getTime() + DEFAULT_SYNC_INTERVAL_MINUTES * 60_000).toISOString()
      : null,
    firstSyncDone: 0,
    assignmentsVersionId: null,
    usersVersionId: null,
    untrackedLicenses: 0,
    expiryWarningsSent: '[]',
    lastFullSyncAt: null,
    createdAt: at,
    updatedAt: at,
    ...columns,
  };
}
