/**
 * One Store for Business account: its Azure AD directory (tenant, users, the management
 * app's credentials) and what the organisation bought (products and their seats).
 */
import { productKey, type DirectoryUser, type ProductRecord, type SeatRecord } from './records.js';

export type AssignOutcome = 'assigned' | 'alreadyAssigned' | 'noSeats' | 'userNotFound';
export type ReclaimOutcome = 'reclaimed' | 'notAssigned' | 'userNotFound';

export interface AppCredentials {
  clientId: string;
  clientSecret: string;
  /** Azure AD shows the first characters of a secret as its hint. */
  keyId: string;
  secretExpiresAt: number;
  /** Whether the Store accepts this app as a management tool (activated in its settings). */
  activated: boolean;
}

export class StoreAccount {
  readonly products = new Map<string, ProductRecord>();
  /** Lower-cased UPN → user. */
  readonly users = new Map<string, DirectoryUser>();
  /** Product key → lower-cased UPN → seat (revoked seats stay, as the Store lists them). */
  readonly seats = new Map<string, Map<string, SeatRecord>>();

  constructor(
    readonly tenantDirectoryId: string,
    readonly organizationName: string,
    readonly domain: string,
    readonly countryCode: string,
    public app: AppCredentials,
  ) {}

  product(productId: string, skuId: string): ProductRecord | undefined {
    return this.products.get(productKey(productId, skuId));
  }

  user(userName: string): DirectoryUser | undefined {
    return this.users.get(userName.toLowerCase());
  }

  seatsOf(product: ProductRecord): Map<string, SeatRecord> {
    const key = productKey(product.productId, product.skuId);
    let seats = this.seats.get(key);
    if (!seats) {
      seats = new Map();
      this.seats.set(key, seats);
    }
    return seats;
  }

  activeSeats(product: ProductRecord): number {
    let n = 0;
    for (const seat of this.seatsOf(product).values()) if (seat.state === 'Active') n += 1;
    return n;
  }

  /** Offline licences are not tracked per user, so all of them stay "available". */
  availableSeats(product: ProductRecord): number {
    if (product.status === 'Removed') return 0;
    if (product.licenseType === 'Offline') return product.seatCapacity;
    return Math.max(0, product.seatCapacity - this.activeSeats(product));
  }

  assign(product: ProductRecord, userName: string, now: number): AssignOutcome {
    const user = this.user(userName);
    if (!user) return 'userNotFound';
    const seats = this.seatsOf(product);
    const key = user.userPrincipalName.toLowerCase();
    const seat = seats.get(key);
    if (seat?.state === 'Active') return 'alreadyAssigned';
    if (product.distributionPolicy === 'Restricted' && this.availableSeats(product) <= 0) {
      return 'noSeats';
    }
    seats.set(key, { userName: user.userPrincipalName, dateAssigned: now, state: 'Active' });
    product.lastModified = now;
    return 'assigned';
  }

  reclaim(product: ProductRecord, userName: string, now: number): ReclaimOutcome {
    const user = this.user(userName);
    if (!user) return 'userNotFound';
    const seat = this.seatsOf(product).get(user.userPrincipalName.toLowerCase());
    if (seat?.state !== 'Active') return 'notAssigned';
    seat.state = 'Revoked';
    product.lastModified = now;
    return 'reclaimed';
  }

  /** A refund: the entry stays listed as Removed, without seats; every seat is revoked. */
  refund(product: ProductRecord, now: number): void {
    for (const seat of this.seatsOf(product).values()) seat.state = 'Revoked';
    product.status = 'Removed';
    product.seatCapacity = 0;
    product.lastModified = now;
  }
}
