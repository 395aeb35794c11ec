/** Active notifications (R-M5, R-T10), newest first. */
import type { Notification, Page } from '../../api/types.js';
import { NotificationItem } from '../monitoring/NotificationItem.js';
import { Section } from '../../components/Section.js';
import { Empty, Loaded } from '../../components/State.js';
import { useResource } from '../../hooks/useResource.js';
import { Link } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';

export function NotificationsCard() {
  const { spaceId } = useSession();
  const notifications = useResource<Page<Notification & { spaceId: string | null }>>(
    '/notifications?state=active&limit=50',
  );
  return (
    <Section
      title="Active notifications"
      actions={<Link to="/notifications">All notifications</Link>}
    >
      <Loaded resource={notifications}>
        {(page) => {
          const shown = page.items.filter(
            (n) => spaceId === undefined || n.spaceId === null || n.spaceId === spaceId,
          );
          return shown.length === 0 ? (
            <Empty>Nothing needs attention.</Empty>
          ) : (
            <ul className="notification-list">
              {shown.slice(0, 8).map((n) => (
                <NotificationItem key={n.id} notification={n} />
              ))}
            </ul>
          );
        }}
      </Loaded>
    </Section>
  );
}
