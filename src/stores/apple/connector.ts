/**
 * The Apple Apps and Books implementation of StoreConnector, for one location token. Base
 * URLs are options (ALLOT_APPLE_API_URL in production config), so the same code talks to
 * Apple or to the emulator.
 */
import { parseSToken } from '../../domain/stoken.js';
import type {
  DeltaOptions,
  LicenseRequest,
  RegisterOptions,
  StoreAsset,
  StoreAssignment,
  StoreConnector,
  StoreConnectorFactory,
  StoreOperationResult,
  StoreProductInfo,
  StoreSubject,
  TokenDescription,
  Versioned,
} from '../connector.js';
import { ValidationError } from '../../domain/errors.js';
import { planManageAssets, planRevoke } from './batching.js';
import { AppleClient, type AppleClientOptions } from './client.js';
import { AppleEnrolment } from './enrolment.js';
import { appleError } from './errors.js';
import { DEFAULT_EVENT_POLLING, EventWaiters, type EventPolling } from './events.js';
import { ITUNES_LOOKUP_URL, lookupProducts } from './lookup.js';
import { splitSubjects, toStoreAsset, toStoreAssignment, uniqueAssets } from './mapping.js';
import type { AppleNotification } from './notifications.js';
import { walkPages } from './paging.js';
import { ServiceConfigCache } from './service-config.js';
import { runBatches, serviceConfig, type AppleSession, type Batch } from './session.js';
import { realSleep } from './timing.js';
import type { MdmIdentity } from './transport.js';
import type { WireClientConfig, WireManageAssetsRequest } from './wire-types.js';

export const DEFAULT_NOTIFICATION_TYPES = [
  'ASSET_MANAGEMENT',
  'ASSET_COUNT',
  'USER_MANAGEMENT',
  'USER_ASSOCIATED',
];

export interface AppleConnectorOptions extends Omit<AppleClientOptions, 'sToken' | 'mdm'> {
  sToken: string;
  /** Our identity at Apple; every response is checked against it (R-T4). */
  mdm: MdmIdentity;
  /** Product metadata lookup (iTunes lookup shape). Default https://itunes.apple.com/lookup. */
  lookupUrl?: string;
  /** Storefront country for lookups (two letters); default: the location's. */
  lookupCountry?: string;
  eventPolling?: Partial<EventPolling>;
  /** Share one across connectors: the service config is the same for every token. */
  serviceConfigCache?: ServiceConfigCache;
  /** What to subscribe to when a notification URL is registered. */
  notificationTypes?: string[];
}

export class AppleConnector implements StoreConnector {
  readonly store = 'apple' as const;
  readonly client: AppleClient;
  readonly enrolment: AppleEnrolment;
  private readonly session: AppleSession;

  constructor(private readonly options: AppleConnectorOptions) {
    this.client = new AppleClient(options);
    const now = options.now ?? Date.now;
    this.session = {
      client: this.client,
      serviceConfigCache: options.serviceConfigCache ?? new ServiceConfigCache(undefined, now),
      waiters: new EventWaiters(),
      polling: { ...DEFAULT_EVENT_POLLING, ...options.eventPolling },
      sleep: options.sleep ?? realSleep,
      now,
    };
    this.enrolment = new AppleEnrolment(this.session);
  }

  /** Malformed token content fails here (INVALID_TOKEN) before anything is sent. */
  async describeToken(): Promise<TokenDescription> {
    parseSToken(this.options.sToken);
    return this.describe(await this.client.getClientConfig({ checkMdm: false }));
  }

  async register(options: RegisterOptions): Promise<TokenDescription> {
    if ((options.notificationUrl === undefined) !== (options.notificationSecret === undefined)) {
      throw new ValidationError('notificationUrl and notificationSecret go together', {
        field: 'notificationUrl',
      });
    }
    parseSToken(this.options.sToken);
    const current = await this.client.getClientConfig({ checkMdm: false });
    const holder = current.mdmInfo;
    if (holder && holder.id !== this.options.mdm.id && !options.takeover) {
      throw appleError('claimedElsewhere', {
        message: `the location is managed by ${holder.name || 'another product'}; confirm a takeover to manage it here`,
        details: { claimedBy: holder.name, claimedById: holder.id },
      });
    }
    const { mdm } = this.options;
    const updated = await this.client.updateClientConfig({
      mdmInfo: { id: mdm.id, name: mdm.name ?? 'Allot', metadata: mdm.version },
      ...(options.notificationUrl !== undefined && {
        notificationUrl: options.notificationUrl,
        notificationAuthToken: options.notificationSecret,
        notificationTypes: this.options.notificationTypes ?? DEFAULT_NOTIFICATION_TYPES,
      }),
    });
    return this.describe(updated);
  }

  async listAssets(): Promise<Versioned<StoreAsset>> {
    // unlimited=true puts free apps in their own list, without meaningless counts.
    const walk = await walkPages((pageIndex) =>
      this.client.getAssets({ pageIndex, unlimited: true }),
    );
    const items = walk.pages.flatMap((p) => [
      ...(p.assets ?? []).map((a) => toStoreAsset(a)),
      ...(p.unlimitedAssets ?? []).map((a) => toStoreAsset(a, true)),
    ]);
    return { items, versionId: walk.versionId, delta: false, settled: walk.settled };
  }

