import { useTranslation } from 'react-i18next';

export type Tone = 'ok' | 'info' | 'warning' | 'alert' | 'neutral';

/** A short status word; the tone colours it, the text says it (never colour alone). */
export function Badge({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`badge tone-${tone}`}>{children}</span>;
}

const ACCOUNT_TONES: Record<string, Tone> = {
  healthy: 'ok',
  syncing: 'info',
  degraded: 'warning',
  error: 'alert',
  claimedElsewhere: 'alert',
};

export function AccountStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={ACCOUNT_TONES[status] ?? 'neutral'}>
      {t(`accountStatus.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** The same words and colours wherever a severity shows (dashboard, notifications). */
export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation();
  const tone: Tone = severity === 'alert' ? 'alert' : severity === 'warning' ? 'warning' : 'info';
  return <Badge tone={tone}>{t(`severity.${severity}`, { defaultValue: severity })}</Badge>;
}

const INSTALL_TONES: Record<string, Tone> = {
  installed: 'ok',
  pending: 'info',
  awaitingEnrolment: 'warning',
  noLicense: 'alert',
  failed: 'alert',
  uninstallPending: 'neutral',
  removed: 'neutral',
};

export function InstallStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone={INSTALL_TONES[state] ?? 'neutral'}>
      {t(`installState.${state}`, { defaultValue: state })}
    </Badge>
  );
}
