/**
 * R-V8: the outbox worker. Store calls recorded with ledger changes (services/outbox/enqueue.ts) are
 * claimed with a lease, grouped by account, operation and product, sent in one connector call
 * per group (the connector splits into the store's batch limits and follows the events), and
 * closed with the store's answer:
 * - success → row `done`, the licence `confirmed`;
 * - the store had no licence (Apple 9709) → the licence is rolled back (services/outbox/refusals.ts);
 * - another refusal of one subject → row `failed`, with a notification;
 * - the whole call failed for now (rate limit, outage, unfinished event) → row `pending` again,
 *   retried after max(Retry-After, exponential backoff capped at 1 h), never given up;
 * - the store refuses the account (token, claimed elsewhere) → the account goes to `error`
 *   and the rows wait 15 minutes at a time for the administrator to fix it.
 *
 * An account's calls go out in the order they were made: while one of its calls waits for a
 * retry, the later ones wait too, and only one process sends an account's calls at a time
 * (claims are serialised on the account row, and a live lease holds the account). A resend
 * after a crash is harmless: associating what a subject holds, or disassociating what it does
 * not hold, changes nothing at the store.
 */
import type { ExpressionBuilder } from 'kysely';
import type { StoreContext } from '../services/serviceContext.js';
import type { AccountTable, Database, OutboxTable } from '../db/schema.js';
import { isDatabaseUnavailable } from '../db/database.js';
import type { StoreCall, StoreOperation } from '../services/outbox/enqueue.js';
import { connectorFor } from '../services/accounts/connections.js';
import {
  reconcileStoreRefusals,
  recordAccountProblem,
  recordFailedStoreCalls,
  type AccountProblem,
  type RefusedCall,
} from '../services/outbox/refusals.js';
import {
  StoreError,
  type StoreConnector,
  type StoreFailure,
  type StoreOperationResult,
  type StoreSubject,
} from '../stores/connector.js';
import { releaseAfterOutage, renewLease } from '../services/outbox/leases.js';

/** How long a claimed row belongs to its sender; renewed while the sender works. */
export const OUTBOX_LEASE_MS = 2 * 60 * 1000;
/** First retry delay after a failed call; doubles with each attempt. */
export const OUTBOX_RETRY_BASE_MS = 5_000;
export const OUTBOX_MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** Retry delay while the store refuses the account itself (token, claimed elsewhere). */
export const OUTBOX_ACCOUNT_PROBLEM_DELAY_MS = 15 * 60 * 1000;

export interface DrainOptions {
  leaseMs?: number;
  /** Rows claimed per account per drain; the rest go in the next drain. Default 5000. */
  maxRowsPerAccount?: number;
  /** Accounts looked at per drain. Default 200. */
  maxAccounts?: number;
  /** Accounts sent to at the same time (each has its own token and rate limit). Default 4. */
  concurrency?: number;
  retryBaseMs?: number;
}

export interface DrainResult {
  /** Rows the store carried out. */
  sent: number;
  /** Associations the store refused for want of a licence, rolled back in the ledger. */
  refused: number;
  /** Rows closed as failed (refusals included). */
  failed: number;
  /** Rows put back to wait for a retry. */
  retried: number;
}

/** The rows of one account claimed by this process. */
export interface ClaimedCalls {
  tenantId: string;
  accountId: string;
  rows: OutboxTable[];
}

interface ParsedRow {
  row: OutboxTable;
  call: StoreCall;
  /** `s:<serial>` or `u:<clientUserId>`. */
  subjectKey: string;
}

interface Group {
  operation: StoreOperation;
  storeProductId: string | null;
  pricingParam: string | null;
  rows: ParsedRow[];
}

type GroupOutcome = 'continue' | 'stop';

const ID_CHUNK = 500;

function chunks<T>(items: readonly T[], size = ID_CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function subjectKeyOf(subject: StoreSubject): string {
  return 'serialNumber' in subject ? `s:${subject.serialNumber}` : `u:${subject.clientUserId}`;
}

/** Sends every due store call once; see the file comment for what each answer does. */
export async function drainOutbox(
  ctx: StoreContext,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, refused: 0, failed: 0, retried: 0 };
  const accounts = await dueAccounts(ctx, options.maxAccounts ?? 200);
  await forEachLimited(accounts, options.concurrency ?? 4, async ({ tenantId, accountId }) => {
    try {
      const rows = await claimAccountCalls(ctx, tenantId, accountId, options);
      if (rows.length > 0) await sendClaimed(ctx, { tenantId, accountId, rows }, options, result);
    } catch (error) {
      // Rows left `sending` are taken up again when their lease ends; other accounts go on.
      ctx.logger.error({ err: error, accountId }, 'outbox: sending the calls of an account failed');
    }
  });
  return result;
}

