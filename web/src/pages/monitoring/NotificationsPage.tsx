/** Every notification (R-M6), the most severe first, filtered by state and kind. */
import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/client.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { NotificationItem } from './NotificationItem.js';
import type { NotificationRow } from './types.js';

const KINDS = ['usage', 'tokenExpiring', 'authError', 'syncFailed', 'storeRefused'];

export function NotificationsPage() {
  const { t } = useTranslation('monitoring');
  const { spaceId } = useSession();
  const [state, setState] = useQueryParam('state');
  const [kind, setKind] = useQueryParam('kind');
  const shownState = state === '' ? 'active' : state;
  const paged = usePaged<NotificationRow>(
    withQuery('/notifications', {
      state: shownState === 'all' ? undefined : shownState,
      kind,
      sort: 'severity',
      limit: 50,
    }),
  );
  return (
    <>
      <PageTitle subtitle={t('notifications.subtitle')}>{t('notifications.title')}</PageTitle>
      <div className="filters">
        <label className="field">
          <span>{t('notifications.state')}</span>
          <select value={shownState} onChange={(event) => setState(event.target.value)}>
            <option value="active">{t('notifications.active')}</option>
            <option value="cleared">{t('notifications.cleared')}</option>
            <option value="all">{t('notifications.all')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('notifications.kind')}</span>
          <select value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">{t('notifications.everyKind')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <PagedList paged={paged} empty={t('notifications.empty')}>
        {(items) => (
          <ul className="notification-list">
            {items
              .filter((n) => spaceId === undefined || n.spaceId === null || n.spaceId === spaceId)
              .map((n) => (
                <NotificationItem key={n.id} notification={n} />
              ))}
          </ul>
        )}
      </PagedList>
    </>
  );
}
