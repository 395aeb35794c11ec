/**
 * Adding an Apple account (R-T2, R-T3, R-T4), renewing its token in place (R-T6) and taking
 * it over from another product (R-T4). The store is asked first, outside any transaction;
 * nothing is stored when the token is refused. The token is stored encrypted (R-S3).
 */
import type { Kysely } from 'kysely';
import type { StoreContext } from '../../serviceContext.js';
import type { AccountTable, Database } from '../../../db/schema.js';
import { isUniqueViolation } from '../../../db/database.js';
import { ConflictError, RuleViolationError } from '../../../domain/errors.js';
import { validateSToken } from '../../../domain/stoken.js';
import { TOKEN_VALIDITY_YEARS } from '../../../domain/tokenExpiry.js';
import {
  statusAfterNewToken,
  statusAfterTakeover,
  type StatusChange,
} from '../../../domain/accountStatus.js';
import type { StoreConnector, TokenDescription } from '../../../stores/connector.js';
import { newAccountRow } from '../accountRow.js';
import type { Actor } from '../../access/actor.js';
import { recordActivity } from '../../monitoring/activity.js';
import { queueAccountSync } from '../../sync/queueSync.js';
import {
  getAccountRow,
  presentAccount,
  raiseProblemNotification,
  type Account,
} from '../accounts.js';
import {
  describeToken,
  hashNotificationSecret,
  locationTaken,
  newNotificationSecret,
  notificationUrl,
  registerManager,
  TOKEN_SHARING_WARNING,
} from './registration.js';
import { clearNotifications } from '../../monitoring/notifications.js';
import { encryptSecret } from '../../access/secrets.js';
import { resolveSpaceId } from '../../directory/spaces.js';
import { connectorFor } from '../connections.js';

export interface AppleAccountInput {
  name: string;
  /** The content of the `.vpptoken` file. */
  token: string;
  appleId: string;
  accountType: 'business' | 'education';
  spaceId?: string;
  autoDistributeToAllUsers?: boolean;
  clearPreviousLicenseData?: boolean;
}

/** An account as answered to the request that added or changed its token. */
export interface AccountWithWarnings extends Account {
  /** R-T4: using one token in two products loses assignments; and any registration problem. */
  warnings: string[];
  /** The sync queued by this request, if any (GET /jobs/{id}). */
  syncJobId: string | null;
}

/** R-T3: a token is valid one year, so it was created one calendar year before it expires. */
function tokenCreatedAt(expiresAt: Date): Date {
  const created = new Date(expiresAt.getTime());
  created.setUTCFullYear(created.getUTCFullYear() - TOKEN_VALIDITY_YEARS);
  return created;
}

function locationKeyOf(description: TokenDescription): string | null {
  return description.locationId === '' ? null : description.locationId;
}

/**
 * The notifications of a status change (accountStatus.ts): those it ends are cleared; a token
 * another product holds raises the same `authError` as when a sync or the outbox finds it.
 */
async function notifyChange(
  db: Kysely<Database>,
  account: AccountTable,
  change: StatusChange,
  now: Date,
): Promise<void> {
  for (const kind of change.clears) {
    await clearNotifications(db, account.tenantId, { kind, subjectId: account.id }, now);
  }
  const problem = change.authProblem;
  if (change.raises !== null && problem !== undefined && problem !== null) {
    await raiseProblemNotification(db, account, problem, now);
  }
}

function claimedReason(description: TokenDescription): string {
  return (
    `The location is managed by ${description.claimedBy ?? 'another product'}; ` +
    'confirm a takeover to manage it here'
  );
}

/** R-T3: one location, one account of the whole deployment (every tenant). */
async function ensureLocationFree(
  ctx: StoreContext,
  tenantId: string,
  locationKey: string | null,
): Promise<void> {
  if (locationKey === null) return;
  const holder = await ctx.db.kysely
    .selectFrom('accounts')
    .select(['id', 'tenantId'])
    .where('store', '=', 'apple')
    .where('locationKey', '=', locationKey)
    .executeTakeFirst();
  if (holder !== undefined) throw locationTaken(holder.tenantId === tenantId ? holder.id : null);
}

