/** What the monitoring pages read, beyond api/types.ts (acknowledgement, names, space). */
import type { ActivityEntry, Notification } from '../../api/types.js';

export interface Reference {
  type: string;
  id: string;
  name: string;
}

export interface ActivityRow extends ActivityEntry {
  /** What before/after refer to by id, with their current names (the activity log sends it). */
  references?: Reference[];
}

export interface NotificationRow extends Notification {
  spaceId: string | null;
  acknowledged: { at: string; by: { id: string | null; name: string } } | null;
}
