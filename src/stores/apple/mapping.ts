/** Apple's wire records → the store-agnostic records of stores/connector.ts, and back. */
import type {
  Platform,
  StoreAsset,
  StoreAssignment,
  StoreProductRef,
  StoreSubject,
  StoreUser,
  StoreUserStatus,
} from '../connector.js';
import type { WireAsset, WireAssetRef, WireAssignment, WireUser } from './wire-types.js';

/** Apple's totalCount for unlimited (free) apps. */
export const UNLIMITED_COUNT = 2147483647;

// Apple's "iOS" covers iPhone and iPad apps.
const PLATFORMS: Record<string, Platform[]> = {
  iOS: ['ios', 'ipados'],
  macOS: ['macos'],
  tvOS: ['tvos'],
  watchOS: ['watchos'],
  visionOS: ['visionos'],
};

export function toPlatforms(supported: readonly string[] | undefined): Platform[] {
  return [...new Set((supported ?? []).flatMap((p) => PLATFORMS[p] ?? []))];
}

export function toStoreAsset(asset: WireAsset, unlimitedList = false): StoreAsset {
  const unlimited = unlimitedList || asset.totalCount === UNLIMITED_COUNT;
  return {
    storeProductId: asset.adamId,
    pricingParam: asset.pricingParam,
    kind: asset.productType === 'Book' ? 'book' : 'app',
    deviceAssignable: asset.deviceAssignable,
    revocable: asset.revocable,
    platforms: toPlatforms(asset.supportedPlatforms),
    total: unlimited ? null : (asset.totalCount ?? 0),
    assigned: asset.assignedCount,
    available: unlimited ? null : (asset.availableCount ?? 0),
    retired: asset.retiredCount ?? 0,
    unlimited,
  };
}

export function toStoreAssignment(a: WireAssignment): StoreAssignment {
  return {
    storeProductId: a.adamId,
    pricingParam: a.pricingParam,
    ...(a.serialNumber !== undefined && { serialNumber: a.serialNumber }),
    ...(a.clientUserId !== undefined && { clientUserId: a.clientUserId }),
  };
}

export function toStoreUser(u: WireUser): StoreUser {
  return {
    clientUserId: u.clientUserId,
    ...(u.email !== undefined && { email: u.email }),
    status: u.status.toLowerCase() as StoreUserStatus,
    ...(u.inviteCode !== undefined && { inviteCode: u.inviteCode }),
    ...(u.idHash !== undefined && { accountHash: u.idHash }),
  };
}

/** Apple keys an asset by adamId and pricingParam; STDQ (standard) when not said. */
export function toAssetRef(product: StoreProductRef): WireAssetRef {
  return { adamId: product.storeProductId, pricingParam: product.pricingParam ?? 'STDQ' };
}

/** Splits subjects by kind, each once, keeping their order. */
export function splitSubjects(subjects: readonly StoreSubject[]): {
  serialNumbers: string[];
  clientUserIds: string[];
} {
  const serials = new Set<string>();
  const users = new Set<string>();
  for (const s of subjects) {
    if ('serialNumber' in s) serials.add(s.serialNumber);
    else users.add(s.clientUserId);
  }
  return { serialNumbers: [...serials], clientUserIds: [...users] };
}

export function uniqueAssets(products: readonly StoreProductRef[]): WireAssetRef[] {
  const seen = new Map<string, WireAssetRef>();
  for (const p of products) {
    const ref = toAssetRef(p);
    seen.set(`${ref.adamId}:${ref.pricingParam}`, ref);
  }
  return [...seen.values()];
}