/**
 * When a call that cannot be sent now may next be sent: the earliest retry, or the end of a
 * sender's lease. Null when nothing waits. Calls due already are the next drain's business.
 */
export async function nextOutboxAttempt(ctx: StoreContext): Promise<Date | null> {
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

/**
 * Claims the due calls of every account (tests use it to stop "mid-outbox"); drainOutbox
 * claims one account at a time, just before sending its calls.
 */
export async function claimDueCalls(
  ctx: StoreContext,
  options: DrainOptions = {},
): Promise<ClaimedCalls[]> {
  const claimed: ClaimedCalls[] = [];
  for (const { tenantId, accountId } of await dueAccounts(ctx, options.maxAccounts ?? 200)) {
    const rows = await claimAccountCalls(ctx, tenantId, accountId, options);
    if (rows.length > 0) claimed.push({ tenantId, accountId, rows });
  }
  return claimed;
}

/** Sends calls claimed earlier (by claimDueCalls) and records the store's answers. */
export async function sendClaimedCalls(
  ctx: StoreContext,
  claimed: ClaimedCalls,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, refused: 0, failed: 0, retried: 0 };
  await sendClaimed(ctx, claimed, options, result);
  return result;
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Rows that may be claimed now: due, or left `sending` by a process whose lease ran out. */
function claimable(nowIso: string) {
  return (eb: ExpressionBuilder<Database, 'outbox'>) =>
    eb.or([
      eb.and([eb('state', '=', 'pending'), eb('nextAttemptAt', '<=', nowIso)]),
      eb.and([eb('state', '=', 'sending'), eb('leaseUntil', '<', nowIso)]),
    ]);
}

async function dueAccounts(
  ctx: StoreContext,
  limit: number,
): Promise<Array<{ tenantId: string; accountId: string }>> {
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
 * Claims an account's due calls, oldest first, with a lease. Nothing is claimed while another
 * sender holds a live lease on the account, and nothing after a call that waits for a retry.
 */
async function claimAccountCalls(
  ctx: StoreContext,
  tenantId: string,
  accountId: string,
  options: DrainOptions,
): Promise<OutboxTable[]> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? OUTBOX_LEASE_MS)).toISOString();
  const limit = options.maxRowsPerAccount ?? 5000;
  return ctx.db.kysely.transaction().execute(async (db) => {
    // Takes the account row's lock until commit, so claims of one account never interleave
    // between processes (a no-op update: portable, unlike SELECT … FOR UPDATE).
    await db
      .updateTable('accounts')
      .set((eb) => ({ updatedAt: eb.ref('updatedAt') }))
      .where('tenantId', '=', tenantId)
      .where('id', '=', accountId)
      .execute();
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
      .select((eb) => eb.fn.min<string>('id').as('id'))
      .where('tenantId', '=', tenantId)
      .where('accountId', '=', accountId)
      .where('state', '=', 'pending')
      .where('nextAttemptAt', '>', nowIso)
      .executeTakeFirst();
    const before = waiting?.id ?? null;
    const rows = await db
      .selectFrom('outbox')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('accountId', '=', accountId)
      .where(claimable(nowIso))
      .$if(before !== null, (q) => q.where('id', '<', before!))
      .orderBy('id')
      .limit(limit)
      .execute();
    let updated = 0;
    for (const ids of chunks(rows.map((r) => r.id))) {
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
    const ours: OutboxTable[] = [];
    for (const ids of chunks(rows.map((r) => r.id))) {
      ours.push(
        ...(await db
          .selectFrom('outbox')
          .selectAll()
          .where('tenantId', '=', tenantId)
          .where('id', 'in', ids)
          .where('state', '=', 'sending')
          .where('leaseUntil', '=', leaseUntil)
          .orderBy('id')
          .execute()),
      );
    }
    return ours;
  });
}

function parseCall(row: OutboxTable): ParsedRow | null {
  let call: StoreCall;
  try {
    call = JSON.parse(row.payload) as StoreCall;
  } catch {
    return null;
  }
  const operation = row.operation as StoreOperation;
  if (call.operation !== operation) return null;
  if (operation === 'associate' || operation === 'disassociate') {
    if (!call.storeProductId) return null;
    if (call.serialNumber) return { row, call, subjectKey: `s:${call.serialNumber}` };
    if (call.clientUserId) return { row, call, subjectKey: `u:${call.clientUserId}` };
    return null;
  }
  if (operation === 'createUser' || operation === 'retireUser') {
    return call.clientUserId ? { row, call, subjectKey: `u:${call.clientUserId}` } : null;
  }
  return null;
}

