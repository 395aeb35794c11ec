/**
 * Splits writes into requests within the limits of /service/config: associate/disassociate
 * by maxAssets × maxSerialNumbers (or maxClientUserIds), revoke by maxRevoke*, users by
 * maxUsers. Serial numbers and clientUserIds go in separate requests (as Fleet does) so that
 * a refusal is easy to attribute.
 */
import type {
  WireLimits,
  WireAssetRef,
  WireManageAssetsRequest,
  WireRevokeRequest,
} from './wire-types.js';

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const step = Math.max(1, size);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += step) chunks.push(items.slice(i, i + step));
  return chunks;
}

export function planManageAssets(
  assets: WireAssetRef[],
  serialNumbers: string[],
  clientUserIds: string[],
  limits: WireLimits,
): WireManageAssetsRequest[] {
  const requests: WireManageAssetsRequest[] = [];
  for (const assetChunk of chunk(assets, limits.maxAssets)) {
    for (const serials of chunk(serialNumbers, limits.maxSerialNumbers)) {
      requests.push({ assets: assetChunk, serialNumbers: serials });
    }
    for (const users of chunk(clientUserIds, limits.maxClientUserIds)) {
      requests.push({ assets: assetChunk, clientUserIds: users });
    }
  }
  return requests;
}

export function planRevoke(
  serialNumbers: string[],
  clientUserIds: string[],
  limits: WireLimits,
): WireRevokeRequest[] {
  return [
    ...chunk(serialNumbers, limits.maxRevokeSerialNumbers).map((s) => ({ serialNumbers: s })),
    ...chunk(clientUserIds, limits.maxRevokeClientUserIds).map((u) => ({ clientUserIds: u })),
  ];
}
