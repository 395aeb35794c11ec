/**
 * R-T11: binding a tenant to its Microsoft Store for Business account. The credentials of the
 * directory's management app are checked with the store first, outside any transaction;
 * nothing is stored when they are refused. A tenant is bound once: a second Microsoft account
 * is refused, and so is another directory after the account was deleted. The credentials are
 * stored encrypted (R-S3); the display language of app names is a setting. The client secret
 * can be replaced in place (a new one before the old expires, or after it was rotated in the
 * directory): the account, its binding and its licences stay.
 */
import type { Kysely } from 'kysely';
import type { StoreContext } from '../../serviceContext.js';
import type { Database } from '../../../db/schema.js';
import { isUniqueViolation } from '../../../db/database.js';
import {
  ConflictError,
  ForbiddenError,
  RuleViolationError,
  UnavailableError,
} from '../../../domain/errors.js';
import { remedyWhileUploading, statusAfterNewToken } from '../../../domain/accountStatus.js';
import { StoreError } from '../../../stores/connector.js';
import type { MicrosoftTokenDescription } from '../../../stores/microsoft/index.js';
import { newAccountRow } from '../accountRow.js';
import type { Actor } from '../../access/actor.js';
import { recordActivity } from '../../monitoring/activity.js';
import { queueAccountSync } from '../../sync/queueSync.js';
import { parseSettings, type MicrosoftSettings } from '../settings.js';
import { AUTH_CODES } from '../apple/registration.js';
import type { AccountWithWarnings } from '../apple/tokens.js';
import { getAccountRow, presentAccount } from '../accounts.js';
import { decryptSecret, encryptSecret } from '../../access/secrets.js';
import { clearNotifications } from '../../monitoring/notifications.js';
import { microsoftCredentialsOf } from '../connections.js';

export interface MicrosoftAccountInput {
  name: string;
  tenantDirectoryId: string;
  clientId: string;
  clientSecret: string;
  /** RFC 4646 tag, e.g. `en-US`: the language of app names (apps install in the user's). */
  language: string;
}

/** A store failure while checking the credentials, as the caller should see it. */
function credentialsRefusal(error: unknown): unknown {
  if (!(error instanceof StoreError)) return error;
  const problem = error.authProblem;
  if (problem !== undefined) {
    const remedy = remedyWhileUploading('microsoft', problem);
    return new RuleViolationError(AUTH_CODES[problem], `${error.message}. ${remedy}`, {
      field: problem === 'loginRequired' ? 'clientId' : 'clientSecret',
      storeCode: problem,
      remedy,
    });
  }
  if (error.retryable) {
    return new UnavailableError(
      'STORE_UNAVAILABLE',
      `${error.message}; try again later`,
      error.retryAfterSeconds ?? 30,
      { store: 'microsoft' },
    );
  }
  return new RuleViolationError('STORE_REJECTED', error.message, {
    field: 'tenantDirectoryId',
    storeCode: error.code,
  });
}

/** R-T11: one Microsoft Store account per tenant, bound for good to its directory. */
async function ensureTenantUnbound(
  db: Kysely<Database>,
  tenantId: string,
  directoryId: string,
): Promise<void> {
  const bound = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'status', 'settings'])
    .where('tenantId', '=', tenantId)
    .where('store', '=', 'microsoft')
    .orderBy('id')
    .execute();
  const live = bound.find((a) => a.status !== 'deleted');
  if (live !== undefined) {
    const directory = parseSettings(live.settings).tenantDirectoryId ?? '';
    throw new ConflictError(
      'MICROSOFT_ACCOUNT_EXISTS',
      `This tenant is already bound to the Microsoft Store account "${live.name}" (directory ` +
        `${directory}). A tenant has one Microsoft Store account and the binding cannot be ` +
        'changed; use that account.',
      { field: 'tenantDirectoryId', accountId: live.id, tenantDirectoryId: directory },
    );
  }
  const other = bound
    .map((a) => parseSettings(a.settings).tenantDirectoryId)
    .find((d) => d !== undefined && d.toLowerCase() !== directoryId.toLowerCase());
  if (other !== undefined) {
    throw new ConflictError(
      'MICROSOFT_ACCOUNT_EXISTS',
      `This tenant was bound to the Microsoft Store account of directory ${other}, and the ` +
        'binding cannot be changed: connect that directory again.',
      { field: 'tenantDirectoryId', tenantDirectoryId: other },
    );
  }
}

