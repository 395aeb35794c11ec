/**
 * Apple's push notifications for an account (reference §4). The store presents the account's
 * secret as Bearer (only its SHA-256 is stored). Changes to assets and assignments queue an
 * incremental sync (R-T7); a user accepting the invitation is applied at once (R-A10).
 * Apple may deliver a notification twice: duplicates are dropped, and handling one twice is
 * harmless anyway (a queued sync is reused, statuses are set, not counted).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServiceContext } from '../serviceContext.js';
import { canSync, type StoredAccountStatus } from '../../domain/accountStatus.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../domain/errors.js';
import { parseAppleNotification } from '../../stores/apple/notifications.js';
import { systemActor } from '../access/actor.js';
import { queueAccountSync } from './queueSync.js';
import { applyStoreUserStatuses } from './storeUsers.js';

const TTL_MS = 10 * 60 * 1000;

/** Notification IDs handled recently (Zentral keeps them 10 minutes). */
export class RecentNotifications {
  private readonly seen = new Map<string, number>();

  has(id: string, nowMs: number): boolean {
    for (const [key, at] of this.seen) {
      if (nowMs - at < TTL_MS) break;
      this.seen.delete(key);
    }
    return this.seen.has(id);
  }

  remember(id: string, nowMs: number): void {
    this.seen.set(id, nowMs);
  }
}

export interface NotificationReceipt {
  received: true;
  duplicate: boolean;
  /** What Allot did with it. */
  action: 'none' | 'syncQueued' | 'usersUpdated' | 'ignored';
}

function secretMatches(authorization: string | undefined, storedHash: string | null): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1] || storedHash === null || !/^[0-9a-f]{64}$/.test(storedHash)) return false;
  const presented = createHash('sha256').update(match[1]).digest();
  return timingSafeEqual(presented, Buffer.from(storedHash, 'hex'));
}

export async function receiveAppleNotification(
  ctx: ServiceContext,
  recent: RecentNotifications,
  accountId: string,
  authorization: string | undefined,
  body: unknown,
): Promise<NotificationReceipt> {
  const account = await ctx.db.kysely
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', accountId)
    .where('store', '=', 'apple')
    .where('status', '!=', 'deleted')
    .executeTakeFirst();
  if (account === undefined) throw new NotFoundError('account', accountId);
  if (!secretMatches(authorization, account.notificationSecretHash)) {
    throw new UnauthenticatedError('The notification secret is not valid for this account');
  }
  const notification = parseAppleNotification(body);
  if (notification.uId !== '' && account.locationKey !== null) {
    if (notification.uId !== account.locationKey) {
      throw new ValidationError(
        'The notification is for another location',
        { field: 'uId' },
        'INVALID_NOTIFICATION',
      );
    }
  }
  const now = ctx.clock.now();
  const key = `${accountId}:${notification.notificationId}`;
  if (recent.has(key, now.getTime())) return { received: true, duplicate: true, action: 'none' };

  let action: NotificationReceipt['action'] = 'none';
  switch (notification.type) {
    case 'TEST_NOTIFICATION':
      break;
    case 'ASSET_COUNT':
    case 'ASSET_MANAGEMENT':
    case 'USER_MANAGEMENT':
      // Accounts waiting for an administrator (R-T10, R-T4) are not synced by the store's say.
      if (!canSync(account.status as StoredAccountStatus, 'automatic')) {
        action = 'ignored';
        break;
      }
      await ctx.db.transaction(async (trx) => {
        await queueAccountSync(trx, account, false, now);
      });
      action = 'syncQueued';
      break;
    case 'USER_ASSOCIATED':
      await ctx.db.transaction(async (trx) => {
        const users = notification.users.map((u) => ({ ...u, status: 'associated' as const }));
        await applyStoreUserStatuses(trx, systemActor(account.tenantId), account, users, now);
      });
      action = 'usersUpdated';
      break;
    default:
      action = 'ignored';
  }
  recent.remember(key, now.getTime());
  return { received: true, duplicate: false, action };
}
