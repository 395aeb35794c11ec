/**
 * What needs attention (R-M5, R-T10): the active notifications nobody has acknowledged yet, the
 * most severe first, as the Notifications page shows them.
 */
import { useTranslation } from 'react-i18next';
import type { Page } from '../../api/types.js';
import { NotificationItem } from '../monitoring/NotificationItem.js';
import type { NotificationRow } from '../monitoring/types.js';
import { Section } from '../../components/Section.js';
import { Empty, Loaded } from '../../components/State.js';
import { useResource } from '../../hooks/useResource.js';
import { Link } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';

const SHOWN = 6;

export function NotificationsCard() {
  const { t } = useTranslation('dashboard');
  const { spaceId } = useSession();
  const notifications = useResource<Page<NotificationRow>>(
    '/notifications?state=active&acknowledged=false&sort=severity&limit=100',
  );
  return (
    <Section
      title={t('notifications.title')}
      actions={<Link to="/notifications">{t('notifications.all')}</Link>}
    >
      <Loaded resource={notifications}>
        {(page) => {
          const open = page.items.filter(
            (n) => spaceId === undefined || n.spaceId === null || n.spaceId === spaceId,
          );
          if (open.length === 0) return <Empty>{t('notifications.empty')}</Empty>;
          const more = open.length - SHOWN;
          return (
            <>
              <p className="notification-count">
                {t('notifications.count', { count: open.length })}
              </p>
              <ul className="notification-list">
                {open.slice(0, SHOWN).map((n) => (
                  <NotificationItem key={n.id} notification={n} />
                ))}
              </ul>
              {more > 0 && (
                <p className="small">
                  <Link to="/notifications">{t('notifications.more', { count: more })}</Link>
                </p>
              )}
            </>
          );
        }}
      </Loaded>
    </Section>
  );
}
