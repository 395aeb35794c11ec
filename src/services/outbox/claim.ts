/**
 * R-V8: which calls a sender may take, and taking them with a lease.
 *
 * An account's calls go out in their order (`seq`, enqueue.ts), one sender at a time: a claim
 * takes the account row's lock until it commits, so claims of one account never interleave,
 * whatever the number of processes; a claim finds nothing while another sender holds a live
 * lease on the account's rows; and it takes nothing at or after a call that waits for a retry,
 * so a later call never overtakes an earlier one.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Database, OutboxRow } from '../../db/schema.js';
import type { StoreContext } from '../serviceContext.js';
import { idChunks } from './idChunks.js';
import { OUTBOX_LEASE_MS, type DrainOptions } from './policy.js';

/** The rows of one account claimed by this process, in order. */
export interface ClaimedCalls {
  tenantId: string;
  accountId: string;
  rows: OutboxRow[];
}

export interface AccountRef {
  tenantId: string;
  accountId: string;
}

/** Rows that may be claimed now: due, or left `sending` by a process whose lease ran out. */
function claimable(nowIso: string) {
  return (eb: ExpressionBuilder<Database, 'outbox'>) =>
    eb.or([
      eb.and([eb('state', '=', 'pending'), eb('nextAttemptAt', '<=', nowIso)]),
      eb.and([eb('state', '=', 'sending'), eb('leaseUntil', '<', nowIso)]),
    ]);
}

/** Accounts with a call that may be claimed now. */
export async function dueAccounts(ctx: StoreContext, limit: number): Promise<AccountRef[]> {
  const nowIso = ctx.clock.now().toISOString();
  // The worker serves every tenant: this scan is the one query not confined to a tenant.
  return ctx.db.kysely
    .selectFrom('outbox')
    .select(['tenantId', 'accountId'])
    .distinct()
    .where(claimable(nowIso))
    .orderBy('accountId')
    .limit(limit)
    .execute();
}

/**
 * When a call that cannot be claimed now may next be: the earliest retry, or the end of a
 * sender's lease. Null when nothing waits.
 */
export async function nextClaimAt(ctx: StoreContext): Promise<Date | null> {
  const nowIso = ctx.clock.now().toISOString();
  const db = ctx.db.kysely;
  const [retry, lease] = await Promise.all([
    db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min<string>('nextAttemptAt').as('at'))
      .where('state', '=', 'pending')
      .where('nextAttemptAt', '>', nowIso)
      .executeTakeFirst(),
    db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min<string>('leaseUntil').as('at'))
      .where('state', '=', 'sending')
      .where('leaseUntil', '>', nowIso)
      .executeTakeFirst(),
  ]);
  const times = [retry?.at, lease?.at].filter((at): at is string => typeof at === 'string');
  return times.length === 0 ? null : new Date(times.sort()[0]!);
}

/** Claims an account's due calls, in order, with a lease (see the file comment). */
export async function claimAccountCalls(
  ctx: StoreContext,
  { tenantId, accountId }: AccountRef,
  options: DrainOptions,
): Promise<OutboxRow[]> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? OUTBOX_LEASE_MS)).toISOString();
  const limit = options.maxRowsPerAccount ?? 5000;
  return ctx.db.transaction(async (db) => {
    // Takes the account row's lock until commit (a no-op update: portable, unlike SELECT … FOR
    // UPDATE). On SQLite, this first write takes the database's one write lock.
    await db
      .updateTable('accounts')
      .set((eb) => ({ updatedAt: eb.ref('updatedAt') }))
      .where('tenantId', '=', tenantId)
      .where('id', '=', accountId)
      .execute();
    // Each statement reads what committed before it, so a claim that waited for the lock sees
    // the rows the other claim took.
    const busy = await db
      .selectFrom('outbox')
      .select('id')
      .where('tenantId', '=', tenantId)
      .where('accountId', '=', accountId)
      .where('state', '=', 'sending')
      .where('leaseUntil', '>=', nowIso)
      .limit(1)
      .executeTakeFirst();
    if (busy !== undefined) return [];
    const waiting = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min<number>('seq').as('seq'))
      .where('tenantId', '=', tenantId)
      .where('accountId', '=', accountId)
      .where('state', '=', 'pending')
      .where('nextAttemptAt', '>', nowIso)
      .executeTakeFirst();
    const before = waiting?.seq ?? null;
    const rows = await db
      .selectFrom('outbox')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('accountId', '=', accountId)
      .where(claimable(nowIso))
      .$if(before !== null, (q) => q.where('seq', '<', before!))
      .orderBy('seq')
      .limit(limit)
      .execute();
    let updated = 0;
    for (const ids of idChunks(rows.map((r) => r.id))) {
      const result = await db
        .updateTable('outbox')
        .set({ state: 'sending', leaseUntil })
        .where('tenantId', '=', tenantId)
        .where('id', 'in', ids)
        .where(claimable(nowIso))
        .executeTakeFirst();
      updated += Number(result.numUpdatedRows);
    }
    if (updated === rows.length) return rows.map((r) => ({ ...r, state: 'sending', leaseUntil }));
    // Some row was taken meanwhile (only possible without the account lock): keep ours.
    const ours: OutboxRow[] = [];
    for (const ids of idChunks(rows.map((r) => r.id))) {
      ours.push(
        ...(await db
          .selectFrom('outbox')
          .selectAll()
          .where('tenantId', '=', tenantId)
          .where('id', 'in', ids)
          .where('state', '=', 'sending')
          .where('leaseUntil', '=', leaseUntil)
          .execute()),
      );
    }
    return ours.sort((a, b) => a.seq - b.seq);
  });
}

/**
 * Claims the due calls of every account (tests use it to stop "mid-outbox"); drainOutbox
 * claims one account at a time, just before sending its calls.
 */
export async function claimDueCalls(
  ctx: StoreContext,
  options: DrainOptions = {},
): Promise<ClaimedCalls[]> {
  const claimed: ClaimedCalls[] = [];
  for (const account of await dueAccounts(ctx, options.maxAccounts ?? 200)) {
    const rows = await claimAccountCalls(ctx, account, options);
    if (rows.length > 0) claimed.push({ ...account, rows });
  }
  return claimed;
}
