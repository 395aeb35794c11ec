/**
 * Notifications (R-M5, R-M6, R-T10, R-V8): raised once per condition, cleared when it ends,
 * and fanned out to the tenant's webhooks in the same transaction (delivered by jobs/webhookDeliveries.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, NotificationTable } from '../../db/schema.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../domain/errors.js';
import { newId } from '../../ids.js';
import type { Actor } from '../access/actor.js';
import type { ServiceContext } from '../serviceContext.js';
import { recordActivity } from './activity.js';
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
  /** Who acknowledged it and when; null until someone does. */
  acknowledged: { at: string; by: { id: string | null; name: string } } | null;
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
    acknowledged:
      row.acknowledgedAt === null
        ? null
        : {
            at: row.acknowledgedAt,
            by: { id: row.acknowledgedById, name: row.acknowledgedByName ?? '' },
          },
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
    acknowledgedAt: null,
    acknowledgedById: null,
    acknowledgedByName: null,
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

export const NOTIFICATION_SORTS = ['-createdAt', 'severity'] as const;
export type NotificationSort = (typeof NOTIFICATION_SORTS)[number];

export interface NotificationFilter {
  state?: 'active' | 'cleared';
  kind?: NotificationKind;
  subjectId?: string;
  /** false: only those nobody has acknowledged yet (the dashboard's count). */
  acknowledged?: boolean;
  /** `-createdAt` newest first (the default); `severity` alerts first, then newest first. */
  sort?: NotificationSort;
}

const severityRank = sql<number>`case severity when 'alert' then 3 when 'warning' then 2 else 1 end`;
const SEVERITY_RANK: Record<Severity, number> = { alert: 3, warning: 2, info: 1 };

/** The severity order's cursor: the rank of the last item and its id (`s3_<id>`). */
function severityCursor(notification: Notification): string {
  return `s${SEVERITY_RANK[notification.severity]}_${notification.id}`;
}

function parseSeverityCursor(after: string): { rank: number; id: string } {
  const match = /^s([123])_(.+)$/.exec(after);
  if (match === null) {
    throw new ValidationError('The cursor is not one this server gave out', { field: 'cursor' });
  }
  return { rank: Number(match[1]), id: match[2]! };
}

export async function listNotifications(
  db: Kysely<Database>,
  actor: Actor,
  filter: NotificationFilter,
  page: PageRequest,
): Promise<Page<Notification>> {
  const bySeverity = filter.sort === 'severity';
  const cursor =
    bySeverity && page.after !== undefined ? parseSeverityCursor(page.after) : undefined;
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
    .$if(filter.acknowledged !== undefined, (q) =>
      q.where('acknowledgedAt', filter.acknowledged! ? 'is not' : 'is', null),
    )
    .$if(cursor !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb(severityRank, '<', cursor!.rank),
          eb.and([eb(severityRank, '=', cursor!.rank), eb('id', '<', cursor!.id)]),
        ]),
      ),
    )
    .$if(!bySeverity && page.after !== undefined, (q) => q.where('id', '<', page.after!))
    .$if(bySeverity, (q) => q.orderBy(severityRank, 'desc'))
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const stores = await storesOfSubjects(
    db,
    actor.tenantId,
    rows.map((r) => ({ type: r.subjectType, id: r.subjectId })),
  );
  const items = rows.map((r) =>
    presentNotification(
      r,
      stores.get(subjectStoreKey({ type: r.subjectType, id: r.subjectId })) ?? null,
    ),
  );
  const result = toPage(items, page.limit);
  const last = result.items.at(-1);
  if (bySeverity && result.nextAfter !== null && last !== undefined) {
    result.nextAfter = severityCursor(last);
  }
  return result;
}

/**
 * An administrator acknowledges an active notification (who and when are kept, and logged):
 * it stays listed until its condition ends, but no longer counts as needing attention.
 * Acknowledging it again changes nothing. A space's administrator acknowledges its space's
 * notifications only; tenant-wide ones (a store token) need a tenant-wide administrator.
 */
export async function acknowledgeNotification(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<Notification> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const row = await trx
      .selectFrom('notifications')
      .selectAll()
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .$if(actor.spaceId !== null, (q) =>
        q.where((eb) => eb.or([eb('spaceId', '=', actor.spaceId), eb('spaceId', 'is', null)])),
      )
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError('notification', id);
    if (actor.spaceId !== null && row.spaceId === null) {
      throw new ForbiddenError(
        'This notification concerns the whole organisation: a tenant-wide administrator acknowledges it',
        { notificationId: id },
      );
    }
    if (row.acknowledgedAt !== null) return presentNotification(row);
    if (row.state !== 'active') {
      throw new ConflictError('NOTIFICATION_CLEARED', 'This notification is already cleared', {
        notificationId: id,
      });
    }
    const acknowledged = {
      acknowledgedAt: at.toISOString(),
      acknowledgedById: actor.id,
      acknowledgedByName: actor.name,
    };
    await trx
      .updateTable('notifications')
      .set(acknowledged)
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .where('acknowledgedAt', 'is', null)
      .execute();
    await recordActivity(trx, actor, at, {
      action: 'notification.acknowledge',
      subject: { type: 'notification', id, name: row.subjectName },
      spaceId: row.spaceId,
      after: { kind: row.kind, severity: row.severity, threshold: row.threshold },
    });
    return presentNotification({ ...row, ...acknowledged });
  });
}
