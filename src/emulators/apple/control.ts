/**
 * The control operations (what Apple's portal and users do): create a location with its
 * token, buy or refund licences, accept an invitation, revoke/expire/claim/renew a token,
 * seed data in bulk. Used in-process by tests and through /_control over HTTP.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { encodeSToken } from '../../domain/stoken.js';
import { assetFromInput, checkCount, type ControlAssetInput } from './assets-input.js';
import { assetKey, type AssignmentRecord, type Subject } from './assignment-book.js';
import type { EmulatorState } from './emulator-state.js';
import { Location, type AssetRecord, type MdmInfo } from './location.js';
import { responseUser } from './user-events.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface CreateLocationInput {
  organizationName: string;
  locationName: string;
  /** ISO-8601 or a Date; default one year from now (a token lives one year). */
  expiresAt?: string | Date;
  countryCode?: string;
  websiteUrl?: string;
  assets?: ControlAssetInput[];
}

/** Buy (positive) or refund (negative) licences; a new adamId may carry its description. */
export interface BuyInput extends Partial<Omit<ControlAssetInput, 'totalCount'>> {
  adamId: string;
  /** The number of licences bought in this purchase (negative = refund). */
  totalCount?: number;
  /** Same as totalCount; whichever is given. */
  countDelta?: number;
}

export type TokenAction = 'revoke' | 'expire' | 'claim' | 'renew';

export interface SeedInput {
  /** Users to add directly (default status Associated). */
  users?: Array<{
    clientUserId: string;
    email?: string;
    managedAppleId?: string;
    status?: 'Registered' | 'Associated';
  }>;
  /** Licences to add directly; unknown clientUserIds become Associated users. */
  assignments?: Array<{
    adamId: string;
    pricingParam?: string;
    serialNumber?: string;
    clientUserId?: string;
  }>;
}

export interface UserView {
  clientUserId: string;
  email?: string;
  status: string;
  inviteCode?: string;
  idHash?: string;
}

export function requireLocation(state: EmulatorState, locationId: string): Location {
  const location = state.location(locationId);
  if (!location) throw new NotFoundError('location', locationId);
  return location;
}

function issueToken(state: EmulatorState, location: Location): string {
  const sToken = encodeSToken({
    token: randomBytes(48).toString('base64'),
    organizationName: location.organizationName,
    expiresAt: new Date(location.expiresAt),
  });
  for (const token of state.tokens.values()) {
    if (token.uId === location.uId && token.state === 'active') token.state = 'replaced';
  }
  state.tokens.set(sToken, { uId: location.uId, state: 'active' });
  return sToken;
}

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new ValidationError(`${field} is required`, { field });
  }
  return value;
}

export function createLocation(
  state: EmulatorState,
  input: CreateLocationInput,
): { locationId: string; sToken: string } {
  const organizationName = nonEmpty(input?.organizationName, 'organizationName');
  const locationName = nonEmpty(input.locationName, 'locationName');
  const expiresAt =
    input.expiresAt === undefined ? state.now() + YEAR_MS : new Date(input.expiresAt).getTime();
  if (Number.isNaN(expiresAt))
    throw new ValidationError('expiresAt is not a date', { field: 'expiresAt' });
  if (input.assets !== undefined && !Array.isArray(input.assets)) {
    throw new ValidationError('assets must be an array', { field: 'assets' });
  }
  const parsed = (input.assets ?? []).map(assetFromInput);
  const location = new Location({
    uId: state.newUId(),
    organizationName,
    locationName,
    expiresAt,
    countryCode: input.countryCode ?? 'US',
    websiteUrl: input.websiteUrl ?? 'https://business.apple.com',
  });
  const stamp = location.versions.stamp();
  for (const dataset of ['assets', 'assignments', 'users'] as const) stamp.of(dataset);
  for (const { asset, metadata } of parsed) {
    const key = assetKey(asset.adamId, asset.pricingParam);
    if (location.assets.has(key)) {
      throw new ValidationError(`asset ${key} is listed twice`, { field: 'assets' });
    }
    location.assets.set(key, asset);
    state.catalog.set(metadata.adamId, metadata);
  }
  state.locations.set(location.uId, location);
  return { locationId: location.uId, sToken: issueToken(state, location) };
}

/** Buys or refunds licences and sends ASSET_COUNT; returns the asset's new counts. */
export function buy(state: EmulatorState, locationId: string, input: BuyInput): AssetRecord {
  const location = requireLocation(state, locationId);
  const delta = checkCount(input?.countDelta ?? input?.totalCount ?? 0, 'totalCount', true);
  const pricingParam = input.pricingParam ?? 'STDQ';
  let asset = location.asset(String(input.adamId), pricingParam);
  if (!asset) {
    if (delta < 0) throw new NotFoundError('asset', `${input.adamId}:${pricingParam}`);
    const { asset: created, metadata } = assetFromInput({ ...input, totalCount: delta });
    location.assets.set(assetKey(created.adamId, created.pricingParam), created);
    state.catalog.set(metadata.adamId, metadata);
    asset = created;
  } else {
    if (asset.unlimited) {
      throw new ValidationError('unlimited (free) assets have no count to change', {
        field: 'adamId',
      });
    }
    if (asset.totalCount + delta < asset.assignedCount + asset.retiredCount) {
      throw new ConflictError(
        'REFUND_EXCEEDS_AVAILABLE',
        `only ${location.available(asset)} licences are unassigned; refund fewer`,
        { available: location.available(asset) },
      );
    }
    asset.totalCount += delta;
  }
  location.versions.stamp().of('assets');
  if (delta !== 0) {
    state.notify(location, 'ASSET_COUNT', {
      adamId: asset.adamId,
      pricingParam: asset.pricingParam,
      countDelta: delta,
    });
  }
  return { ...asset };
}

