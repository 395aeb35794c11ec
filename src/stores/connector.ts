/**
 * What services need from a store, whatever the store. Each store has one implementation
 * (stores/apple, stores/microsoft, stores/isv); base URLs come from configuration so the same
 * connector talks to the real store or to an emulator.
 *
 * A connector is bound to one account's credentials (see StoreConnectorFactory). Every method
 * may throw StoreError; nothing here knows about HTTP.
 */
import { AllotError } from '../domain/errors.js';

export type StoreKind = 'apple' | 'microsoft' | 'isv';

export type Platform = 'ios' | 'ipados' | 'macos' | 'windows' | 'tvos' | 'watchos' | 'visionos';

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  currency: string;
}

/** Names one product of the store; Apple also keys assets by pricingParam (STDQ/PLUS). */
export interface StoreProductRef {
  storeProductId: string;
  pricingParam?: string;
}

/** One product held by the account, with the store's own counts. */
export interface StoreAsset extends StoreProductRef {
  kind: 'app' | 'book';
  deviceAssignable: boolean;
  revocable: boolean;
  platforms: Platform[];
  /** Unlimited (free) products have no meaningful total: total and available are null. */
  total: number | null;
  assigned: number;
  available: number | null;
  /** Licences held by retired store users (Apple's retiredCount); 0 where unknown. */
  retired: number;
  unlimited: boolean;
}

/** One licence as the store sees it: exactly one of serialNumber / clientUserId. */
export interface StoreAssignment extends StoreProductRef {
  serialNumber?: string;
  clientUserId?: string;
}

export type StoreUserStatus = 'registered' | 'associated' | 'retired' | 'deleted';

export interface StoreUser {
  clientUserId: string;
  email?: string;
  status: StoreUserStatus;
  /** Present while the user has not joined yet (registered): goes into the invitation. */
  inviteCode?: string;
  /** Hash of the store account the user joined with (associated, sometimes retired). */
  accountHash?: string;
}

/**
 * The result of walking a list, with the version to pass next time for a delta. When `delta`
 * is true, `items` are the records added or changed since the given version; a store may not
 * report removals there (Apple does not say it does), so callers still sync fully from time
 * to time and rely on notifications for removals.
 */
export interface Versioned<T> {
  items: T[];
  versionId: string | null;
  delta: boolean;
  /**
   * False when the store's data changed while the list was read page by page: the pages come
   * from several versions, so a record a change moved may be missing, and the list cannot
   * prove that a record is gone (a full sync should not release what it does not see).
   * `versionId` is still the one to ask the next delta from. Absent: the list is consistent.
   */
  settled?: boolean;
}

export interface DeltaOptions {
  /** A versionId returned by an earlier walk; null or absent = everything. */
  sinceVersionId?: string | null;
}

/** Who manages an account at the store, as far as the store tells. */
export interface ManagingProduct {
  id: string;
  name: string;
  version: string;
}

/** The description of a token as the store reports it (used when an account is added). */
export interface TokenDescription {
  organizationName: string;
  locationName: string;
  /** Store-side library/location id: two tokens with the same one are the same location. */
  locationId: string;
  expiresAt: Date;
  /** Name of the management product the store says holds the token, if not us. */
  claimedBy: string | null;
  /** The product holding the token as the store reports it (us, another product, or none). */
  managedBy: ManagingProduct | null;
  countryCode?: string;
}

export interface RegisterOptions {
  /** Take the account over from another product that holds it (R-T4). */
  takeover: boolean;
  /** Where the store should push notifications, and the shared secret it must present. */
  notificationUrl?: string;
  notificationSecret?: string;
}

/** A subject of a licence at the store: a device serial number or a store user id. */
export type StoreSubject = { serialNumber: string } | { clientUserId: string };

/** Give (or take back) licences of these products to (from) these subjects. */
export interface LicenseRequest {
  products: StoreProductRef[];
  subjects: StoreSubject[];
}

/** Why the store refused one subject of a request, in terms services understand. */
export type StoreFailureReason =
  'noLicenseAvailable' | 'subjectNotFound' | 'subjectExists' | 'accountConflict' | 'other';

export interface StoreFailure {
  subject: StoreSubject;
  storeProductId?: string;
  pricingParam?: string;
  reason: StoreFailureReason;
  /** The store's own error number (Apple: 9709 not enough licences, 9609 user not found…). */
  storeErrorNumber: number;
  message: string;
}

