import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayNumber,
  forecastExhaustion,
  HORIZON_DAYS,
  leastSquares,
  TREND_DAYS,
  type OccupancyPoint,
} from '../../src/domain/exhaustion.js';
import { addedDemand } from '../../src/domain/forecast.js';

const TODAY = '2026-06-30';

/** The occupancy of the `days` days up to today, from a function of the day's age (0 = today). */
function history(days: number, occupied: (age: number) => number): OccupancyPoint[] {
  return Array.from({ length: days }, (_, i) => ({
    day: addDays(TODAY, -(days - 1 - i)),
    occupied: occupied(days - 1 - i),
  }));
}

describe('the exhaustion forecast', () => {
  it('R-X2: a flat history never runs out, however full the pool', () => {
    const result = forecastExhaustion({
      today: TODAY,
      total: 100,
      occupied: 90,
      demand: 0,
      history: history(30, () => 90),
    });
    expect(result).toEqual({
      runsOutOn: null,
      earliest: null,
      latest: null,
      demand: 0,
      slopePerDay: 0,
    });
  });

  it('R-X2: linear growth runs out when the line reaches the total, with a range of one day', () => {
    // Two more seats a day, 40 today: 60 seats left, 30 days.
    const result = forecastExhaustion({
      today: TODAY,
      total: 100,
      occupied: 40,
      demand: 0,
      history: history(30, (age) => 40 - 2 * age),
    });
    expect(result.slopePerDay).toBeCloseTo(2, 10);
    expect(result.runsOutOn).toBe(addDays(TODAY, 30));
    // An exact line has no spread: earliest and latest are the date itself.
    expect(result.earliest).toBe(result.runsOutOn);
    expect(result.latest).toBe(result.runsOutOn);
  });

  it('R-X2: the pending demand takes seats at once and brings the date forward', () => {
    const base = {
      today: TODAY,
      total: 100,
      occupied: 40,
      history: history(30, (age: number) => 40 - 2 * age),
    };
    const without = forecastExhaustion({ ...base, demand: 0 });
    const withDemand = forecastExhaustion({ ...base, demand: 20 });
    expect(withDemand.demand).toBe(20);
    expect(withDemand.runsOutOn).toBe(addDays(TODAY, 20));
    expect(withDemand.runsOutOn! < without.runsOutOn!).toBe(true);
  });

  it('R-X2: demand beyond the seats left runs out today, even without a trend', () => {
    const result = forecastExhaustion({
      today: TODAY,
      total: 10,
      occupied: 8,
      demand: 3,
      history: [],
    });
    expect(result).toMatchObject({ runsOutOn: TODAY, earliest: TODAY, latest: TODAY, demand: 3 });
  });

  it('R-X2: a step up in the window shows as growth, and its spread widens the range', () => {
    // Flat at 20 for 15 days, then 50 for 15 days.
    const result = forecastExhaustion({
      today: TODAY,
      total: 200,
      occupied: 50,
      demand: 0,
      history: history(30, (age) => (age >= 15 ? 20 : 50)),
    });
    expect(result.slopePerDay!).toBeGreaterThan(0);
    expect(result.runsOutOn).not.toBeNull();
    expect(result.earliest! < result.runsOutOn!).toBe(true);
    expect(result.latest === null || result.latest > result.runsOutOn!).toBe(true);
  });

  it('R-X2: noisy growth gives a range around the trend that holds the true date', () => {
    // One seat a day with a deterministic ±3 wobble; 100 seats left at the trend.
    const wobble = [3, -2, 1, -3, 2, 0, -1, 3, -3, 1];
    const occupied = (age: number) => 100 - age + wobble[age % wobble.length]!;
    const result = forecastExhaustion({
      today: TODAY,
      total: 200,
      occupied: 100,
      demand: 0,
      history: history(30, occupied),
    });
    expect(result.slopePerDay!).toBeGreaterThan(0.8);
    expect(result.slopePerDay!).toBeLessThan(1.2);
    const trueDate = addDays(TODAY, 100);
    expect(result.earliest! <= trueDate).toBe(true);
    expect(result.latest! >= trueDate).toBe(true);
    expect(result.earliest! < result.latest!).toBe(true);
  });

  it('R-X2: a shrinking pool never runs out, and history outside the trend window is ignored', () => {
    const falling = forecastExhaustion({
      today: TODAY,
      total: 100,
      occupied: 50,
      demand: 0,
      history: history(30, (age) => 50 + age),
    });
    expect(falling.runsOutOn).toBeNull();
    expect(falling.latest).toBeNull();

    // Steep growth long ago, flat within the window: flat wins.
    const old = history(90, (age) => (age >= TREND_DAYS ? 10 + (90 - age) : 70));
    const recent = forecastExhaustion({
      today: TODAY,
      total: 100,
      occupied: 70,
      demand: 0,
      history: old,
    });
    expect(recent.slopePerDay).toBe(0);
    expect(recent.runsOutOn).toBeNull();
  });

  it('R-X2: one day of history, an unlimited pool, or growth too slow for the horizon give no date', () => {
    expect(
      forecastExhaustion({
        today: TODAY,
        total: 10,
        occupied: 5,
        demand: 0,
        history: [{ day: TODAY, occupied: 5 }],
      }),
    ).toMatchObject({ runsOutOn: null, slopePerDay: null });
    expect(
      forecastExhaustion({
        today: TODAY,
        total: 0,
        occupied: 500,
        demand: 5,
        unlimited: true,
        history: history(30, (age) => 500 - age),
      }).runsOutOn,
    ).toBeNull();
    const slow = forecastExhaustion({
      today: TODAY,
      total: 1_000_000,
      occupied: 0,
      demand: 0,
      history: history(30, (age) => (30 - age) * 0.01),
    });
    expect(1_000_000 / 0.01).toBeGreaterThan(HORIZON_DAYS);
    expect(slow.runsOutOn).toBeNull();
  });

  it('R-X2: least squares returns the slope and its standard error', () => {
    expect(leastSquares([{ x: 1, y: 1 }])).toBeNull();
    expect(
      leastSquares([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toBeNull();
    const fit = leastSquares([
      { x: 0, y: 0 },
      { x: 1, y: 2 },
      { x: 2, y: 2 },
      { x: 3, y: 4 },
    ])!;
    // slope = Sxy / Sxx = 6 / 5; residuals -0.2, 0.6, -0.6, 0.2: SSE 0.8, stderr sqrt(0.4/5).
    expect(fit.slope).toBeCloseTo(1.2, 10);
    expect(fit.stderr).toBeCloseTo(Math.sqrt(0.4 / 5), 10);
    expect(dayNumber('1970-01-02')).toBe(1);
  });

  it('R-X2, R-A12: an assignment adds the holders it needs who are not waiting already', () => {
    expect(addedDemand({ needed: 10, available: 4, shortfall: 6 }, 3)).toBe(7);
    expect(addedDemand({ needed: 2, available: 4, shortfall: 0 }, 5)).toBe(0);
  });
});
