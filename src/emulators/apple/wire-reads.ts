/**
 * The read endpoints: GET /service/config, /assets, /assignments, /users, /status. Listings
 * are computed once per version and filter (Location.snapshot) and then sliced per page.
 */
import { CONTENT_METADATA_PATH } from './catalog.js';
import { errorCodeList, AppleWireError } from './wire-errors.js';
import type { EmulatorState } from './emulator-state.js';
import { UNLIMITED_COUNT, type AssetRecord, type Location } from './location.js';
import { pageOf } from './paging.js';
import { responseUser } from './user-events.js';
import type { AssignmentFilter, AssignmentRecord } from './assignment-book.js';
import type { UserFilter, UserRecord } from './user-book.js';
import type { Dataset } from './versioning.js';

export type Query = Record<string, string>;

export const NOTIFICATION_TYPES = [
  'TEST_NOTIFICATION',
  'ASSET_MANAGEMENT',
  'USER_MANAGEMENT',
  'USER_ASSOCIATED',
  'ASSET_COUNT',
  'SUBSCRIPTION_MANAGEMENT',
  'SUBSCRIPTION_COUNT',
  'UNLIMITED_ASSET',
];

function boolParam(query: Query, name: string): boolean | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new AppleWireError(9602, { message: `Invalid argument: ${name} must be true or false.` });
}

function intParam(query: Query, name: string): number | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (!/^-?\d{1,10}$/.test(value)) {
    throw new AppleWireError(9602, { message: `Invalid argument: ${name} must be an integer.` });
  }
  return Number(value);
}

function enumParam(query: Query, name: string, allowed: string[]): string | undefined {
  const value = query[name];
  if (value !== undefined && !allowed.includes(value)) {
    throw new AppleWireError(9602, {
      message: `Invalid argument: ${name} must be one of ${allowed.join(', ')}.`,
    });
  }
  return value;
}

/** The version counter behind sinceVersionId, or 9721 (also for another endpoint's id). */
function sinceParam(location: Location, dataset: Dataset, query: Query): number | undefined {
  const value = query.sinceVersionId;
  if (value === undefined) return undefined;
  const seq = location.versions[dataset].parse(value);
  if (seq === null) throw new AppleWireError(9721);
  return seq;
}

/** Stable key of the filters of a query (everything but the page index). */
function filterKey(kind: string, query: Query): string {
  const entries = Object.entries(query)
    .filter(([k]) => k !== 'pageIndex')
    .sort(([a], [b]) => a.localeCompare(b));
  return `${kind}?${new URLSearchParams(entries).toString()}`;
}

export function serviceConfig(origin: string, state: EmulatorState): Record<string, unknown> {
  const base = `${origin}/mdm/v2`;
  return {
    limits: state.options.limits,
    urls: {
      getAssets: `${base}/assets`,
      getAssignments: `${base}/assignments`,
      getUsers: `${base}/users`,
      associateAssets: `${base}/assets/associate`,
      disassociateAssets: `${base}/assets/disassociate`,
      revokeAssets: `${base}/assets/revoke`,
      createUsers: `${base}/users/create`,
      updateUsers: `${base}/users/update`,
      retireUsers: `${base}/users/retire`,
      eventStatus: `${base}/status`,
      getClientConfig: `${base}/client/config`,
      updateClientConfig: `${base}/client/config`,
      contentMetadataLookup: `${origin}${CONTENT_METADATA_PATH}`,
      invitationEmail: `${origin}/invitation?inviteCode=%25inviteCode%25`,
    },
    notificationTypes: NOTIFICATION_TYPES,
    errorCodes: errorCodeList(),
  };
}

function wireAsset(location: Location, asset: AssetRecord): Record<string, unknown> {
  return {
    adamId: asset.adamId,
    pricingParam: asset.pricingParam,
    productType: asset.productType,
    assignedCount: asset.assignedCount,
    availableCount: asset.unlimited
      ? UNLIMITED_COUNT - asset.assignedCount
      : location.available(asset),
    retiredCount: asset.retiredCount,
    totalCount: asset.totalCount,
    deviceAssignable: asset.deviceAssignable,
    revocable: asset.revocable,
    supportedPlatforms: asset.supportedPlatforms,
  };
}

function wireUnlimitedAsset(asset: AssetRecord): Record<string, unknown> {
  return {
    adamId: asset.adamId,
    pricingParam: asset.pricingParam,
    productType: asset.productType,
    assignedCount: asset.assignedCount,
    deviceAssignable: asset.deviceAssignable,
    revocable: asset.revocable,
    supportedPlatforms: asset.supportedPlatforms,
  };
}

