/**
 * R-T12: the seat count of an ISV subscription changes here only when it was bought through the
 * marketplace, and never below the seats in use; a vendor-bought count is read-only (contact
 * the vendor). Apple and Microsoft counts come from their store.
 */
import type { Kysely } from 'kysely';
import type { AccountTable, Database } from '../../../db/schema.js';
import { SeatsBelowInUseError } from '../../../domain/errors.js';
import { changeSeats } from '../../../domain/seats.js';
import type { Store } from '../../../domain/types.js';
import type { Actor } from '../../access/actor.js';
import { recordActivity } from '../../monitoring/activity.js';
import { isvSettingsOf, parseSettings } from '../settings.js';
import { noteUsageChange } from '../../ledger/usageEvaluation.js';

/**
 * R-T12: sets the seat count of a marketplace subscription. The pool's total moves with a
 * guarded update, so a concurrent grant can never leave more seats in use than there are.
 */
export async function changeIsvSeats(
  db: Kysely<Database>,
  actor: Actor,
  row: AccountTable,
  requested: number,
  at: Date,
): Promise<void> {
  const isv = isvSettingsOf(row);
  const pool =
    isv === null
      ? undefined
      : await db
          .selectFrom('pools')
          .selectAll()
          .where('tenantId', '=', actor.tenantId)
          .where('accountId', '=', row.id)
          .where('productId', '=', isv.productId)
          .executeTakeFirst();
  const change = changeSeats(
    {
      store: row.store as Store,
      ...(isv !== null && { purchasedThrough: isv.purchasedThrough }),
      seats: pool?.total ?? 0,
      inUse: pool?.inUse ?? 0,
    },
    requested,
  );
  if (isv === null || pool === undefined) return;
  const moved = await db
    .updateTable('pools')
    .set({ total: change.seats, updatedAt: at.toISOString() })
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', pool.id)
    .where('inUse', '<=', change.seats)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) {
    const current = await db
      .selectFrom('pools')
      .select('inUse')
      .where('id', '=', pool.id)
      .executeTakeFirstOrThrow();
    throw new SeatsBelowInUseError(requested, current.inUse);
  }
  await db
    .updateTable('accounts')
    .set({
      settings: JSON.stringify({ ...parseSettings(row.settings), seats: change.seats }),
      updatedAt: at.toISOString(),
    })
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', row.id)
    .execute();
  await recordActivity(db, actor, at, {
    action: 'account.seats.change',
    subject: { type: 'account', id: row.id, name: row.name },
    spaceId: row.spaceId,
    before: { seats: pool.total, inUse: pool.inUse },
    after: { seats: change.seats, delta: change.delta, purchasedThrough: isv.purchasedThrough },
  });
  await noteUsageChange(db, actor.tenantId, [isv.productId], at);
}