/**
 * Groups calls into waves that keep each subject's calls in order: a wave ends where a
 * subject already in it gets a different operation (associate then disassociate, create
 * then associate…). Within a wave, one group per operation and product.
 */
function planWaves(rows: readonly ParsedRow[]): Group[][] {
  const waves: Group[][] = [];
  let groups = new Map<string, Group>();
  let operations = new Map<string, StoreOperation>();
  for (const parsed of rows) {
    const { call } = parsed;
    const seen = operations.get(parsed.subjectKey);
    if (seen !== undefined && seen !== call.operation) {
      waves.push([...groups.values()]);
      groups = new Map();
      operations = new Map();
    }
    operations.set(parsed.subjectKey, call.operation);
    const key = `${call.operation}|${call.storeProductId ?? ''}|${call.pricingParam ?? ''}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        operation: call.operation,
        storeProductId: call.storeProductId ?? null,
        pricingParam: call.pricingParam || null,
        rows: [],
      };
      groups.set(key, group);
    }
    group.rows.push(parsed);
  }
  if (groups.size > 0) waves.push([...groups.values()]);
  return waves;
}

async function sendClaimed(
  ctx: StoreContext,
  claimed: ClaimedCalls,
  options: DrainOptions,
  result: DrainResult,
): Promise<void> {
  const { tenantId, accountId } = claimed;
  const leaseMs = options.leaseMs ?? OUTBOX_LEASE_MS;
  const open = new Set(claimed.rows.map((r) => r.id));
  /** Every lease value this sender set: rows holding one of them are still its own. */
  const leases = new Set(
    claimed.rows.flatMap((r) => (r.leaseUntil === null ? [] : [r.leaseUntil])),
  );
  // Renews the lease while the store works (events can take minutes), so no other process
  // takes these rows over from a live sender.
  const heartbeat = setInterval(
    () => {
      const until = new Date(ctx.clock.now().getTime() + leaseMs).toISOString();
      leases.add(until);
      void renewLease(ctx, tenantId, [...open], until).catch((error: unknown) =>
        ctx.logger.warn({ err: error, accountId }, 'outbox lease renewal failed'),
      );
    },
    Math.max(10, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();
  try {
    const account = await ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('id', '=', accountId)
      .executeTakeFirst();
    let connector: StoreConnector;
    try {
      if (account === undefined) throw new Error(`account ${accountId} does not exist`);
      connector = connectorFor(ctx, account);
    } catch (error) {
      ctx.logger.warn({ err: error, accountId }, 'outbox: no connection to the store');
      result.retried += await deferRows(ctx, tenantId, claimed.rows, {
        delayMs: OUTBOX_ACCOUNT_PROBLEM_DELAY_MS,
        countAttempt: true,
        error: errorMessage(error),
      });
      return;
    }

    const parsed: ParsedRow[] = [];
    const malformed: RefusedCall[] = [];
    for (const row of claimed.rows) {
      const p = parseCall(row);
      if (p !== null) parsed.push(p);
      else {
        malformed.push({
          outboxId: row.id,
          call: { operation: row.operation as StoreOperation },
          failure: { reason: 'other', storeErrorNumber: 0, message: 'malformed outbox payload' },
        });
      }
    }
    if (malformed.length > 0) {
      await recordFailedStoreCalls(ctx, { tenantId, accountId, failures: malformed });
      result.failed += malformed.length;
      for (const m of malformed) open.delete(m.outboxId);
    }

    const groups = planWaves(parsed).flat();
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i]!;
      const outcome = await sendGroup(ctx, account, connector, group, options, result);
      for (const p of group.rows) open.delete(p.row.id);
      if (outcome === 'stop') {
        // The later calls keep their order: they wait with the ones that will be retried.
        const rest = groups.slice(i + 1).flatMap((g) => g.rows.map((p) => p.row));
        const waitUntil = await latestNextAttempt(ctx, tenantId, group.rows);
        result.retried += await deferRows(ctx, tenantId, rest, {
          until: waitUntil,
          countAttempt: false,
          error: null,
        });
        for (const row of rest) open.delete(row.id);
        return;
      }
    }
  } catch (error) {
    // The database went away mid-send: hand the rows back once it answers again.
    if (isDatabaseUnavailable(error) && open.size > 0) {
      const released = await releaseAfterOutage(
        ctx,
        tenantId,
        [...open],
        [...leases],
        Date.now() + leaseMs,
      );
      if (released) {
        ctx.logger.warn({ accountId }, 'outbox: calls handed back after an outage');
        result.retried += open.size;
      }
    }
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

async function sendGroup(
  ctx: StoreContext,
  account: AccountTable,
  connector: StoreConnector,
  group: Group,
  options: DrainOptions,
  result: DrainResult,
): Promise<GroupOutcome> {
  const { tenantId, id: accountId } = account;
  let answer: StoreOperationResult | null;
  try {
    answer = await callStore(connector, group);
  } catch (error) {
    return handleCallError(ctx, account, group, error, options, result);
  }
  const failures = new Map<string, StoreFailure>();
  for (const failure of answer?.failures ?? []) {
    const key = subjectKeyOf(failure.subject);
    if (!failures.has(key)) failures.set(key, failure);
  }
  const done: ParsedRow[] = [];
  const refused: RefusedCall[] = [];
  const failed: RefusedCall[] = [];
  for (const parsed of group.rows) {
    const failure = failures.get(parsed.subjectKey);
    if (failure === undefined || alreadyInPlace(group.operation, failure)) done.push(parsed);
    else {
      const entry: RefusedCall = { outboxId: parsed.row.id, call: parsed.call, failure };
      if (group.operation === 'associate' && failure.reason === 'noLicenseAvailable') {
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
  return 'continue';
}

/** A repeated call after a crash may find its work done: that is success, not failure. */
function alreadyInPlace(operation: StoreOperation, failure: StoreFailure): boolean {
  if (operation === 'createUser') return failure.reason === 'subjectExists';
  if (operation === 'retireUser' || operation === 'disassociate') {
    return failure.reason === 'subjectNotFound';
  }
  return false;
}

async function callStore(
  connector: StoreConnector,
  group: Group,
): Promise<StoreOperationResult | null> {
  const subjects: StoreSubject[] = group.rows.map(({ call }) =>
    call.serialNumber ? { serialNumber: call.serialNumber } : { clientUserId: call.clientUserId! },
  );
  const product = {
    storeProductId: group.storeProductId ?? '',
    ...(group.pricingParam !== null && { pricingParam: group.pricingParam }),
  };
  switch (group.operation) {
    case 'associate':
      return connector.associate({ products: [product], subjects });
    case 'disassociate':
      return connector.disassociate({ products: [product], subjects });
    case 'createUser':
      // A store without an enrolment step has nothing to do for users.
      return connector.enrolment
        ? connector.enrolment.createUsers(
            group.rows.map(({ call }) => ({
              clientUserId: call.clientUserId!,
              ...(call.email !== undefined && { email: call.email }),
            })),
          )
        : null;
    case 'retireUser':
      return connector.enrolment
        ? connector.enrolment.retireUsers(group.rows.map(({ call }) => call.clientUserId!))
        : null;
  }
}

async function handleCallError(
  ctx: StoreContext,
  account: AccountTable,
  group: Group,
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

function errorMessage(error: unknown): string {
  const text =
    error instanceof StoreError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return text.slice(0, 1000);
}

async function latestNextAttempt(
  ctx: StoreContext,
  tenantId: string,
  rows: readonly ParsedRow[],
): Promise<string | null> {
  let latest: string | null = null;
  for (const ids of chunks(rows.map((p) => p.row.id))) {
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
async function deferRows(
  ctx: StoreContext,
  tenantId: string,
  rows: readonly OutboxTable[],
  plan: { delayMs?: number; until?: string | null; countAttempt: boolean; error: string | null },
): Promise<number> {
  if (rows.length === 0) return 0;
  const now = ctx.clock.now();
  const nextAttemptAt = plan.until ?? new Date(now.getTime() + (plan.delayMs ?? 0)).toISOString();
  await ctx.db.kysely.transaction().execute(async (db) => {
    for (const ids of chunks(rows.map((r) => r.id))) {
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
  rows: readonly ParsedRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const nowIso = ctx.clock.now().toISOString();
  const licenseIds = rows
    .filter((p) => p.call.operation === 'associate' && p.call.licenseId !== undefined)
    .map((p) => p.call.licenseId!);
  await ctx.db.kysely.transaction().execute(async (db) => {
    for (const ids of chunks(rows.map((p) => p.row.id))) {
      await db
        .updateTable('outbox')
        .set({ state: 'done', doneAt: nowIso, leaseUntil: null, lastError: null })
        .where('tenantId', '=', tenantId)
        .where('id', 'in', ids)
        .where('state', '=', 'sending')
        .execute();
    }
    for (const ids of chunks(licenseIds)) {
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
