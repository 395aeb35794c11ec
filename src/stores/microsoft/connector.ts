/**
 * The Microsoft Store for Business implementation of StoreConnector, for one account's
 * credentials (a management app registered in the organisation's Entra ID directory). Base
 * URLs are options, so the same code talks to Microsoft or to the emulator.
 */
import { ValidationError } from '../../domain/errors.js';
import type {
  DeltaOptions,
  LicenseRequest,
  RegisterOptions,
  StoreAssignment,
  StoreConnector,
  StoreConnectorFactory,
  StoreOperationResult,
  StoreSubject,
  TokenDescription,
  Versioned,
} from '../connector.js';
import { StoreError } from '../connector.js';
import {
  AUTHORITY_URL,
  GRAPH_API_URL,
  GRAPH_RESOURCE,
  GraphClient,
  MicrosoftStoreClient,
  STORE_API_URL,
  STORE_RESOURCE,
} from './client.js';
import { RetryingHttp, type HttpOptions } from './http.js';
import {
  toProductInfo,
  toProductKey,
  toStoreAsset,
  type MicrosoftProductInfo,
  type MicrosoftStoreAsset,
} from './mapping.js';
import { mapLimit, walkContinuation } from './paging.js';
import { changeSeats, revokeSeats } from './seats.js';
import { AccessTokens, type ClientCredentials } from './token.js';
import { ApiTransport } from './transport.js';
import type { WireInventoryEntry, WireOrganization } from './wire-types.js';

/** What an administrator gives for a Microsoft account (API.md "Store accounts"). */
export interface MicrosoftCredentials extends ClientCredentials {
  /** RFC 4646 tag of the display language of app names, e.g. `en-US` (R-T11). */
  language: string;
}

/** Where the services are and how patiently to talk to them; one per deployment. */
export interface MicrosoftServiceOptions extends HttpOptions {
  /** The Store API. Default https://bspmts.mp.microsoft.com/V1. */
  baseUrl?: string;
  /** Where `/{tenant}/oauth2/token` lives. Default https://login.microsoftonline.com. */
  authorityUrl?: string;
  /** Default https://graph.microsoft.com/v1.0. */
  graphUrl?: string;
  /** `maxResults` of inventory and seat pages (the Store allows up to 100). Default 100. */
  pageSize?: number;
  /** Requests in flight when reading seats or product details. Default 4. */
  concurrency?: number;
}

export interface MicrosoftConnectorOptions extends MicrosoftServiceOptions {
  credentials: MicrosoftCredentials;
}

/** TokenDescription with the directory's own terms. */
export interface MicrosoftTokenDescription extends TokenDescription {
  tenantDirectoryId: string;
  /** The default verified domain (also in locationName). */
  defaultDomain: string | null;
  /** When the client secret expires, if Graph says (it needs Application.Read.All). */
  secretExpiresAt: Date | null;
}

/** Stand-in expiry when the directory does not tell when the secret expires. */
const UNKNOWN_EXPIRY = new Date(8.64e15);

export class MicrosoftConnector implements StoreConnector {
  readonly store = 'microsoft' as const;
  readonly client: MicrosoftStoreClient;
  readonly graph: GraphClient;
  readonly tokens: AccessTokens;
  private readonly pageSize: number;
  private readonly concurrency: number;

