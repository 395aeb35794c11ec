import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  RuleViolationError,
  SeatsBelowInUseError,
  SeatsReadOnlyError,
  ValidationError,
} from '../../src/domain/errors.js';
import { changeSeats, type SeatSubscription } from '../../src/domain/seats.js';

const marketplace: SeatSubscription = {
  store: 'isv',
  purchasedThrough: 'marketplace',
  seats: 20,
  inUse: 12,
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('ISV seats (R-T12)', () => {
  it('R-T12: a marketplace subscription may add seats', () => {
    expect(changeSeats(marketplace, 25)).toEqual({ seats: 25, delta: 5 });
  });

  it('R-T12: a marketplace subscription may remove seats down to the seats in use', () => {
    expect(changeSeats(marketplace, 12)).toEqual({ seats: 12, delta: -8 });
  });

  it('R-T12: never below the seats in use', () => {
    const error = thrown(() => changeSeats(marketplace, 11));
    expect(error).toBeInstanceOf(SeatsBelowInUseError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({
      code: 'SEATS_BELOW_IN_USE',
      details: { requested: 11, inUse: 12 },
    });
    expect((error as Error).message).toMatch(/12 seats are in use/);
  });

  it('R-T12: a vendor-bought subscription is read-only and says to contact the vendor', () => {
    const error = thrown(() => changeSeats({ ...marketplace, purchasedThrough: 'vendor' }, 30));
    expect(error).toBeInstanceOf(SeatsReadOnlyError);
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error).toMatchObject({ code: 'SEATS_READ_ONLY', details: { source: 'vendor' } });
    expect((error as Error).message).toMatch(/contact the vendor/);
  });

  it('R-T12: Apple and Microsoft counts come from the store', () => {
    for (const store of ['apple', 'microsoft'] as const) {
      const error = thrown(() => changeSeats({ store, seats: 10, inUse: 0 }, 30));
      expect(error).toMatchObject({ code: 'SEATS_READ_ONLY', details: { source: 'store' } });
    }
  });

  it('R-T12: the seat count must be a whole number, 0 or more', () => {
    for (const bad of [-1, 2.5, Number.NaN]) {
      const error = thrown(() => changeSeats({ ...marketplace, inUse: 0 }, bad));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ details: { field: 'seats' } });
    }
  });
});
