/**
 * R-T12: the seat count of an ISV subscription can be changed here only when it was bought
 * through the marketplace, and never below the seats in use. A vendor-bought subscription is
 * read-only (contact the vendor); Apple and Microsoft counts come from the store.
 */
import { SeatsBelowInUseError, SeatsReadOnlyError, ValidationError } from './errors.js';
import type { Store } from './types.js';

export type PurchasedThrough = 'marketplace' | 'vendor';

export interface SeatSubscription {
  store: Store;
  /** Only ISV subscriptions have it. */
  purchasedThrough?: PurchasedThrough;
  seats: number;
  inUse: number;
}

export interface SeatChange {
  seats: number;
  /** Seats to buy (positive) or give back (negative) in the marketplace. */
  delta: number;
}

/** R-T12: checks a new seat count and returns the change to make; throws when refused. */
export function changeSeats(subscription: SeatSubscription, requested: number): SeatChange {
  if (!Number.isInteger(requested) || requested < 0) {
    throw new ValidationError('The seat count must be a whole number, 0 or more.', {
      field: 'seats',
    });
  }
  if (subscription.store !== 'isv') throw new SeatsReadOnlyError('store');
  if (subscription.purchasedThrough !== 'marketplace') throw new SeatsReadOnlyError('vendor');
  if (requested < subscription.inUse) throw new SeatsBelowInUseError(requested, subscription.inUse);
  return { seats: requested, delta: requested - subscription.seats };
}
