/**
 * R-I4: sending the queued MDM commands (commandQueue.ts) to NanoMDM, exactly once and in order
 * per enrolment, as the outbox sends store calls (R-V8). An enrolment's commands are claimed in
 * their order with a lease, one sender at a time, and nothing is taken at or after a command
 * that waits for a retry. Each command carries its CommandUUID from its first attempt on: an
 * attempt whose answer was lost is sent again with the same bytes, and NanoMDM's "already
 * exists" then means it was stored. An ambiguous 500 that stored the command (push failed) is
 * pushed again, never enqueued again. NanoMDM down: retried with backoff (its Retry-After when
 * it gives one) for hours; refused (4xx, a command it cannot decode, an unknown enrolment) or
 * still unreachable after MDM_MAX_ATTEMPTS: the command is closed as `refused`, its install
 * shows why, and a `mdmCommandRefused` notification says so.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Database, MdmCommandRow, MdmConnectorTable } from '../../db/schema.js';
import type { StoreContext } from '../serviceContext.js';
import { systemActor } from '../access/actor.js';
import { privateTargetsOf } from '../access/targets.js';
import { recordDeviceEvent } from '../checkIn/lifecycle.js';
import { raiseNotification } from '../monitoring/notifications.js';
import { NotFoundError } from '../../domain/errors.js';
import {
  enqueueCommand,
  pushEnrollment,
  type NanoMdmAnswer,
  type NanoMdmEndpoint,
} from './nanomdmApi.js';
import { connectorSecret } from './secretCache.js';
import { pushRequestedDevices } from './wake.js';

export const MDM_COMMAND_LEASE_MS = 2 * 60 * 1000;
export const MDM_RETRY_BASE_MS = 5_000;
export const MDM_MAX_RETRY_DELAY_MS = 15 * 60 * 1000;
/** With the delays above, about four hours of trying before a command is given up. */
export const MDM_MAX_ATTEMPTS = 24;
const REQUEST_TIMEOUT_MS = 10_000;
/** Commands of one enrolment per claim: their requests fit well within the lease. */
const ROWS_PER_CLAIM = 10;
/** Enrolments sent at once by one drain (one request in flight each). */
export const MDM_SEND_CONCURRENCY = 8;

export interface MdmDeliveryOptions {
  leaseMs?: number;
  retryBaseMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  maxEnrollments?: number;
  /** Enrolments sent at once; default MDM_SEND_CONCURRENCY. */
  concurrency?: number;
}

export interface MdmDeliveryResult {
  sent: number;
  failed: number;
  retried: number;
}

interface EnrollmentRef {
  tenantId: string;
  connectorId: string;
  enrollmentId: string;
}

function claimable(nowIso: string) {
  return (eb: ExpressionBuilder<Database, 'mdmCommands'>) =>
    eb.or([
      eb.and([eb('state', '=', 'queued'), eb('nextAttemptAt', '<=', nowIso)]),
      eb.and([eb('state', '=', 'sending'), eb('leaseUntil', '<', nowIso)]),
    ]);
}

/**
 * Installs whose licence the store has associated may go now; those whose licence the store
 * refused, or that was revoked meanwhile, will not go at all.
 */
export async function releaseLicensedInstalls(ctx: StoreContext): Promise<void> {
  const nowIso = ctx.clock.now().toISOString();
  const db = ctx.db.kysely;
  await db
    .updateTable('mdmCommands')
    .set({ state: 'queued', nextAttemptAt: nowIso, updatedAt: nowIso })
    .where('state', '=', 'waitingLicense')
    // A lookup of each waiting command's licence, not a list of every confirmed licence.
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('licenses as l')
          .select('l.id')
          .whereRef('l.id', '=', 'mdmCommands.licenseId')
          .where('l.storeState', '=', 'confirmed')
          .where('l.state', '=', 'active'),
      ),
    )
    .execute();
  await db
    .updateTable('mdmCommands')
    .set({
      state: 'cancelled',
      openKey: null,
      detail: 'The licence was not associated at the store',
      updatedAt: nowIso,
    })
    .where('state', '=', 'waitingLicense')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('licenses as l')
          .select('l.id')
          .whereRef('l.id', '=', 'mdmCommands.licenseId')
          .where((w) =>
            w.or([w('l.storeState', 'in', ['refused', 'failed']), w('l.state', '!=', 'active')]),
          ),
      ),
    )
    .execute();
}

