/**
 * R-X2, R-X5: `allot demo` starts with 90 days of usage history for its pools and the Apple
 * products' prices as their cost, so the forecasts and the cost report show numbers on first
 * run. The demo runs on SQLite in its own data directory whatever DATABASE_URL says.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/exhaustion.js';
import { makeClient } from '../helpers/testApp.js';
import { useDemo } from '../helpers/demo.js';

const demo = useDemo();

describe('allot demo with licence intelligence', () => {
  it('R-X1: every limited pool has 90 days of history before today, rising to today', async () => {
    const admin = makeClient(demo().server.app!, demo().token);
    const history = (await admin.get('/usage/history?step=day')).body;
    // The default range is 30 days back: 31 days, each with a row.
    expect(history.points).toHaveLength(31);
    const first = history.points[0];
    const last = history.points.at(-1);
    expect(last.inUse).toBeGreaterThan(first.inUse);
    const longer = (await admin.get(`/usage/history?from=${addDays(last.at, -90)}`)).body;
    expect(longer.points).toHaveLength(91);
  });

  it('R-X2: the forecast of a pool in use has a fitted slope, and one runs out', async () => {
    const admin = makeClient(demo().server.app!, demo().token);
    const response = await admin.get('/forecasts');
    expect(response.status).toBe(200);
    const items = response.body.items as Array<{
      unlimited: boolean;
      inUse: number;
      slopePerDay: number | null;
      runsOutOn: string | null;
    }>;
    const used = items.filter((f) => !f.unlimited && f.inUse > 1);
    expect(used.length).toBeGreaterThan(0);
    for (const forecast of used) expect(forecast.slopePerDay).toBeGreaterThan(0);
    expect(items.some((f) => f.runsOutOn !== null)).toBe(true);
  });

  it('R-X5: the cost report prices the Apple licences held', async () => {
    const admin = makeClient(demo().server.app!, demo().token);
    const response = await admin.get('/costs?groupBy=app');
    expect(response.status).toBe(200);
    const priced = (
      response.body.items as Array<{ currency: string | null; held: { amount: number | null } }>
    ).filter((l) => l.currency === 'USD');
    expect(priced.length).toBeGreaterThan(0);
    expect(priced.some((l) => (l.held.amount ?? 0) > 0)).toBe(true);
  });
});