  async listAssignments(options: DeltaOptions = {}): Promise<Versioned<StoreAssignment>> {
    const since = options.sinceVersionId ?? undefined;
    const walk = await walkPages((pageIndex) =>
      this.client.getAssignments({ pageIndex, ...(since && { sinceVersionId: since }) }),
    );
    return {
      items: walk.pages.flatMap((p) => (p.assignments ?? []).map(toStoreAssignment)),
      versionId: walk.versionId,
      delta: since !== undefined,
      settled: walk.settled,
    };
  }

  associate(request: LicenseRequest): Promise<StoreOperationResult> {
    return this.manage(request, (body) => this.client.associate(body));
  }

  disassociate(request: LicenseRequest): Promise<StoreOperationResult> {
    return this.manage(request, (body) => this.client.disassociate(body));
  }

  async revoke(subjects: StoreSubject[]): Promise<StoreOperationResult> {
    const { serialNumbers, clientUserIds } = splitSubjects(subjects);
    const { limits } = await serviceConfig(this.session);
    const batches: Batch[] = planRevoke(serialNumbers, clientUserIds, limits).map((body) => ({
      send: () => this.client.revoke(body),
      subjects: splitBack(body),
      assets: [],
      requested: (body.serialNumbers?.length ?? 0) + (body.clientUserIds?.length ?? 0),
    }));
    return runBatches(this.session, batches);
  }

  async lookupProducts(storeProductIds: string[]): Promise<StoreProductInfo[]> {
    return lookupProducts(
      this.client.transport,
      this.options.lookupUrl ?? ITUNES_LOOKUP_URL,
      storeProductIds,
      this.options.lookupCountry,
    );
  }

  /** Feed notifications received for this token: a finished event stops waiting at once. */
  handleNotification(notification: AppleNotification): void {
    if ('eventId' in notification && notification.eventId) {
      this.session.waiters.wake(notification.eventId);
    }
  }

  private async manage(
    request: LicenseRequest,
    send: (body: WireManageAssetsRequest) => ReturnType<AppleClient['associate']>,
  ): Promise<StoreOperationResult> {
    const assets = uniqueAssets(request.products);
    const { serialNumbers, clientUserIds } = splitSubjects(request.subjects);
    const { limits } = await serviceConfig(this.session);
    const batches = planManageAssets(assets, serialNumbers, clientUserIds, limits).flatMap(
      (body) => manageBatch(body, send) ?? [],
    );
    return runBatches(this.session, batches);
  }

  private describe(config: WireClientConfig): TokenDescription {
    const token = parseSToken(this.options.sToken);
    const holder = config.mdmInfo;
    const expiry = config.tokenExpirationDate ? new Date(config.tokenExpirationDate) : null;
    return {
      organizationName: token.organizationName,
      locationName: config.locationName ?? '',
      locationId: config.uId ?? '',
      expiresAt: expiry && !Number.isNaN(expiry.getTime()) ? expiry : token.expiresAt,
      claimedBy:
        holder && holder.id !== this.options.mdm.id ? holder.name || 'another product' : null,
      managedBy: holder ? { id: holder.id, name: holder.name, version: holder.metadata } : null,
      ...(config.countryISO2ACode !== undefined && { countryCode: config.countryISO2ACode }),
    };
  }
}

/** The request without these users; null when no subject is left. */
function withoutUsers(
  body: WireManageAssetsRequest,
  clientUserIds: readonly string[],
): WireManageAssetsRequest | null {
  const users = (body.clientUserIds ?? []).filter((id) => !clientUserIds.includes(id));
  const serials = body.serialNumbers ?? [];
  if (users.length + serials.length === 0) return null;
  return {
    assets: body.assets,
    ...(serials.length > 0 && { serialNumbers: serials }),
    ...(users.length > 0 && { clientUserIds: users }),
  };
}

/** One associate or disassociate request as a batch that can drop users the store refuses. */
function manageBatch(
  body: WireManageAssetsRequest | null,
  send: (body: WireManageAssetsRequest) => ReturnType<AppleClient['associate']>,
): Batch | null {
  if (body === null) return null;
  return {
    send: () => send(body),
    subjects: splitBack(body),
    assets: body.assets,
    requested:
      body.assets.length * ((body.serialNumbers?.length ?? 0) + (body.clientUserIds?.length ?? 0)),
    without: (clientUserIds) => manageBatch(withoutUsers(body, clientUserIds), send),
  };
}

function splitBack(body: { serialNumbers?: string[]; clientUserIds?: string[] }): StoreSubject[] {
  return [
    ...(body.serialNumbers ?? []).map((serialNumber) => ({ serialNumber })),
    ...(body.clientUserIds ?? []).map((clientUserId) => ({ clientUserId })),
  ];
}

/** One factory per deployment: connectors share the service config cache. */
export function createAppleConnectorFactory(
  options: Omit<AppleConnectorOptions, 'sToken'>,
): StoreConnectorFactory<string> & {
  connect(sToken: string): AppleConnector;
  describeToken(sToken: string): Promise<TokenDescription>;
} {
  const serviceConfigCache =
    options.serviceConfigCache ?? new ServiceConfigCache(undefined, options.now ?? Date.now);
  const connect = (sToken: string): AppleConnector =>
    new AppleConnector({ ...options, serviceConfigCache, sToken });
  return {
    store: 'apple',
    connect,
    describeToken: (sToken: string) => connect(sToken).describeToken(),
  };
}