  constructor(private readonly options: MicrosoftConnectorOptions) {
    const { credentials } = options;
    if (!credentials.tenantDirectoryId || !credentials.clientId || !credentials.clientSecret) {
      throw new ValidationError('tenantDirectoryId, clientId and clientSecret are required', {
        field: 'credentials',
      });
    }
    const http = new RetryingHttp(options);
    this.tokens = new AccessTokens(http, options.authorityUrl ?? AUTHORITY_URL, credentials);
    this.client = new MicrosoftStoreClient(
      new ApiTransport(http, this.tokens, STORE_RESOURCE, options.baseUrl ?? STORE_API_URL),
    );
    this.graph = new GraphClient(
      new ApiTransport(http, this.tokens, GRAPH_RESOURCE, options.graphUrl ?? GRAPH_API_URL),
    );
    this.pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  /**
   * The directory's organisation; also proves that the credentials work and that the Store
   * accepts the app (one inventory page is read).
   */
  async describeToken(): Promise<MicrosoftTokenDescription> {
    const { tenantDirectoryId, clientId, clientSecret } = this.options.credentials;
    const organisation = await this.organisation();
    await this.client.getInventory({ maxResults: 1 });
    const domains = organisation?.verifiedDomains ?? [];
    const defaultDomain = (domains.find((d) => d.isDefault) ?? domains[0])?.name ?? null;
    const secretExpiresAt = await this.secretExpiry(clientId, clientSecret);
    return {
      organizationName: organisation?.displayName ?? tenantDirectoryId,
      locationName: defaultDomain ?? '',
      locationId: organisation?.id ?? tenantDirectoryId,
      expiresAt: secretExpiresAt ?? UNKNOWN_EXPIRY,
      claimedBy: null,
      managedBy: null,
      ...(organisation?.countryLetterCode && { countryCode: organisation.countryLetterCode }),
      tenantDirectoryId,
      defaultDomain,
      secretExpiresAt,
    };
  }

  /**
   * The Store has no notion of a managing product nor push notifications: binding a tenant
   * to one Store account (R-T11) is Allot's own record, so this only checks the credentials.
   */
  register(_options?: RegisterOptions): Promise<MicrosoftTokenDescription> {
    return this.describeToken();
  }

  /**
   * Every inventory entry, refunded ones included (`status: 'removed'`). With
   * `sinceVersionId` (a versionId from an earlier walk), only entries modified since then.
   * versionId is the latest lastModified seen.
   */
  async listAssets(options: DeltaOptions = {}): Promise<Versioned<MicrosoftStoreAsset>> {
    const since = options.sinceVersionId ?? undefined;
    const entries = await this.inventory(since);
    const items = entries.map(toStoreAsset);
    const latest = items.reduce<string | null>(
      (max, a) =>
        max === null || Date.parse(a.lastModified) > Date.parse(max) ? a.lastModified : max,
      since ?? null,
    );
    return { items, versionId: latest, delta: since !== undefined };
  }

  /** Active seats of every online product (clientUserId = the UPN). The Store has no delta. */
  async listAssignments(): Promise<Versioned<StoreAssignment>> {
    const online = (await this.inventory()).filter(
      (e) => e.licenseType.toLowerCase() === 'online' && e.status.toLowerCase() !== 'removed',
    );
    const perProduct = await mapLimit(online, this.concurrency, async (entry) => {
      const pages = await walkContinuation(
        (continuationToken) =>
          this.client.getSeats(entry.productKey, {
            maxResults: this.pageSize,
            ...(continuationToken && { continuationToken }),
          }),
        (page) => page.continuationToken,
      );
      return pages
        .flatMap((p) => p.seats ?? [])
        .filter((s) => s.state === 'Active')
        .map((s) => ({
          storeProductId: `${entry.productKey.productId}/${entry.productKey.skuId}`,
          clientUserId: s.assignedTo,
        }));
    });
    return { items: perProduct.flat(), versionId: null, delta: false };
  }

  associate(request: LicenseRequest): Promise<StoreOperationResult> {
    return changeSeats(this.client, request, 'Assign');
  }

  disassociate(request: LicenseRequest): Promise<StoreOperationResult> {
    return changeSeats(this.client, request, 'Reclaim');
  }

  revoke(subjects: StoreSubject[]): Promise<StoreOperationResult> {
    return revokeSeats(this.client, subjects, this.concurrency);
  }

  /**
   * Names in the account's language, encrypted-package and free flags. Products the store
   * does not know are missing from the answer.
   */
  async lookupProducts(storeProductIds: string[]): Promise<MicrosoftProductInfo[]> {
    const keys = [...new Set(storeProductIds)].map((id) => toProductKey({ storeProductId: id }));
    const infos = await mapLimit(keys, this.concurrency, async (key) => {
      try {
        return toProductInfo(
          await this.client.getProductDetails(key, this.options.credentials.language),
        );
      } catch (error) {
        if (error instanceof StoreError && error.storeErrorNumber === 404) return null;
        throw error;
      }
    });
    return infos.filter((i): i is MicrosoftProductInfo => i !== null);
  }

  private async inventory(modifiedSince?: string): Promise<WireInventoryEntry[]> {
    const pages = await walkContinuation(
      (continuationToken) =>
        this.client.getInventory({
          maxResults: this.pageSize,
          licenseTypes: ['online', 'offline'],
          ...(modifiedSince !== undefined && { modifiedSince }),
          ...(continuationToken && { continuationToken }),
        }),
      (page) => page.continuationToken,
    );
    return pages.flatMap((p) => p.inventoryEntries ?? []);
  }

  /** The directory's organisation; undefined when Graph refuses (Organization.Read.All missing). */
  private async organisation(): Promise<WireOrganization | undefined> {
    try {
      return (await this.graph.getOrganization()).value?.[0];
    } catch (error) {
      if (error instanceof StoreError && error.code === 'storeRejected') return undefined;
      throw error;
    }
  }

  /** The secret's end date from Graph, matched by its hint; null when Graph will not say. */
  private async secretExpiry(clientId: string, secret: string): Promise<Date | null> {
    try {
      const app = await this.graph.getApplication(clientId);
      const credentials = app.passwordCredentials ?? [];
      const mine = credentials.find((c) => c.hint && secret.startsWith(c.hint)) ?? credentials[0];
      const end = mine?.endDateTime ? new Date(mine.endDateTime) : null;
      return end && !Number.isNaN(end.getTime()) ? end : null;
    } catch (error) {
      if (error instanceof StoreError && error.code === 'storeRejected') return null;
      throw error;
    }
  }
}

/** One factory per deployment; `connect` binds it to one account's credentials. */
export function createMicrosoftConnectorFactory(
  options: MicrosoftServiceOptions = {},
): StoreConnectorFactory<MicrosoftCredentials> & {
  connect(credentials: MicrosoftCredentials): MicrosoftConnector;
  describeToken(credentials: MicrosoftCredentials): Promise<MicrosoftTokenDescription>;
} {
  const connect = (credentials: MicrosoftCredentials): MicrosoftConnector =>
    new MicrosoftConnector({ ...options, credentials });
  return {
    store: 'microsoft',
    connect,
    describeToken: (credentials) => connect(credentials).describeToken(),
  };
}
