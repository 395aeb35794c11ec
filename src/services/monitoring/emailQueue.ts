/**
 * Notification e-mail, the queue: a raised notification is owed to every recipient of its
 * tenant whose kinds include it and whose scope sees it, in the transaction that raises it, so
 * a notification is never raised without its e-mail or e-mailed without being raised.
 * jobs/emailDigests.ts sends what is owed.
 */
import type { Kysely } from 'kysely';
import type { Database, NotificationEmailItemTable } from '../../db/schema.js';
import { insertRows } from '../../db/batches.js';
import { newId } from '../../ids.js';

/** What a digest shows of a notification (its presentation, as raised). */
export interface EmailedNotification {
  id: string;
  kind: string;
  severity: string;
  subject: { type: string; id: string; name: string | null };
  spaceId: string | null;
  message: string;
  remedy: string | null;
  createdAt: string;
}

/**
 * R-S2: a space's recipient receives what a space-scoped administrator of it sees: its space's
 * notifications and the tenant's own (no space); a tenant-wide recipient receives them all.
 */
export function recipientSees(
  recipient: { spaceId: string | null; kinds: string },
  notification: { kind: string; spaceId: string | null },
): boolean {
  const kinds = JSON.parse(recipient.kinds) as string[];
  if (!kinds.includes('*') && !kinds.includes(notification.kind)) return false;
  return (
    recipient.spaceId === null ||
    notification.spaceId === null ||
    recipient.spaceId === notification.spaceId
  );
}

/** Queues one pending item per recipient that should hear of `notification`. */
export async function queueNotificationEmail(
  db: Kysely<Database>,
  tenantId: string,
  notification: EmailedNotification,
  at: Date,
): Promise<void> {
  const recipients = await db
    .selectFrom('notificationEmailRecipients')
    .select(['id', 'spaceId', 'kinds'])
    .where('tenantId', '=', tenantId)
    .execute();
  const payload = JSON.stringify({
    id: notification.id,
    kind: notification.kind,
    severity: notification.severity,
    subject: notification.subject,
    spaceId: notification.spaceId,
    message: notification.message,
    remedy: notification.remedy,
    createdAt: notification.createdAt,
  } satisfies EmailedNotification);
  const rows: NotificationEmailItemTable[] = recipients
    .filter((r) => recipientSees(r, notification))
    .map((r) => ({
      id: newId(at.getTime()),
      tenantId,
      recipientId: r.id,
      notificationId: notification.id,
      payload,
      state: 'pending',
      digestId: null,
      createdAt: at.toISOString(),
      sentAt: null,
    }));
  if (rows.length > 0) await insertRows(db, 'notificationEmailItems', rows);
}
