/**
 * Sends the notification e-mail digests that are due, for the worker's loop and the pg-boss
 * sweep (every minute). A recipient with notifications pending gets ONE message holding them
 * (up to 500; more wait for the next), at most once an hour: the next digest is due an hour
 * after the last one went.
 *
 * A recipient is claimed with a guarded update (its next digest must be due and no other
 * process may hold it), so two processes never send the same digest; the claim is a lease that
 * ends by itself if its process dies. The items are marked sent only once the SMTP server
 * accepted the message. A failure (the server down, refusing, or timing out) keeps them pending
 * and retries after 1 minute, doubling up to 1 hour, without end: an outage loses nothing. A
 * process that dies between the server's acceptance and the marking sends that digest again,
 * with the same Message-ID (derived from its items), so mail systems can drop the repeat.
 */
import { createHash } from 'node:crypto';
import type { Config, SmtpConfig } from '../config.js';
import type { NotificationEmailRecipientTable } from '../db/schema.js';
import { newId } from '../ids.js';
import type { StoreContext } from '../services/serviceContext.js';
import type { EmailedNotification } from '../services/monitoring/emailQueue.js';
import { composeDigest } from '../services/monitoring/emailDigest.js';
import {
  createEmailTransport,
  describeSmtpError,
  type EmailTransport,
} from '../services/monitoring/emailTransport.js';

/** At most one digest per recipient per this long. */
export const DIGEST_INTERVAL_MS = 60 * 60_000;
const MAX_ITEMS_PER_DIGEST = 500;
const RECIPIENTS_PER_RUN = 100;
const FIRST_RETRY_MS = 60_000;
/** Longer than a send may take (the transport's timeouts), so a lease ends only with its process. */
const LEASE_MS = 5 * 60_000;
/** Sent items are kept this long (what was sent, when, in which digest), then pruned. */
const KEEP_SENT_MS = 30 * 86_400_000;

export interface DigestReport {
  sent: number;
  failed: number;
}

/** The job's context: the worker's, whose configuration carries the SMTP server when set. */
export type DigestContext = StoreContext & { config: Partial<Pick<Config, 'smtp'>> };

/** The wait before the next attempt after `failures` failed ones in a row: 1 min, 2 min… 1 h. */
export function digestRetryDelayMs(failures: number): number {
  return Math.min(DIGEST_INTERVAL_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}

export async function sendEmailDigests(ctx: DigestContext): Promise<DigestReport> {
  const report: DigestReport = { sent: 0, failed: 0 };
  const smtp = ctx.config.smtp ?? null;
  // E-mail off: what recipients are owed waits for an SMTP server.
  if (smtp === null) return report;
  const now = ctx.clock.now();
  await ctx.db.kysely
    .deleteFrom('notificationEmailItems')
    .where('state', '=', 'sent')
    .where('sentAt', '<', new Date(now.getTime() - KEEP_SENT_MS).toISOString())
    .execute();
  const due = await dueRecipients(ctx, now);
  if (due.length === 0) return report;
  const transport = createEmailTransport(smtp);
  try {
    for (const recipient of due) {
      const outcome = await sendDigest(ctx, smtp, transport, recipient);
      if (outcome === 'sent') report.sent += 1;
      else if (outcome !== 'skipped') report.failed += 1;
      // A server that cannot be reached (or refuses our login) fails every recipient alike:
      // the others wait for the next run rather than each waiting out the timeouts now.
      if (outcome === 'unreachable') break;
    }
  } finally {
    transport.close();
  }
  return report;
}

/** Recipients with something pending whose next digest is due and whom nobody holds. */
async function dueRecipients(
  ctx: DigestContext,
  now: Date,
): Promise<NotificationEmailRecipientTable[]> {
  const nowIso = now.toISOString();
  return (
    ctx.db.kysely
      .selectFrom('notificationEmailRecipients as r')
      .selectAll('r')
      .where((eb) =>
        eb.or([eb('r.nextAttemptAt', 'is', null), eb('r.nextAttemptAt', '<=', nowIso)]),
      )
      .where((eb) => eb.or([eb('r.leaseUntil', 'is', null), eb('r.leaseUntil', '<=', nowIso)]))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('notificationEmailItems as i')
            .select('i.id')
            .whereRef('i.recipientId', '=', 'r.id')
            .where('i.state', '=', 'pending'),
        ),
      )
      // Never tried first (null sorts differently in the two dialects), then the longest waiting.
      .orderBy((eb) => eb.fn.coalesce('r.nextAttemptAt', eb.val('')))
      .orderBy('r.id')
      .limit(RECIPIENTS_PER_RUN)
      .execute()
  );
}