/** R-T2: adds an Apple account and queues its first (full) sync. */
export async function createAppleAccount(
  ctx: StoreContext,
  actor: Actor,
  input: AppleAccountInput,
): Promise<AccountWithWarnings> {
  const now = ctx.clock.now();
  const sToken = validateSToken(input.token, now);
  // Checked before the store is asked, and again in the transaction.
  await resolveSpaceId(ctx.db.kysely, actor, input.spaceId);
  const description = await describeToken(ctx, sToken.raw);
  const locationKey = locationKeyOf(description);
  await ensureLocationFree(ctx, actor.tenantId, locationKey);
  const connector = ctx.stores.apple.connect(sToken.raw);
  const managed = description.claimedBy === null && (await registerManager(connector, false));
  const change = statusAfterNewToken(!managed);

  const { row, jobId } = await ctx.db.transaction(async (trx) => {
    const spaceId = await resolveSpaceId(trx, actor, input.spaceId);
    const row = await newAccountRow(
      trx,
      {
        tenantId: actor.tenantId,
        spaceId,
        store: 'apple',
        name: input.name,
        status: change.status,
        statusReason: managed ? 'First sync queued' : claimedReason(description),
        authProblem: change.authProblem,
        scheduled: managed,
      },
      {
        tokenEncrypted: encryptSecret(ctx.secretKey, sToken.raw),
        locationKey,
        organizationName: description.organizationName || sToken.organizationName,
        locationName: description.locationName,
        appleId: input.appleId.trim(),
        accountType: input.accountType,
        autoDistributeToAllUsers: input.autoDistributeToAllUsers === false ? 0 : 1,
        clearPreviousLicenseData: input.clearPreviousLicenseData === true ? 1 : 0,
        tokenCreatedAt: tokenCreatedAt(description.expiresAt).toISOString(),
        tokenExpiresAt: description.expiresAt.toISOString(),
      },
      now,
    );
    try {
      await trx.insertInto('accounts').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw locationTaken(null);
      throw error;
    }
    await notifyChange(trx, row, change, now);
    const jobId = managed ? await queueAccountSync(trx, row, true, now) : null;
    await recordActivity(trx, actor, now, {
      action: 'account.create',
      subject: { type: 'account', id: row.id, name: row.name },
      spaceId,
      after: presentAccount(row),
    });
    return { row, jobId };
  });

  const warnings = [TOKEN_SHARING_WARNING];
  if (managed) {
    const problem = await registerNotifications(ctx, row, connector);
    if (problem !== null) warnings.push(problem);
  }
  return { ...presentAccount(row), warnings, syncJobId: jobId };
}

export interface TokenRenewal {
  token: string;
  autoDistributeToAllUsers?: boolean;
  clearPreviousLicenseData?: boolean;
}

/**
 * R-T6: replaces the token in place. The new token must be for the same location; every
 * licence, distribution and assignment stays; auth errors and expiry warnings are cleared.
 */
export async function renewAccountToken(
  ctx: StoreContext,
  actor: Actor,
  id: string,
  input: TokenRenewal,
): Promise<AccountWithWarnings> {
  const now = ctx.clock.now();
  const current = await getAccountRow(ctx.db.kysely, actor, id);
  if (current.store !== 'apple') {
    throw new RuleViolationError('NOT_SUPPORTED', 'Only Apple accounts have a token file', {
      field: 'token',
    });
  }
  const sToken = validateSToken(input.token, now);
  const description = await describeToken(ctx, sToken.raw);
  if (locationKeyOf(description) !== current.locationKey) {
    throw new ConflictError(
      'LOCATION_MISMATCH',
      `This token is for location "${description.locationName}", not for this account's ` +
        `location "${current.locationName ?? ''}"; add it as a new account instead`,
      { field: 'token' },
    );
  }
  const connector = ctx.stores.apple.connect(sToken.raw);
  const managed = description.claimedBy === null && (await registerManager(connector, false));
  const change = statusAfterNewToken(!managed);

  const { after, jobId } = await ctx.db.transaction(async (trx) => {
    const before = await getAccountRow(trx, actor, id);
    await trx
      .updateTable('accounts')
      .set({
        tokenEncrypted: encryptSecret(ctx.secretKey, sToken.raw),
        tokenCreatedAt: tokenCreatedAt(description.expiresAt).toISOString(),
        tokenExpiresAt: description.expiresAt.toISOString(),
        organizationName: description.organizationName || sToken.organizationName,
        locationName: description.locationName,
        // A new expiry date: its warnings start afresh (R-T10).
        expiryWarningsSent: '[]',
        authProblem: change.authProblem ?? null,
        status: change.status,
        statusReason: managed ? 'Token renewed; sync queued' : claimedReason(description),
        ...(input.autoDistributeToAllUsers !== undefined && {
          autoDistributeToAllUsers: input.autoDistributeToAllUsers ? 1 : 0,
        }),
        // Asking again to clear previous data clears it at the next sync (R-T2, R-T6).
        ...(input.clearPreviousLicenseData !== undefined && {
          clearPreviousLicenseData: input.clearPreviousLicenseData ? 1 : 0,
          ...(input.clearPreviousLicenseData && { firstSyncDone: 0 }),
        }),
        nextSyncAt: managed
          ? new Date(now.getTime() + before.syncIntervalMinutes * 60_000).toISOString()
          : null,
        updatedAt: now.toISOString(),
      })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await notifyChange(trx, before, change, now);
    const jobId = managed ? await queueAccountSync(trx, before, true, now) : null;
    const after = await getAccountRow(trx, actor, id);
    await recordActivity(trx, actor, now, {
      action: 'account.token.renew',
      subject: { type: 'account', id, name: after.name },
      spaceId: after.spaceId,
      before: presentAccount(before),
      after: presentAccount(after),
    });
    return { after, jobId };
  });

  const warnings = [TOKEN_SHARING_WARNING];
  if (managed && after.notificationSecretHash === null) {
    const problem = await registerNotifications(ctx, after, connector);
    if (problem !== null) warnings.push(problem);
  }
  return { ...presentAccount(after), warnings, syncJobId: jobId };
}

