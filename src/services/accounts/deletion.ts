/**
 * R-T8: deleting an account is destructive and needs explicit confirmation. Its licences are
 * revoked (the store is told through the outbox), reservations drawn from it are lost, the
 * apps it bought stay in the catalog, and installed apps keep their grace period (R-V4).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ACCOUNT_NOTIFICATION_KINDS } from '../../domain/accountStatus.js';
import { ValidationError } from '../../domain/errors.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { compactPriorities } from './priority.js';
import { getAccountRow, presentAccount } from './accounts.js';
import { releaseLicenses } from '../ledger/release.js';
import { clearNotifications } from '../monitoring/notifications.js';
import { noteUsageChange } from '../ledger/usageEvaluation.js';

/** What an administrator loses, said before anything is deleted. */
function consequences(activeLicenses: number, reservations: number): string {
  return (
    `Deleting this account revokes its ${activeLicenses} active licence(s) and loses ` +
    `${reservations} reservation(s) drawn from it. The apps it bought stay in the catalog ` +
    '(users may buy them themselves); apps users installed stay usable for the 30-day grace ' +
    'period so they can move them to a personal account. Repeat with confirm=true to delete.'
  );
}

export async function deleteAccount(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  options: { confirm: boolean },
): Promise<{ revokedLicenses: number }> {
  if (!options.confirm) {
    const db = ctx.db.kysely;
    await getAccountRow(db, actor, id);
    const licenses = await activeLicenseCount(db, actor.tenantId, id);
    const reservations = await reservationCount(db, actor.tenantId, id);
    throw new ValidationError(
      consequences(licenses, reservations),
      { field: 'confirm', activeLicenses: licenses, reservations },
      'CONFIRMATION_REQUIRED',
    );
  }
  return ctx.db.transaction(async (trx) => {
    const now = ctx.clock.now();
    const account = await getAccountRow(trx, actor, id);
    const licenses = await trx
      .selectFrom('licenses')
      .selectAll()
      .where('tenantId', '=', actor.tenantId)
      .where('accountId', '=', id)
      .where('state', '=', 'active')
      .execute();
    const released = await releaseLicenses(trx, actor.tenantId, licenses, {
      cause: 'accountDeleted',
      action: 'account.delete',
      at: now,
    });
    const revoked = released.length;

    await trx
      .deleteFrom('distributionEntries')
      .where('tenantId', '=', actor.tenantId)
      .where('accountId', '=', id)
      .execute();
    const pools = await trx
      .selectFrom('pools')
      .select('productId')
      .where('tenantId', '=', actor.tenantId)
      .where('accountId', '=', id)
      .execute();
    await trx
      .deleteFrom('pools')
      .where('tenantId', '=', actor.tenantId)
      .where('accountId', '=', id)
      .execute();
    // The row stays, hidden, so the outbox can still send the disassociations with its token;
    // the location is freed so that it can be connected again.
    await trx
      .updateTable('accounts')
      .set({
        status: 'deleted',
        statusReason: 'Deleted',
        locationKey: null,
        notificationSecretHash: null,
        nextSyncAt: null,
        updatedAt: now.toISOString(),
      })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await compactPriorities(
      trx,
      { tenantId: actor.tenantId, spaceId: account.spaceId, store: account.store },
      now,
    );
    for (const kind of ACCOUNT_NOTIFICATION_KINDS) {
      await clearNotifications(trx, actor.tenantId, { kind, subjectId: id }, now);
    }
    // Its pools are gone: the product's usage in the space changes with them (R-M5).
    await noteUsageChange(
      trx,
      actor.tenantId,
      pools.map((p) => p.productId),
      now,
    );
    await recordActivity(trx, actor, now, {
      action: 'account.delete',
      subject: { type: 'account', id, name: account.name },
      spaceId: account.spaceId,
      before: presentAccount(account),
      after: { revokedLicenses: revoked },
    });
    return { revokedLicenses: revoked };
  });
}

async function activeLicenseCount(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
): Promise<number> {
  const row = await db
    .selectFrom('licenses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenantId', '=', tenantId)
    .where('accountId', '=', accountId)
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function reservationCount(
  db: Kysely<Database>,
  tenantId: string,
  accountId: string,
): Promise<number> {
  const row = await db
    .selectFrom('distributionEntries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenantId', '=', tenantId)
    .where('accountId', '=', accountId)
    .where('kind', 'in', ['reservedUser', 'reservedDevice'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
