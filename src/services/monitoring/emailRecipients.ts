/**
 * Notification e-mail, the recipients: an address receives the digests (jobs/emailDigests.ts) of
 * the notification kinds it chose, for the whole tenant or for one space (R-M6 by e-mail). R-S2:
 * a space-scoped administrator manages its own space's recipients and sees no others; a
 * tenant-wide recipient belongs to tenant-wide administrators. Recipients are accepted whether
 * or not the deployment has an SMTP server: each says whether e-mail is configured, and what
 * they are owed waits until it is.
 */
import type { Kysely } from 'kysely';
import type { Database, NotificationEmailRecipientTable } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { ServiceContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from './activity.js';
import { NOTIFICATION_KINDS } from './notifications.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';

/** What a recipient may choose: notification kinds, or `*` for every kind (new ones too). */
export const EMAIL_KINDS = ['*', ...NOTIFICATION_KINDS] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface EmailRecipient {
  id: string;
  email: string;
  kinds: EmailKind[];
  /** null: every notification of the tenant; else the space's and the tenant's own. */
  spaceId: string | null;
  /** false when the deployment has no SMTP server (ALLOT_SMTP_URL): nothing is sent yet. */
  emailConfigured: boolean;
  /** Notifications waiting for the next digest. */
  pending: number;
  lastDigestAt: string | null;
  /**
   * When the next digest goes, with notifications pending: an hour after the last digest, or a
   * retry after a failure; null = at the worker's next run (every minute).
   */
  nextDigestAt: string | null;
  /** Why the last attempt failed (the SMTP server's answer); null once a digest goes. */
  lastError: string | null;
  createdAt: string;
}

/** What the recipients' use cases need: the database, the time, whether e-mail is on. */
export type EmailRecipientContext = ServiceContext & { config: { smtp: object | null } };

/** A conventional address (RFC 5321's dot-atom forms), at most 254 characters. */
const ADDRESS =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function checkEmail(email: string): string {
  const address = email.trim().toLowerCase();
  if (address.length > 254 || !ADDRESS.test(address)) {
    throw new ValidationError(`"${email}" is not an e-mail address`, { field: 'email' });
  }
  return address;
}

function checkKinds(kinds: readonly string[]): EmailKind[] {
  const unique = [...new Set(kinds)];
  const unknown = unique.find((k) => !(EMAIL_KINDS as readonly string[]).includes(k));
  if (unique.length === 0 || unknown !== undefined) {
    throw new ValidationError(`kinds: expected some of ${EMAIL_KINDS.join(', ')}`, {
      field: 'kinds',
    });
  }
  return unique as EmailKind[];
}

function present(
  ctx: EmailRecipientContext,
  row: NotificationEmailRecipientTable,
  pending: number,
): EmailRecipient {
  return {
    id: row.id,
    email: row.email,
    kinds: JSON.parse(row.kinds) as EmailKind[],
    spaceId: row.spaceId,
    emailConfigured: ctx.config.smtp !== null,
    pending,
    lastDigestAt: row.lastDigestAt,
    nextDigestAt: pending > 0 ? row.nextAttemptAt : null,
    lastError: row.lastError,
    createdAt: row.createdAt,
  };
}

/** What the activity log keeps of a recipient: its settings, not its delivery state. */
function settingsOf(row: NotificationEmailRecipientTable) {
  return { email: row.email, kinds: JSON.parse(row.kinds) as unknown, spaceId: row.spaceId };
}

async function pendingCounts(
  db: Kysely<Database>,
  tenantId: string,
  ids: string[],
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('notificationEmailItems')
    .select(['recipientId', (eb) => eb.fn.countAll<number>().as('count')])
    .where('tenantId', '=', tenantId)
    .where('recipientId', 'in', ids)
    .where('state', '=', 'pending')
    .groupBy('recipientId')
    .execute();
  return new Map(rows.map((r) => [r.recipientId, Number(r.count)]));
}

/** The space a recipient is for: the one asked for, seen by the actor (R-S2), or its own. */
async function scopeOf(
  db: Kysely<Database>,
  actor: Actor,
  spaceId: string | null | undefined,
): Promise<string | null> {
  if (spaceId === undefined) return actor.spaceId;
  if (spaceId === null) {
    if (actor.spaceId !== null) {
      throw new ForbiddenError(
        'A space-scoped token manages the recipients of its own space: use a tenant-wide token',
      );
    }
    return null;
  }
  const space = await db
    .selectFrom('spaces')
    .select('id')
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', spaceId)
    .executeTakeFirst();
  if (space === undefined || (actor.spaceId !== null && actor.spaceId !== spaceId)) {
    throw new NotFoundError('space', spaceId);
  }
  return spaceId;
}

async function getRow(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<NotificationEmailRecipientTable> {
  const row = await db
    .selectFrom('notificationEmailRecipients')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('notificationRecipient', id);
  return row;
}

function duplicate(email: string): ConflictError {
  return new ConflictError(
    'RECIPIENT_EXISTS',
    `${email} already receives notifications for this scope: change its kinds instead`,
    { field: 'email' },
  );
}

export async function createEmailRecipient(
  ctx: EmailRecipientContext,
  actor: Actor,
  input: { email: string; kinds: string[]; spaceId?: string | null },
): Promise<EmailRecipient> {
  const email = checkEmail(input.email);
  const kinds = checkKinds(input.kinds);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (trx) => {
      const spaceId = await scopeOf(trx, actor, input.spaceId);
      const row: NotificationEmailRecipientTable = {
        id: newId(now.getTime()),
        tenantId: actor.tenantId,
        spaceId,
        scope: spaceId ?? '*',
        email,
        kinds: JSON.stringify(kinds),
        lastDigestAt: null,
        nextAttemptAt: null,
        leaseUntil: null,
        failures: 0,
        lastError: null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await trx.insertInto('notificationEmailRecipients').values(row).execute();
      await recordActivity(trx, actor, now, {
        action: 'notificationRecipient.create',
        subject: { type: 'notificationRecipient', id: row.id, name: email },
        spaceId,
        after: settingsOf(row),
      });
      return present(ctx, row, 0);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(email);
    throw error;
  }
}

export async function listEmailRecipients(
  ctx: EmailRecipientContext,
  actor: Actor,
  page: PageRequest,
): Promise<Page<EmailRecipient>> {
  const db = ctx.db.kysely;
  const rows = await db
    .selectFrom('notificationEmailRecipients')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const counts = await pendingCounts(
    db,
    actor.tenantId,
    rows.slice(0, page.limit).map((r) => r.id),
  );
  return toPage(
    rows.map((r) => present(ctx, r, counts.get(r.id) ?? 0)),
    page.limit,
  );
}

export async function getEmailRecipient(
  ctx: EmailRecipientContext,
  actor: Actor,
  id: string,
): Promise<EmailRecipient> {
  const row = await getRow(ctx.db.kysely, actor, id);
  const counts = await pendingCounts(ctx.db.kysely, actor.tenantId, [id]);
  return present(ctx, row, counts.get(id) ?? 0);
}

/** Changes the address or the kinds; what is already owed stays owed to the recipient. */
export async function updateEmailRecipient(
  ctx: EmailRecipientContext,
  actor: Actor,
  id: string,
  input: { email?: string; kinds?: string[] },
): Promise<EmailRecipient> {
  const email = input.email === undefined ? undefined : checkEmail(input.email);
  const kinds = input.kinds === undefined ? undefined : checkKinds(input.kinds);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (trx) => {
      const before = await getRow(trx, actor, id);
      const after: NotificationEmailRecipientTable = {
        ...before,
        ...(email !== undefined && { email }),
        ...(kinds !== undefined && { kinds: JSON.stringify(kinds) }),
        updatedAt: now.toISOString(),
      };
      await trx
        .updateTable('notificationEmailRecipients')
        .set({ email: after.email, kinds: after.kinds, updatedAt: after.updatedAt })
        .where('tenantId', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      await recordActivity(trx, actor, now, {
        action: 'notificationRecipient.update',
        subject: { type: 'notificationRecipient', id, name: after.email },
        spaceId: after.spaceId,
        before: settingsOf(before),
        after: settingsOf(after),
      });
      const counts = await pendingCounts(trx, actor.tenantId, [id]);
      return present(ctx, after, counts.get(id) ?? 0);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(email ?? '');
    throw error;
  }
}

/** Deletes the recipient; what it was still owed is dropped with it. */
export async function deleteEmailRecipient(
  ctx: EmailRecipientContext,
  actor: Actor,
  id: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const row = await getRow(trx, actor, id);
    await trx
      .deleteFrom('notificationEmailItems')
      .where('tenantId', '=', actor.tenantId)
      .where('recipientId', '=', id)
      .execute();
    await trx
      .deleteFrom('notificationEmailRecipients')
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await recordActivity(trx, actor, now, {
      action: 'notificationRecipient.delete',
      subject: { type: 'notificationRecipient', id, name: row.email },
      spaceId: row.spaceId,
      before: settingsOf(row),
    });
  });
}
