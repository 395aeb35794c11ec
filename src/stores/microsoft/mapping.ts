/**
 * Microsoft's records → the store-agnostic records of stores/connector.ts, plus the facts the
 * Microsoft sync needs on top (R-T11): licence type, distribution policy, refunds, encrypted
 * packages.
 *
 * A product is named by its ProductKey: storeProductId is `${productId}/${skuId}` (online and
 * offline licences of one app are different SKUs, and product lookups are keyed by
 * storeProductId alone), and pricingParam is not used. `{storeProductId: productId,
 * pricingParam: skuId}` is accepted as well.
 */
import { ValidationError } from '../../domain/errors.js';
import type { Money, StoreAsset, StoreProductInfo, StoreProductRef } from '../connector.js';
import type { WireInventoryEntry, WireProductDetails, WireProductKey } from './wire-types.js';

export type MicrosoftLicenseType = 'online' | 'offline';

/** What the inventory says of a product beyond the common StoreAsset fields. */
export interface MicrosoftAssetFacts {
  productId: string;
  skuId: string;
  licenseType: MicrosoftLicenseType;
  /** `open`: no seat limit (free apps among others); `restricted`: capped at the seats bought. */
  distributionPolicy: 'open' | 'restricted';
  /** `removed`: refunded in the Store; the product disappears from Allot only then (R-T11). */
  status: 'active' | 'removed';
  lastModified: string;
}

export type MicrosoftStoreAsset = StoreAsset & MicrosoftAssetFacts;

/** Product details in the account's display language (R-T11). */
export interface MicrosoftProductInfo extends StoreProductInfo {
  productId: string;
  skuId: string;
  /** The language the store answered the name in (it falls back when it has no such name). */
  language: string | null;
  /** An encrypted package (eAppx, eMsix…): the sync skips the app and reports it (R-T11). */
  encrypted: boolean;
  packageFormat: string | null;
  free: boolean;
  publisherName: string | null;
}

export function toStoreProductId(key: WireProductKey): string {
  return `${key.productId}/${key.skuId}`;
}

export function toProductKey(ref: StoreProductRef): WireProductKey {
  const [productId, skuId, extra] = ref.storeProductId.split('/');
  const sku = skuId ?? ref.pricingParam;
  if (!productId || !sku || extra !== undefined) {
    throw new ValidationError(
      `storeProductId ${ref.storeProductId} must be productId/skuId for the Microsoft Store`,
      { field: 'storeProductId' },
    );
  }
  return { productId, skuId: sku };
}

export function isEncryptedPackage(format: string | null | undefined): boolean {
  return typeof format === 'string' && /^e(appx|msix)/i.test(format);
}

/** R-T11: store apps are named with their licence type, e.g. "Notes (Online)". */
export function microsoftProductName(name: string, licenseType: MicrosoftLicenseType): string {
  return `${name} (${licenseType === 'online' ? 'Online' : 'Offline'})`;
}

export function toStoreAsset(entry: WireInventoryEntry): MicrosoftStoreAsset {
  const online = entry.licenseType.toLowerCase() !== 'offline';
  const open = entry.distributionPolicy.toLowerCase() === 'open';
  const capacity = Math.max(0, entry.seatCapacity ?? 0);
  const available = Math.max(0, entry.availableSeats ?? 0);
  return {
    storeProductId: toStoreProductId(entry.productKey),
    kind: 'app',
    // Offline apps may install in device context (R-A11); online seats belong to users.
    deviceAssignable: !online,
    // Offline licences are not tracked per user, so the store cannot take one back.
    revocable: online,
    platforms: ['windows'],
    total: open ? null : capacity,
    assigned: online ? Math.max(0, capacity - available) : 0,
    available: open ? null : available,
    retired: 0,
    unlimited: open,
    productId: entry.productKey.productId,
    skuId: entry.productKey.skuId,
    licenseType: online ? 'online' : 'offline',
    distributionPolicy: open ? 'open' : 'restricted',
    status: entry.status.toLowerCase() === 'removed' ? 'removed' : 'active',
    lastModified: entry.lastModified,
  };
}

// Currencies without minor units (ISO 4217 exponent 0) among Store markets.
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'CLP', 'VND', 'HUF', 'TWD', 'IDR', 'COP', 'UGX']);

function toMoney(price: WireProductDetails['price']): Money | null {
  if (!price || typeof price.listPrice !== 'number' || !price.currencyCode) return null;
  const currency = price.currencyCode.toUpperCase();
  const factor = ZERO_DECIMAL.has(currency) ? 1 : 100;
  return { amount: Math.round(price.listPrice * factor), currency };
}

export function toProductInfo(details: WireProductDetails): MicrosoftProductInfo {
  const key = details.productKey;
  const free = details.isFree === true;
  return {
    storeProductId: toStoreProductId(key),
    name: details.displayName ?? key.productId,
    kind: 'app',
    bundleId: details.packageIdentityName ?? null,
    version: null,
    price: free ? null : toMoney(details.price),
    productId: key.productId,
    skuId: key.skuId,
    language: details.language ?? null,
    encrypted: isEncryptedPackage(details.packageFormat),
    packageFormat: details.packageFormat ?? null,
    free,
    publisherName: details.publisherName ?? null,
  };
}
