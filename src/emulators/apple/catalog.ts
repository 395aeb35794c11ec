/**
 * Product metadata (name, bundle id, version, price). Apple's licence API has none of it;
 * two lookups do, and the emulator serves both:
 * - the `contentMetadataLookup` URL of /service/config (Apple's MZStorePlatform lookup,
 *   `?version=2&id=…&p=mdm-lockup&caller=MDM&platform=…&cc=…&l=…`), whose `results` is an
 *   object keyed by adamId, as MDM clients read it (docs/emulators.md lists the fields);
 * - `GET /lookup?id=1,2` in the shape of the public iTunes lookup API
 *   (https://itunes.apple.com/lookup), a `results` array, which Allot's connector reads.
 */
import { createHash } from 'node:crypto';

/** Where the content metadata lookup is served: the path of Apple's own. */
export const CONTENT_METADATA_PATH = '/WebObjects/MZStorePlatform.woa/wa/lookup';

export interface ProductMetadata {
  adamId: string;
  name: string;
  bundleId: string | null;
  version: string;
  /** Major currency units, as the iTunes API writes them (2.99). */
  price: number;
  currency: string;
  productType: 'App' | 'Book';
  supportedPlatforms: string[];
  deviceAssignable: boolean;
  artistName: string;
}

export interface LookupResult {
  /** A number, as iTunes writes it, when the adamId is numeric (it always is at Apple). */
  trackId: number | string;
  trackName: string;
  bundleId?: string;
  version?: string;
  price: number;
  currency: string;
  formattedPrice: string;
  kind: 'software' | 'mac-software' | 'ebook';
  supportedDevices?: string[];
}

function toResult(product: ProductMetadata): LookupResult {
  const isBook = product.productType === 'Book';
  const macOnly =
    product.supportedPlatforms.length > 0 && product.supportedPlatforms.every((p) => p === 'macOS');
  return {
    trackId: /^\d{1,15}$/.test(product.adamId) ? Number(product.adamId) : product.adamId,
    trackName: product.name,
    ...(product.bundleId !== null && { bundleId: product.bundleId }),
    ...(!isBook && { version: product.version }),
    price: product.price,
    currency: product.currency,
    formattedPrice:
      product.price === 0 ? 'Free' : `${product.price.toFixed(2)} ${product.currency}`,
    kind: isBook ? 'ebook' : macOnly ? 'mac-software' : 'software',
    ...(!isBook && { supportedDevices: product.supportedPlatforms }),
  };
}

/** The iTunes lookup answer for a comma-separated id list; unknown ids are left out. */
export function lookup(
  catalog: ReadonlyMap<string, ProductMetadata>,
  idParam: string | undefined,
): { resultCount: number; results: LookupResult[] } {
  const ids = (idParam ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  const results = ids
    .map((id) => catalog.get(id))
    .filter((p) => p !== undefined)
    .map(toResult);
  return { resultCount: results.length, results };
}

/** One product as the content metadata lookup shows it (Apple's mdm-lockup fields). */
export interface ContentMetadata {
  id: string;
  name: string;
  artistName: string;
  kind: 'iosSoftware' | 'macSoftware' | 'ebook';
  bundleId?: string;
  deviceFamilies: string[];
  isVppDeviceBasedLicensingEnabled: boolean;
  genreNames: string[];
  url: string;
  offers: Array<{
    type: 'get' | 'buy';
    price: number;
    priceFormatted: string;
    currencyCode: string;
    version?: { display: string; externalId: number };
  }>;
}

const DEVICE_FAMILIES: Record<string, string[]> = {
  iOS: ['iphone', 'ipad', 'ipod'],
  macOS: ['mac'],
  tvOS: ['tvos'],
  watchOS: ['watch'],
  visionOS: ['realityDevice'],
};

/** A stable number for a version string, standing in for Apple's externalId. */
function externalId(adamId: string, version: string): number {
  return parseInt(
    createHash('sha256').update(`${adamId}@${version}`).digest('hex').slice(0, 8),
    16,
  );
}

function toContentMetadata(product: ProductMetadata): ContentMetadata {
  const isBook = product.productType === 'Book';
  const macOnly =
    product.supportedPlatforms.length > 0 && product.supportedPlatforms.every((p) => p === 'macOS');
  return {
    id: product.adamId,
    name: product.name,
    artistName: product.artistName,
    kind: isBook ? 'ebook' : macOnly ? 'macSoftware' : 'iosSoftware',
    ...(product.bundleId !== null && { bundleId: product.bundleId }),
    deviceFamilies: isBook
      ? ['iphone', 'ipad']
      : [...new Set(product.supportedPlatforms.flatMap((p) => DEVICE_FAMILIES[p] ?? []))],
    isVppDeviceBasedLicensingEnabled: !isBook && product.deviceAssignable,
    genreNames: [isBook ? 'Books' : 'Education'],
    url: `https://apps.apple.com/us/${isBook ? 'book' : 'app'}/id${product.adamId}`,
    offers: [
      {
        type: product.price === 0 ? 'get' : 'buy',
        price: product.price,
        priceFormatted:
          product.price === 0 ? 'Free' : `${product.price.toFixed(2)} ${product.currency}`,
        currencyCode: product.currency,
        ...(!isBook && {
          version: {
            display: product.version,
            externalId: externalId(product.adamId, product.version),
          },
        }),
      },
    ],
  };
}

/** The content metadata answer: `results` keyed by adamId; unknown ids are left out. */
export function contentMetadataLookup(
  catalog: ReadonlyMap<string, ProductMetadata>,
  idParam: string | undefined,
): { results: Record<string, ContentMetadata> } {
  const results: Record<string, ContentMetadata> = {};
  for (const id of (idParam ?? '').split(',').map((i) => i.trim())) {
    const product = id.length > 0 ? catalog.get(id) : undefined;
    if (product) results[id] = toContentMetadata(product);
  }
  return { results };
}
