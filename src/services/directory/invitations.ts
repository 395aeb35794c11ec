/**
 * R-A10: a user joins the store's programme before holding user licences. Allot registers the
 * user at the store (clientUserId = the user's ID) through the outbox; the store's invitation
 * reaches the user, who accepts it from the catalog; the store then reports the user
 * associated (push notification or sync) and enrolment becomes `joined`.
 */
import type { Kysely } from 'kysely';
import type { Database, UserTable } from '../../db/schema.js';
import { canSync, statusesThat } from '../../domain/accountStatus.js';
import { RuleViolationError } from '../../domain/errors.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { enqueueStoreCall } from '../outbox/enqueue.js';
import { getUserRow, presentUser, type User } from './users.js';

/** Accounts Allot does not manage at the store (gone, or claimed by another product). */
const NOT_AT_THE_STORE = statusesThat((status) => !canSync(status, 'administrator'));

/**
 * Registers the user with every Apple account of their space that does not know them yet and
 * marks them invited. Returns false when there is no Apple account to join.
 */
export async function inviteUser(
  db: Kysely<Database>,
  actor: Actor,
  user: UserTable,
  at: Date,
): Promise<boolean> {
  const accounts = await db
    .selectFrom('accounts')
    .select('id')
    .where('tenantId', '=', user.tenantId)
    .where('spaceId', '=', user.spaceId)
    .where('store', '=', 'apple')
    .where('status', 'not in', NOT_AT_THE_STORE)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('storeUsers')
            .select('userId')
            .whereRef('storeUsers.accountId', '=', 'accounts.id')
            .where('storeUsers.userId', '=', user.id),
        ),
      ),
    )
    .execute();
  for (const account of accounts) {
    await db
      .insertInto('storeUsers')
      .values({
        tenantId: user.tenantId,
        accountId: account.id,
        userId: user.id,
        clientUserId: user.id,
        status: 'pending',
        inviteCode: null,
        updatedAt: at.toISOString(),
      })
      .execute();
    await enqueueStoreCall(
      db,
      user.tenantId,
      account.id,
      { operation: 'createUser', clientUserId: user.id, email: user.email },
      at,
    );
  }
  if (user.enrolment === 'none' && accounts.length > 0) {
    await db
      .updateTable('users')
      .set({ enrolment: 'invited', updatedAt: at.toISOString() })
      .where('id', '=', user.id)
      .execute();
    await recordActivity(db, actor, at, {
      action: 'user.invite',
      subject: { type: 'user', id: user.id, name: user.displayName },
      spaceId: user.spaceId,
      before: { enrolment: user.enrolment },
      after: { enrolment: 'invited' },
    });
  }
  return accounts.length > 0 || user.enrolment !== 'none';
}

/** `POST /users/{id}/invite`: sends the store invitation now. */
export async function sendInvitation(
  ctx: ServiceContext,
  actor: Actor,
  userId: string,
): Promise<User> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const user = await getUserRow(trx, actor, userId);
    if (user.enrolment === 'joined') return presentUser(user);
    const invited = await inviteUser(trx, actor, user, at);
    if (!invited) {
      throw new RuleViolationError(
        'NO_STORE_ACCOUNT',
        'The user\u2019s space has no Apple account to join; add one first',
        {
          spaceId: user.spaceId,
        },
      );
    }
    return presentUser(await getUserRow(trx, actor, userId));
  });
}
