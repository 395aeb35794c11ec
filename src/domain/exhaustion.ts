/**
 * R-X2: when a pool runs out, with the range of the estimate.
 *
 * A pool runs out when its occupied seats (in use plus reserved for someone) reach its total.
 * The pending demand (targeted subjects refused for want of a licence, the waitlist) will take
 * seats at once, so it is added to today's occupancy. The trend is the least-squares slope of
 * the daily occupancy over the last `TREND_DAYS` days; the range comes from the slope's
 * confidence interval (slope ± 2 standard errors, about 95 %): the steepest plausible slope
 * gives the earliest date, the flattest one the latest (none when it may be flat or falling).
 */

/** How many days of history the trend is fitted on. */
export const TREND_DAYS = 30;

/** Beyond this many days the estimate means nothing: reported as not running out. */
export const HORIZON_DAYS = 3650;

/** Half-width of the slope's interval, in standard errors (about 95 %). */
const Z = 2;

const DAY_MS = 24 * 3600 * 1000;

export interface OccupancyPoint {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Seats in use plus seats reserved that day. */
  occupied: number;
}

export interface ExhaustionInput {
  /** Today (UTC), `YYYY-MM-DD`. */
  today: string;
  total: number;
  /** Occupied seats now (in use plus reserved). */
  occupied: number;
  /** Subjects waiting for a licence of this pool. */
  demand: number;
  unlimited?: boolean;
  /** The daily occupancy, any order; days outside the trend window are ignored. */
  history: readonly OccupancyPoint[];
}

export interface Exhaustion {
  /** The day the pool runs out on the trend, or null when it does not (within the horizon). */
  runsOutOn: string | null;
  earliest: string | null;
  latest: string | null;
  demand: number;
  /** The fitted growth in seats per day, null with fewer than two days of history. */
  slopePerDay: number | null;
}

/** `YYYY-MM-DD` of a Date, in UTC. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole days since 1970-01-01 of a `YYYY-MM-DD` day. */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
}

/** The `YYYY-MM-DD` day `days` after `day`. */
export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));
}

interface Fit {
  slope: number;
  /** Standard error of the slope; 0 when the points lie on the line or are only two. */
  stderr: number;
}

/** Ordinary least squares of y on x; null when x does not vary. */
export function leastSquares(points: ReadonlyArray<{ x: number; y: number }>): Fit | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  if (n === 2) return { slope, stderr: 0 };
  const intercept = my - slope * mx;
  const sse = points.reduce((s, p) => s + (p.y - intercept - slope * p.x) ** 2, 0);
  return { slope, stderr: Math.sqrt(sse / (n - 2) / sxx) };
}

/** Days until `headroom` seats are used at `slope` per day; null when never (or too far). */
function daysUntil(headroom: number, slope: number): number | null {
  if (!(slope > 1e-9)) return null;
  const days = Math.ceil(headroom / slope);
  return days > HORIZON_DAYS ? null : days;
}

/** R-X2: when the pool runs out, earliest and latest, from its history and pending demand. */
export function forecastExhaustion(input: ExhaustionInput): Exhaustion {
  const { today, demand } = input;
  const none = { runsOutOn: null, earliest: null, latest: null, demand };
  if (input.unlimited === true) return { ...none, slopePerDay: null };

  const end = dayNumber(today);
  const points = input.history
    .map((p) => ({ x: dayNumber(p.day), y: p.occupied }))
    .filter((p) => p.x > end - TREND_DAYS && p.x <= end);
  const fit = leastSquares(points);
  const slopePerDay = fit === null ? null : fit.slope;

  const headroom = input.total - input.occupied - demand;
  if (headroom <= 0)
    return { runsOutOn: today, earliest: today, latest: today, demand, slopePerDay };
  if (fit === null) return { ...none, slopePerDay };

  const at = (days: number | null) => (days === null ? null : addDays(today, days));
  const expected = daysUntil(headroom, fit.slope);
  const soonest = daysUntil(headroom, fit.slope + Z * fit.stderr);
  const slowest = daysUntil(headroom, fit.slope - Z * fit.stderr);
  return {
    runsOutOn: at(expected),
    earliest: at(soonest),
    // The flattest plausible trend may never run out: no latest date then.
    latest: expected === null ? null : at(slowest),
    demand,
    slopePerDay,
  };
}