/** Enrolments with a command that may be claimed now (the one scan across tenants). */
async function dueEnrollments(ctx: StoreContext, limit: number): Promise<EnrollmentRef[]> {
  const nowIso = ctx.clock.now().toISOString();
  return ctx.db.kysely
    .selectFrom('mdmCommands as c')
    .innerJoin('mdmEnrollments as e', (join) =>
      join
        .onRef('e.connectorId', '=', 'c.connectorId')
        .onRef('e.enrollmentId', '=', 'c.enrollmentId'),
    )
    .select(['c.tenantId', 'c.connectorId', 'c.enrollmentId'])
    .distinct()
    .where('e.state', '=', 'enrolled')
    .where((eb) =>
      eb.or([
        eb.and([eb('c.state', '=', 'queued'), eb('c.nextAttemptAt', '<=', nowIso)]),
        eb.and([eb('c.state', '=', 'sending'), eb('c.leaseUntil', '<', nowIso)]),
      ]),
    )
    .orderBy('c.enrollmentId')
    .limit(limit)
    .execute();
}

/** Claims an enrolment's due commands in order, with a lease (see the file comment). */
export async function claimEnrollmentCommands(
  ctx: StoreContext,
  ref: EnrollmentRef,
  leaseMs: number,
): Promise<MdmCommandRow[]> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  return ctx.db.transaction(async (db) => {
    // The enrolment row's lock until commit: claims of one enrolment never interleave.
    await db
      .updateTable('mdmEnrollments')
      .set((eb) => ({ updatedAt: eb.ref('updatedAt') }))
      .where('connectorId', '=', ref.connectorId)
      .where('enrollmentId', '=', ref.enrollmentId)
      .execute();
    const mine = db
      .selectFrom('mdmCommands')
      .where('tenantId', '=', ref.tenantId)
      .where('connectorId', '=', ref.connectorId)
      .where('enrollmentId', '=', ref.enrollmentId);
    const busy = await mine
      .select('id')
      .where('state', '=', 'sending')
      .where('leaseUntil', '>=', nowIso)
      .limit(1)
      .executeTakeFirst();
    if (busy !== undefined) return [];
    const waiting = await mine
      .select((eb) => eb.fn.min<string>('id').as('id'))
      .where('state', '=', 'queued')
      .where('nextAttemptAt', '>', nowIso)
      .executeTakeFirst();
    const before = waiting?.id ?? null;
    const rows = await mine
      .selectAll()
      .where(claimable(nowIso))
      .$if(before !== null, (q) => q.where('id', '<', before!))
      .orderBy('id')
      .limit(ROWS_PER_CLAIM)
      .execute();
    if (rows.length === 0) return [];
    // One guarded update for them all: a row changed meanwhile (a result, a cancellation) is
    // not returned, so not claimed.
    const taken = await db
      .updateTable('mdmCommands')
      .set({ state: 'sending', leaseUntil })
      .where(
        'id',
        'in',
        rows.map((row) => row.id),
      )
      .where(claimable(nowIso))
      .returning('id')
      .execute();
    const ids = new Set(taken.map((row) => row.id));
    return rows
      .filter((row) => ids.has(row.id))
      .map((row) => ({ ...row, state: 'sending' as const, leaseUntil }));
  });
}

function backoffMs(attempts: number, base: number): number {
  return Math.min(base * 2 ** Math.max(0, attempts - 1), MDM_MAX_RETRY_DELAY_MS);
}

