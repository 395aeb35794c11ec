/**
 * R-V8: closing claimed calls with the store's answer, each in its own transaction:
 * - success → row `done`, the licence `confirmed`;
 * - the store had no licence (Apple 9709), or does not know the user even after registering
 *   them again (Apple 9609, Microsoft UserNotFound) → that licence is released (refusals.ts),
 *   and the rest of the group is done all the same;
 * - another refusal of one subject → row `failed`, with a notification;
 * - the whole call failed for now (rate limit, outage, unfinished event) → row `pending` again,
 *   retried after max(Retry-After, exponential backoff capped at 1 h), never given up;
 * - the store refuses the account (token, claimed elsewhere) → the account goes to `error`
 *   and the rows wait 15 minutes at a time for the administrator to fix it.
 */
import type { AccountTable, OutboxRow } from '../../db/schema.js';
import {
  StoreError,
  type StoreFailure,
  type StoreFailureReason,
  type StoreOperationResult,
} from '../../stores/connector.js';
import type { StoreContext } from '../serviceContext.js';
import type { StoreOperation } from './enqueue.js';
import { idChunks } from './idChunks.js';
import { subjectKeyOf, type CallGroup, type ParsedCall } from './plan.js';
import {
  OUTBOX_ACCOUNT_PROBLEM_DELAY_MS,
  OUTBOX_MAX_RETRY_DELAY_MS,
  OUTBOX_RETRY_BASE_MS,
  type DrainOptions,
  type DrainResult,
} from './policy.js';
import {
  reconcileStoreRefusals,
  recordAccountProblem,
  recordFailedStoreCalls,
  type AccountProblem,
  type RefusedCall,
} from './refusals.js';

/**
 * R-V8: refusals of one subject's licence that release it: the store has no seat for it, or
 * does not know the subject. Either way the store holds nothing, so neither may the ledger.
 */
const RELEASED_ON_REFUSAL: ReadonlySet<StoreFailureReason> = new Set([
  'noLicenseAvailable',
  'subjectNotFound',
]);

/** Whether the account's later calls may go on after a group: not while this one waits. */
export type GroupOutcome = 'continue' | 'stop';

/** Records the store's answer to a group, subject by subject. */
export async function recordAnswer(
  ctx: StoreContext,
  account: AccountTable,
  group: CallGroup,
  answer: StoreOperationResult | null,
  result: DrainResult,
): Promise<void> {
  const { tenantId, id: accountId } = account;
  const failures = new Map<string, StoreFailure>();
  for (const failure of answer?.failures ?? []) {
    const key = subjectKeyOf(failure.subject);
    if (!failures.has(key)) failures.set(key, failure);
  }
  const done: ParsedCall[] = [];
  const refused: RefusedCall[] = [];
  const failed: RefusedCall[] = [];
  for (const parsed of group.rows) {
    const failure = failures.get(parsed.subjectKey);
    if (failure === undefined || alreadyInPlace(group.operation, failure)) done.push(parsed);
    else {
      const entry: RefusedCall = { outboxId: parsed.row.id, call: parsed.call, failure };
      if (group.operation === 'associate' && RELEASED_ON_REFUSAL.has(failure.reason)) {
        refused.push(entry);
      } else failed.push(entry);
    }
  }
  await completeCalls(ctx, tenantId, done);
  result.sent += done.length;
  if (refused.length > 0) {
    await reconcileStoreRefusals(ctx, { tenantId, accountId, refusals: refused });
    result.refused += refused.length;
    result.failed += refused.length;
  }
  if (failed.length > 0) {
    await recordFailedStoreCalls(ctx, { tenantId, accountId, failures: failed });
    result.failed += failed.length;
  }
}

/** A repeated call after a crash may find its work done: that is success, not failure. */
function alreadyInPlace(operation: StoreOperation, failure: StoreFailure): boolean {
  if (operation === 'createUser') return failure.reason === 'subjectExists';
  if (operation === 'retireUser' || operation === 'disassociate') {
    return failure.reason === 'subjectNotFound';
  }
  return false;
}

