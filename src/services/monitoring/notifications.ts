/**
 * Notifications (R-M5, R-M6, R-T10, R-V8): raised once per condition, cleared when it ends,
 * and fanned out to the tenant's webhooks in the same transaction (delivered by jobs/webhookDeliveries.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, NotificationTable } from '../../db/schema.js';
import { newId } from '../../ids.js';
import type { Actor } from '../access/actor.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';
import { storesOfSubjects, subjectStoreKey } from './subjectStores.js';
import { queueNotificationEmail } from './emailQueue.js';

export const NOTIFICATION_KINDS = [
  'usage',
  'tokenExpiring',
  'authError',
  'syncFailed',
  'storeRefused',
  'forecast',
  'drift',
  'mdmCommandRefused',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type Severity = 'info' | 'warning' | 'alert';

export interface NotificationInput {
  kind: NotificationKind;
  severity: Severity;
  subject: { type: string; id: string; name: string | null };
  spaceId: string | null;
  threshold?: number | null;
  message: string;
  remedy?: string | null;
}

export interface Notification {
  id: string;
  kind: NotificationKind;
  severity: Severity;
  subject: { type: string; id: string; name: string | null };
  spaceId: string | null;
  threshold: number | null;
  message: string;
  remedy: string | null;
  state: 'active' | 'cleared';
  createdAt: string;
  clearedAt: string | null;
  /** apple, microsoft or isv when the subject belongs to a store (one view across stores). */
  store: string | null;
}

export function presentNotification(
  row: NotificationTable,
  store: string | null = null,
): Notification {
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    severity: row.severity as Severity,
    subject: { type: row.subjectType, id: row.subjectId, name: row.subjectName },
    spaceId: row.spaceId,
    threshold: row.threshold,
    message: row.message,
    remedy: row.remedy,
    state: row.state as 'active' | 'cleared',
    createdAt: row.createdAt,
    clearedAt: row.clearedAt,
    store,
  };
}

/**
 * Raises a notification unless the same one (kind, subject, threshold) is already active;
 * returns it when raised now.
 */
export async function raiseNotification(
  db: Kysely<Database>,
  tenantId: string,
  input: NotificationInput,
  at: Date,
): Promise<Notification | null> {
  const threshold = input.threshold ?? null;
  const active = await db
    .selectFrom('notifications')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('subjectId', '=', input.subject.id)
    .where('kind', '=', input.kind)
    .where('state', '=', 'active')
    .where((eb) =>
      threshold === null ? eb('threshold', 'is', null) : eb('threshold', '=', threshold),
    )
    .executeTakeFirst();
  if (active !== undefined) return null;
  const row: NotificationTable = {
    id: newId(at.getTime()),
    tenantId,
    spaceId: input.spaceId,
    kind: input.kind,
    severity: input.severity,
    subjectType: input.subject.type,
    subjectId: input.subject.id,
    subjectName: input.subject.name,
    threshold,
    message: input.message,
    remedy: input.remedy ?? null,
    state: 'active',
    createdAt: at.toISOString(),
    clearedAt: null,
  };
  await db.insertInto('notifications').values(row).execute();
  const notification = presentNotification(row);
  await fanOut(db, tenantId, 'notification.raised', notification, at);
  await queueNotificationEmail(db, tenantId, notification, at);
  return notification;
}

/** Clears the active notifications of a kind for a subject (optionally one threshold only). */
export async function clearNotifications(
  db: Kysely<Database>,
  tenantId: string,
  match: { kind: NotificationKind; subjectId: string; threshold?: number },
  at: Date,
): Promise<number> {
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('subjectId', '=', match.subjectId)
    .where('kind', '=', match.kind)
    .where('state', '=', 'active')
    .$if(match.threshold !== undefined, (q) => q.where('threshold', '=', match.threshold!))
    .execute();
  for (const row of rows) {
    const cleared = { ...row, state: 'cleared', clearedAt: at.toISOString() };
    await db
      .updateTable('notifications')
      .set({ state: 'cleared', clearedAt: cleared.clearedAt })
      .where('id', '=', row.id)
      .execute();
    await fanOut(db, tenantId, 'notification.cleared', presentNotification(cleared), at);
  }
  return rows.length;
}

/** Queues one delivery per webhook subscribed to this notification's kind (or to `*`). */
async function fanOut(
  db: Kysely<Database>,
  tenantId: string,
  event: string,
  notification: Notification,
  at: Date,
): Promise<void> {
  const hooks = await db
    .selectFrom('webhooks')
    .select(['id', 'events'])
    .where('tenantId', '=', tenantId)
    .execute();
  if (hooks.length === 0) return;
  const stores = await storesOfSubjects(db, tenantId, [notification.subject]);
  notification = {
    ...notification,
    store: stores.get(subjectStoreKey(notification.subject)) ?? null,
  };
  for (const hook of hooks) {
    const events = JSON.parse(hook.events) as string[];
    if (!events.includes('*') && !events.includes(notification.kind)) continue;
    await db
      .insertInto('webhookDeliveries')
      .values({
        id: newId(at.getTime()),
        tenantId,
        webhookId: hook.id,
        event,
        payload: JSON.stringify({ event, notification }),
        state: 'pending',
        attempts: 0,
        nextAttemptAt: at.toISOString(),
        lastStatus: null,
        createdAt: at.toISOString(),
      })
      .execute();
  }
}

export async function listNotifications(
  db: Kysely<Database>,
  actor: Actor,
  filter: { state?: 'active' | 'cleared'; kind?: NotificationKind; subjectId?: string },
  page: PageRequest,
): Promise<Page<Notification>> {
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(actor.spaceId !== null, (q) =>
      q.where((eb) => eb.or([eb('spaceId', '=', actor.spaceId), eb('spaceId', 'is', null)])),
    )
    .$if(filter.state !== undefined, (q) => q.where('state', '=', filter.state!))
    .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!))
    .$if(filter.subjectId !== undefined, (q) => q.where('subjectId', '=', filter.subjectId!))
    .$if(page.after !== undefined, (q) => q.where('id', '<', page.after!))
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const stores = await storesOfSubjects(
    db,
    actor.tenantId,
    rows.map((r) => ({ type: r.subjectType, id: r.subjectId })),
  );
  return toPage(
    rows.map((r) =>
      presentNotification(
        r,
        stores.get(subjectStoreKey({ type: r.subjectType, id: r.subjectId })) ?? null,
      ),
    ),
    page.limit,
  );
}