/**
 * Takes the recipient for this process until the lease ends, returning it as it now is; null
 * if another process got it first.
 */
async function claim(
  ctx: DigestContext,
  id: string,
  now: Date,
): Promise<NotificationEmailRecipientTable | null> {
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  const claimed = await ctx.db.kysely
    .updateTable('notificationEmailRecipients')
    .set({ leaseUntil })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('nextAttemptAt', 'is', null), eb('nextAttemptAt', '<=', nowIso)]))
    .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<=', nowIso)]))
    .returningAll()
    .executeTakeFirst();
  return claimed ?? null;
}

/** nodemailer's codes for a failure of the server or the connection, not of one message. */
const SERVER_FAILURES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EREQUIRETLS',
  'EPROTOCOL',
  'EAUTH',
  'ENOAUTH',
]);

/** The Message-ID of a digest: the same items give the same ID. */
function messageIdOf(itemIds: readonly string[], smtp: SmtpConfig): string {
  const hash = createHash('sha256').update(itemIds.join(',')).digest('hex').slice(0, 32);
  const domain = /@([^>\s]+)>?$/.exec(smtp.from)?.[1] ?? 'allot.invalid';
  return `<digest-${hash}@${domain}>`;
}

async function sendDigest(
  ctx: DigestContext,
  smtp: SmtpConfig,
  transport: EmailTransport,
  due: NotificationEmailRecipientTable,
): Promise<'sent' | 'failed' | 'unreachable' | 'skipped'> {
  const recipient = await claim(ctx, due.id, ctx.clock.now());
  if (recipient === null) return 'skipped';
  const lease = recipient.leaseUntil!;
  const items = await ctx.db.kysely
    .selectFrom('notificationEmailItems')
    .select(['id', 'payload'])
    .where('recipientId', '=', recipient.id)
    .where('state', '=', 'pending')
    .orderBy('id')
    .limit(MAX_ITEMS_PER_DIGEST)
    .execute();
  const ids = items.map((i) => i.id);
  let failure: string | null = null;
  let unreachable = false;
  if (items.length > 0) {
    const message = composeDigest(items.map((i) => JSON.parse(i.payload) as EmailedNotification));
    try {
      await transport.send({ to: recipient.email, ...message, messageId: messageIdOf(ids, smtp) });
    } catch (error) {
      failure = describeSmtpError(error, smtp);
      unreachable = SERVER_FAILURES.has(String((error as { code?: unknown }).code));
    }
  }
  const now = ctx.clock.now();
  const hourAfterLast =
    recipient.lastDigestAt === null
      ? 0
      : new Date(recipient.lastDigestAt).getTime() + DIGEST_INTERVAL_MS;
  await ctx.db.transaction(async (trx) => {
    if (failure === null && items.length > 0) {
      const digestId = newId(now.getTime());
      await trx
        .updateTable('notificationEmailItems')
        .set({ state: 'sent', sentAt: now.toISOString(), digestId })
        .where('id', 'in', ids)
        .where('state', '=', 'pending')
        .execute();
    }
    const failures = failure === null ? 0 : recipient.failures + 1;
    const next =
      failure !== null
        ? Math.max(hourAfterLast, now.getTime() + digestRetryDelayMs(failures))
        : items.length > 0
          ? now.getTime() + DIGEST_INTERVAL_MS
          : hourAfterLast;
    await trx
      .updateTable('notificationEmailRecipients')
      .set({
        leaseUntil: null,
        failures,
        lastError: failure,
        nextAttemptAt: next === 0 ? null : new Date(next).toISOString(),
        ...(failure === null && items.length > 0 && { lastDigestAt: now.toISOString() }),
      })
      .where('id', '=', recipient.id)
      // Guarded by the lease: a process whose lease ran out does not overwrite a newer attempt.
      .where('leaseUntil', '=', lease)
      .execute();
  });
  if (failure !== null) {
    ctx.logger.warn(
      { recipientId: recipient.id, failures: recipient.failures + 1, reason: failure },
      'notification e-mail digest not sent; it will be retried',
    );
    return unreachable ? 'unreachable' : 'failed';
  }
  return items.length > 0 ? 'sent' : 'skipped';
}
