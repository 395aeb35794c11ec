import { describe, expect, it } from 'vitest';
import { isUpdateDue } from '../../src/domain/updates.js';

describe('app updates (R-A9)', () => {
  it('R-A9: immediate updates at the next check-in, not when the version is published', () => {
    expect(isUpdateDue('immediate', 'versionPublished', '1.0', '1.1')).toBe(false);
    expect(isUpdateDue('immediate', 'checkIn', '1.0', '1.1')).toBe(true);
  });

  it('R-A9: automatic updates as soon as a new version is published, and catches up at check-in', () => {
    expect(isUpdateDue('automatic', 'versionPublished', '1.0', '1.1')).toBe(true);
    expect(isUpdateDue('automatic', 'checkIn', '1.0', '1.1')).toBe(true);
  });

  it('R-A9: nothing to update when the versions match or one is unknown', () => {
    expect(isUpdateDue('automatic', 'checkIn', '1.1', '1.1')).toBe(false);
    expect(isUpdateDue('automatic', 'checkIn', null, '1.1')).toBe(false);
    expect(isUpdateDue('immediate', 'checkIn', '1.0', null)).toBe(false);
  });
});
