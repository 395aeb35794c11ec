/** The emulator's records of products and seats, and their wire shapes (reference §4). */

export type LicenseType = 'Online' | 'Offline';
export type DistributionPolicy = 'Open' | 'Restricted';
export type InventoryStatus = 'Active' | 'Removed';
export type SeatState = 'Active' | 'Revoked';

/** Formats of encrypted packages ("e" prefix): Intune skips such apps (R-T11). */
export const ENCRYPTED_PACKAGE_FORMATS: ReadonlySet<string> = new Set([
  'eappx',
  'eappxbundle',
  'emsix',
  'emsixbundle',
]);

export interface ProductRecord {
  productId: string;
  skuId: string;
  /** The name in `defaultLanguage`. */
  name: string;
  defaultLanguage: string;
  /** Language tag as given → name. */
  localizedNames: Map<string, string>;
  licenseType: LicenseType;
  distributionPolicy: DistributionPolicy;
  status: InventoryStatus;
  /** Seats bought (Open products may hand out more). */
  seatCapacity: number;
  /** Epoch ms of the last change to the entry or its seat counts. */
  lastModified: number;
  free: boolean;
  /** Major units, as the Store shows a list price; null when free or unknown. */
  price: { listPrice: number; currencyCode: string } | null;
  packageFormat: string;
  packageIdentityName: string;
  publisherName: string;
  category: string;
}

export interface SeatRecord {
  /** The UPN as the directory spells it. */
  userName: string;
  dateAssigned: number;
  state: SeatState;
}

export interface DirectoryUser {
  userPrincipalName: string;
  displayName: string;
}

export interface WireProductKey {
  productId: string;
  skuId: string;
}

export function productKey(productId: string, skuId: string): string {
  return `${productId}/${skuId}`;
}

export function keyOf(p: WireProductKey): WireProductKey {
  return { productId: p.productId, skuId: p.skuId };
}

export function seatDetails(product: ProductRecord, seat: SeatRecord): object {
  return {
    assignedTo: seat.userName,
    dateAssigned: new Date(seat.dateAssigned).toISOString(),
    state: seat.state,
    productKey: keyOf(product),
  };
}
