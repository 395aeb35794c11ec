/**
 * R-V6: moving a device to another space. Its device licences from the origin space are
 * revoked; each app the destination installs on it gets a licence by the destination's rules
 * (allocate()). User licences stay with the user (R-A10) and are not touched, but only licences
 * of the destination space may be reused there.
 *
 * | origin licence | destination | result |
 * |---|---|---|
 * | yes | available | origin revoked, new licence from the destination |
 * | yes | none | origin revoked, the app shows `noLicense` |
 * | no | available | allocated in the destination |
 */
import { allocate, type AllocationDecision, type AllocationInput } from './allocation.js';
import { licensesRevokedWithDevice } from './revocation.js';
import type { License } from './types.js';

export interface DeviceMoveInput {
  deviceId: string;
  destinationSpaceId: string;
  /** The device's licences (and its primary user's). */
  licenses: readonly License[];
  /** One allocation request per app the destination installs on the device (its assignments). */
  destination: readonly Omit<AllocationInput, 'licenses'>[];
}

export interface DeviceMovePlan {
  revoke: License[];
  apps: Array<{ catalogAppId: string; decision: AllocationDecision }>;
  /** The counts of the move API response. */
  summary: { revoked: number; allocated: number; noLicense: number };
}

/** R-V6: the licences to revoke and the allocations to make when a device changes space. */
export function planDeviceMove(input: DeviceMoveInput): DeviceMovePlan {
  const revoke = licensesRevokedWithDevice(input.deviceId, input.licenses);
  const revokedIds = new Set(revoke.map((l) => l.id));
  const kept = input.licenses.filter(
    (l) => !revokedIds.has(l.id) && l.spaceId === input.destinationSpaceId,
  );
  const apps = input.destination.map((request) => ({
    catalogAppId: request.catalogAppId,
    decision: allocate({ ...request, licenses: kept }),
  }));
  const allocated = apps.filter((a) => a.decision.outcome === 'allocate').length;
  const noLicense = apps.filter((a) => a.decision.installState === 'noLicense').length;
  return { revoke, apps, summary: { revoked: revoke.length, allocated, noLicense } };
}