export function getAssets(state: EmulatorState, location: Location, query: Query): object {
  const productType = enumParam(query, 'productType', ['App', 'Book']);
  const pricingParam = enumParam(query, 'pricingParam', ['STDQ', 'PLUS']);
  const revocable = boolParam(query, 'revocable');
  const deviceAssignable = boolParam(query, 'deviceAssignable');
  const unlimited = boolParam(query, 'unlimited');
  const minAvailable = intParam(query, 'minAvailableCount');
  const maxAvailable = intParam(query, 'maxAvailableCount');
  const minAssigned = intParam(query, 'minAssignedCount');
  const maxAssigned = intParam(query, 'maxAssignedCount');
  const adamId = query.adamId;
  // /assets returns a versionId but ignores sinceVersionId (reference §2.1).
  const items = location.snapshot('assets', filterKey('assets', query), () =>
    [...location.assets.values()].filter((a) => {
      const available = a.unlimited ? UNLIMITED_COUNT : location.available(a);
      return (
        (adamId === undefined || a.adamId === adamId) &&
        (productType === undefined || a.productType === productType) &&
        (pricingParam === undefined || a.pricingParam === pricingParam) &&
        (revocable === undefined || a.revocable === revocable) &&
        (deviceAssignable === undefined || a.deviceAssignable === deviceAssignable) &&
        (unlimited !== false || !a.unlimited) &&
        (minAvailable === undefined || available >= minAvailable) &&
        (maxAvailable === undefined || available <= maxAvailable) &&
        (minAssigned === undefined || a.assignedCount >= minAssigned) &&
        (maxAssigned === undefined || a.assignedCount <= maxAssigned)
      );
    }),
  );
  const { page, fields } = pageOf(items, query.pageIndex, state.options.pageSize);
  if (unlimited === true) {
    return {
      assets: page.filter((a) => !a.unlimited).map((a) => wireAsset(location, a)),
      unlimitedAssets: page.filter((a) => a.unlimited).map(wireUnlimitedAsset),
      ...fields,
      versionId: location.versionId('assets'),
    };
  }
  return {
    assets: page.map((a) => wireAsset(location, a)),
    ...fields,
    versionId: location.versionId('assets'),
  };
}

export function getAssignments(state: EmulatorState, location: Location, query: Query): object {
  const pricingParam = enumParam(query, 'pricingParam', ['STDQ', 'PLUS']);
  boolParam(query, 'includeUserState');
  boolParam(query, 'excludeInactiveUsers');
  const sinceSeq = sinceParam(location, 'assignments', query);
  const filter: AssignmentFilter = {
    ...(query.adamId !== undefined && { adamId: query.adamId }),
    ...(pricingParam !== undefined && { pricingParam }),
    ...(query.clientUserId !== undefined && { clientUserId: query.clientUserId }),
    ...(query.serialNumber !== undefined && { serialNumber: query.serialNumber }),
    ...(sinceSeq !== undefined && { sinceSeq }),
  };
  const items = location.snapshot<AssignmentRecord>(
    'assignments',
    filterKey('assignments', query),
    () => location.assignments.list(filter),
  );
  const { page, fields } = pageOf(items, query.pageIndex, state.options.pageSize);
  return { assignments: page, ...fields, versionId: location.versionId('assignments') };
}

export function getUsers(state: EmulatorState, location: Location, query: Query): object {
  const sinceSeq = sinceParam(location, 'users', query);
  const filter: UserFilter = {
    ...(query.clientUserId !== undefined && { clientUserId: query.clientUserId }),
    ...(boolParam(query, 'activeOnly') && { activeOnly: true }),
    ...(boolParam(query, 'retiredOnly') && { retiredOnly: true }),
    ...(sinceSeq !== undefined && { sinceSeq }),
  };
  const managedAppleId = query.managedAppleId;
  const items = location.snapshot<UserRecord>('users', filterKey('users', query), () =>
    location.users
      .list(filter)
      .filter((u) => managedAppleId === undefined || u.managedAppleId === managedAppleId),
  );
  const { page, fields } = pageOf(items, query.pageIndex, state.options.pageSize);
  return { users: page.map(responseUser), ...fields, versionId: location.versionId('users') };
}

export function getStatus(state: EmulatorState, location: Location, query: Query): object {
  const event = query.eventId === undefined ? undefined : state.events.get(query.eventId);
  if (!event || event.uId !== location.uId) throw new AppleWireError(9708);
  return {
    eventStatus: event.eventStatus,
    eventType: event.eventType,
    numCompleted: event.numCompleted,
    numRequested: event.numRequested,
    ...(event.failures.length > 0 && { failures: event.failures }),
  };
}
