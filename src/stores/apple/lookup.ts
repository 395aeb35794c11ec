/**
 * Product names, bundle ids, versions and prices. Apple's licence API has none of them; the
 * public iTunes lookup API (https://itunes.apple.com/lookup?id=1,2) does, and the emulator
 * serves the same shape at `/lookup`.
 */
import type { Money, StoreProductInfo } from '../connector.js';
import { chunk } from './batching.js';
import type { AppleTransport } from './transport.js';

export const ITUNES_LOOKUP_URL = 'https://itunes.apple.com/lookup';

/** iTunes accepts about 200 ids per call; stay well below. */
const IDS_PER_CALL = 100;

// Currencies without minor units (ISO 4217 exponent 0) among App Store storefronts.
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'CLP', 'VND', 'HUF', 'TWD', 'IDR', 'COP', 'UGX']);

interface LookupResult {
  trackId?: number | string;
  trackName?: string;
  bundleId?: string;
  version?: string;
  price?: number;
  currency?: string;
  kind?: string;
}

export function toMoney(price: number | undefined, currency: string | undefined): Money | null {
  if (typeof price !== 'number' || !Number.isFinite(price) || !currency) return null;
  const code = currency.toUpperCase();
  const factor = ZERO_DECIMAL.has(code) ? 1 : 100;
  return { amount: Math.round(price * factor), currency: code };
}

function toInfo(result: LookupResult): StoreProductInfo | null {
  if (result.trackId === undefined || typeof result.trackName !== 'string') return null;
  const isBook = result.kind === 'ebook' || result.kind === 'book';
  return {
    storeProductId: String(result.trackId),
    name: result.trackName,
    kind: isBook ? 'book' : 'app',
    bundleId: typeof result.bundleId === 'string' ? result.bundleId : null,
    version: typeof result.version === 'string' ? result.version : null,
    price: toMoney(result.price, result.currency),
  };
}

/** Looks products up; unknown ids are simply missing from the answer. */
export async function lookupProducts(
  transport: AppleTransport,
  lookupUrl: string,
  ids: readonly string[],
  country?: string,
): Promise<StoreProductInfo[]> {
  const infos: StoreProductInfo[] = [];
  for (const part of chunk([...new Set(ids)], IDS_PER_CALL)) {
    const answer = await transport.request<{ results?: LookupResult[] }>({
      method: 'GET',
      path: lookupUrl,
      query: { id: part.join(','), ...(country && { country }) },
      auth: false,
      checkMdm: false,
    });
    for (const result of answer.results ?? []) {
      const info = toInfo(result);
      if (info) infos.push(info);
    }
  }
  return infos;
}
