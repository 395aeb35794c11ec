/**
 * R-V8: sending an account's claimed calls, group after group as plan.ts orders them, one
 * connector call per group (the connector splits it into the store's batch limits and follows
 * the events to their end before the next group goes). When a group must wait for a retry,
 * every later call of the account waits with it, so none overtakes it. A resend after a crash
 * is harmless: associating what a subject holds, or disassociating what it does not hold,
 * changes nothing at the store.
 *
 * A user the store does not know when it is given a licence (Apple 9609) is registered again
 * (users/create with the same clientUserId, as Fleet does) and the association retried once
 * for them; if the store still refuses, outcomes.ts releases that licence and the rest of the
 * group goes through all the same.
 */
import { isDatabaseUnavailable } from '../../db/database.js';
import type { AccountTable, OutboxRow } from '../../db/schema.js';
import type {
  StoreConnector,
  StoreFailure,
  StoreOperationResult,
  StoreSubject,
} from '../../stores/connector.js';
import { systemActor } from '../access/actor.js';
import { emailsOfStoreUsers, recordStoreUsersRegisteredAgain } from '../sync/storeUsers.js';
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
    if (answer !== null && group.operation === 'associate') {
      answer = await registerUnknownUsersAgain(ctx, account, connector, group, answer);
    }
  } catch (error) {
    return recordCallError(ctx, account, group, error, options, result);
  }
  await recordAnswer(ctx, account, group, answer, result);
  return 'continue';
}

/** The clientUserId of a failure about a user, else null. */
function unknownUserOf(failure: StoreFailure): string | null {
  return failure.reason === 'subjectNotFound' && 'clientUserId' in failure.subject
    ? failure.subject.clientUserId
    : null;
}

/**
 * R-V8: the users the store did not know are registered again and associated once more; the
 * answer then holds the retry's outcome for them. A user the store will not register keeps
 * the first refusal. Stores without an enrolment step (Microsoft) have no one to register.
 */
async function registerUnknownUsersAgain(
  ctx: StoreContext,
  account: AccountTable,
  connector: StoreConnector,
  group: CallGroup,
  answer: StoreOperationResult,
): Promise<StoreOperationResult> {
  const enrolment = connector.enrolment;
  const unknown = [
    ...new Set(answer.failures.map(unknownUserOf).filter((id): id is string => id !== null)),
  ];
  if (enrolment === undefined || unknown.length === 0) return answer;
  const emails = await emailsOfStoreUsers(ctx.db.kysely, account.tenantId, unknown);
  const created = await enrolment.createUsers(
    unknown.map((clientUserId) => {
      const email = emails.get(clientUserId);
      return { clientUserId, ...(email !== undefined && { email }) };
    }),
  );
  // "Already exists" means someone registered the user meanwhile: just as good.
  const notCreated = new Set(
    created.failures
      .filter((f) => f.reason !== 'subjectExists' && 'clientUserId' in f.subject)
      .map((f) => (f.subject as { clientUserId: string }).clientUserId),
  );
  const registered = unknown.filter((id) => !notCreated.has(id));
  if (registered.length === 0) return answer;
  const at = ctx.clock.now();
  await ctx.db.transaction((db) =>
    recordStoreUsersRegisteredAgain(db, systemActor(account.tenantId), account, registered, at),
  );
  ctx.logger.info(
    { accountId: account.id, users: registered.length },
    'outbox: users unknown to the store registered again; associating them once more',
  );
  const retry = await connector.associate({
    products: [productOf(group)],
    subjects: registered.map((clientUserId) => ({ clientUserId })),
  });
  const retried = new Set(registered);
  return {
    operationIds: [...answer.operationIds, ...created.operationIds, ...retry.operationIds],
    requested: answer.requested,
    completed: answer.completed + retry.completed,
    failures: [
      ...answer.failures.filter((f) => {
        const user = unknownUserOf(f);
        return user === null || !retried.has(user);
      }),
      ...retry.failures,
    ],
  };
}

function productOf(group: CallGroup): { storeProductId: string; pricingParam?: string } {
  return {
    storeProductId: group.storeProductId ?? '',
    ...(group.pricingParam !== null && { pricingParam: group.pricingParam }),
  };
}

async function callStore(
  connector: StoreConnector,
  group: CallGroup,
): Promise<StoreOperationResult | null> {
  const subjects: StoreSubject[] = group.rows.map(({ call }) =>
    call.serialNumber ? { serialNumber: call.serialNumber } : { clientUserId: call.clientUserId! },
  );
  const product = productOf(group);
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