/** The user accepts the invitation: Registered → Associated, with USER_ASSOCIATED. */
export function acceptInvitation(
  state: EmulatorState,
  locationId: string,
  clientUserId: string,
  appleAccount?: string,
): UserView {
  const location = requireLocation(state, locationId);
  const user = location.users.findActive(clientUserId);
  if (!user) throw new NotFoundError('user', clientUserId);
  if (user.status !== 'Registered') {
    throw new ConflictError('ALREADY_ASSOCIATED', `user ${clientUserId} has already joined`);
  }
  const account = appleAccount ?? `${clientUserId}@appleid.example.com`;
  if (location.users.findByAccount(account)) {
    throw new ConflictError('ACCOUNT_IN_USE', `${account} is linked to another user`);
  }
  location.users.associate(user, account, location.versions.stamp().of('users'));
  const view = responseUser(user) as unknown as UserView;
  state.notify(location, 'USER_ASSOCIATED', { associatedUsers: [view] });
  return view;
}

/**
 * The user is retired at the store behind the MDM's back (another tool, Apple support): its
 * revocable licences are freed, books count as retired, and the clientUserId is unknown to
 * the store until it is registered again (9609). No notification: the MDM did not ask.
 */
export function retireUser(
  state: EmulatorState,
  locationId: string,
  clientUserId: string,
): UserView {
  const location = requireLocation(state, locationId);
  const user = location.users.findActive(clientUserId);
  if (!user) throw new NotFoundError('user', clientUserId);
  const stamp = location.versions.stamp();
  location.releaseSubject({ kind: 'user', id: clientUserId }, stamp, true);
  location.users.retire(user, stamp.of('users'));
  return responseUser(user) as unknown as UserView;
}

export function tokenAction(
  state: EmulatorState,
  locationId: string,
  action: TokenAction,
  mdmName?: string,
): { sToken?: string; mdmInfo?: MdmInfo } {
  const location = requireLocation(state, locationId);
  switch (action) {
    case 'revoke':
      for (const token of state.tokens.values()) {
        if (token.uId === location.uId && token.state === 'active') token.state = 'revoked';
      }
      return {};
    case 'expire':
      location.expiresAt = Math.min(location.expiresAt, state.now() - 1000);
      return {};
    case 'claim': {
      // Another MDM writes its own identity and notification endpoint over ours.
      const mdmInfo = { id: randomUUID(), name: mdmName ?? 'Other MDM', metadata: '1.0' };
      location.clientConfig = { mdmInfo, notificationTypes: [] };
      return { mdmInfo };
    }
    case 'renew':
      location.expiresAt = state.now() + YEAR_MS;
      return { sToken: issueToken(state, location) };
    default:
      throw new ValidationError('action must be revoke, expire, claim or renew', {
        field: 'action',
      });
  }
}

/** Adds users and licences directly, in one version, without events or notifications. */
export function seed(
  state: EmulatorState,
  locationId: string,
  input: SeedInput,
): { users: number; assignments: number } {
  const location = requireLocation(state, locationId);
  const stamp = location.versions.stamp();
  let users = 0;
  for (const u of input.users ?? []) {
    nonEmpty(u.clientUserId, 'clientUserId');
    if (location.users.findActive(u.clientUserId)) {
      throw new ConflictError('USER_EXISTS', `user ${u.clientUserId} exists`);
    }
    const account =
      u.status === 'Registered'
        ? undefined
        : (u.managedAppleId ?? `${u.clientUserId}@appleid.example.com`);
    location.users.create(
      {
        clientUserId: u.clientUserId,
        ...(u.email !== undefined && { email: u.email }),
        ...(account !== undefined && { managedAppleId: account }),
      },
      stamp.of('users'),
    );
    users += 1;
  }
  let assignments = 0;
  for (const a of input.assignments ?? []) {
    const asset = location.asset(String(a.adamId), a.pricingParam ?? 'STDQ');
    if (!asset) throw new NotFoundError('asset', String(a.adamId));
    let subject: Subject;
    if (a.serialNumber !== undefined) subject = { kind: 'serial', id: a.serialNumber };
    else if (a.clientUserId !== undefined) {
      subject = { kind: 'user', id: a.clientUserId };
      if (!location.users.findActive(a.clientUserId)) {
        location.users.create(
          { clientUserId: a.clientUserId, managedAppleId: `${a.clientUserId}@appleid.example.com` },
          stamp.of('users'),
        );
      }
    } else throw new ValidationError('an assignment needs serialNumber or clientUserId');
    const outcome = location.assign(asset, subject, stamp);
    if (outcome === 'noLicense') {
      throw new ConflictError('NO_LICENSE_AVAILABLE', `no licence of ${asset.adamId} left`);
    }
    if (outcome === 'assigned') assignments += 1;
  }
  return { users, assignments };
}

export function listAssignments(state: EmulatorState, locationId: string): AssignmentRecord[] {
  return requireLocation(state, locationId)
    .assignments.list({})
    .map((a) => ({ ...a }));
}

export function listUsers(state: EmulatorState, locationId: string): UserView[] {
  return requireLocation(state, locationId)
    .users.list({})
    .map((u) => responseUser(u) as unknown as UserView);
}

export function listAssets(state: EmulatorState, locationId: string): AssetRecord[] {
  return [...requireLocation(state, locationId).assets.values()].map((a) => ({ ...a }));
}
