import { describe, expect, it } from 'vitest';
import type { AllocationInput } from '../../src/domain/allocation.js';
import { planDeviceMove } from '../../src/domain/deviceMove.js';
import type { Pool } from '../../src/domain/types.js';
import { account, device, license, pool, product, user, userLicense } from '../factories/domain.js';

const ipad = device('d1', { platform: 'ipados', primaryUser: user('u1') });

/** d1's device licence, drawn in the space it leaves. */
const originLicense = license({ id: 'origin', accountId: 'origin-account', spaceId: 'origin' });

const destinationRequest = (destPool: Pool): Omit<AllocationInput, 'licenses'> => ({
  catalogAppId: 'app-1',
  product: product(),
  spaceId: 'destination',
  subject: ipad,
  settings: { intent: 'required' },
  accounts: [account('dest-account', { spaceId: 'destination' })],
  pools: [destPool],
  distributions: [],
});

describe('moving a device to another space (R-V6)', () => {
  it('R-V6: origin licence and one available in the destination → a new licence from the destination', () => {
    const plan = planDeviceMove({
      deviceId: 'd1',
      destinationSpaceId: 'destination',
      licenses: [originLicense],
      destination: [destinationRequest(pool('dest-account', 5))],
    });
    expect(plan.revoke).toEqual([originLicense]);
    expect(plan.apps[0]?.decision).toMatchObject({
      outcome: 'allocate',
      accountId: 'dest-account',
    });
    expect(plan.summary).toEqual({ revoked: 1, allocated: 1, noLicense: 0 });
  });

  it('R-V6: origin licence and none in the destination → the origin licence is revoked and the app shows noLicense', () => {
    const plan = planDeviceMove({
      deviceId: 'd1',
      destinationSpaceId: 'destination',
      licenses: [originLicense],
      destination: [destinationRequest(pool('dest-account', 1, { inUse: 1 }))],
    });
    expect(plan.revoke).toEqual([originLicense]);
    expect(plan.apps[0]?.decision).toMatchObject({ outcome: 'refuse', installState: 'noLicense' });
    expect(plan.summary).toEqual({ revoked: 1, allocated: 0, noLicense: 1 });
  });

  it('R-V6: no origin licence and one available in the destination → allocated there', () => {
    const plan = planDeviceMove({
      deviceId: 'd1',
      destinationSpaceId: 'destination',
      licenses: [],
      destination: [destinationRequest(pool('dest-account', 5))],
    });
    expect(plan.revoke).toEqual([]);
    expect(plan.summary).toEqual({ revoked: 0, allocated: 1, noLicense: 0 });
  });

  it('R-V6: the origin licence is never reused in the destination, and user licences stay with the user', () => {
    const userHeld = userLicense('u1', {
      id: 'user-origin',
      accountId: 'origin-account',
      spaceId: 'origin',
    });
    const plan = planDeviceMove({
      deviceId: 'd1',
      destinationSpaceId: 'destination',
      licenses: [originLicense, userHeld],
      destination: [destinationRequest(pool('dest-account', 5))],
    });
    expect(plan.revoke.map((l) => l.id)).toEqual(['origin']);
    expect(plan.apps[0]?.decision.outcome).toBe('allocate');
  });

  it('R-V6: an app the destination does not install only loses its origin licence', () => {
    const plan = planDeviceMove({
      deviceId: 'd1',
      destinationSpaceId: 'destination',
      licenses: [originLicense],
      destination: [],
    });
    expect(plan).toEqual({
      revoke: [originLicense],
      apps: [],
      summary: { revoked: 1, allocated: 0, noLicense: 0 },
    });
  });
});
