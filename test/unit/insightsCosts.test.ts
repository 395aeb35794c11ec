/** The cost figures of the console's insights area (web/src/pages/insights/costs.ts), per currency. */
import { describe, expect, it } from 'vitest';
import { totalsByCurrency, unpriced } from '../../web/src/pages/insights/costs.js';
import type { CostLine } from '../../web/src/pages/insights/types.js';

const line = (
  key: string,
  currency: string | null,
  held: [number, number | null],
  idle: [number, number | null],
): CostLine => ({
  key,
  name: key,
  currency,
  held: { count: held[0], amount: held[1] },
  idle: { count: idle[0], amount: idle[1] },
});

describe('the console’s cost totals', () => {
  it('R-X5: sums each currency apart, never two currencies together, and counts unpriced licences without a price', () => {
    const lines = [
      line('apple', 'EUR', [10, 2990], [4, 1196]),
      line('apple', 'USD', [3, 897], [0, 0]),
      line('microsoft', 'EUR', [2, 1000], [2, 1000]),
      line('isv', null, [5, null], [1, null]),
    ];
    expect(totalsByCurrency(lines)).toEqual([
      { currency: 'EUR', held: 3990, idle: 2196, heldCount: 12, idleCount: 6 },
      { currency: 'USD', held: 897, idle: 0, heldCount: 3, idleCount: 0 },
    ]);
    expect(unpriced(lines)).toEqual({ held: 5, idle: 1 });
  });
});
