/**
 * R-M5: usage notifications per app and space. `info` above 50 %, `warning` at 70 % and 80 %,
 * `alert` at 90 % and 100 %. Each threshold is raised once when usage crosses it and stays
 * raised until usage falls below 50 %, which clears them all. At exactly 50 % nothing is raised
 * ("above") and nothing is cleared ("below").
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
 * 0 %; seats in use with a total of 0 (the store took licences back) are 100 %. Above 100 % is
 * possible when the store lowered the total below the seats in use.
 */
export function usagePercent(total: number, inUse: number, unlimited = false): number {
  if (unlimited || inUse <= 0) return 0;
  if (total <= 0) return 100;
  return (inUse / total) * 100;
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
  /** Thresholds newly crossed, lowest first: one notification each. */
  raise: Array<{ threshold: UsageThreshold; severity: UsageSeverity }>;
  /** True when the raised notifications are to be cleared (usage fell below 50 %). */
  clear: boolean;
}

/** R-M5: given the thresholds already raised for an app and space, what to raise or clear now. */
export function evaluateUsage(
  previousRaised: readonly UsageThreshold[],
  percent: number,
): UsageEvaluation {
  if (percent < CLEAR_BELOW) return { raise: [], clear: previousRaised.length > 0 };
  const raise = USAGE_THRESHOLDS.filter(
    (t) => reached(t.threshold, percent) && !previousRaised.includes(t.threshold),
  ).map((t) => ({ ...t }));
  return { raise, clear: false };
}
