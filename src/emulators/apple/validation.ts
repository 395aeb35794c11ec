/**
 * Synchronous checks of write requests (reference §3.5, §3.6): a request that fails them is
 * refused at once and nothing is processed in the background.
 */
import type { Location } from './location.js';
import type { AppleLimits } from './options.js';
import { AppleWireError, type WireAssetRef } from './wire-errors.js';

export interface ManageAssetsRequest {
  assets: WireAssetRef[];
  serialNumbers: string[];
  clientUserIds: string[];
}

export interface RevokeRequest {
  serialNumbers: string[];
  clientUserIds: string[];
}

export interface RequestUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PRICING_PARAMS = new Set(['STDQ', 'PLUS']);

function invalid(message: string): AppleWireError {
  return new AppleWireError(9602, { message: `Invalid argument: ${message}.` });
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    throw invalid(`${field} must be an array of non-empty strings`);
  }
  return value as string[];
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

function assetList(value: unknown): WireAssetRef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('assets must be an array');
  return value.map((raw) => {
    const a = raw as Record<string, unknown> | null;
    const adamId = typeof a?.adamId === 'number' ? String(a.adamId) : a?.adamId;
    if (typeof adamId !== 'string' || adamId.length === 0)
      throw invalid('each asset needs an adamId');
    // Apple's examples sometimes omit pricingParam; STDQ is the common (standard) one.
    const pricingParam = a?.pricingParam ?? 'STDQ';
    if (typeof pricingParam !== 'string' || !PRICING_PARAMS.has(pricingParam)) {
      throw invalid('pricingParam must be STDQ or PLUS');
    }
    return { adamId, pricingParam };
  });
}

function checkSubjects(
  serialNumbers: string[],
  clientUserIds: string[],
  maxSerials: number,
  maxUsers: number,
): void {
  if (clientUserIds.length > maxUsers) throw new AppleWireError(9701);
  if (serialNumbers.length > maxSerials) throw new AppleWireError(9702);
  const dupUsers = duplicates(clientUserIds);
  if (dupUsers.length) throw new AppleWireError(9704, { errorInfo: { clientUserIds: dupUsers } });
  const dupSerials = duplicates(serialNumbers);
  if (dupSerials.length)
    throw new AppleWireError(9705, { errorInfo: { serialNumbers: dupSerials } });
  if (serialNumbers.length + clientUserIds.length === 0) throw new AppleWireError(9719);
}

export function checkManageAssets(
  location: Location,
  raw: unknown,
  limits: AppleLimits,
  kind: 'associate' | 'disassociate',
): ManageAssetsRequest {
  const body = asObject(raw);
  const assets = assetList(body.assets);
  const serialNumbers = stringList(body.serialNumbers, 'serialNumbers');
  const clientUserIds = stringList(body.clientUserIds, 'clientUserIds');
  if (assets.length === 0) throw new AppleWireError(9718);
  if (assets.length > limits.maxAssets) throw new AppleWireError(9700);
  const dupAssets = duplicates(assets.map((a) => `${a.adamId}:${a.pricingParam}`));
  if (dupAssets.length) {
    const errorInfo = {
      assets: assets.filter((a) => dupAssets.includes(`${a.adamId}:${a.pricingParam}`)),
    };
    throw new AppleWireError(9703, { errorInfo });
  }
  checkSubjects(serialNumbers, clientUserIds, limits.maxSerialNumbers, limits.maxClientUserIds);

  for (const ref of assets) {
    const asset = location.asset(ref.adamId, ref.pricingParam);
    if (!asset) {
      throw new AppleWireError(9602, {
        message: 'Invalid argument: the location holds no such asset.',
        errorInfo: { assets: [ref] },
      });
    }
    if (serialNumbers.length > 0 && !asset.deviceAssignable) {
      throw new AppleWireError(9707, { errorInfo: { assets: [ref] } });
    }
    if (kind === 'disassociate' && !asset.revocable) {
      throw new AppleWireError(9706, { errorInfo: { assets: [ref] } });
    }
  }
  if (kind === 'associate') {
    // Apple refuses a user it never registered at once, naming them (reference §5.2: 9609
    // is a synchronous 400 as well as an asynchronous failure).
    const unknown = clientUserIds.filter((id) => !location.users.findActive(id));
    if (unknown.length > 0) {
      throw new AppleWireError(9609, { errorInfo: { clientUserIds: unknown } });
    }
  }
  return { assets, serialNumbers, clientUserIds };
}

export function checkRevoke(raw: unknown, limits: AppleLimits): RevokeRequest {
  const body = asObject(raw);
  if (body.assets !== undefined) throw invalid('revoke takes no assets');
  const serialNumbers = stringList(body.serialNumbers, 'serialNumbers');
  const clientUserIds = stringList(body.clientUserIds, 'clientUserIds');
  checkSubjects(
    serialNumbers,
    clientUserIds,
    limits.maxRevokeSerialNumbers,
    limits.maxRevokeClientUserIds,
  );
  return { serialNumbers, clientUserIds };
}

export function checkUsers(
  raw: unknown,
  limits: AppleLimits,
  kind: 'create' | 'update' | 'retire',
): RequestUser[] {
  const body = asObject(raw);
  if (body.users === undefined || body.users === null) throw new AppleWireError(9720);
  if (!Array.isArray(body.users)) throw invalid('users must be an array');
  if (body.users.length === 0) throw new AppleWireError(9720);
  if (body.users.length > limits.maxUsers) throw new AppleWireError(9714);
  const users = body.users.map((raw: unknown): RequestUser => {
    const u = raw as Record<string, unknown> | null;
    if (typeof u?.clientUserId !== 'string' || u.clientUserId.length === 0) {
      throw invalid('each user needs a clientUserId');
    }
    const user: RequestUser = { clientUserId: u.clientUserId };
    if (kind === 'retire') return user;
    if (u.email !== undefined && u.email !== null) {
      if (typeof u.email !== 'string' || !EMAIL.test(u.email)) {
        throw new AppleWireError(9717, { errorInfo: { clientUserIds: [u.clientUserId] } });
      }
      user.email = u.email;
    }
    if (u.managedAppleId !== undefined && u.managedAppleId !== null) {
      if (typeof u.managedAppleId !== 'string' || u.managedAppleId.length === 0) {
        throw invalid('managedAppleId must be a non-empty string');
      }
      user.managedAppleId = u.managedAppleId;
    }
    return user;
  });
  const dup = duplicates(users.map((u) => u.clientUserId));
  if (dup.length) throw new AppleWireError(9715, { errorInfo: { clientUserIds: dup } });
  return users;
}
