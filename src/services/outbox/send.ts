/**
 * R-V8: sending an account's claimed calls, group after group as plan.ts orders them, one
 * connector call per group (the connector splits it into the store's batch limits and follows
 * the events to their end before the next group goes). When a group must wait for a retry,
 * every later call of the account waits with it, so none overtakes it. A resend after a crash
 * is harmless: associating what a subject holds, or disassociating what it does not hold,
 * changes nothing at the store.
 */
import { isDatabaseUnavailable } from '../../db/database.js';
import type { AccountTable, OutboxRow } from '../../db/schema.js';
import type { StoreConnector, StoreOperationResult, StoreSubject } from '../../stores/connector.js';
import { connectorFor } from '../accounts/connections.js';
import type { StoreContext } from '../serviceContext.js';
import type { ClaimedCalls } from './claim.js';
import type { StoreOperation } from './enqueue.js';
import { releaseAfterOutage, renewLease } from './leases.js';
import {
  deferRows,
  errorMessage,
  latestNextAttempt,
  recordAnswer,
  recordCallError,
  type GroupOutcome,
} from './outcomes.js';
import { parseCall, planWaves, type CallGroup, type ParsedCall } from './plan.js';
import {
  emptyDrainResult,
  OUTBOX_ACCOUNT_PROBLEM_DELAY_MS,
  OUTBOX_LEASE_MS,
  type DrainOptions,
  type DrainResult,
} from './policy.js';
import { recordFailedStoreCalls, type RefusedCall } from './refusals.js';

/** Sends calls claimed earlier (by claimDueCalls) and records the store's answers. */
export async function sendClaimedCalls(
  ctx: StoreContext,
  claimed: ClaimedCalls,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const result = emptyDrainResult();
  await sendClaimed(ctx, claimed, options, result);
  return result;
}

/** Sends claimed calls, adding what happened to `result`. */
export async function sendClaimed(
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

    const parsed = await parseOrFail(ctx, claimed, result);
    for (const id of parsed.malformed) open.delete(id);
    const groups = planWaves(parsed.calls).flat();
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

/** The claimed calls that can be sent; the others are failed at once (they never will be). */
async function parseOrFail(
  ctx: StoreContext,
  { tenantId, accountId, rows }: ClaimedCalls,
  result: DrainResult,
): Promise<{ calls: ParsedCall[]; malformed: string[] }> {
  const calls: ParsedCall[] = [];
  const malformed: RefusedCall[] = [];
  for (const row of rows) {
    const parsed = parseCall(row);
    if (parsed !== null) calls.push(parsed);
    else malformed.push(malformedCall(row));
  }
  if (malformed.length > 0) {
    await recordFailedStoreCalls(ctx, { tenantId, accountId, failures: malformed });
    result.failed += malformed.length;
  }
  return { calls, malformed: malformed.map((m) => m.outboxId) };
}

function malformedCall(row: OutboxRow): RefusedCall {
  return {
    outboxId: row.id,
    call: { operation: row.operation as StoreOperation },
    failure: { reason: 'other', storeErrorNumber: 0, message: 'malformed outbox payload' },
  };
}

async function sendGroup(
  ctx: StoreContext,
  account: AccountTable,
  connector: StoreConnector,
  group: CallGroup,
  options: DrainOptions,
  result: DrainResult,
): Promise<GroupOutcome> {
  let answer: StoreOperationResult | null;
  try {
    answer = await callStore(connector, group);
  } catch (error) {
    return recordCallError(ctx, account, group, error, options, result);
  }
  await recordAnswer(ctx, account, group, answer, result);
  return 'continue';
}

async function callStore(
  connector: StoreConnector,
  group: CallGroup,
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
