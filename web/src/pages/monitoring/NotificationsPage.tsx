/** Every notification (R-M6), filtered by state and kind, with links to their subjects. */
import { withQuery } from '../../api/client.js';
import type { Notification } from '../../api/types.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { humanize } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';
import { NotificationItem } from './NotificationItem.js';

const KINDS = ['usage', 'tokenExpiring', 'authError', 'syncFailed', 'storeRefused'];

export function NotificationsPage() {
  const { spaceId } = useSession();
  const [state, setState] = useQueryParam('state');
  const [kind, setKind] = useQueryParam('kind');
  const shownState = state === '' ? 'active' : state;
  const paged = usePaged<Notification & { spaceId: string | null }>(
    withQuery('/notifications', {
      state: shownState === 'all' ? undefined : shownState,
      kind,
      limit: 50,
    }),
  );
  return (
    <>
      <PageTitle subtitle="Usage thresholds, token expiry, authentication and sync problems, store refusals.">
        Notifications
      </PageTitle>
      <div className="filters">
        <label className="field">
          <span>State</span>
          <select value={shownState} onChange={(event) => setState(event.target.value)}>
            <option value="active">Active</option>
            <option value="cleared">Cleared</option>
            <option value="all">All</option>
          </select>
        </label>
        <label className="field">
          <span>Kind</span>
          <select value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">Every kind</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <PagedList paged={paged} empty="No notification matches these filters.">
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
