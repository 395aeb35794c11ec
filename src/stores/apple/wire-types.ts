/**
 * Apple Apps and Books v2 wire shapes (reference/apple-apps-and-books-api.md). Fields Apple
 * may leave out are optional; the client validates only what it relies on.
 */

export interface WireMdmInfo {
  id: string;
  name: string;
  metadata: string;
}

/** Fields on (nearly) every authenticated response. */
export interface WireCommon {
  uId?: string;
  tokenExpirationDate?: string;
  mdmInfo?: WireMdmInfo;
}

export interface WireLimits {
  maxAssets: number;
  maxClientUserIds: number;
  maxSerialNumbers: number;
  maxRevokeClientUserIds: number;
  maxRevokeSerialNumbers: number;
  maxUsers: number;
  maxNotificationLength: number;
  maxMdmNameLength: number;
  maxMdmIdLength: number;
  maxMdmMetadataLength: number;
  maxRequestPerSecond: number;
}

export interface WireServiceConfig {
  limits?: Partial<WireLimits>;
  urls?: Record<string, string>;
  notificationTypes?: string[];
  errorCodes?: Array<{ errorNumber: number; errorMessage: string }>;
}

export interface WireClientConfig extends WireCommon {
  countryISO2ACode?: string;
  defaultPlatform?: string;
  locationName?: string;
  notificationUrl?: string;
  notificationAuthToken?: string;
  subscribedNotificationTypes?: string[];
  websiteURL?: string;
}

export interface WireClientConfigRequest {
  mdmInfo?: WireMdmInfo;
  notificationUrl?: string;
  notificationAuthToken?: string;
  notificationTypes?: string[];
}

export interface WirePage extends WireCommon {
  currentPageIndex?: number;
  nextPageIndex?: number;
  size?: number;
  totalPages?: number;
  versionId?: string;
}

export interface WireAsset {
  adamId: string;
  pricingParam: string;
  productType: 'App' | 'Book';
  assignedCount: number;
  availableCount?: number;
  retiredCount?: number;
  totalCount?: number;
  deviceAssignable: boolean;
  revocable: boolean;
  supportedPlatforms?: string[];
}

export interface WireAssetsPage extends WirePage {
  assets?: WireAsset[];
  unlimitedAssets?: WireAsset[];
}

export interface WireAssignment {
  adamId: string;
  pricingParam: string;
  serialNumber?: string;
  clientUserId?: string;
}

export interface WireAssignmentsPage extends WirePage {
  assignments?: WireAssignment[];
}

export interface WireUser {
  clientUserId: string;
  email?: string;
  status: 'Registered' | 'Associated' | 'Retired' | 'Deleted';
  inviteCode?: string;
  idHash?: string;
}

export interface WireUsersPage extends WirePage {
  users?: WireUser[];
}

export interface WireAssetRef {
  adamId: string;
  pricingParam: string;
}

export interface WireManageAssetsRequest {
  assets: WireAssetRef[];
  serialNumbers?: string[];
  clientUserIds?: string[];
}

export interface WireRevokeRequest {
  serialNumbers?: string[];
  clientUserIds?: string[];
}

export interface WireRequestUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

export interface WireEventResponse extends WireCommon {
  eventId: string;
}

export interface WireErrorInfo {
  assets?: WireAssetRef[];
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface WireError {
  errorNumber: number;
  errorMessage?: string;
  errorInfo?: WireErrorInfo;
}

export type WireEventType =
  'ASSOCIATE' | 'DISASSOCIATE' | 'REVOKE' | 'CREATE' | 'UPDATE' | 'RETIRE';

export interface WireStatus extends WireCommon {
  eventStatus: 'PENDING' | 'COMPLETE' | 'FAILED';
  eventType?: WireEventType;
  numCompleted?: number;
  numRequested?: number;
  failures?: WireError[];
}