/** Updates a command this sender still holds (its lease); false when it no longer does. */
async function settle(
  ctx: StoreContext,
  row: MdmCommandRow,
  set: Partial<MdmCommandRow>,
): Promise<boolean> {
  const result = await ctx.db.kysely
    .updateTable('mdmCommands')
    .set({ ...set, updatedAt: ctx.clock.now().toISOString() })
    .where('id', '=', row.id)
    .where('state', '=', 'sending')
    .where('leaseUntil', '=', row.leaseUntil)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Closes a command NanoMDM will not carry out: the install says why, the tenant is told. */
async function refuse(
  ctx: StoreContext,
  connector: MdmConnectorTable,
  row: MdmCommandRow,
  message: string,
): Promise<void> {
  const closed = await settle(ctx, row, {
    state: 'refused',
    openKey: null,
    leaseUntil: null,
    lastError: message,
    detail: message,
    attempts: row.attempts + 1,
  });
  if (!closed) return;
  const actor = { ...systemActor(row.tenantId), name: `mdm connector ${connector.name}` };
  if (row.requestType === 'InstallApplication') {
    try {
      await recordDeviceEvent(ctx, actor, row.deviceId, {
        type: 'installFailed',
        catalogAppId: row.catalogAppId,
        detail: `mdmCommandRefused: ${message}`.slice(0, 1000),
      });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  const device = await ctx.db.kysely
    .selectFrom('devices')
    .select(['serialNumber', 'spaceId'])
    .where('tenantId', '=', row.tenantId)
    .where('id', '=', row.deviceId)
    .executeTakeFirst();
  await raiseNotification(
    ctx.db.kysely,
    row.tenantId,
    {
      kind: 'mdmCommandRefused',
      severity: 'warning',
      subject: { type: 'device', id: row.deviceId, name: device?.serialNumber ?? null },
      spaceId: device?.spaceId ?? connector.spaceId,
      message:
        `NanoMDM (${connector.name}) did not take ${row.requestType} for enrolment ${row.enrollmentId}: ${message}`.slice(
          0,
          1000,
        ),
      remedy:
        'Check that the device is still enrolled at the MDM and that the connector URL and API key are right; the next evaluation of the device queues the command again.',
    },
    ctx.clock.now(),
  );
}

/** What a drain needs to reach one connector's NanoMDM. */
function endpointOf(
  ctx: StoreContext,
  connector: MdmConnectorTable,
  timeoutMs: number,
): NanoMdmEndpoint {
  return {
    apiUrl: connector.apiUrl,
    apiKey: connectorSecret(ctx, connector.apiKeyEncrypted),
    privateTargets: privateTargetsOf(ctx.config),
    timeoutMs,
  };
}

/**
 * Closes as `sent` the commands NanoMDM stored and pushed, in one update (they were claimed
 * together, under one lease). A command whose result came first keeps its result.
 */
async function settleSent(
  ctx: StoreContext,
  rows: readonly MdmCommandRow[],
  enqueuedAt: string,
): Promise<void> {
  if (rows.length === 0) return;
  await ctx.db.kysely
    .updateTable('mdmCommands')
    .set((eb) => ({
      state: 'sent',
      enqueuedAt: eb.fn.coalesce('enqueuedAt', eb.val(enqueuedAt)),
      attempts: eb('attempts', '+', 1),
      leaseUntil: null,
      lastError: null,
      updatedAt: ctx.clock.now().toISOString(),
    }))
    .where(
      'id',
      'in',
      rows.map((row) => row.id),
    )
    .where('state', '=', 'sending')
    .where('leaseUntil', '=', rows[0]!.leaseUntil)
    .execute();
}

/**
 * Sends claimed commands in order; stops at the first one that must wait for a retry. The ones
 * NanoMDM took are closed together at the end (or before any other outcome is written): a
 * sender killed before that leaves them `sending`, and the next sender's attempt finds them
 * stored (the same CommandUUID: "already exists").
 */
async function sendClaimed(
  ctx: StoreContext,
  connector: MdmConnectorTable,
  rows: MdmCommandRow[],
  options: Required<Pick<MdmDeliveryOptions, 'retryBaseMs' | 'maxAttempts' | 'timeoutMs'>>,
  result: MdmDeliveryResult,
): Promise<void> {
  const endpoint = endpointOf(ctx, connector, options.timeoutMs);
  const stored: MdmCommandRow[] = [];
  let storedAt = '';
  const flush = async () => {
    const rows = stored.splice(0);
    await settleSent(ctx, rows, storedAt);
    result.sent += rows.length;
    storedAt = '';
  };
  try {
    await sendInOrder(
      ctx,
      connector,
      endpoint,
      rows,
      options,
      result,
      (row, at) => {
        stored.push(row);
        storedAt ||= at;
      },
      flush,
    );
  } finally {
    await flush();
  }
}

async function sendInOrder(
  ctx: StoreContext,
  connector: MdmConnectorTable,
  endpoint: NanoMdmEndpoint,
  rows: MdmCommandRow[],
  options: Required<Pick<MdmDeliveryOptions, 'retryBaseMs' | 'maxAttempts' | 'timeoutMs'>>,
  result: MdmDeliveryResult,
  sent: (row: MdmCommandRow, at: string) => void,
  flush: () => Promise<void>,
): Promise<void> {
  for (const [index, row] of rows.entries()) {
    const now = ctx.clock.now();
    const answer: NanoMdmAnswer =
      row.enqueuedAt === null
        ? await enqueueCommand(endpoint, row.enrollmentId, row.payload, now)
        : await pushEnrollment(endpoint, row.enrollmentId, now);
    const nowIso = ctx.clock.now().toISOString();
    const attempts = row.attempts + 1;
    if (answer.kind === 'stored' && answer.pushError === null) {
      sent(row, nowIso);
      continue;
    }
    await flush();
    if (answer.kind === 'stored') {
      // Stored, the push failed: the device fetches it at its next poll; push again meanwhile.
      const givenUp = attempts >= options.maxAttempts;
      await settle(ctx, row, {
        state: givenUp ? 'sent' : 'queued',
        enqueuedAt: row.enqueuedAt ?? nowIso,
        attempts,
        leaseUntil: null,
        lastError: `push failed: ${answer.pushError}`.slice(0, 1000),
        nextAttemptAt: new Date(
          Date.parse(nowIso) + backoffMs(attempts, options.retryBaseMs),
        ).toISOString(),
      });
      if (givenUp) result.sent += 1;
      else result.retried += 1;
      continue;
    }
    if (answer.kind === 'refused' || attempts >= options.maxAttempts) {
      const message =
        answer.kind === 'refused'
          ? answer.message
          : `NanoMDM unreachable after ${attempts} attempts: ${answer.message}`;
      await refuse(ctx, connector, row, message.slice(0, 1000));
      result.failed += 1;
      continue;
    }
    const delay = answer.retryAfterMs ?? backoffMs(attempts, options.retryBaseMs);
    await settle(ctx, row, {
      state: 'queued',
      attempts,
      leaseUntil: null,
      lastError: answer.message.slice(0, 1000),
      nextAttemptAt: new Date(
        Date.parse(nowIso) + Math.min(delay, MDM_MAX_RETRY_DELAY_MS),
      ).toISOString(),
    });
    result.retried += 1;
    // The rest wait behind it, in order: handed back untouched.
    for (const later of rows.slice(index + 1)) {
      await settle(ctx, later, { state: 'queued', leaseUntil: null });
    }
    return;
  }
}

/** Sends every due command once; see the file comment for what each answer does. */
export async function deliverMdmCommands(
  ctx: StoreContext,
  options: MdmDeliveryOptions = {},
): Promise<MdmDeliveryResult> {
  const result: MdmDeliveryResult = { sent: 0, failed: 0, retried: 0 };
  await releaseLicensedInstalls(ctx);
  const connectors = new Map<string, MdmConnectorTable | null>();
  const due = await dueEnrollments(ctx, options.maxEnrollments ?? 200);
  const sendEnrollment = async (ref: EnrollmentRef): Promise<void> => {
    try {
      if (!connectors.has(ref.connectorId)) {
        const row = await ctx.db.kysely
          .selectFrom('mdmConnectors')
          .selectAll()
          .where('tenantId', '=', ref.tenantId)
          .where('id', '=', ref.connectorId)
          .executeTakeFirst();
        connectors.set(ref.connectorId, row ?? null);
      }
      const connector = connectors.get(ref.connectorId) ?? null;
      if (connector === null) return;
      const rows = await claimEnrollmentCommands(ctx, ref, options.leaseMs ?? MDM_COMMAND_LEASE_MS);
      if (rows.length === 0) return;
      await sendClaimed(
        ctx,
        connector,
        rows,
        {
          retryBaseMs: options.retryBaseMs ?? MDM_RETRY_BASE_MS,
          maxAttempts: options.maxAttempts ?? MDM_MAX_ATTEMPTS,
          timeoutMs: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
        },
        result,
      );
    } catch (error) {
      // Commands left `sending` are taken up again when their lease ends; others go on.
      ctx.logger.error(
        { err: error, connectorId: ref.connectorId },
        'mdm commands: sending the commands of an enrolment failed',
      );
    }
  };
  // Enrolments are independent (each has its own order and lease): several are sent at once,
  // so that NanoMDM's throughput, not one request's round trip, sets the pace.
  let next = 0;
  const lane = async () => {
    while (next < due.length) {
      const ref = due[next]!;
      next += 1;
      await sendEnrollment(ref);
    }
  };
  const lanes = Math.max(1, options.concurrency ?? MDM_SEND_CONCURRENCY);
  await Promise.all(Array.from({ length: Math.min(lanes, due.length) }, lane));
  try {
    await pushRequestedDevices(ctx);
  } catch (error) {
    ctx.logger.error({ err: error }, 'mdm commands: waking devices failed');
  }
  return result;
}

/** How soon to look again at installs waiting for their licence's association. */
const LICENSE_WAIT_POLL_MS = 5_000;

/**
 * When a command that cannot go now may next go: its retry, the end of a lease, or soon when an
 * install waits for its licence (the outbox associates it meanwhile).
 */
export async function nextCommandAttemptAt(ctx: StoreContext): Promise<Date | null> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const db = ctx.db.kysely;
  const [retry, lease, waiting] = await Promise.all([
    db
      .selectFrom('mdmCommands')
      .select((eb) => eb.fn.min<string>('nextAttemptAt').as('at'))
      .where('state', '=', 'queued')
      .where('nextAttemptAt', '>', nowIso)
      .executeTakeFirst(),
    db
      .selectFrom('mdmCommands')
      .select((eb) => eb.fn.min<string>('leaseUntil').as('at'))
      .where('state', '=', 'sending')
      .where('leaseUntil', '>', nowIso)
      .executeTakeFirst(),
    db
      .selectFrom('mdmCommands')
      .select('id')
      .where('state', '=', 'waitingLicense')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const soon =
    waiting === undefined ? null : new Date(now.getTime() + LICENSE_WAIT_POLL_MS).toISOString();
  const times = [retry?.at, lease?.at, soon].filter((at): at is string => typeof at === 'string');
  return times.length === 0 ? null : new Date(times.sort()[0]!);
}
