import { humanize } from '../format.js';

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
  return <Badge tone={ACCOUNT_TONES[status] ?? 'neutral'}>{humanize(status)}</Badge>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  const tone: Tone = severity === 'alert' ? 'alert' : severity === 'warning' ? 'warning' : 'info';
  return <Badge tone={tone}>{humanize(severity)}</Badge>;
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
  return <Badge tone={INSTALL_TONES[state] ?? 'neutral'}>{humanize(state)}</Badge>;
}