/** R-T4: takes the token over from the product that holds it, and queues a full sync. */
export async function claimAccount(
  ctx: StoreContext,
  actor: Actor,
  id: string,
): Promise<AccountWithWarnings> {
  const current = await getAccountRow(ctx.db.kysely, actor, id);
  if (current.status !== 'claimedElsewhere') {
    throw new ConflictError(
      'NOT_CLAIMED_ELSEWHERE',
      'No other product holds this account; there is nothing to take over',
      { accountId: id },
    );
  }
  const connector = connectorFor(ctx, current);
  await registerManager(connector, true);
  const now = ctx.clock.now();
  const change = statusAfterTakeover();
  const { after, jobId } = await ctx.db.transaction(async (trx) => {
    const before = await getAccountRow(trx, actor, id);
    await trx
      .updateTable('accounts')
      .set({
        status: change.status,
        statusReason: 'Taken over; sync queued',
        authProblem: change.authProblem ?? null,
        nextSyncAt: new Date(now.getTime() + before.syncIntervalMinutes * 60_000).toISOString(),
        updatedAt: now.toISOString(),
      })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    // The claim a sync or the outbox found is over (R-T4).
    await notifyChange(trx, before, change, now);
    const jobId = await queueAccountSync(trx, before, true, now);
    const after = await getAccountRow(trx, actor, id);
    await recordActivity(trx, actor, now, {
      action: 'account.claim',
      subject: { type: 'account', id, name: after.name },
      spaceId: after.spaceId,
      before: presentAccount(before),
      after: presentAccount(after),
    });
    return { after, jobId };
  });
  const warnings = [TOKEN_SHARING_WARNING];
  // The other product replaced the notification endpoint with its own.
  const problem = await registerNotifications(ctx, after, connector);
  if (problem !== null) warnings.push(problem);
  return { ...presentAccount(after), warnings, syncJobId: jobId };
}

/**
 * Registers this server's push-notification URL and a fresh secret with the store when
 * ALLOT_PUBLIC_URL is set. The secret's hash is committed first: the store sends a test
 * notification before it accepts the URL. Returns a warning when the store refused it (the
 * account then syncs on its schedule only), null otherwise.
 */
async function registerNotifications(
  ctx: StoreContext,
  account: AccountTable,
  connector: StoreConnector,
): Promise<string | null> {
  const publicUrl = ctx.config.publicUrl;
  if (publicUrl === null) return null;
  const secret = newNotificationSecret();
  await setNotificationSecretHash(ctx, account, hashNotificationSecret(secret));
  try {
    await connector.register({
      takeover: false,
      notificationUrl: notificationUrl(publicUrl, account.id),
      notificationSecret: secret,
    });
    return null;
  } catch (error) {
    ctx.logger.warn({ err: error, accountId: account.id }, 'push notification registration failed');
    await setNotificationSecretHash(ctx, account, null);
    const reason = error instanceof Error ? error.message : String(error);
    return `The store did not accept push notifications (${reason}); the account syncs on its schedule only.`;
  }
}

async function setNotificationSecretHash(
  ctx: StoreContext,
  account: Pick<AccountTable, 'tenantId' | 'id'>,
  hash: string | null,
): Promise<void> {
  await ctx.db.transaction(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ notificationSecretHash: hash })
      .where('tenantId', '=', account.tenantId)
      .where('id', '=', account.id)
      .execute();
  });
}