/** One directory's Store account belongs to one tenant of the deployment (like R-T3). */
async function ensureDirectoryFree(db: Kysely<Database>, directoryKey: string): Promise<void> {
  const holder = await db
    .selectFrom('accounts')
    .select('id')
    .where('store', '=', 'microsoft')
    .where('locationKey', '=', directoryKey)
    .executeTakeFirst();
  if (holder !== undefined) throw directoryTaken();
}

function directoryTaken(): ConflictError {
  return new ConflictError(
    'LOCATION_TAKEN',
    "This directory's Microsoft Store account is connected to another tenant of this deployment",
    { field: 'tenantDirectoryId' },
  );
}

/** The tenant's default space, where its Microsoft account and Store apps live. */
async function defaultSpaceOf(db: Kysely<Database>, actor: Actor): Promise<string> {
  const space = await db
    .selectFrom('spaces')
    .select('id')
    .where('tenantId', '=', actor.tenantId)
    .where('isDefault', '=', 1)
    .executeTakeFirstOrThrow();
  if (actor.spaceId !== null && actor.spaceId !== space.id) {
    throw new ForbiddenError(
      'The Microsoft Store account belongs to the whole tenant: an administrator of the tenant or of its default space connects it',
      { spaceId: actor.spaceId },
    );
  }
  return space.id;
}

/** R-T11: adds the tenant's Microsoft Store account and queues its first sync. */
export async function createMicrosoftAccount(
  ctx: StoreContext,
  actor: Actor,
  input: MicrosoftAccountInput,
): Promise<AccountWithWarnings> {
  const now = ctx.clock.now();
  const credentials = {
    tenantDirectoryId: input.tenantDirectoryId.trim(),
    clientId: input.clientId.trim(),
    clientSecret: input.clientSecret,
    language: input.language,
  };
  const directoryKey = credentials.tenantDirectoryId.toLowerCase();
  // Checked before the store is asked, and again in the transaction.
  await defaultSpaceOf(ctx.db.kysely, actor);
  await ensureTenantUnbound(ctx.db.kysely, actor.tenantId, credentials.tenantDirectoryId);
  await ensureDirectoryFree(ctx.db.kysely, directoryKey);
  let description: MicrosoftTokenDescription;
  try {
    description = await ctx.stores.microsoft.describeToken(credentials);
  } catch (error) {
    throw credentialsRefusal(error);
  }

  const { row, jobId } = await ctx.db.transaction(async (trx) => {
    // Serialises binds of one tenant (a no-op update takes the tenant row's lock).
    await trx
      .updateTable('tenants')
      .set((eb) => ({ name: eb.ref('name') }))
      .where('id', '=', actor.tenantId)
      .execute();
    const spaceId = await defaultSpaceOf(trx, actor);
    await ensureTenantUnbound(trx, actor.tenantId, credentials.tenantDirectoryId);
    const settings: MicrosoftSettings = {
      tenantDirectoryId: credentials.tenantDirectoryId,
      language: credentials.language,
    };
    const row = await newAccountRow(
      trx,
      {
        tenantId: actor.tenantId,
        spaceId,
        store: 'microsoft',
        name: input.name,
        status: 'syncing',
        statusReason: 'First sync queued',
        scheduled: true,
      },
      {
        tokenEncrypted: encryptSecret(
          ctx.secretKey,
          storedCredentials(
            credentials.tenantDirectoryId,
            credentials.clientId,
            credentials.clientSecret,
          ),
        ),
        locationKey: directoryKey,
        organizationName: description.organizationName,
        locationName: description.defaultDomain ?? (description.locationName || null),
        // Store apps go to whoever is assigned them; distribution may still reserve or prohibit.
        autoDistributeToAllUsers: 1,
        settings: JSON.stringify(settings),
        tokenExpiresAt: description.secretExpiresAt?.toISOString() ?? null,
      },
      now,
    );
    try {
      await trx.insertInto('accounts').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw directoryTaken();
      throw error;
    }
    const jobId = await queueAccountSync(trx, row, true, now);
    await recordActivity(trx, actor, now, {
      action: 'account.create',
      subject: { type: 'account', id: row.id, name: row.name },
      spaceId,
      after: presentAccount(row),
    });
    return { row, jobId };
  });
  return { ...presentAccount(row), warnings: [], syncJobId: jobId };
}

