/**
 * Users, devices and groups created through the API with an administrator's client, for the API
 * tests of `test/api/`. Each asserts the creation succeeded (201) and returns the created body,
 * so a test states only what it is about:
 *
 *   const uma = await createUser(admin, { displayName: 'uma' });
 *   const ipad = await createDevice(admin, { serialNumber: 'DMPUMA000001', primaryUserId: uma.id });
 *   const klass = await createGroup(admin, { name: 'Class', kind: 'user', userIds: [uma.id] });
 *
 * Ledger rows written straight to the database live in `ledger.ts`; whole Apple or Microsoft
 * worlds (emulators, synced accounts) in `test/helpers/`.
 */
import { expect } from 'vitest';
import type { Client } from '../helpers/testApp.js';

/** A user; the email defaults to the display name, lower-cased and dotted, at example.org. */
export async function createUser(
  admin: Client,
  options: { displayName: string; email?: string; spaceId?: string },
): Promise<any> {
  const created = await admin.post('/users', {
    email: options.email ?? `${options.displayName.toLowerCase().replace(/ /g, '.')}@example.org`,
    displayName: options.displayName,
    ...(options.spaceId === undefined ? {} : { spaceId: options.spaceId }),
  });
  expect(created.status, created.text).toBe(201);
  return created.body;
}

/** A device, an iPad unless `platform` says otherwise. */
export async function createDevice(
  admin: Client,
  options: {
    serialNumber: string;
    platform?: string;
    primaryUserId?: string;
    shared?: boolean;
    spaceId?: string;
  },
): Promise<any> {
  const { serialNumber, platform = 'ipados', ...rest } = options;
  const created = await admin.post('/devices', { serialNumber, platform, ...rest });
  expect(created.status, created.text).toBe(201);
  return created.body;
}

/** A group, with the users and devices given added as members. */
export async function createGroup(
  admin: Client,
  options: {
    name: string;
    kind: 'user' | 'device' | 'mixed';
    spaceId?: string;
    userIds?: string[];
    deviceIds?: string[];
  },
): Promise<any> {
  const { userIds, deviceIds, ...body } = options;
  const created = await admin.post('/groups', body);
  expect(created.status, created.text).toBe(201);
  if (userIds !== undefined || deviceIds !== undefined) {
    const added = await admin.post(`/groups/${created.body.id}/members`, {
      ...(userIds === undefined ? {} : { userIds }),
      ...(deviceIds === undefined ? {} : { deviceIds }),
    });
    expect(added.status, added.text).toBe(200);
  }
  return created.body;
}
