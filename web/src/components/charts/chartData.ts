/**
 * What the usage chart draws, from the API's answers: the recorded days (R-X1), the run-out
 * forecast of the pools shown (R-X2) drawn ahead of today, and the events that moved the counts.
 * Pure: the chart (uPlot) and its text summary both read this, so they cannot disagree.
 */
import type { paths } from '../../api/schema.js';

type Json<P extends keyof paths> = paths[P]['get'] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export type UsageHistory = Json<'/api/v1/usage/history'>;
export type HistoryPoint = UsageHistory['points'][number];
export type PoolForecast = Json<'/api/v1/forecasts'>['items'][number];
export type UsageEvent = Json<'/api/v1/usage/events'>['items'][number];
export type UsageEventKind = UsageEvent['kind'];

export const RANGES = { '90d': 90, '1y': 365, '2y': 730 } as const;
export type RangeKey = keyof typeof RANGES;

const DAY_S = 86_400;

/** `2026-06-01` → seconds since the epoch at that UTC midnight (uPlot's time unit). */
export function dayToX(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) / 1000;
}

export function xToDay(x: number): string {
  return new Date(x * 1000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return xToDay(dayToX(day) + days * DAY_S);
}

/** The forecast of the pools taken together: the set runs out when its last pool does. */
export interface CombinedForecast {
  pools: PoolForecast[];
  total: number;
  /** In use plus reserved now. */
  occupied: number;
  demand: number;
  runsOutOn: string | null;
  earliest: string | null;
  latest: string | null;
}

function lastOf(days: Array<string | null>): string | null {
  if (days.length === 0 || days.some((d) => d === null)) return null;
  return (days as string[]).sort().at(-1)!;
}

export function combineForecasts(pools: PoolForecast[]): CombinedForecast {
  const limited = pools.filter((p) => !p.unlimited);
  return {
    pools: limited,
    total: limited.reduce((n, p) => n + p.total, 0),
    occupied: limited.reduce((n, p) => n + p.inUse + p.reserved, 0),
    demand: limited.reduce((n, p) => n + p.demand, 0),
    runsOutOn: lastOf(limited.map((p) => p.runsOutOn)),
    earliest: lastOf(limited.map((p) => p.earliest)),
    latest: lastOf(limited.map((p) => p.latest)),
  };
}

/** uPlot's columns: x, then total, in use, reserved, available, forecast, fast end, slow end. */
export type Columns = [number[], ...Array<Array<number | null>>];

export interface ChartModel {
  columns: Columns;
  today: string;
  /** The last day drawn: today, or further when a forecast is drawn ahead. */
  end: string;
  events: Array<{ x: number; at: string; kind: UsageEventKind; count: number }>;
  forecast: CombinedForecast;
  last: HistoryPoint | null;
}

/** The value on `day` of a line from (today, from) reaching `to` on `until`, then staying. */
function along(today: string, until: string | null, from: number, to: number, day: string) {
  if (until === null) return null;
  const span = (dayToX(until) - dayToX(today)) / DAY_S;
  const done = (dayToX(day) - dayToX(today)) / DAY_S;
  if (span <= 0 || done >= span) return to;
  return Math.round((from + ((to - from) * done) / span) * 10) / 10;
}

/**
 * The chart's columns. Days ahead of today are drawn up to the latest run-out date (a week
 * past it), but never further ahead than half the range looks back, so the past stays readable.
 */
export function chartModel(input: {
  points: HistoryPoint[];
  forecasts: PoolForecast[];
  events: UsageEvent[];
  today: string;
  rangeDays: number;
}): ChartModel {
  const { points, today } = input;
  const forecast = combineForecasts(input.forecasts);
  const last = points.at(-1) ?? null;
  const runOut = forecast.latest ?? forecast.runsOutOn;
  const cap = addDays(today, Math.round(input.rangeDays / 2));
  const wanted = runOut === null ? today : addDays(runOut, 7);
  const end = wanted < cap ? wanted : cap;

  const past = points.filter((p) => p.at <= today);
  const future: string[] = [];
  for (let day = addDays(past.at(-1)?.at ?? today, 1); day <= end; day = addDays(day, 1)) {
    future.push(day);
  }
  const days = [...past.map((p) => p.at), ...future];
  const start = forecast.occupied + forecast.demand;
  const projected = (until: string | null) =>
    days.map((day, i) =>
      runOut === null || i < past.length - 1
        ? null
        : along(today, until, Math.min(start, forecast.total), forecast.total, day),
    );
  const pick = (key: keyof Omit<HistoryPoint, 'at'>) => [
    ...past.map((p) => p[key]),
    ...future.map(() => null),
  ];
  return {
    columns: [
      days.map(dayToX),
      pick('total'),
      pick('inUse'),
      pick('reserved'),
      pick('available'),
      projected(forecast.runsOutOn),
      projected(forecast.earliest),
      projected(forecast.latest),
    ],
    today,
    end,
    events: input.events.map((e) => ({ ...e, x: dayToX(e.at) })),
    forecast,
    last,
  };
}