/** The store did not carry the group out: what happens to its calls, and to the later ones. */
export async function recordCallError(
  ctx: StoreContext,
  account: AccountTable,
  group: CallGroup,
  error: unknown,
  options: DrainOptions,
  result: DrainResult,
): Promise<GroupOutcome> {
  const { tenantId, id: accountId } = account;
  const rows = group.rows.map((p) => p.row);
  const message = errorMessage(error);
  if (error instanceof StoreError && (error.authProblem || error.code === 'claimedElsewhere')) {
    ctx.logger.warn({ err: error, accountId }, 'outbox: the store refuses the account');
    await recordAccountProblem(ctx, {
      tenantId,
      accountId,
      problem: (error.authProblem ?? error.code) as AccountProblem,
      message: error.message,
    });
    result.retried += await deferRows(ctx, tenantId, rows, {
      delayMs: OUTBOX_ACCOUNT_PROBLEM_DELAY_MS,
      countAttempt: true,
      error: message,
    });
    return 'stop';
  }
  if (error instanceof StoreError && error.code === 'storeRejected') {
    // The store answered, and said no to the request as a whole: retrying would not help.
    ctx.logger.warn({ err: error, accountId }, 'outbox: the store rejected a request');
    await recordFailedStoreCalls(ctx, {
      tenantId,
      accountId,
      failures: group.rows.map((p) => ({
        outboxId: p.row.id,
        call: p.call,
        failure: {
          reason: 'other',
          storeErrorNumber: error.storeErrorNumber ?? 0,
          message: error.message,
        },
      })),
    });
    result.failed += rows.length;
    return 'continue';
  }
  // Rate limits, outages, unfinished events, network trouble: retried until the store answers.
  const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
  const backoff = Math.min(
    OUTBOX_MAX_RETRY_DELAY_MS,
    (options.retryBaseMs ?? OUTBOX_RETRY_BASE_MS) * 2 ** Math.min(attempts - 1, 30),
  );
  const retryAfterMs =
    error instanceof StoreError && error.retryAfterSeconds !== undefined
      ? error.retryAfterSeconds * 1000
      : 0;
  ctx.logger.warn(
    { err: error, accountId, attempts, delayMs: Math.max(backoff, retryAfterMs) },
    'outbox: store call will be retried',
  );
  result.retried += await deferRows(ctx, tenantId, rows, {
    delayMs: Math.max(backoff, retryAfterMs),
    countAttempt: true,
    error: message,
  });
  return 'stop';
}

export function errorMessage(error: unknown): string {
  const text =
    error instanceof StoreError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return text.slice(0, 1000);
}

/** The latest retry time among these rows, for the later calls to wait until. */
export async function latestNextAttempt(
  ctx: StoreContext,
  tenantId: string,
  rows: readonly ParsedCall[],
): Promise<string | null> {
  let latest: string | null = null;
  for (const ids of idChunks(rows.map((p) => p.row.id))) {
    const row = await ctx.db.kysely
      .selectFrom('outbox')
      .select((eb) => eb.fn.max<string>('nextAttemptAt').as('at'))
      .where('tenantId', '=', tenantId)
      .where('id', 'in', ids)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (row?.at != null && (latest === null || row.at > latest)) latest = row.at;
  }
  return latest;
}

/** Puts claimed rows back to wait; returns how many. */
export async function deferRows(
  ctx: StoreContext,
  tenantId: string,
  rows: readonly OutboxRow[],
  plan: { delayMs?: number; until?: string | null; countAttempt: boolean; error: string | null },
): Promise<number> {
  if (rows.length === 0) return 0;
  const now = ctx.clock.now();
  const nextAttemptAt = plan.until ?? new Date(now.getTime() + (plan.delayMs ?? 0)).toISOString();
  await ctx.db.transaction(async (db) => {
    for (const ids of idChunks(rows.map((r) => r.id))) {
      await db
        .updateTable('outbox')
        .set((eb) => ({
          state: 'pending',
          leaseUntil: null,
          nextAttemptAt,
          ...(plan.countAttempt && { attempts: eb('attempts', '+', 1) }),
          ...(plan.error !== null && { lastError: plan.error }),
        }))
        .where('tenantId', '=', tenantId)
        .where('id', 'in', ids)
        .where('state', '=', 'sending')
        .execute();
    }
  });
  return rows.length;
}

/** The store did it: rows `done`, associated licences `confirmed`, in one transaction. */
async function completeCalls(
  ctx: StoreContext,
  tenantId: string,
  rows: readonly ParsedCall[],
): Promise<void> {
  if (rows.length === 0) return;
  const nowIso = ctx.clock.now().toISOString();
  const licenseIds = rows
    .filter((p) => p.call.operation === 'associate' && p.call.licenseId !== undefined)
    .map((p) => p.call.licenseId!);
  await ctx.db.transaction(async (db) => {
    for (const ids of idChunks(rows.map((p) => p.row.id))) {
      await db
        .updateTable('outbox')
        .set({ state: 'done', doneAt: nowIso, leaseUntil: null, lastError: null })
        .where('tenantId', '=', tenantId)
        .where('id', 'in', ids)
        .where('state', '=', 'sending')
        .execute();
    }
    for (const ids of idChunks(licenseIds)) {
      await db
        .updateTable('licenses')
        .set({ storeState: 'confirmed', updatedAt: nowIso })
        .where('tenantId', '=', tenantId)
        .where('id', 'in', ids)
        .where('storeState', '=', 'pending')
        .execute();
    }
  });
}
