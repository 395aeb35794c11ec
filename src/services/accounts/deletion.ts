/**
 * R-T8: deleting an account is destructive and needs explicit confirmation. Its licences are
 * revoked (the store is told through the outbox), reservations drawn from it are lost, the
 * apps it bought stay in the catalog, and installed apps keep their grace period (R-V4).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ValidationError } from '../../domain/errors.js';
import { licenseGraceUntil, revocationEffect } from '../../domain/revocationEffects.js';
import type { Platform } from '../../domain/types.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { compactPriorities } from './priority.js';
import { getAccountRow, presentAccount } from './accounts.js';
import { releaseLicense } from '../ledger/ledger.js';
import { clearNotifications, type NotificationKind } from '../monitoring/notifications.js';
import type { StoreCall } from '../outbox/enqueue.js';
import { storeCallFor, userPrincipalNames } from '../outbox/storeCalls.js';
import { evaluateUsageNotifications } from '../ledger/usageEvaluation.js';

const ACCOUNT_NOTIFICATIONS: NotificationKind[] = ['authError', 'syncFailed', 'tokenExpiring'];

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
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const account = await getAccountRow(trx, actor, id);
    const licenses = await trx
      .selectFrom('licenses as l')
      .innerJoin('products as p', 'p.id', 'l.productId')
      .selectAll('l')
      .select(['p.storeProductId', 'p.pricingParam', 'p.store', 'p.licenseModel'])
      .where('l.tenantId', '=', actor.tenantId)
      .where('l.accountId', '=', id)
      .where('l.state', '=', 'active')
      .execute();
    const platforms = await platformsOf(trx, actor.tenantId, licenses);
    const clientUserIds = new Map(
      (
        await trx
          .selectFrom('storeUsers')
          .select(['userId', 'clientUserId'])
          .where('tenantId', '=', actor.tenantId)
          .where('accountId', '=', id)
          .execute()
      ).map((u) => [u.userId, u.clientUserId]),
    );

    const upns =
      account.store === 'microsoft'
        ? await userPrincipalNames(trx, actor.tenantId, [
            ...new Set(licenses.map((l) => l.subjectId)),
          ])
        : new Map<string, string>();

    let revoked = 0;
    for (const license of licenses) {
      const isDevice = license.subjectType === 'device';
      const grace = isDevice
        ? revocationEffect('accountDeleted', platforms.get(license.subjectId)?.[0] ?? 'ios', now)
            .graceUntil
        : licenseGraceUntil(platforms.get(license.subjectId) ?? [], now);
      const subject = isDevice
        ? license.serialNumber === null
          ? null
          : { serialNumber: license.serialNumber }
        : clientUserIds.has(license.subjectId)
          ? { clientUserId: clientUserIds.get(license.subjectId)! }
          : null;
      const storeCall: StoreCall | null =
        account.store !== 'apple'
          ? storeCallFor(license, license, 'disassociate', upns.get(license.subjectId))
          : subject === null
            ? null
            : {
                operation: 'disassociate',
                storeProductId: license.storeProductId,
                pricingParam: license.pricingParam,
                ...subject,
              };
      const released = await releaseLicense(trx, license, {
        action: 'account.delete',
        at: now,
        graceUntil: grace,
        restoreReservation: false,
        storeCall,
      });
      if (released) revoked += 1;
    }

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
    for (const kind of ACCOUNT_NOTIFICATIONS) {
      await clearNotifications(trx, actor.tenantId, { kind, subjectId: id }, now);
    }
    await evaluateUsageNotifications(
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

/**
 * The platforms each licence holder has apps on: a device's own platform; for a user, the
 * platforms of the user's devices (a user licence covers all of them, R-V4).
 */
async function platformsOf(
  db: Kysely<Database>,
  tenantId: string,
  licenses: ReadonlyArray<{ subjectType: string; subjectId: string }>,
): Promise<Map<string, Platform[]>> {
  const deviceIds = licenses.filter((l) => l.subjectType === 'device').map((l) => l.subjectId);
  const userIds = licenses.filter((l) => l.subjectType === 'user').map((l) => l.subjectId);
  const result = new Map<string, Platform[]>();
  if (deviceIds.length === 0 && userIds.length === 0) return result;
  const devices = await db
    .selectFrom('devices')
    .select(['id', 'platform', 'primaryUserId'])
    .where('tenantId', '=', tenantId)
    .where((eb) =>
      eb.or([
        ...(deviceIds.length > 0 ? [eb('id', 'in', deviceIds)] : []),
        ...(userIds.length > 0 ? [eb('primaryUserId', 'in', userIds)] : []),
      ]),
    )
    .execute();
  const add = (key: string, platform: Platform) =>
    result.set(key, [...(result.get(key) ?? []), platform]);
  for (const device of devices) {
    const platform = device.platform as Platform;
    add(device.id, platform);
    if (device.primaryUserId !== null) add(device.primaryUserId, platform);
  }
  return result;
}
