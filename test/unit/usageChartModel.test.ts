/**
 * The usage chart's model (web/src/components/charts/chartData.ts): what is drawn ahead of today
 * from the pools' forecasts (R-X2), and where the recorded days (R-X1) stop.
 */
import { describe, expect, it } from 'vitest';
import {
  chartModel,
  combineForecasts,
  type PoolForecast,
} from '../../web/src/components/charts/chartData.js';

function pool(overrides: Partial<PoolForecast>): PoolForecast {
  return {
    poolId: 'p',
    productId: 'prod',
    productName: 'Pages',
    accountId: 'acc',
    accountName: 'Main',
    spaceId: 's',
    total: 10,
    inUse: 6,
    reserved: 0,
    unlimited: false,
    runsOutOn: '2026-06-05',
    earliest: '2026-06-03',
    latest: '2026-06-09',
    demand: 0,
    slopePerDay: 1,
    ...overrides,
  };
}

const points = [
  { at: '2026-05-30', total: 10, inUse: 4, reserved: 0, available: 6 },
  { at: '2026-05-31', total: 10, inUse: 5, reserved: 0, available: 5 },
  { at: '2026-06-01', total: 10, inUse: 6, reserved: 0, available: 4 },
];

describe('usage chart model', () => {
  it('R-X2: pools taken together run out when the last one does, and not at all when one is not running out', () => {
    const a = pool({ runsOutOn: '2026-06-05', earliest: '2026-06-03', latest: '2026-06-09' });
    const b = pool({ runsOutOn: '2026-07-01', earliest: '2026-06-20', latest: null });
    expect(combineForecasts([a, b])).toMatchObject({
      total: 20,
      occupied: 12,
      runsOutOn: '2026-07-01',
      earliest: '2026-06-20',
      latest: null,
    });
    expect(
      combineForecasts([a, pool({ runsOutOn: null, earliest: null, latest: null })]),
    ).toMatchObject({ runsOutOn: null });
    // A free pool has no total to run out of: it is left out.
    expect(combineForecasts([a, pool({ unlimited: true, runsOutOn: null })]).runsOutOn).toBe(
      '2026-06-05',
    );
  });

  it('R-X1, R-X2: the recorded days stop at today; the forecast starts there and reaches the total on the run-out day', () => {
    const model = chartModel({
      points,
      forecasts: [pool({})],
      events: [{ at: '2026-05-31', kind: 'purchase', count: 2 }],
      today: '2026-06-01',
      rangeDays: 90,
    });
    const [x, total, inUse, , , forecast, fast, slow] = model.columns;
    // Drawn to a week past the latest run-out day.
    expect(model.end).toBe('2026-06-16');
    expect(x).toHaveLength(3 + 15);
    expect(total!.slice(0, 3)).toEqual([10, 10, 10]);
    expect(inUse!.slice(3).every((v) => v === null)).toBe(true);
    // Today's occupancy, then a straight line to the total on 06-05 (4 days: 6 → 10), then flat.
    expect(forecast!.slice(0, 7)).toEqual([null, null, 6, 7, 8, 9, 10]);
    expect(forecast!.at(-1)).toBe(10);
    expect(fast![4]).toBe(10); // the earliest end reaches the total on 06-03
    expect(slow![4]).toBeLessThan(10);
    expect(model.events).toEqual([
      { at: '2026-05-31', kind: 'purchase', count: 2, x: Date.parse('2026-05-31') / 1000 },
    ]);
  });

  it('R-X2: nothing is drawn ahead when the pools do not run out, and a far run-out is cut at half the range', () => {
    const flat = chartModel({
      points,
      forecasts: [pool({ runsOutOn: null, earliest: null, latest: null })],
      events: [],
      today: '2026-06-01',
      rangeDays: 90,
    });
    expect(flat.end).toBe('2026-06-01');
    expect(flat.columns[5]!.every((v) => v === null)).toBe(true);
    const far = chartModel({
      points,
      forecasts: [pool({ runsOutOn: '2027-06-01', earliest: '2027-01-01', latest: '2028-01-01' })],
      events: [],
      today: '2026-06-01',
      rangeDays: 90,
    });
    expect(far.end).toBe('2026-07-16');
    expect(far.columns[5]!.at(-1)).toBeLessThan(10);
  });
});
