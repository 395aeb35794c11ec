import { describe, expect, it } from 'vitest';
import type { AllocationInput } from '../../src/domain/allocation.js';
import { planDeviceMove } from '../../src/domain/deviceMove.js';
import type { DeviceSubject, License, Pool } from '../../src/domain/types.js';

const device: DeviceSubject = {
  type: 'device',
  id: 'd1',
  groupIds: [],
  shared: false,
  platform: 'ipados',
  primaryUser: { type: 'user', id: 'u1', groupIds: [], enrolment: 'joined' },
};

const originLicense: License = {
  id: 'origin',
  accountId: 'origin-account',
  productId: 'prod-1',
  catalogAppId: 'app-1',
  spaceId: 'origin',
  licenseType: 'device',
  subject: { type: 'device', id: 'd1' },
  distribution: 'fcfs',
  state: 'active',
};

const destinationRequest = (pool: Pool): Omit<AllocationInput, 'licenses'> => ({
  catalogAppId: 'app-1',
  product: { id: 'prod-1', store: 'apple', deviceAssignable: true },
  spaceId: 'destination',
  subject: device,
  settings: { intent: 'required' },
  accounts: [
    {
      id: 'dest-account',
      store: 'apple',
      spaceId: 'destination',
      priority: 1,
      autoDistributeToAllUsers: true,
      status: 'healthy',
    },
  ],
  pools: [pool],
  distributions: [],
});

const destPool = (total: number, inUse = 0): Pool => ({
  accountId: 'dest-account',
  productId: 'prod-1',
  total,
  inUse,
  reserved: 0,
  unlimited: false,
});

describe('moving a device to another space (R-V6)', () => {
  it('R-V6: origin licence and one available in the destination → a new licence from the destination', () => {
    const plan = planDeviceMove({
      deviceId: 'd1',
      destinationSpaceId: 'destination',
      licenses: [originLicense],
      destination: [destinationRequest(destPool(5))],
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
      destination: [destinationRequest(destPool(1, 1))],
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
      destination: [destinationRequest(destPool(5))],
    });
    expect(plan.revoke).toEqual([]);
    expect(plan.summary).toEqual({ revoked: 0, allocated: 1, noLicense: 0 });
  });

  it('R-V6: the origin licence is never reused in the destination, and user licences stay with the user', () => {
    const userLicense: License = {
      ...originLicense,
      id: 'user-origin',
      licenseType: 'user',
      subject: { type: 'user', id: 'u1' },
    };
    const plan = planDeviceMove({
      deviceId: 'd1',
      destinationSpaceId: 'destination',
      licenses: [originLicense, userLicense],
      destination: [destinationRequest(destPool(5))],
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
