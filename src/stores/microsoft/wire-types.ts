/** The Store for Business, Azure AD and Graph bodies the connector reads (reference §4). */

export interface WireProductKey {
  productId: string;
  skuId: string;
}

export interface WireInventoryEntry {
  productKey: WireProductKey;
  seatCapacity: number;
  availableSeats: number;
  lastModified: string;
  /** Online | Offline */
  licenseType: string;
  /** Open | Restricted */
  distributionPolicy: string;
  /** Active | Removed */
  status: string;
}

export interface WireInventoryResultSet {
  continuationToken?: string | null;
  inventoryEntries?: WireInventoryEntry[];
}

export interface WireSeatDetails {
  assignedTo: string;
  dateAssigned?: string;
  /** Active | Revoked */
  state: string;
  productKey: WireProductKey;
}

export interface WireSeatDetailsResultSet {
  seats?: WireSeatDetails[];
  continuationToken?: string | null;
}

export type WireSeatAction = 'Assign' | 'Reclaim';

export interface WireFailedSeatRequest {
  failureReason: string;
  productKey?: WireProductKey;
  userName: string;
}

export interface WireBulkSeatOperationResultSet {
  seatDetails?: WireSeatDetails[];
  failedSeatOperations?: WireFailedSeatRequest[];
}

/** Product details as the emulator serves them (see src/emulators/microsoft/wire-inventory.ts). */
export interface WireProductDetails {
  productKey: WireProductKey;
  displayName?: string;
  language?: string;
  supportedLanguages?: string[];
  publisherName?: string;
  packageIdentityName?: string;
  packageFamilyName?: string;
  packageFormat?: string;
  isFree?: boolean;
  price?: { listPrice: number; currencyCode: string } | null;
}

/** The Store API's error body. */
export interface WireStoreError {
  code?: string;
  message?: string;
  itemType?: string;
  values?: string[];
}

export interface WireTokenResponse {
  token_type?: string;
  access_token?: string;
  /** Seconds; Azure AD v1 sends a string, v2 a number. */
  expires_in?: number | string;
}

export interface WireOAuthError {
  error?: string;
  error_description?: string;
  error_codes?: number[];
}

export interface WireOrganization {
  id: string;
  displayName?: string;
  countryLetterCode?: string;
  verifiedDomains?: Array<{ name: string; isDefault?: boolean; isInitial?: boolean }>;
}

export interface WireApplication {
  appId: string;
  passwordCredentials?: Array<{ keyId?: string; hint?: string; endDateTime?: string }>;
}
