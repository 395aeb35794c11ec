/** One notification: severity, what happened, what to do, and a link to its subject. */
import type { Notification } from '../../api/types.js';
import { Badge, SeverityBadge } from '../../components/Badge.js';
import { SubjectLink } from '../../components/SubjectLink.js';
import { Time } from '../../components/Time.js';
import { humanize } from '../../format.js';

export function NotificationItem({ notification: n }: { notification: Notification }) {
  return (
    <li className={`notification severity-${n.severity}`} data-kind={n.kind}>
      <div className="notification-head">
        <SeverityBadge severity={n.severity} />
        <span className="muted small">{humanize(n.kind)}</span>
        {n.state === 'cleared' && <Badge tone="neutral">Cleared</Badge>}
        <span className="muted small notification-time">
          <Time iso={n.createdAt} />
        </span>
      </div>
      <p className="notification-message">{n.message}</p>
      {n.remedy !== null && <p className="small">What to do: {n.remedy}</p>}
      <p className="small">
        About: <SubjectLink subject={n.subject} />
        {n.clearedAt !== null && (
          <span className="muted">
            {' '}
            · cleared <Time iso={n.clearedAt} />
          </span>
        )}
      </p>
    </li>
  );
}
