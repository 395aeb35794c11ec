/**
 * The typed shape of every table, in camelCase (the CamelCasePlugin maps to snake_case
 * columns). Portable types only: text IDs, integer counters and flags (0/1), ISO-8601 UTC
 * times as text (they sort as strings), JSON as text.
 */
import type { ColumnType, Selectable } from 'kysely';

export interface TenantTable {
  id: string;
  name: string;
  createdAt: string;
}

export interface SpaceTable {
  id: string;
  tenantId: string;
  name: string;
  isDefault: number;
  createdAt: string;
  updatedAt: string;
}

export interface ApiTokenTable {
  id: string;
  tenantId: string;
  name: string;
  role: string;
  spaceId: string | null;
  tokenHash: string;
  isBootstrap: number;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface UserTable {
  id: string;
  tenantId: string;
  spaceId: string;
  email: string;
  displayName: string;
  enrolment: string;
  createdAt: string;
  updatedAt: string;
  /** R-I2: set while the identity provider has deactivated the user (no longer a target). */
  deactivatedAt?: string | null;
}

export interface DeviceTable {
  id: string;
  tenantId: string;
  spaceId: string;
  serialNumber: string;
  platform: string;
  name: string | null;
  primaryUserId: string | null;
  shared: number;
  state: string;
  lastCheckInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GroupTable {
  id: string;
  tenantId: string;
  spaceId: string;
  name: string;
  kind: string;
  createdAt: string;
  updatedAt: string;
}

export interface GroupMemberTable {
  tenantId: string;
  groupId: string;
  memberType: string;
  memberId: string;
  createdAt: string;
}

export interface ActivityTable {
  id: string;
  tenantId: string;
  spaceId: string | null;
  actorType: string;
  actorId: string | null;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string;
  subjectName: string | null;
  before: string | null;
  after: string | null;
  createdAt: string;
}

export interface IdempotencyKeyTable {
  tenantId: string;
  tokenId: string;
  key: string;
  requestHash: string;
  state: string;
  statusCode: number | null;
  response: string | null;
  createdAt: string;
}

export interface AccountTable {
  id: string;
  tenantId: string;
  spaceId: string;
  store: string;
  name: string;
  priority: number;
  status: string;
  statusReason: string | null;
  authProblem: string | null;
  tokenEncrypted: string | null;
  locationKey: string | null;
  organizationName: string | null;
  locationName: string | null;
  appleId: string | null;
  accountType: string | null;
  autoDistributeToAllUsers: number;
  clearPreviousLicenseData: number;
  settings: string;
  tokenCreatedAt: string | null;
  tokenExpiresAt: string | null;
  notificationSecretHash: string | null;
  syncIntervalMinutes: number;
  lastSyncAt: string | null;
  lastSyncAttemptAt: string | null;
  nextSyncAt: string | null;
  firstSyncDone: number;
  assignmentsVersionId: string | null;
  usersVersionId: string | null;
  untrackedLicenses: number;
  expiryWarningsSent: string;
  /** Optional on insert (defaults to null): the last full resync (R-T7). */
  lastFullSyncAt?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProductTable {
  id: string;
  tenantId: string;
  store: string;
  storeProductId: string;
  pricingParam: string;
  kind: string;
  name: string;
  bundleId: string | null;
  version: string | null;
  platforms: string;
  costAmount: number | null;
  costCurrency: string | null;
  deviceAssignable: number;
  revocable: number;
  /** 'standard', or for Microsoft 'online' / 'offline'. */
  licenseModel: string;
  sizeBytes: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface PoolTable {
  id: string;
  tenantId: string;
  accountId: string;
  productId: string;
  total: number;
  inUse: number;
  reserved: number;
  unlimited: number;
  storeAssigned: number;
  /** Optional on insert (defaults to 0): store seats another product assigned (R-T5). */
  untracked?: number;
  asOf: string | null;
  updatedAt: string;
}

export interface CatalogAppTable {
  id: string;
  tenantId: string;
  spaceId: string;
  productId: string;
  description: string | null;
  installOnDevice: number;
  updateMode: string;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogAppDelegationTable {
  tenantId: string;
  catalogAppId: string;
  spaceId: string;
  createdAt: string;
}

export interface DistributionEntryTable {
  tenantId: string;
  catalogAppId: string;
  accountId: string;
  kind: string;
  subjectId: string;
  createdAt: string;
}

export interface AssignmentTable {
  id: string;
  tenantId: string;
  spaceId: string;
  catalogAppId: string;
  targetType: string;
  groupId: string | null;
  intent: string;
  licenseType: string | null;
  deviceContext: number;
  excludeGroupIds: string;
  createdAt: string;
  updatedAt: string;
}

export interface LicenseTable {
  id: string;
  tenantId: string;
  spaceId: string;
  accountId: string;
  poolId: string;
  productId: string;
  catalogAppId: string | null;
  licenseType: string;
  subjectType: string;
  subjectId: string;
  subjectName: string;
  serialNumber: string | null;
  distribution: string;
  state: string;
  storeState: string;
  assignedAt: string;
  revokedAt: string | null;
  graceUntil: string | null;
  lastAction: string;
  updatedAt: string;
}

export interface InstallTable {
  id: string;
  tenantId: string;
  deviceId: string;
  catalogAppId: string;
  /** Optional on insert: the product, which outlives a deleted catalog app (R-V5). */
  productId?: string | null;
  state: string;
  reason: string | null;
  licenseId: string | null;
  version: string | null;
  installedAt: string | null;
  updatedAt: string;
}

export interface StoreUserTable {
  tenantId: string;
  accountId: string;
  userId: string;
  clientUserId: string;
  status: string;
  inviteCode: string | null;
  updatedAt: string;
}

export interface OutboxTable {
  id: string;
  /**
   * R-V8: the row's place in the order calls reach the store, numbered by the database at
   * insert time (services/outbox/enqueue.ts); never written by Allot.
   */
  seq: ColumnType<number, never, never>;
  tenantId: string;
  accountId: string;
  operation: string;
  payload: string;
  state: string;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil: string | null;
  lastError: string | null;
  createdAt: string;
  doneAt: string | null;
}

/** An outbox row as read. */
export type OutboxRow = Selectable<OutboxTable>;

export interface NotificationTable {
  id: string;
  tenantId: string;
  spaceId: string | null;
  kind: string;
  severity: string;
  subjectType: string;
  subjectId: string;
  subjectName: string | null;
  threshold: number | null;
  message: string;
  remedy: string | null;
  state: string;
  createdAt: string;
  clearedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedById: string | null;
  acknowledgedByName: string | null;
}

export interface WebhookTable {
  id: string;
  tenantId: string;
  url: string;
  events: string;
  secretEncrypted: string;
  createdAt: string;
}

export interface WebhookDeliveryTable {
  id: string;
  tenantId: string;
  webhookId: string;
  event: string;
  payload: string;
  state: string;
  attempts: number;
  nextAttemptAt: string;
  lastStatus: number | null;
  createdAt: string;
}

export interface JobTable {
  id: string;
  tenantId: string;
  kind: string;
  subjectId: string | null;
  payload: string;
  state: string;
  progress: number;
  result: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** R-I3: a provider group mapped to an Allot role on the tenant or one space. */
export interface SsoRoleMappingTable {
  id: string;
  tenantId: string;
  groupName: string;
  role: string;
  spaceId: string | null;
  createdAt: string;
}

/** R-I3: a login between /auth/login and /auth/callback; deleted when used. */
export interface SsoLoginTable {
  stateHash: string;
  codeVerifier: string;
  nonce: string;
  expiresAt: string;
}

/** R-I3: a console session; the cookie's value is stored only as its SHA-256 (R-S4). */
export interface SsoSessionTable {
  id: string;
  sessionHash: string;
  tenantId: string;
  spaceId: string | null;
  role: string;
  subject: string;
  name: string;
  email: string | null;
  /** JSON array: the provider's groups at sign-in. */
  groups: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** The SCIM representation of a provisioned user, kept as sent (R-I1). */
export interface ScimUserTable {
  userId: string;
  tenantId: string;
  /** As sent; `userNameKey` is its lower-case form, unique per tenant. */
  userName: string;
  userNameKey: string;
  externalId: string | null;
  /** The resource as JSON, without id, meta, groups and password. */
  resource: string;
  createdAt: string;
  updatedAt: string;
}

/** A group provisioned by SCIM, with the provider's externalId (R-I1). */
export interface ScimGroupTable {
  groupId: string;
  tenantId: string;
  externalId: string | null;
  createdAt: string;
}

/** An MDM server (NanoMDM) of one space (R-I4); its API key and HMAC key encrypted (R-S3). */
export interface MdmConnectorTable {
  id: string;
  tenantId: string;
  spaceId: string;
  kind: string;
  name: string;
  apiUrl: string;
  apiKeyEncrypted: string;
  webhookTokenHash: string;
  webhookSecretEncrypted: string;
  signatureRequired: number;
  lastEventAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One enrolment channel at one MDM connector, by the MDM's enrollment id (R-I4). */
export interface MdmEnrollmentTable {
  id: string;
  tenantId: string;
  connectorId: string;
  enrollmentId: string;
  enrollmentType: string;
  udid: string | null;
  serialNumber: string | null;
  deviceId: string | null;
  state: string;
  lastEventAt: string | null;
  tokenUpdatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set when a change may concern the device: the next drain pushes it, so that it polls. */
  pushRequestedAt?: string | null;
}

/** An MDM event already handled, by a key its repetition repeats (R-I4). */
export interface MdmEventTable {
  id: string;
  tenantId: string;
  connectorId: string;
  eventKey: string;
  topic: string;
  enrollmentId: string | null;
  outcome: string;
  receivedAt: string;
}

/** A command Allot sent through an MDM connector, by its CommandUUID (R-I4). */
export interface MdmCommandTable {
  id: string;
  tenantId: string;
  connectorId: string;
  commandUuid: string;
  enrollmentId: string;
  deviceId: string;
  catalogAppId: string;
  requestType: string;
  /** services/mdm/commandQueue.ts: waitingLicense, queued, sending, sent, notNow, … */
  state: string;
  resultStatus: string | null;
  createdAt: string;
  updatedAt: string;
  /** The command plist, fixed before the first attempt (one CommandUUID across retries). */
  payload: ColumnType<string, string | undefined, string>;
  /** The licence an install waits to see associated at the store. */
  licenseId: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  nextAttemptAt: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  /** When NanoMDM stored the command: later attempts only push. */
  enqueuedAt: string | null;
  detail: string | null;
  /** device:app:action while the command is open (unique per connector). */
  openKey: string | null;
}

export type MdmCommandRow = Selectable<MdmCommandTable>;

/** R-X1: a pool's counts on one UTC day (`YYYY-MM-DD`), refreshed through the day. */
export interface UsageHistoryTable {
  tenantId: string;
  accountId: string;
  productId: string;
  spaceId: string;
  day: string;
  total: number;
  inUse: number;
  reserved: number;
  available: number;
  updatedAt: string;
}

/** R-X7: one comparison of a tenant's ledger with its stores. */
export interface DriftCheckTable {
  id: string;
  tenantId: string;
  /** 'scheduled' or 'requested' (POST /drift/check). */
  trigger: string;
  jobId: string | null;
  clean: number;
  /** JSON array of {kind, accountId, subjectId, message}. */
  differences: string;
  checkedAt: string;
}

/** When a periodic licence-intelligence task last ran (historyTasks.ts). */
export interface IntelligenceRunTable {
  task: string;
  lastRunAt: string;
}

/** An idle licence reclaim policy of one space (R-X3); its id acts in the activity log. */
export interface ReclaimPolicyTable {
  id: string;
  tenantId: string;
  spaceId: string;
  enabled: number;
  deviceInactiveDays: number | null;
  notInstalledDays: number | null;
  userDeactivated: number;
  intervalHours: number;
  lastRunAt: string | null;
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A device refused an app for lack of a licence, waiting for one (R-X4). */
export interface WaitlistEntryTable {
  id: string;
  tenantId: string;
  catalogAppId: string;
  productId: string | null;
  deviceId: string;
  reason: string;
  queuedAt: string;
}

/** An address receiving notification digests per kind and space (monitoring/emailRecipients.ts). */
export interface NotificationEmailRecipientTable {
  id: string;
  tenantId: string;
  spaceId: string | null;
  /** The space ID, or `*` for the whole tenant: the address is unique per scope. */
  scope: string;
  email: string;
  /** JSON array of notification kinds, or `["*"]`. */
  kinds: string;
  lastDigestAt: string | null;
  /** The next digest may go from then (the hourly limit, or a backoff after a failure). */
  nextAttemptAt: string | null;
  leaseUntil: string | null;
  failures: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A notification owed to a recipient's next digest (jobs/emailDigests.ts). */
export interface NotificationEmailItemTable {
  id: string;
  tenantId: string;
  recipientId: string;
  notificationId: string;
  payload: string;
  /** pending, then sent once the SMTP server accepted the digest that held it. */
  state: string;
  digestId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface Database {
  scimUsers: ScimUserTable;
  scimGroups: ScimGroupTable;
  tenants: TenantTable;
  spaces: SpaceTable;
  apiTokens: ApiTokenTable;
  users: UserTable;
  devices: DeviceTable;
  groups: GroupTable;
  groupMembers: GroupMemberTable;
  activity: ActivityTable;
  idempotencyKeys: IdempotencyKeyTable;
  accounts: AccountTable;
  products: ProductTable;
  pools: PoolTable;
  catalogApps: CatalogAppTable;
  catalogAppDelegations: CatalogAppDelegationTable;
  distributionEntries: DistributionEntryTable;
  assignments: AssignmentTable;
  licenses: LicenseTable;
  installs: InstallTable;
  storeUsers: StoreUserTable;
  outbox: OutboxTable;
  notifications: NotificationTable;
  webhooks: WebhookTable;
  webhookDeliveries: WebhookDeliveryTable;
  jobs: JobTable;
  mdmConnectors: MdmConnectorTable;
  mdmEnrollments: MdmEnrollmentTable;
  mdmEvents: MdmEventTable;
  mdmCommands: MdmCommandTable;
  ssoRoleMappings: SsoRoleMappingTable;
  ssoLogins: SsoLoginTable;
  ssoSessions: SsoSessionTable;
  notificationEmailRecipients: NotificationEmailRecipientTable;
  notificationEmailItems: NotificationEmailItemTable;
  reclaimPolicies: ReclaimPolicyTable;
  waitlistEntries: WaitlistEntryTable;
  usageHistory: UsageHistoryTable;
  driftChecks: DriftCheckTable;
  intelligenceRuns: IntelligenceRunTable;
}
