/**
 * Typed clients of the Store for Business management API (one method per endpoint) and of
 * the two Graph reads about the directory. Wire protocol only: walks, batching and mapping
 * live in the connector.
 */
import type { ApiTransport } from './transport.js';
import type {
  WireApplication,
  WireBulkSeatOperationResultSet,
  WireInventoryResultSet,
  WireOrganization,
  WireProductDetails,
  WireProductKey,
  WireSeatAction,
  WireSeatDetails,
  WireSeatDetailsResultSet,
} from './wire-types.js';

export const STORE_API_URL = 'https://bspmts.mp.microsoft.com/V1';
export const AUTHORITY_URL = 'https://login.microsoftonline.com';
export const GRAPH_API_URL = 'https://graph.microsoft.com/v1.0';
export const STORE_RESOURCE = 'https://onestore.microsoft.com';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export interface InventoryQuery {
  continuationToken?: string;
  /** ISO-8601; entries changed since then. */
  modifiedSince?: string;
  licenseTypes?: Array<'online' | 'offline'>;
  maxResults?: number;
}

export interface PageQuery {
  continuationToken?: string;
  maxResults?: number;
}

const segment = encodeURIComponent;

function seatsPath(key: WireProductKey): string {
  return `/Inventory/${segment(key.productId)}/${segment(key.skuId)}/Seats`;
}

export class MicrosoftStoreClient {
  constructor(readonly transport: ApiTransport) {}

  getInventory(query: InventoryQuery = {}): Promise<WireInventoryResultSet> {
    return this.transport.request({ method: 'GET', path: '/Inventory', query: { ...query } });
  }

  getSeats(key: WireProductKey, query: PageQuery = {}): Promise<WireSeatDetailsResultSet> {
    return this.transport.request({ method: 'GET', path: seatsPath(key), query: { ...query } });
  }

  getSeat(key: WireProductKey, userName: string): Promise<WireSeatDetails> {
    return this.transport.request({
      method: 'GET',
      path: `${seatsPath(key)}/${segment(userName)}`,
    });
  }

  assignSeat(key: WireProductKey, userName: string): Promise<WireSeatDetails> {
    return this.transport.request({
      method: 'POST',
      path: `${seatsPath(key)}/${segment(userName)}`,
    });
  }

  reclaimSeat(key: WireProductKey, userName: string): Promise<WireSeatDetails> {
    return this.transport.request({
      method: 'DELETE',
      path: `${seatsPath(key)}/${segment(userName)}`,
    });
  }

  /** Body `{seatAction, usernames}` (the layout the emulator documents). */
  bulkSeats(
    key: WireProductKey,
    seatAction: WireSeatAction,
    usernames: string[],
  ): Promise<WireBulkSeatOperationResultSet> {
    return this.transport.request({
      method: 'POST',
      path: seatsPath(key),
      body: { seatAction, usernames },
    });
  }

  getUserSeats(userName: string, query: PageQuery = {}): Promise<WireSeatDetailsResultSet> {
    return this.transport.request({
      method: 'GET',
      path: `/Users/${segment(userName)}/Seats`,
      query: { ...query },
    });
  }

  getProductDetails(key: WireProductKey, language?: string): Promise<WireProductDetails> {
    return this.transport.request({
      method: 'GET',
      path: `/Products/${segment(key.productId)}/${segment(key.skuId)}`,
      query: { language },
    });
  }
}

export class GraphClient {
  constructor(readonly transport: ApiTransport) {}

  getOrganization(): Promise<{ value?: WireOrganization[] }> {
    return this.transport.request({ method: 'GET', path: '/organization' });
  }

  getApplication(appId: string): Promise<WireApplication> {
    return this.transport.request({
      method: 'GET',
      path: `/applications(appId='${segment(appId.replace(/'/g, "''"))}')`,
    });
  }
}
