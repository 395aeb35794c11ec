/** One notification: severity, what happened, what to do, who acknowledged it, its subject. */
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { Badge, SeverityBadge } from '../../components/Badge.js';
import { useNotify } from '../../components/Notices.js';
import { ErrorMessage } from '../../components/State.js';
import { SubjectLink } from '../../components/SubjectLink.js';
import { Time } from '../../components/Time.js';
import { useAction } from '../../hooks/useAction.js';
import { useSession } from '../../session/SessionContext.js';
import { notificationMessage, notificationRemedy } from './notificationText.js';
import type { NotificationRow } from './types.js';

function Acknowledge({ notification: n }: { notification: NotificationRow }) {
  const { t } = useTranslation('monitoring');
  const notify = useNotify();
  const action = useAction();
  const acknowledge = () =>
    void action.run(async () => {
      await api.post(`/notifications/${encodeURIComponent(n.id)}/acknowledge`);
      notify(t('notifications.acknowledged'));
    });
  return (
    <>
      <button
        type="button"
        className="small-button"
        disabled={action.busy}
        onClick={acknowledge}
        aria-describedby={`notification-${n.id}`}
      >
        {t('notifications.acknowledge')}
      </button>
      <ErrorMessage error={action.error} />
    </>
  );
}

export function NotificationItem({ notification: n }: { notification: NotificationRow }) {
  const { t } = useTranslation('monitoring');
  const { can } = useSession();
  const remedy = notificationRemedy(t, n);
  const acknowledgeable = n.state === 'active' && n.acknowledged === null;
  return (
    <li className={`notification severity-${n.severity}`} data-kind={n.kind}>
      <div className="notification-head">
        <SeverityBadge severity={n.severity} />
        <span className="muted small">{t(`kind.${n.kind}`, { defaultValue: n.kind })}</span>
        {n.state === 'cleared' && <Badge tone="neutral">{t('common:state.cleared')}</Badge>}
        {n.acknowledged !== null && n.state === 'active' && (
          <Badge tone="neutral">{t('common:state.acknowledged')}</Badge>
        )}
        <span className="muted small notification-time">
          <Time iso={n.createdAt} />
        </span>
      </div>
      <p className="notification-message" id={`notification-${n.id}`}>
        {notificationMessage(t, n)}
      </p>
      {remedy !== null && <p className="small">{t('notifications.whatToDo', { remedy })}</p>}
      <p className="small">
        {t('notifications.about')} <SubjectLink subject={n.subject} />
        {n.clearedAt !== null && (
          <span className="muted">
            {' · '}
            <Trans
              t={t}
              i18nKey="notifications.clearedAt"
              components={[<Time key="cleared" iso={n.clearedAt} />]}
            />
          </span>
        )}
      </p>
      {n.acknowledged !== null && (
        <p className="small muted notification-acknowledged">
          <Trans
            t={t}
            i18nKey="notifications.acknowledgedBy"
            values={{ name: n.acknowledged.by.name }}
            components={[<Time key="at" iso={n.acknowledged.at} />]}
          />
        </p>
      )}
      {acknowledgeable && can('monitoring:write') && <Acknowledge notification={n} />}
    </li>
  );
}
