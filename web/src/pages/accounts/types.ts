/** API shapes of this area that web/src/api/types.ts does not declare. */
import type { Account } from '../../api/types.js';

/** GET /licenses/overview/accounts: an account's apps and licences (free apps apart). */
export interface AccountTotals {
  accountId: string;
  apps: number;
  freeApps: number;
  freeInUse: number;
  total: number;
  inUse: number;
  reserved: number;
  available: number;
  asOf: string | null;
}

/** An account with the ISV subscription's product (R-T12). */
export type StoreAccount = Account & { productId?: string | null };

export interface SeatCounts {
  total: number;
  inUse: number;
  available: number;
}

export type Store = 'apple' | 'microsoft' | 'isv';
export const STORES: readonly Store[] = ['apple', 'microsoft', 'isv'];
