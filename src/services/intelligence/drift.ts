/**
 * R-X7: the comparison of the ledger with each store (`allot verify`, ledger/verifyLedger.ts,
 * which finds the differences) as an API resource and a scheduled check. Each run is kept per
 * tenant with its differences, each difference attributed to its store account, and a `drift`
 * notification is raised for an account with differences and cleared once it compares clean.
 *
 * A comparison reads every store, so it runs in the background: POST /drift/check queues a
 * `drift.check` job that the worker runs as soon as it is queued (jobs/handlers.ts), and a
 * daily run of the minute's history tasks (historyTasks.ts) covers every tenant.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId } from '../../ids.js';
import type { ServiceContext, StoreContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { verifyLedger, type Drift } from '../ledger/verifyLedger.js';
import { recordActivity } from '../monitoring/activity.js';
import { clearNotifications, raiseNotification } from '../monitoring/notifications.js';
import { enqueueJob } from '../queuedJobs.js';

export const DRIFT_CHECK_JOB = 'drift.check';

/** Comparisons older than this are deleted; the last one of a tenant is always kept. */
export const DRIFT_RETENTION_DAYS = 90;

export interface DriftDifference {
  kind: Drift['kind'];
  /** The store account the difference belongs to; null for one of the ledger alone. */
  accountId: string | null;
  subjectId: string;
  message: string;
}

export type StoreDriftState = 'clean' | 'drift' | 'unreachable';

export interface StoreDrift {
  accountId: string;
  name: string;
  store: string;
  spaceId: string;
  state: StoreDriftState;
  differences: DriftDifference[];
}

export interface DriftReport {
  /** null before the first comparison. */
  checkedAt: string | null;
  trigger: string | null;
  clean: boolean | null;
  stores: StoreDrift[];
  /** Differences no account owns (visible to tenant-wide actors only). */
  ledger: DriftDifference[];
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The account of each drift's subject (an account, pool, licence, install or store call). */
async function accountsOfSubjects(
  db: Kysely<Database>,
  tenantId: string,
  drifts: readonly Drift[],
): Promise<Map<string, string>> {
  const ids = [...new Set(drifts.map((d) => d.subjectId))];
  const owner = new Map<string, string>();
  for (const part of chunks(ids)) {
    const found = await Promise.all([
      db
        .selectFrom('accounts')
        .select(['id', 'id as accountId'])
        .where('tenantId', '=', tenantId)
        .where('id', 'in', part)
        .execute(),
      db
        .selectFrom('pools')
        .select(['id', 'accountId'])
        .where('tenantId', '=', tenantId)
        .where('id', 'in', part)
        .execute(),
      db
        .selectFrom('licenses')
        .select(['id', 'accountId'])
        .where('tenantId', '=', tenantId)
        .where('id', 'in', part)
        .execute(),
      db
        .selectFrom('installs as i')
        .innerJoin('licenses as l', 'l.id', 'i.licenseId')
        .select(['i.id', 'l.accountId'])
        .where('i.tenantId', '=', tenantId)
        .where('i.id', 'in', part)
        .execute(),
      db
        .selectFrom('outbox')
        .select(['id', 'accountId'])
        .where('tenantId', '=', tenantId)
        .where('id', 'in', part)
        .execute(),
    ]);
    for (const row of found.flat()) owner.set(row.id, row.accountId);
  }
  return owner;
}

/** Records one tenant's comparison and raises or clears its `drift` notifications. */
async function recordTenantCheck(
  db: Kysely<Database>,
  tenantId: string,
  drifts: readonly Drift[],
  run: { trigger: string; jobId: string | null; now: Date },
): Promise<{ checkId: string; clean: boolean; differences: number }> {
  const owner = await accountsOfSubjects(db, tenantId, drifts);
  const differences: DriftDifference[] = drifts.map((d) => ({
    kind: d.kind,
    accountId: owner.get(d.subjectId) ?? null,
    subjectId: d.subjectId,
    message: d.message,
  }));
  const checkId = newId(run.now.getTime());
  const clean = differences.length === 0;
  await db
    .insertInto('driftChecks')
    .values({
      id: checkId,
      tenantId,
      trigger: run.trigger,
      jobId: run.jobId,
      clean: clean ? 1 : 0,
      differences: JSON.stringify(differences),
      checkedAt: run.now.toISOString(),
    })
    .execute();

  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'spaceId'])
    .where('tenantId', '=', tenantId)
    .where('status', '!=', 'deleted')
    .execute();
  for (const account of accounts) {
    const own = differences.filter((d) => d.accountId === account.id);
    const state = stateOf(own);
    // An account whose store could not be read keeps whatever it had.
    if (state === 'unreachable') continue;
    if (state === 'clean') {
      await clearNotifications(db, tenantId, { kind: 'drift', subjectId: account.id }, run.now);
      continue;
    }
    await raiseNotification(
      db,
      tenantId,
      {
        kind: 'drift',
        severity: 'warning',
        subject: { type: 'account', id: account.id, name: account.name },
        spaceId: account.spaceId,
        message: `${own.length} difference(s) between the ledger and the store for ${account.name}`,
        remedy:
          'Look at GET /drift; a full resync of the account (POST /accounts/{id}/sync) rebuilds its counts',
      },
      run.now,
    );
  }
  const ledgerOnly = differences.filter((d) => d.accountId === null);
  if (ledgerOnly.length === 0) {
    await clearNotifications(db, tenantId, { kind: 'drift', subjectId: tenantId }, run.now);
  } else {
    await raiseNotification(
      db,
      tenantId,
      {
        kind: 'drift',
        severity: 'warning',
        subject: { type: 'tenant', id: tenantId, name: null },
        spaceId: null,
        message: `${ledgerOnly.length} difference(s) in the ledger outside any store account`,
        remedy: 'Look at GET /drift',
      },
      run.now,
    );
  }
  return { checkId, clean, differences: differences.length };
}