/** Outcome of one associate/disassociate/revoke request after the store finished it. */
export interface StoreOperationResult {
  /** The store's ids for the requests that were sent (one per batch). */
  operationIds: string[];
  requested: number;
  completed: number;
  /** Subjects the store refused; everything else succeeded. */
  failures: StoreFailure[];
}

export interface StoreUserInput {
  clientUserId: string;
  email?: string;
  /** A managed store account: the user is linked at once, no invitation needed. */
  managedAccountId?: string;
}

/**
 * Stores where a user must join the store's programme before holding user licences (Apple:
 * invitation to Apps and Books, R-A10). Absent on stores without such a step.
 */
export interface StoreEnrolment {
  listUsers(options?: DeltaOptions): Promise<Versioned<StoreUser>>;
  getUser(clientUserId: string): Promise<StoreUser | null>;
  createUsers(users: StoreUserInput[]): Promise<StoreOperationResult>;
  updateUsers(users: StoreUserInput[]): Promise<StoreOperationResult>;
  /** Cuts the link to the store account and frees the user's revocable licences. */
  retireUsers(clientUserIds: string[]): Promise<StoreOperationResult>;
  /** The link a user opens to join, or null if the store gives none. */
  invitationUrl(user: StoreUser): Promise<string | null>;
}

/** Name, version and price of a product, from the store's catalog (not the licence API). */
export interface StoreProductInfo {
  storeProductId: string;
  name: string;
  kind: 'app' | 'book';
  bundleId: string | null;
  version: string | null;
  price: Money | null;
}

export interface StoreConnector {
  readonly store: StoreKind;
  /** Reads what the store says about the credentials, without taking the account over. */
  describeToken(): Promise<TokenDescription>;
  /** Declares this product as the account's manager; fails with claimedElsewhere unless takeover. */
  register(options: RegisterOptions): Promise<TokenDescription>;
  listAssets(): Promise<Versioned<StoreAsset>>;
  listAssignments(options?: DeltaOptions): Promise<Versioned<StoreAssignment>>;
  associate(request: LicenseRequest): Promise<StoreOperationResult>;
  disassociate(request: LicenseRequest): Promise<StoreOperationResult>;
  /** Takes back every revocable licence of these subjects. */
  revoke(subjects: StoreSubject[]): Promise<StoreOperationResult>;
  lookupProducts(storeProductIds: string[]): Promise<StoreProductInfo[]>;
  readonly enrolment?: StoreEnrolment;
}

/** Builds a connector for one account's credentials (an Apple sToken, Microsoft client keys…). */
export interface StoreConnectorFactory<Credentials> {
  readonly store: StoreKind;
  connect(credentials: Credentials): StoreConnector;
}

/**
 * Stable codes of store failures. The four auth ones are the notification kinds of R-T10.
 */
export type StoreErrorCode =
  | 'invalidToken'
  | 'tokenExpired'
  | 'tokenRevoked'
  | 'loginRequired'
  | 'claimedElsewhere'
  | 'rateLimited'
  | 'unavailable'
  | 'storeRejected'
  | 'eventTimeout'
  | 'badResponse';

export type AuthProblem = 'invalidToken' | 'tokenExpired' | 'tokenRevoked' | 'loginRequired';

const AUTH_PROBLEMS: ReadonlySet<string> = new Set([
  'invalidToken',
  'tokenExpired',
  'tokenRevoked',
  'loginRequired',
]);

/** A store call failed. `retryAfterSeconds` says when trying again makes sense, if ever. */
export class StoreError extends AllotError {
  readonly store: StoreKind;
  readonly storeErrorNumber?: number;
  readonly retryAfterSeconds?: number;
  readonly authProblem?: AuthProblem;

  constructor(
    code: StoreErrorCode,
    message: string,
    options: {
      store: StoreKind;
      storeErrorNumber?: number;
      retryAfterSeconds?: number;
      details?: Record<string, unknown>;
    },
  ) {
    super(code, message, {
      store: options.store,
      ...(options.storeErrorNumber !== undefined && { storeErrorNumber: options.storeErrorNumber }),
      ...options.details,
    });
    this.store = options.store;
    if (options.storeErrorNumber !== undefined) this.storeErrorNumber = options.storeErrorNumber;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (AUTH_PROBLEMS.has(code)) this.authProblem = code as AuthProblem;
  }

  declare readonly code: StoreErrorCode;

  /** Worth retrying later (rate limits, outages, events that never finished). */
  get retryable(): boolean {
    return (
      this.code === 'rateLimited' || this.code === 'unavailable' || this.code === 'eventTimeout'
    );
  }
}
