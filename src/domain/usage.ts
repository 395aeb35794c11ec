/**
 * R-M5: usage notifications per app and space. `info` above 50 %, `warning` at 70 % and 80 %,
 * `alert` at 90 % and 100 %. Only the highest threshold crossed is active: crossing a higher one
 * supersedes it, and it stays until usage falls below 50 %, which clears it. Falling between
 * thresholds changes nothing (usage that hovers around 70 % does not raise 70 % again and
 * again). At exactly 50 % nothing is raised ("above") and nothing is cleared ("below").
 */

export type UsageSeverity = 'info' | 'warning' | 'alert';

export type UsageThreshold = 50 | 70 | 80 | 90 | 100;

export const USAGE_THRESHOLDS: ReadonlyArray<{
  threshold: UsageThreshold;
  severity: UsageSeverity;
}> = [
  { threshold: 50, severity: 'info' },
  { threshold: 70, severity: 'warning' },
  { threshold: 80, severity: 'warning' },
  { threshold: 90, severity: 'alert' },
  { threshold: 100, severity: 'alert' },
];

const CLEAR_BELOW = 50;

/**
 * Percentage of the seats in use. Unlimited pools and an empty pool with nothing in use are
 * 0 %; seats in use with a total of 0 (the store took licences back) are 100 %. It never shows
 * above 100 %: a store that lowered its total below the seats in use is a full pool, and the
 * licences beyond it are the store's refusals to reconcile (R-V8), not more usage.
 */
export function usagePercent(total: number, inUse: number, unlimited = false): number {
  if (unlimited || inUse <= 0) return 0;
  if (total <= 0) return 100;
  return Math.min(100, (inUse / total) * 100);
}

function reached(threshold: UsageThreshold, percent: number): boolean {
  return threshold === 50 ? percent > 50 : percent >= threshold;
}

/** The severity of the highest threshold `percent` has reached, or null below it. */
export function usageLevel(percent: number): UsageSeverity | null {
  let level: UsageSeverity | null = null;
  for (const { threshold, severity } of USAGE_THRESHOLDS) {
    if (reached(threshold, percent)) level = severity;
  }
  return level;
}

export interface UsageEvaluation {
  /** The threshold to raise now, superseding the active one; null when nothing new is crossed. */
  raise: { threshold: UsageThreshold; severity: UsageSeverity } | null;
  /** True when the active notification is to be cleared (usage fell below 50 %). */
  clear: boolean;
}

/** R-M5: given the threshold active for an app and space (if any), what to raise or clear now. */
export function evaluateUsage(active: UsageThreshold | null, percent: number): UsageEvaluation {
  if (percent < CLEAR_BELOW) return { raise: null, clear: active !== null };
  const highest = USAGE_THRESHOLDS.filter((t) => reached(t.threshold, percent)).at(-1);
  if (highest === undefined || (active !== null && highest.threshold <= active)) {
    return { raise: null, clear: false };
  }
  return { raise: { ...highest }, clear: false };
}
