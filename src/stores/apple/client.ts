/**
 * A typed client of Apple's Apps and Books v2 API, one method per endpoint. It speaks the
 * wire protocol only; paging walks, batching and event following live in the connector.
 */
import { appleError } from './errors.js';
import { AppleTransport, type TransportOptions } from './transport.js';
import type {
  WireAssetsPage,
  WireAssignmentsPage,
  WireClientConfig,
  WireClientConfigRequest,
  WireEventResponse,
  WireManageAssetsRequest,
  WireRequestUser,
  WireRevokeRequest,
  WireServiceConfig,
  WireStatus,
  WireUsersPage,
} from './wire-types.js';

export const APPLE_API_URL = 'https://vpp.itunes.apple.com/mdm/v2';

export type AppleClientOptions = Omit<TransportOptions, 'baseUrl'> & { baseUrl?: string };

export interface AssetsQuery {
  pageIndex?: number;
  adamId?: string;
  productType?: 'App' | 'Book';
  pricingParam?: string;
  revocable?: boolean;
  deviceAssignable?: boolean;
  unlimited?: boolean;
}

export interface AssignmentsQuery {
  pageIndex?: number;
  adamId?: string;
  pricingParam?: string;
  clientUserId?: string;
  serialNumber?: string;
  sinceVersionId?: string;
}

export interface UsersQuery {
  pageIndex?: number;
  clientUserId?: string;
  activeOnly?: boolean;
  retiredOnly?: boolean;
  sinceVersionId?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

export class AppleClient {
  readonly transport: AppleTransport;

  constructor(options: AppleClientOptions) {
    this.transport = new AppleTransport({ ...options, baseUrl: options.baseUrl ?? APPLE_API_URL });
  }

  getServiceConfig(): Promise<WireServiceConfig> {
    return this.transport.request({ method: 'GET', path: '/service/config', auth: false });
  }

  /** `checkMdm: false` reads the config even when another product holds the token. */
  getClientConfig(options: { checkMdm?: boolean } = {}): Promise<WireClientConfig> {
    return this.transport.request({
      method: 'GET',
      path: '/client/config',
      checkMdm: options.checkMdm ?? true,
    });
  }

  /** Writes mdmInfo and notification settings; overwrites another product's claim. */
  updateClientConfig(body: WireClientConfigRequest): Promise<WireClientConfig> {
    return this.transport.request({
      method: 'POST',
      path: '/client/config',
      body,
      checkMdm: false,
    });
  }

  getAssets(query: AssetsQuery = {}): Promise<WireAssetsPage> {
    return this.transport.request({ method: 'GET', path: '/assets', query: query as Query });
  }

  getAssignments(query: AssignmentsQuery = {}): Promise<WireAssignmentsPage> {
    return this.transport.request({ method: 'GET', path: '/assignments', query: query as Query });
  }

  getUsers(query: UsersQuery = {}): Promise<WireUsersPage> {
    return this.transport.request({ method: 'GET', path: '/users', query: query as Query });
  }

  associate(body: WireManageAssetsRequest): Promise<WireEventResponse> {
    return this.post('/assets/associate', body);
  }

  disassociate(body: WireManageAssetsRequest): Promise<WireEventResponse> {
    return this.post('/assets/disassociate', body);
  }

  revoke(body: WireRevokeRequest): Promise<WireEventResponse> {
    return this.post('/assets/revoke', body);
  }

  createUsers(users: WireRequestUser[]): Promise<WireEventResponse> {
    return this.post('/users/create', { users });
  }

  updateUsers(users: WireRequestUser[]): Promise<WireEventResponse> {
    return this.post('/users/update', { users });
  }

  retireUsers(clientUserIds: string[]): Promise<WireEventResponse> {
    return this.post('/users/retire', {
      users: clientUserIds.map((clientUserId) => ({ clientUserId })),
    });
  }

  getStatus(eventId: string): Promise<WireStatus> {
    return this.transport.request({ method: 'GET', path: '/status', query: { eventId } });
  }

  private async post(path: string, body: unknown): Promise<WireEventResponse> {
    const response = await this.transport.request<WireEventResponse>({
      method: 'POST',
      path,
      body,
    });
    if (typeof response.eventId !== 'string') {
      throw appleError('badResponse', { message: `${path} returned no eventId` });
    }
    return response;
  }
}
