/**
 * Assets as the control API describes them (with the product metadata Apple keeps
 * elsewhere), checked and turned into the emulator's records.
 */
import { ValidationError } from '../../domain/errors.js';
import type { ProductMetadata } from './catalog.js';
import { UNLIMITED_COUNT, type AssetRecord } from './location.js';

export interface ControlAssetInput {
  adamId: string;
  name?: string;
  /** Apps only; books have none. Default `com.example.app<adamId>`. */
  bundleId?: string | null;
  productType?: 'App' | 'Book';
  pricingParam?: 'STDQ' | 'PLUS';
  totalCount?: number;
  /** Default true for apps; books are never device-assignable. */
  deviceAssignable?: boolean;
  /** Default true for apps; books are never revocable. */
  revocable?: boolean;
  supportedPlatforms?: string[];
  /** Major currency units (2.99), as the iTunes lookup shows it. Default 0.99. */
  price?: number;
  currency?: string;
  version?: string;
  /** Free apps are unlimited; default: an app with `price: 0`. */
  unlimited?: boolean;
  /** The developer or author shown by the content metadata lookup. */
  artistName?: string;
}

const PLATFORMS = new Set(['iOS', 'macOS', 'tvOS', 'watchOS', 'visionOS']);

function bad(field: string, message: string): ValidationError {
  return new ValidationError(message, { field });
}

export function checkCount(value: unknown, field: string, allowNegative: boolean): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || (!allowNegative && value < 0)) {
    throw bad(field, `${field} must be ${allowNegative ? 'an' : 'a non-negative'} integer`);
  }
  if (Math.abs(value) >= UNLIMITED_COUNT) throw bad(field, `${field} is too large`);
  return value;
}

/** Checks one asset description and returns its record (zero assigned) and its metadata. */
export function assetFromInput(raw: unknown): { asset: AssetRecord; metadata: ProductMetadata } {
  const input = raw as Partial<ControlAssetInput> | null;
  if (typeof input !== 'object' || input === null)
    throw bad('assets', 'each asset must be an object');
  const adamId = typeof input.adamId === 'number' ? String(input.adamId) : input.adamId;
  if (typeof adamId !== 'string' || !/^[A-Za-z0-9._-]{1,40}$/.test(adamId)) {
    throw bad('adamId', 'adamId must be a short id string');
  }
  const productType = input.productType ?? 'App';
  if (productType !== 'App' && productType !== 'Book') {
    throw bad('productType', 'productType must be App or Book');
  }
  const isApp = productType === 'App';
  const pricingParam = input.pricingParam ?? 'STDQ';
  if (pricingParam !== 'STDQ' && pricingParam !== 'PLUS') {
    throw bad('pricingParam', 'pricingParam must be STDQ or PLUS');
  }
  if (!isApp && (input.deviceAssignable === true || input.revocable === true)) {
    throw bad('productType', 'books are neither device-assignable nor revocable');
  }
  const platforms = input.supportedPlatforms ?? ['iOS', 'macOS'];
  if (!Array.isArray(platforms) || !platforms.every((p) => PLATFORMS.has(p))) {
    throw bad(
      'supportedPlatforms',
      `supportedPlatforms must be among ${[...PLATFORMS].join(', ')}`,
    );
  }
  const price = input.price ?? 0.99;
  if (typeof price !== 'number' || !(price >= 0)) throw bad('price', 'price must be >= 0');
  const unlimited = input.unlimited ?? (isApp && price === 0);
  if (unlimited && !isApp) throw bad('unlimited', 'only free apps are unlimited');
  const totalCount = unlimited
    ? UNLIMITED_COUNT
    : checkCount(input.totalCount ?? 0, 'totalCount', false);
  const bundleId =
    input.bundleId === undefined ? (isApp ? `com.example.app${adamId}` : null) : input.bundleId;
  return {
    asset: {
      adamId,
      pricingParam,
      productType,
      deviceAssignable: isApp && (input.deviceAssignable ?? true),
      revocable: isApp && (input.revocable ?? true),
      supportedPlatforms: [...platforms],
      unlimited,
      totalCount,
      assignedCount: 0,
      retiredCount: 0,
    },
    metadata: {
      adamId,
      name: typeof input.name === 'string' ? input.name : `${productType} ${adamId}`,
      bundleId,
      version: typeof input.version === 'string' ? input.version : '1.0',
      price,
      currency: typeof input.currency === 'string' ? input.currency : 'USD',
      productType,
      supportedPlatforms: [...platforms],
      deviceAssignable: isApp && (input.deviceAssignable ?? true),
      artistName: typeof input.artistName === 'string' ? input.artistName : 'Example Developer',
    },
  };
}
