/** An account's status in words, with why: "Not synced yet" before a first sync, not "Healthy". */
import { useTranslation } from 'react-i18next';
import type { Account } from '../../api/types.js';
import { Badge, type Tone } from '../../components/Badge.js';

const TONES: Record<string, Tone> = {
  healthy: 'ok',
  syncing: 'info',
  degraded: 'warning',
  error: 'alert',
  claimedElsewhere: 'alert',
};

/** `notSynced` for an Apple or Microsoft account whose first sync has not finished. */
export function statusKey(a: Account): string {
  if (
    a.store !== 'isv' &&
    a.lastSyncAt === null &&
    (a.status === 'healthy' || a.status === 'syncing')
  ) {
    return a.status === 'syncing' ? 'firstSync' : 'notSynced';
  }
  return a.status;
}

export function AccountStatus({
  account: a,
  reason = false,
}: {
  account: Account;
  reason?: boolean;
}) {
  const { t } = useTranslation('accounts');
  const key = statusKey(a);
  const tone = key === 'notSynced' ? 'neutral' : (TONES[a.status] ?? 'neutral');
  const showReason = reason && a.statusReason !== null && a.status !== 'healthy';
  return (
    <span className="account-status">
      <Badge tone={tone}>{t(`status.${key}`, { defaultValue: a.status })}</Badge>
      {showReason && (
        <span className="small status-reason">
          {a.statusReason}
          {a.authProblem !== null &&
            ` (${t(`authProblem.${a.authProblem}`, { defaultValue: a.authProblem })})`}
        </span>
      )}
    </span>
  );
}
