/** Why a licence is idle (R-X3), in words, for the dry run and the reclaimed list alike. */
import type { TFunction } from 'i18next';

const REASONS = ['deviceNotCheckedIn', 'notInstalled', 'userDeactivated'] as const;

/** The reasons an activity entry's `after` names (`license.reclaim`), known ones only. */
export function reasonsOf(after: unknown): string[] {
  const reasons = (after as { reasons?: unknown } | null)?.reasons;
  if (!Array.isArray(reasons)) return [];
  return reasons.filter((r): r is string => (REASONS as readonly string[]).includes(String(r)));
}

export function reasonText(t: TFunction<'insights'>, reasons: readonly string[]): string {
  return reasons.map((r) => t(`reason.${r}`, { defaultValue: r })).join('; ');
}
