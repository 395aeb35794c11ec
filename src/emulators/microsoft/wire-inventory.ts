/**
 * Reads of what the organisation bought: `GET /Inventory` (filters, continuation tokens) and
 * the product details, with the display name in a requested language.
 *
 * Product details are the emulator's choice of shape (the reference lists the endpoints of
 * the Store API but not this body): `GET /Products/{productId}/{skuId}?language=fr-FR` →
 * `{productKey, productType, displayName, language, supportedLanguages, publisherName,
 * category, packageIdentityName, packageFamilyName, packageFormat, supportedPlatforms,
 * isFree, price}`. `packageFormat` starting with "e" (eAppx, eAppxBundle, eMsix…) marks an
 * encrypted package. `GET …/LocalizedDetails/{language}` answers `{language, displayName,
 * description, publisher}` as the Store's LocalizedProductDetail.
 */
import type { StoreAccount } from './account.js';
import { pageOf, parseMaxResults } from './continuation.js';
import type { Outcome, Query } from './pipeline.js';
import { keyOf, productKey, type LicenseType, type ProductRecord } from './records.js';
import { invalidParameter, notFound } from './wire-errors.js';

/** The reference gives no maximum for /Inventory; the emulator uses the seats' one. */
export const MAX_RESULTS = 100;

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i;

export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function inventoryEntry(account: StoreAccount, p: ProductRecord): object {
  return {
    productKey: keyOf(p),
    seatCapacity: p.seatCapacity,
    availableSeats: account.availableSeats(p),
    lastModified: new Date(p.lastModified).toISOString(),
    licenseType: p.licenseType,
    distributionPolicy: p.distributionPolicy,
    status: p.status,
  };
}

function values(raw: string | string[] | undefined): string[] {
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).filter((v) => v !== '');
}

function licenseTypes(raw: string | string[] | undefined): Set<LicenseType> {
  const wanted = new Set<LicenseType>();
  for (const value of values(raw)) {
    const lower = value.toLowerCase();
    if (lower === 'online') wanted.add('Online');
    else if (lower === 'offline') wanted.add('Offline');
    else throw invalidParameter('licenseTypes', 'licenseTypes must be online or offline');
  }
  return wanted.size === 0 ? new Set(['Online', 'Offline']) : wanted;
}

function modifiedSince(raw: string | string[] | undefined): number | undefined {
  const value = values(raw)[0];
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalidParameter('modifiedSince', 'modifiedSince must be a date');
  return time;
}

/** Entries changed at or after `modifiedSince` (inclusive: a client misses nothing). */
export function getInventory(account: StoreAccount, query: Query, pageSize: number): Outcome {
  const types = licenseTypes(query.licenseTypes);
  const since = modifiedSince(query.modifiedSince);
  const maxResults = parseMaxResults(
    query.maxResults,
    Math.min(pageSize, MAX_RESULTS),
    MAX_RESULTS,
  );
  const entries = [...account.products.values()]
    .filter((p) => types.has(p.licenseType) && (since === undefined || p.lastModified >= since))
    .sort((a, b) => byKey(productKey(a.productId, a.skuId), productKey(b.productId, b.skuId)));
  const { page, continuationToken } = pageOf(entries, (p) => productKey(p.productId, p.skuId), {
    token: query.continuationToken,
    maxResults,
    query: JSON.stringify([[...types].sort(), since ?? null]),
  });
  return {
    status: 200,
    body: { continuationToken, inventoryEntries: page.map((p) => inventoryEntry(account, p)) },
  };
}

export function requireProduct(account: StoreAccount, productId: string, skuId: string) {
  const product = account.product(productId, skuId);
  if (!product) throw notFound('Inventory', productKey(productId, skuId));
  return product;
}

/** The name in `language`, else in the same primary language, else the default one. */
export function localized(p: ProductRecord, language: string): { language: string; name: string } {
  const wanted = language.toLowerCase();
  const primary = wanted.split('-')[0];
  let partial: { language: string; name: string } | undefined;
  for (const [tag, name] of p.localizedNames) {
    if (tag.toLowerCase() === wanted) return { language: tag, name };
    if (!partial && tag.toLowerCase().split('-')[0] === primary) partial = { language: tag, name };
  }
  if (p.defaultLanguage.toLowerCase() === wanted)
    return { language: p.defaultLanguage, name: p.name };
  return partial ?? { language: p.defaultLanguage, name: p.name };
}

function language(raw: string | string[] | undefined, p: ProductRecord): string {
  const value = values(raw)[0] ?? p.defaultLanguage;
  if (!LANGUAGE_TAG.test(value))
    throw invalidParameter('language', 'language must be a language tag');
  return value;
}

export function getProductDetails(
  account: StoreAccount,
  productId: string,
  skuId: string,
  query: Query,
): Outcome {
  const p = requireProduct(account, productId, skuId);
  const shown = localized(p, language(query.language, p));
  return {
    status: 200,
    body: {
      productKey: keyOf(p),
      productType: 'Application',
      displayName: shown.name,
      language: shown.language,
      supportedLanguages: [p.defaultLanguage, ...p.localizedNames.keys()],
      publisherName: p.publisherName,
      category: p.category,
      packageIdentityName: p.packageIdentityName,
      packageFamilyName: `${p.packageIdentityName}_8wekyb3d8bbwe`,
      packageFormat: p.packageFormat,
      supportedPlatforms: [{ platformName: 'Windows.Desktop' }],
      isFree: p.free,
      price: p.price,
    },
  };
}

export function getLocalizedDetails(
  account: StoreAccount,
  productId: string,
  skuId: string,
  tag: string,
): Outcome {
  const p = requireProduct(account, productId, skuId);
  const shown = localized(p, language(tag, p));
  return {
    status: 200,
    body: {
      language: shown.language,
      displayName: shown.name,
      description: `${shown.name} by ${p.publisherName}`,
      publisher: { publisherName: p.publisherName },
    },
  };
}
