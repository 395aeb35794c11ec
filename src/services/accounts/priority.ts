/**
 * R-T9: the Apple accounts of a space have a strict priority order, 1 first. Moving one
 * account renumbers the others 1..n; nothing else (no licence) changes.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The accounts of one store in one space that take part in the order (deleted ones do not). */
async function orderedAccounts(
  db: Kysely<Database>,
  scope: { tenantId: string; spaceId: string; store: string },
): Promise<Array<{ id: string; priority: number }>> {
  return db
    .selectFrom('accounts')
    .select(['id', 'priority'])
    .where('tenantId', '=', scope.tenantId)
    .where('spaceId', '=', scope.spaceId)
    .where('store', '=', scope.store)
    .where('status', '!=', 'deleted')
    .orderBy('priority')
    .orderBy('id')
    .execute();
}

/** The priority a new account of this store gets in the space: after the existing ones. */
export async function nextPriority(
  db: Kysely<Database>,
  scope: { tenantId: string; spaceId: string; store: string },
): Promise<number> {
  const accounts = await orderedAccounts(db, scope);
  return accounts.length + 1;
}

/**
 * Puts `accountId` at `priority` (clamped to 1..n) and renumbers the space's accounts 1..n
 * (n = their count), keeping the others' relative order. Returns the account's new priority.
 */
export async function moveAccount(
  db: Kysely<Database>,
  scope: { tenantId: string; spaceId: string; store: string },
  accountId: string,
  priority: number,
  at: Date,
): Promise<number> {
  const others = (await orderedAccounts(db, scope)).filter((a) => a.id !== accountId);
  const index = Math.min(Math.max(priority, 1), others.length + 1) - 1;
  const order = [
    ...others.slice(0, index),
    { id: accountId, priority: -1 },
    ...others.slice(index),
  ];
  await renumber(db, scope.tenantId, order, at);
  return index + 1;
}

/** Closes the gap an account leaves when it is deleted. */
export async function compactPriorities(
  db: Kysely<Database>,
  scope: { tenantId: string; spaceId: string; store: string },
  at: Date,
): Promise<void> {
  await renumber(db, scope.tenantId, await orderedAccounts(db, scope), at);
}

async function renumber(
  db: Kysely<Database>,
  tenantId: string,
  order: Array<{ id: string; priority: number }>,
  at: Date,
): Promise<void> {
  for (const [i, account] of order.entries()) {
    if (account.priority === i + 1) continue;
    await db
      .updateTable('accounts')
      .set({ priority: i + 1, updatedAt: at.toISOString() })
      .where('tenantId', '=', tenantId)
      .where('id', '=', account.id)
      .execute();
  }
}
