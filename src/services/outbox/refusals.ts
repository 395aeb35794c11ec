/**
 * What Allot does when a store says no (R-V8, R-A13, R-T4, R-T10), each in one transaction
 * with the outbox rows it closes:
 * - a refused licence (the store has none left, or does not know its user) is released in the
 *   ledger;
 * - a call the store refused for another reason is marked failed and reported;
 * - a store that refuses the account itself (bad token, claimed elsewhere) puts the account in
 *   `error` (or `claimedElsewhere`) with an `authError` notification, as a sync would
 *   (domain/accountStatus.ts).
 */
import type { Kysely } from 'kysely';
import type { StoreContext } from '../serviceContext.js';
import type { Database, LicenseTable } from '../../db/schema.js';
import type { AuthProblem } from '../../domain/accountStatus.js';
import type { StoreFailure } from '../../stores/connector.js';
import { systemActor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { queueAccountSync } from '../sync/queueSync.js';
import { releaseLicenses } from '../ledger/release.js';
import { raiseNotification } from '../monitoring/notifications.js';
import type { StoreCall } from './enqueue.js';
import { recordAccountProblemIn } from '../accounts/accounts.js';

/** One outbox row the store refused, with the store's reason. */
export interface RefusedCall {
  outboxId: string;
  call: StoreCall;
  failure: Pick<StoreFailure, 'reason' | 'storeErrorNumber' | 'message'>;
}

export interface RefusalOutcome {
  /** Licences rolled back now (a licence already revoked is not counted). */
  released: number;
  /** The incremental sync queued for the account, if any. */
  syncJobId: string | null;
}

function describeFailure(failure: RefusedCall['failure']): string {
  return `${failure.reason} (${failure.storeErrorNumber}): ${failure.message}`.slice(0, 1000);
}

async function closeRows(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly RefusedCall[],
): Promise<void> {
  for (const row of rows) {
    await db
      .updateTable('outbox')
      .set({ state: 'failed', leaseUntil: null, lastError: describeFailure(row.failure) })
      .where('tenantId', '=', tenantId)
      .where('id', '=', row.outboxId)
      .where('state', '=', 'sending')
      .execute();
  }
}

/** What the administrator reads about refused licences of one pool, per reason. */
function refusalNotice(
  reason: RefusedCall['failure']['reason'],
  count: number,
  productName: string,
  accountName: string,
): { message: string; remedy: string } {
  if (reason === 'subjectNotFound') {
    return {
      message:
        `The store does not know ${count} user(s) given a licence of ${productName} on ` +
        `${accountName}, even after registering them again, so it holds no seat for them. ` +
        'Their licences were released.',
      remedy:
        'Check that these users exist in the store (Microsoft Store: their sign-in name in ' +
        'the directory; Apple: they accept the new store invitation), then let their devices ' +
        'check in again.',
    };
  }
  return {
    message:
      `The store refused ${count} licence(s) of ${productName} on ${accountName}: ` +
      "it had no licence left, so its count differed from Allot's. The licences were " +
      'rolled back and the account is being synced.',
    remedy: 'Buy more licences in the store, or free some by revoking unused ones.',
  };
}

/**
 * R-V8, R-A13: the store refused these associations, one subject each: it had no licence
 * left (Apple 9709), so its count differed from ours, or it does not know the user (Apple
 * 9609 after registering them again, Microsoft UserNotFound). Each licence is released
 * without a store call (the store never gave it), marked `refused`, its install shows
 * `noLicense` (`storeRefused`) instead of waiting for ever; a `storeRefused` notification per
 * pool and reason, and for missing licences an incremental sync of the account, bring the
 * ledger back in line with the store. Nothing else of the batch is held back.
 */
export async function reconcileStoreRefusals(
  ctx: Pick<StoreContext, 'db' | 'clock'>,
  input: { tenantId: string; accountId: string; refusals: readonly RefusedCall[] },
): Promise<RefusalOutcome> {
  const { tenantId, accountId, refusals } = input;
  const at = ctx.clock.now();
  const now = at.toISOString();
  const actor = systemActor(tenantId);
  return ctx.db.transaction(async (db) => {
    const account = await db
      .selectFrom('accounts')
      .select(['id', 'name', 'spaceId'])
      .where('tenantId', '=', tenantId)
      .where('id', '=', accountId)
      .executeTakeFirst();
    let released = 0;
    const refusedPerPool = new Map<
      string,
      {
        poolId: string;
        spaceId: string;
        productId: string;
        reason: RefusedCall['failure']['reason'];
        count: number;
      }
    >();
    for (const refusal of refusals) {
      const licenseId = refusal.call.licenseId;
      const license =
        licenseId === undefined
          ? undefined
          : await db
              .selectFrom('licenses')
              .selectAll()
              .where('tenantId', '=', tenantId)
              .where('id', '=', licenseId)
              .where('accountId', '=', accountId)
              .executeTakeFirst();
      if (license === undefined) continue;
      const wasReleased =
        (
          await releaseLicenses(db, tenantId, [license], {
            cause: 'storeRefused',
            action: 'storeRefused',
            at,
          })
        ).length > 0;
      await db
        .updateTable('licenses')
        .set({ storeState: 'refused', updatedAt: now })
        .where('tenantId', '=', tenantId)
        .where('id', '=', license.id)
        .execute();
      let installs = 0;
      if (wasReleased) {
        released += 1;
        installs = await markInstallsRefused(db, license, now);
      }
      const { reason } = refusal.failure;
      const key = `${license.poolId}|${reason}`;
      const pool = refusedPerPool.get(key) ?? {
        poolId: license.poolId,
        spaceId: license.spaceId,
        productId: license.productId,
        reason,
        count: 0,
      };
      pool.count += 1;
      refusedPerPool.set(key, pool);
      await recordActivity(db, actor, at, {
        action: 'license.storeRefused',
        subject: { type: 'license', id: license.id, name: license.subjectName },
        spaceId: license.spaceId,
        before: { state: license.state, storeState: license.storeState },
        after: {
          state: 'revoked',
          storeState: 'refused',
          seatReleased: wasReleased,
          installsWithoutLicense: installs,
          reason: refusal.failure.reason,
          storeError: refusal.failure.storeErrorNumber,
        },
      });
    }
    await closeRows(db, tenantId, refusals);
    if (refusedPerPool.size === 0) return { released, syncJobId: null };

    for (const pool of refusedPerPool.values()) {
      const product = await db
        .selectFrom('products')
        .select('name')
        .where('tenantId', '=', tenantId)
        .where('id', '=', pool.productId)
        .executeTakeFirst();
      const productName = product?.name ?? pool.productId;
      const accountName = account?.name ?? accountId;
      await raiseNotification(
        db,
        tenantId,
        {
          kind: 'storeRefused',
          severity: 'alert',
          subject: { type: 'pool', id: pool.poolId, name: `${productName} (${accountName})` },
          spaceId: pool.spaceId,
          ...refusalNotice(pool.reason, pool.count, productName, accountName),
        },
        at,
      );
    }
    // A count that differed is read again; an unknown user is not something a sync mends.
    const countsDiffer = [...refusedPerPool.values()].some(
      (p) => p.reason === 'noLicenseAvailable',
    );
    const syncJobId = countsDiffer
      ? await queueAccountSync(db, { tenantId, id: accountId }, false, at)
      : null;
    return { released, syncJobId };
  });
}

/** The installs that relied on a refused licence show `noLicense` with reason `storeRefused`. */
async function markInstallsRefused(
  db: Kysely<Database>,
  license: LicenseTable,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('installs')
    .set({ state: 'noLicense', reason: 'storeRefused', licenseId: null, updatedAt: now })
    .where('tenantId', '=', license.tenantId)
    .where('state', 'not in', ['removed', 'uninstallPending'])
    .where((eb) => {
      const byLicense = eb('licenseId', '=', license.id);
      if (license.subjectType !== 'device' || license.catalogAppId === null) return byLicense;
      // A device licence whose install was not linked to it yet: the device's install of the app.
      return eb.or([
        byLicense,
        eb.and([
          eb('licenseId', 'is', null),
          eb('deviceId', '=', license.subjectId),
          eb('catalogAppId', '=', license.catalogAppId),
        ]),
      ]);
    })
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Calls the store answered with a refusal Allot cannot repair by itself (an unknown user, a
 * conflict): the rows are closed as `failed`, licences they mirrored show `storeState:
 * failed`, and one `storeRefused` warning per account tells the administrator.
 */
export async function recordFailedStoreCalls(
  ctx: Pick<StoreContext, 'db' | 'clock'>,
  input: { tenantId: string; accountId: string; failures: readonly RefusedCall[] },
): Promise<void> {
  const { tenantId, accountId, failures } = input;
  if (failures.length === 0) return;
  const at = ctx.clock.now();
  const now = at.toISOString();
  const actor = systemActor(tenantId);
  await ctx.db.transaction(async (db) => {
    const account = await db
      .selectFrom('accounts')
      .select(['id', 'name', 'spaceId'])
      .where('tenantId', '=', tenantId)
      .where('id', '=', accountId)
      .executeTakeFirst();
    for (const failed of failures) {
      const { call } = failed;
      const license =
        call.licenseId === undefined
          ? undefined
          : await db
              .selectFrom('licenses')
              .select(['id', 'subjectName', 'spaceId', 'storeState'])
              .where('tenantId', '=', tenantId)
              .where('id', '=', call.licenseId)
              .executeTakeFirst();
      if (license !== undefined && call.operation === 'associate') {
        await db
          .updateTable('licenses')
          .set({ storeState: 'failed', updatedAt: now })
          .where('tenantId', '=', tenantId)
          .where('id', '=', license.id)
          .where('storeState', '=', 'pending')
          .execute();
      }
      await recordActivity(db, actor, at, {
        action: 'store.callFailed',
        subject:
          license !== undefined
            ? { type: 'license', id: license.id, name: license.subjectName }
            : {
                type: 'storeUser',
                id: call.clientUserId ?? call.serialNumber ?? failed.outboxId,
                name: call.email ?? null,
              },
        spaceId: license?.spaceId ?? account?.spaceId ?? null,
        after: {
          operation: call.operation,
          storeProductId: call.storeProductId ?? null,
          reason: failed.failure.reason,
          storeError: failed.failure.storeErrorNumber,
          message: failed.failure.message,
        },
      });
    }
    await closeRows(db, tenantId, failures);
    const first = failures[0]!.failure;
    const accountName = account?.name ?? accountId;
    await raiseNotification(
      db,
      tenantId,
      {
        kind: 'storeRefused',
        severity: 'warning',
        subject: { type: 'account', id: accountId, name: account?.name ?? null },
        spaceId: account?.spaceId ?? null,
        message:
          `The store refused ${failures.length} call(s) for ${accountName}, e.g. ` +
          `${first.reason} (${first.storeErrorNumber}): ${first.message}`,
        remedy:
          'See the activity log (store.callFailed) for the subjects concerned; check that ' +
          'they exist in the store, then sync the account.',
      },
      at,
    );
  });
}

/** R-T10, R-T4: the problems for which the store refuses the account itself. */
export type AccountProblem = AuthProblem;

/**
 * R-T10, R-T4: the store refuses the account itself. The account takes the status, the
 * notification and the remedy the problem calls for, exactly as when a sync finds it
 * (accounts.ts, domain/accountStatus.ts), unless it waits on this problem already; a deleted
 * account keeps its status. `message` is the store's own words, kept in the activity log.
 * Returns whether the status changed.
 */
export async function recordAccountProblem(
  ctx: Pick<StoreContext, 'db' | 'clock'>,
  input: { tenantId: string; accountId: string; problem: AccountProblem; message: string },
): Promise<boolean> {
  const { tenantId, accountId, problem } = input;
  const at = ctx.clock.now();
  return ctx.db.transaction(async (db) => {
    const recorded = await recordAccountProblemIn(db, { tenantId, id: accountId }, problem, at);
    if (recorded === null) return false;
    const { before, after } = recorded;
    await recordActivity(db, systemActor(tenantId), at, {
      action: 'account.statusChange',
      subject: { type: 'account', id: accountId, name: before.name },
      spaceId: before.spaceId,
      before: { status: before.status, authProblem: before.authProblem },
      after: {
        status: after.status,
        authProblem: after.authProblem,
        storeMessage: input.message.slice(0, 1000),
      },
    });
    return true;
  });
}
