import { describe, expect, it } from 'vitest';
import { evaluateUsage, usageLevel, usagePercent } from '../../src/domain/usage.js';

describe('usage notifications (R-M5)', () => {
  it('R-M5: usagePercent is in use over total', () => {
    expect(usagePercent(10, 7)).toBe(70);
    expect(usagePercent(3, 1)).toBeCloseTo(33.33, 2);
  });

  it('R-M5: a pool of 0 is 0 % when empty and 100 % when the store took seats back', () => {
    expect(usagePercent(0, 0)).toBe(0);
    expect(usagePercent(0, 2)).toBe(100);
  });

  it('R-M5: an unlimited (free) pool is never used up', () => {
    expect(usagePercent(0, 500, true)).toBe(0);
  });

  it('R-M5: usage never shows above 100 %, even when the store lowered its total', () => {
    expect(usagePercent(10, 12)).toBe(100);
  });

  it('R-M5: info above 50 %, warning at 70 % and 80 %, alert at 90 % and 100 %', () => {
    expect(usageLevel(50)).toBeNull();
    expect(usageLevel(50.1)).toBe('info');
    expect(usageLevel(69.9)).toBe('info');
    expect(usageLevel(70)).toBe('warning');
    expect(usageLevel(85)).toBe('warning');
    expect(usageLevel(90)).toBe('alert');
    expect(usageLevel(100)).toBe('alert');
  });

  it('R-M5: each threshold is raised once when crossed, superseding the one below', () => {
    expect(evaluateUsage(null, 55)).toEqual({
      raise: { threshold: 50, severity: 'info' },
      clear: false,
    });
    expect(evaluateUsage(50, 60)).toEqual({ raise: null, clear: false });
    expect(evaluateUsage(50, 72)).toEqual({
      raise: { threshold: 70, severity: 'warning' },
      clear: false,
    });
    expect(evaluateUsage(70, 80).raise).toEqual({ threshold: 80, severity: 'warning' });
    expect(evaluateUsage(80, 90).raise).toEqual({ threshold: 90, severity: 'alert' });
    expect(evaluateUsage(90, 100).raise).toEqual({ threshold: 100, severity: 'alert' });
    expect(evaluateUsage(100, 100)).toEqual({ raise: null, clear: false });
  });

  it('R-M5: a jump across several thresholds raises only the highest', () => {
    expect(evaluateUsage(null, 95).raise).toEqual({ threshold: 90, severity: 'alert' });
    expect(evaluateUsage(50, 85).raise).toEqual({ threshold: 80, severity: 'warning' });
  });

  it('R-M5: falling between thresholds clears nothing and re-raises nothing', () => {
    expect(evaluateUsage(90, 75)).toEqual({ raise: null, clear: false });
    expect(evaluateUsage(90, 92)).toEqual({ raise: null, clear: false });
  });

  it('R-M5: the active one is cleared when usage falls below 50 %, and raised again on the next crossing', () => {
    expect(evaluateUsage(70, 49)).toEqual({ raise: null, clear: true });
    expect(evaluateUsage(70, 50)).toEqual({ raise: null, clear: false });
    expect(evaluateUsage(null, 10)).toEqual({ raise: null, clear: false });
    expect(evaluateUsage(null, 71).raise?.threshold).toBe(70);
  });
});
