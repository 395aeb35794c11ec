/** Products as the control API describes them, checked and turned into the emulator's records. */
import { ValidationError } from '../../domain/errors.js';
import type { DistributionPolicy, LicenseType, ProductRecord } from './records.js';

export interface ControlProductInput {
  /** A Store product id, e.g. `9WZDNCRFJ3PZ`. */
  productId: string;
  /** Default `0016`. Online and offline licences of one app are two SKUs. */
  skuId?: string;
  /** The name in en-US. Default `App <productId>`. */
  name?: string;
  /** More names by language tag, e.g. `{ "fr-FR": "Bloc-notes" }`. */
  localizedNames?: Record<string, string>;
  /** Default online. */
  licenseType?: 'online' | 'offline' | LicenseType;
  /** Seats bought. Default 0. */
  seats?: number;
  /** List price in major units (4.99). Free apps have none. */
  price?: number;
  currency?: string;
  /** A free app: Open distribution (no seat limit), no price. */
  free?: boolean;
  /** Default Open for free apps, Restricted otherwise. */
  distributionPolicy?: 'open' | 'restricted' | DistributionPolicy;
  /** Shorthand for packageFormat `eAppxBundle` (an encrypted package, skipped by sync). */
  encrypted?: boolean;
  /** `appxBundle` (default), `msixBundle`, `eAppxBundle`… */
  packageFormat?: string;
  packageIdentityName?: string;
  publisherName?: string;
  category?: string;
}

function bad(field: string, message: string): ValidationError {
  return new ValidationError(message, { field });
}

export function checkSeats(value: unknown, field = 'seats'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1e9) {
    throw bad(field, `${field} must be a non-negative integer`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  const match = allowed.find(
    (a) => typeof value === 'string' && a.toLowerCase() === value.toLowerCase(),
  );
  if (!match) throw bad(field, `${field} must be one of ${allowed.join(', ')}`);
  return match;
}

function names(raw: unknown): Map<string, string> {
  const result = new Map<string, string>();
  if (raw === undefined) return result;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw bad('localizedNames', 'localizedNames must map language tags to names');
  }
  for (const [language, name] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(language) || typeof name !== 'string') {
      throw bad('localizedNames', `localizedNames.${language} must be a name under a language tag`);
    }
    result.set(language, name);
  }
  return result;
}

export function productFromInput(raw: unknown, now: number): ProductRecord {
  const input = raw as Partial<ControlProductInput> | null;
  if (typeof input !== 'object' || input === null) throw bad('products', 'a product is an object');
  const { productId } = input;
  if (typeof productId !== 'string' || !/^[A-Za-z0-9]{1,40}$/.test(productId)) {
    throw bad('productId', 'productId must be a short alphanumeric id');
  }
  const skuId = input.skuId ?? '0016';
  if (typeof skuId !== 'string' || !/^[A-Za-z0-9]{1,20}$/.test(skuId)) {
    throw bad('skuId', 'skuId must be a short alphanumeric id');
  }
  if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim() === '')) {
    throw bad('name', 'name must be a non-empty string');
  }
  const free = input.free === true;
  if (input.price !== undefined && (typeof input.price !== 'number' || input.price < 0)) {
    throw bad('price', 'price must be a non-negative number');
  }
  const encrypted = input.encrypted === true;
  const packageFormat = input.packageFormat ?? (encrypted ? 'eAppxBundle' : 'appxBundle');
  if (typeof packageFormat !== 'string') throw bad('packageFormat', 'packageFormat is a string');
  const price = free || input.price === undefined || input.price === 0 ? null : input.price;
  return {
    productId,
    skuId,
    name: input.name ?? `App ${productId}`,
    defaultLanguage: 'en-US',
    localizedNames: names(input.localizedNames),
    licenseType: oneOf(input.licenseType ?? 'Online', 'licenseType', ['Online', 'Offline']),
    distributionPolicy: oneOf(
      input.distributionPolicy ?? (free ? 'Open' : 'Restricted'),
      'distributionPolicy',
      ['Open', 'Restricted'],
    ),
    status: 'Active',
    free,
    seatCapacity: checkSeats(input.seats ?? 0),
    lastModified: now,
    price: price === null ? null : { listPrice: price, currencyCode: input.currency ?? 'USD' },
    packageFormat,
    packageIdentityName: input.packageIdentityName ?? `Example.App${productId}`,
    publisherName: input.publisherName ?? 'Example Publisher',
    category: input.category ?? 'Productivity',
  };
}
