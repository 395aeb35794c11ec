/** What the monitoring pages read: the API's shapes (api/types.ts), by the names they use here. */
import type { ActivityEntry, Notification } from '../../api/types.js';

export type ActivityRow = ActivityEntry;
/** What before/after refer to by id, with their current names (the activity log sends it). */
export type Reference = ActivityEntry['references'][number];
export type NotificationRow = Notification;
