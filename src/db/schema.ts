/**
 * The typed shape of every table, in camelCase (the CamelCasePlugin maps to snake_case
 * columns). Portable types only: text IDs, integer counters and flags (0/1), ISO-8601 UTC
 * times as text (they sort as strings), JSON as text.
 */
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

export interface Database {
  tenants: TenantTable;
  spaces: SpaceTable;
  apiTokens: ApiTokenTable;
  users: UserTable;
  devices: DeviceTable;
  groups: GroupTable;
  groupMembers: GroupMemberTable;
  activity: ActivityTable;
  idempotencyKeys: IdempotencyKeyTable;
}