/** An account's standing in a comparison: a store that could not be read is not clean. */
function stateOf(differences: readonly DriftDifference[]): StoreDriftState {
  if (differences.length === 0) return 'clean';
  if (differences.every((d) => d.kind === 'storeUnreachable')) return 'unreachable';
  return 'drift';
}

/**
 * Runs one comparison of the tenants given (or of the whole deployment) and records it for
 * each of them.
 */
export async function runDriftCheck(
  ctx: StoreContext,
  run: { tenantIds: string[] | 'all'; trigger: string; now: Date; jobIds?: Map<string, string> },
): Promise<Map<string, { checkId: string; clean: boolean; differences: number }>> {
  const db = ctx.db.kysely;
  const drifts = await verifyLedger(
    ctx,
    run.tenantIds === 'all' ? {} : { tenantIds: run.tenantIds },
  );
  const tenantIds =
    run.tenantIds === 'all'
      ? (await db.selectFrom('tenants').select('id').execute()).map((t) => t.id)
      : run.tenantIds;
  const results = new Map<string, { checkId: string; clean: boolean; differences: number }>();
  for (const tenantId of tenantIds) {
    const own = drifts.filter((d) => d.tenantId === tenantId);
    const jobId = run.jobIds?.get(tenantId) ?? null;
    const result = await ctx.db.transaction((trx) =>
      recordTenantCheck(trx, tenantId, own, { trigger: run.trigger, jobId, now: run.now }),
    );
    results.set(tenantId, result);
  }
  return results;
}

/**
 * R-X7: runs the comparison a `drift.check` job asked for (POST /drift/check), as the jobs
 * runner runs any queued job: at once, not at the next minute's tasks.
 */
export async function runRequestedDriftCheck(
  ctx: StoreContext,
  job: { id: string; tenantId: string },
): Promise<{ checkId: string; clean: boolean; differences: number } | null> {
  const results = await runDriftCheck(ctx, {
    tenantIds: [job.tenantId],
    trigger: 'requested',
    now: ctx.clock.now(),
    jobIds: new Map([[job.tenantId, job.id]]),
  });
  return results.get(job.tenantId) ?? null;
}

/** R-X7: POST /drift/check — queues a comparison of the tenant with its stores. */
export async function requestDriftCheck(
  ctx: ServiceContext,
  actor: Actor,
): Promise<{ jobId: string }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const jobId = await enqueueJob(
      trx,
      { tenantId: actor.tenantId, kind: DRIFT_CHECK_JOB, subjectId: null },
      now,
    );
    await recordActivity(trx, actor, now, {
      action: 'drift.check.request',
      subject: { type: 'tenant', id: actor.tenantId, name: null },
      spaceId: actor.spaceId,
      after: { jobId },
    });
    return { jobId };
  });
}

/** Deletes comparisons past the retention, never a tenant's last one. */
export async function purgeDriftChecks(db: Kysely<Database>, now: Date): Promise<void> {
  const before = new Date(now.getTime() - DRIFT_RETENTION_DAYS * 24 * 3600 * 1000).toISOString();
  // A tenant whose last comparison is older keeps its rows: it writes no more of them.
  await db
    .deleteFrom('driftChecks')
    .where('checkedAt', '<', before)
    .where('tenantId', 'in', (eb) =>
      eb.selectFrom('driftChecks').select('tenantId').where('checkedAt', '>=', before),
    )
    .execute();
}

/** R-X7: GET /drift — the last comparison, per store account in the actor's scope. */
export async function lastDriftCheck(ctx: ServiceContext, actor: Actor): Promise<DriftReport> {
  const db = ctx.db.kysely;
  const last = await db
    .selectFrom('driftChecks')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .orderBy('checkedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last === undefined) {
    return { checkedAt: null, trigger: null, clean: null, stores: [], ledger: [] };
  }
  const differences = JSON.parse(last.differences) as DriftDifference[];
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'store', 'spaceId'])
    .where('tenantId', '=', actor.tenantId)
    .where('status', '!=', 'deleted')
    .where('createdAt', '<=', last.checkedAt)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .orderBy('name')
    .orderBy('id')
    .execute();
  const stores = accounts.map((account): StoreDrift => {
    const own = differences.filter((d) => d.accountId === account.id);
    return {
      accountId: account.id,
      name: account.name,
      store: account.store,
      spaceId: account.spaceId,
      state: stateOf(own),
      differences: own,
    };
  });
  const ledger = actor.spaceId === null ? differences.filter((d) => d.accountId === null) : [];
  const seen = [...stores.flatMap((s) => s.differences), ...ledger];
  return {
    checkedAt: last.checkedAt,
    trigger: last.trigger,
    clean: seen.length === 0,
    stores,
    ledger,
  };
}
