/**
 * Product metadata (name, bundle id, version, price). Apple's licence API has none of it; a
 * separate store lookup does. The emulator answers `GET /lookup?id=1,2` in the shape of the
 * public iTunes lookup API (https://itunes.apple.com/lookup), which the connector reads.
 */
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
