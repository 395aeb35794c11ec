/**
 * A notification in the console's language, from its kind, threshold and subject: the stored
 * message and remedy (written in English for webhooks and e-mail) name API concepts, these name
 * the console's pages.
 */
import type { TFunction } from 'i18next';
import type { NotificationRow } from './types.js';

const KNOWN_KINDS = [
  'usage',
  'tokenExpiring',
  'authError',
  'syncFailed',
  'storeRefused',
  'forecast',
  'drift',
  'mdmCommandRefused',
];

export function notificationMessage(t: TFunction, n: NotificationRow): string {
  if (!KNOWN_KINDS.includes(n.kind)) return n.message;
  const name = n.subject.name ?? n.subject.id;
  if (n.kind === 'usage' && n.threshold === 50) return t('message.usage_50', { name });
  // A token's warnings come 30, 15, 7 and 1 days ahead (R-T10): the threshold is the days.
  if (n.kind === 'tokenExpiring')
    return t('message.tokenExpiring', { name, count: n.threshold ?? 30 });
  return t(`message.${n.kind}`, { name, threshold: n.threshold });
}

export function notificationRemedy(t: TFunction, n: NotificationRow): string | null {
  if (!KNOWN_KINDS.includes(n.kind)) return n.remedy;
  if (n.kind === 'usage') return t((n.threshold ?? 0) >= 80 ? 'remedy.usage' : 'remedy.usageLow');
  return t(`remedy.${n.kind}`);
}