/** The stored secret of a Microsoft account: the management app's credentials, as JSON. */
function storedCredentials(tenantDirectoryId: string, clientId: string, clientSecret: string) {
  return JSON.stringify({ tenantDirectoryId, clientId, clientSecret });
}

/**
 * R-T11: replaces the management app's client secret in place. The new secret is checked with
 * the store first (same refusals as when the account was added: nothing changes when it is
 * refused); then it is stored encrypted, the account's auth problem and its notifications are
 * cleared, and a full sync is queued. The binding, the pools and every licence stay.
 */
export async function renewMicrosoftClientSecret(
  ctx: StoreContext,
  actor: Actor,
  id: string,
  input: { clientSecret: string },
): Promise<AccountWithWarnings> {
  const now = ctx.clock.now();
  const current = await getAccountRow(ctx.db.kysely, actor, id);
  if (current.store !== 'microsoft') {
    throw new RuleViolationError(
      'NOT_SUPPORTED',
      'Only Microsoft Store accounts have a client secret; an Apple account takes its token file',
      { field: 'clientSecret', store: current.store },
    );
  }
  if (current.tokenEncrypted === null) {
    throw new RuleViolationError('TOKEN_MISSING', `Account ${id} has no credentials`, {
      accountId: id,
    });
  }
  const known = microsoftCredentialsOf(
    decryptSecret(ctx, current.tokenEncrypted),
    current.settings,
  );
  const credentials = { ...known, clientSecret: input.clientSecret };
  let description: MicrosoftTokenDescription;
  try {
    description = await ctx.stores.microsoft.describeToken(credentials);
  } catch (error) {
    throw credentialsRefusal(error);
  }
  const change = statusAfterNewToken(false);
  const { after, jobId } = await ctx.db.transaction(async (trx) => {
    const before = await getAccountRow(trx, actor, id);
    await trx
      .updateTable('accounts')
      .set({
        tokenEncrypted: encryptSecret(
          ctx.secretKey,
          storedCredentials(known.tenantDirectoryId, known.clientId, input.clientSecret),
        ),
        tokenCreatedAt: now.toISOString(),
        tokenExpiresAt: description.secretExpiresAt?.toISOString() ?? null,
        organizationName: description.organizationName,
        locationName: description.defaultDomain ?? (description.locationName || null),
        // A new expiry date: its warnings start afresh (R-T10).
        expiryWarningsSent: '[]',
        authProblem: null,
        status: change.status,
        statusReason: 'Client secret replaced; sync queued',
        nextSyncAt: new Date(now.getTime() + before.syncIntervalMinutes * 60_000).toISOString(),
        updatedAt: now.toISOString(),
      })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    for (const kind of change.clears) {
      await clearNotifications(trx, before.tenantId, { kind, subjectId: id }, now);
    }
    const jobId = await queueAccountSync(trx, before, true, now);
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
  return { ...presentAccount(after), warnings: [], syncJobId: jobId };
}
