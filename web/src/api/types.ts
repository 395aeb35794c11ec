/** The shapes the console reads from /api/v1 (see /docs/json); only the fields it uses. */

export type Role = 'globalAdmin' | 'licenseAdmin' | 'userAdmin' | 'appManager' | 'readOnly';

export type Permission =
  | 'tenant:admin'
  | 'directory:write'
  | 'accounts:write'
  | 'licenses:write'
  | 'catalog:write'
  | 'distribution:write'
  | 'assignments:write'
  | 'devices:checkin'
  | 'monitoring:write';

export interface Me {
  tenantId: string;
  role: Role;
  spaceId: string | null;
  tokenId: string | null;
  tokenName: string;
  permissions: Permission[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Space {
  id: string;
  name: string;
  isDefault: boolean;
}

export interface Money {
  amount: number;
  currency: string;
}

export type AccountStatus = 'healthy' | 'syncing' | 'degraded' | 'error' | 'claimedElsewhere';

export interface Account {
  id: string;
  store: string;
  spaceId: string;
  name: string;
  priority: number;
  status: AccountStatus;
  statusReason: string | null;
  authProblem: string | null;
  organizationName: string | null;
  locationName: string | null;
  appleId: string | null;
  accountType: string | null;
  autoDistributeToAllUsers: boolean;
  clearPreviousLicenseData: boolean;
  tokenCreatedAt: string | null;
  tokenExpiresAt: string | null;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  untrackedLicenses: number;
  /** Microsoft Store and ISV accounts (R-T11, R-T12); null for Apple. */
  tenantDirectoryId?: string | null;
  language?: string | null;
  seats?: number | null;
  publisher?: string | null;
  purchasedThrough?: 'marketplace' | 'vendor' | null;
}

export interface AccountWithWarnings extends Account {
  warnings: string[];
  syncJobId: string | null;
}

export interface Job {
  id: string;
  kind: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  result: unknown;
  error: string | null;
}

export interface Counts {
  total: number;
  inUse: number;
  reserved: number;
  available: number | null;
  asOf: string | null;
}

export interface AccountUsage extends Counts {
  accountId: string;
  name: string;
  spaceId: string;
}

export interface ProductUsage extends Counts {
  productId: string;
  name: string;
  store: string;
  costPerLicense: Money | null;
  usagePercent: number;
  accounts: AccountUsage[];
}

export interface Pool {
  accountId: string;
  accountName: string;
  total: number | null;
  inUse: number;
  reserved: number;
  available: number | null;
  unlimited: boolean;
  asOf: string | null;
}

export interface Product {
  id: string;
  name: string;
  bundleId: string | null;
  version: string | null;
  platforms: string[];
  costPerLicense: Money | null;
  deviceAssignable: boolean;
  pools: Pool[];
}

export interface CatalogApp {
  id: string;
  productId: string;
  spaceId: string;
  name: string;
  store: string;
  bundleId: string | null;
  description: string | null;
  installOnDevice: boolean;
  updateMode: 'immediate' | 'automatic';
}

export interface DistributionLists {
  fcfsGroupIds: string[];
  reservedUserIds: string[];
  reservedDeviceIds: string[];
  prohibitedUserIds: string[];
}

export interface AccountDistribution extends DistributionLists {
  accountId: string;
  accountName: string;
  priority: number;
  source: 'explicit' | 'accountDefault';
  autoDistributeToAllUsers: boolean;
  pool: { total: number; inUse: number; reserved: number; available: number | null };
}

export type Intent = 'required' | 'available' | 'uninstall';

export type AssignmentTarget =
  { type: 'group'; groupId: string } | { type: 'allUsers' } | { type: 'allDevices' };

export interface Assignment {
  id: string;
  target: AssignmentTarget;
  intent: Intent;
  licenseType: 'user' | 'device' | null;
  deviceContext: boolean;
  excludeGroupIds: string[];
  createdAt: string;
}

export interface Forecast {
  needed: number;
  available: number | null;
  shortfall: number;
}

export interface Subject {
  type: 'user' | 'device';
  id: string;
  name: string;
}

export interface License {
  id: string;
  productId: string;
  catalogAppId: string | null;
  accountId: string;
  licenseType: 'user' | 'device';
  subject: Subject;
  serialNumber: string | null;
  distribution: 'fcfs' | 'reserved';
  state: 'active' | 'revoked';
  storeState: string;
  assignedAt: string;
  revokedAt: string | null;
  graceUntil: string | null;
  lastAction: string;
}

export interface UserLicense extends License {
  name: string;
  version: string | null;
  costPerLicense: Money | null;
  platforms: string[];
}

export type LicenseTab = 'fcfs' | 'reserved' | 'prohibited';

export interface AppLicenseItem {
  accountId: string;
  distribution: LicenseTab;
  subject: Subject;
  licenseType: 'user' | 'device' | null;
  assignedAt: string | null;
  lastAction: string | null;
  license: License | null;
}

export interface AppAccountUsage extends AccountUsage {
  licenses: { fcfs: number; reserved: number };
  prohibitedUsers: number;
}

export interface AppLicenses extends Page<AppLicenseItem> {
  accounts: AppAccountUsage[];
}

export interface User {
  id: string;
  spaceId: string;
  email: string;
  displayName: string;
  enrolment: 'none' | 'invited' | 'joined';
}

export interface Device {
  id: string;
  spaceId: string;
  serialNumber: string;
  platform: string;
  name: string | null;
  primaryUserId: string | null;
  shared: boolean;
  state: string;
  lastCheckInAt: string | null;
}

export interface DeviceApp {
  catalogAppId: string;
  name: string;
  bundleId: string | null;
  version: string | null;
  platforms: string[];
  source: string;
  size: number | null;
  state: string;
  reason: string | null;
  installedAt: string | null;
  license: License | null;
}

export interface Group {
  id: string;
  spaceId: string;
  name: string;
  kind: 'user' | 'device' | 'mixed';
  memberCount: number;
}

export type Severity = 'info' | 'warning' | 'alert';

export interface Notification {
  id: string;
  kind: string;
  severity: Severity;
  subject: { type: string; id: string; name: string | null };
  threshold: number | null;
  message: string;
  remedy: string | null;
  state: 'active' | 'cleared';
  createdAt: string;
  clearedAt: string | null;
}

export interface ActivityEntry {
  id: string;
  at: string;
  actor: { type: string; id: string | null; name: string };
  action: string;
  subject: { type: string; id: string; name: string | null };
  before: unknown;
  after: unknown;
}
