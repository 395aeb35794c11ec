import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('users', () => {
  it('creates, finds, searches, updates and deletes users', async () => {
    const { admin } = await t.newTenant();
    const kim = await admin.post('/users', {
      email: 'Kim.Lee@Example.org',
      displayName: ' Kim Lee ',
    });
    expect(kim.status).toBe(201);
    expect(kim.body).toMatchObject({
      email: 'kim.lee@example.org',
      displayName: 'Kim Lee',
      enrolment: 'none',
    });
    await admin.post('/users', { email: 'sam@example.org', displayName: 'Sam Park' });
    expect((await admin.get('/users?q=LEE')).body.items.map((u: any) => u.displayName)).toEqual([
      'Kim Lee',
    ]);
    expect((await admin.get('/users?q=example')).body.items).toHaveLength(2);
    expect((await admin.get('/users?q=100%25')).body.items).toHaveLength(0);
    const renamed = await admin.patch(`/users/${kim.body.id}`, { displayName: 'Kim Lee-Park' });
    expect(renamed.body.displayName).toBe('Kim Lee-Park');
    expect((await admin.get(`/users/${kim.body.id}`)).body.displayName).toBe('Kim Lee-Park');
    expect((await admin.delete(`/users/${kim.body.id}`)).body).toEqual({ deletedDevices: 0 });
    expect((await admin.get(`/users/${kim.body.id}`)).status).toBe(404);
  });

  it('keeps e-mail addresses unique per tenant, whatever their case', async () => {
    const { admin } = await t.newTenant();
    await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' });
    const again = await admin.post('/users', { email: 'KIM@example.org', displayName: 'Kim 2' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'EMAIL_TAKEN', details: { field: 'email' } });
    const other = (await admin.post('/users', { email: 'lee@example.org', displayName: 'Lee' }))
      .body;
    expect((await admin.patch(`/users/${other.id}`, { email: 'kim@example.org' })).status).toBe(
      409,
    );
  });

  it('deletes a user with or without their devices', async () => {
    const { admin } = await t.newTenant();
    const kim = (await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).body;
    const lee = (await admin.post('/users', { email: 'lee@example.org', displayName: 'Lee' })).body;
    const kimsIpad = (
      await admin.post('/devices', {
        serialNumber: 'DMPKIM000001',
        platform: 'ipados',
        primaryUserId: kim.id,
      })
    ).body;
    const leesMac = (
      await admin.post('/devices', {
        serialNumber: 'C02LEE000001',
        platform: 'macos',
        primaryUserId: lee.id,
      })
    ).body;
    const group = (await admin.post('/groups', { name: 'All', kind: 'mixed' })).body;
    await admin.post(`/groups/${group.id}/members`, {
      userIds: [kim.id, lee.id],
      deviceIds: [kimsIpad.id, leesMac.id],
    });

    expect((await admin.delete(`/users/${kim.id}?deleteDevices=false`)).body).toEqual({
      deletedDevices: 0,
    });
    expect((await admin.get(`/devices/${kimsIpad.id}`)).body.primaryUserId).toBeNull();
    expect((await admin.delete(`/users/${lee.id}?deleteDevices=true`)).body).toEqual({
      deletedDevices: 1,
    });
    expect((await admin.get(`/devices/${leesMac.id}`)).status).toBe(404);
    const members = (await admin.get(`/groups/${group.id}/members`)).body.items.map(
      (m: any) => m.id,
    );
    expect(members).toEqual([kimsIpad.id]);
  });

  it('returns no licences for a user, and no apps for a device, before any exist', async () => {
    const { admin } = await t.newTenant();
    const kim = (await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).body;
    const ipad = (
      await admin.post('/devices', {
        serialNumber: 'DMP000000001',
        platform: 'ipados',
        primaryUserId: kim.id,
      })
    ).body;
    const licenses = await admin.get(`/users/${kim.id}/licenses`);
    expect(licenses.status).toBe(200);
    expect(licenses.body).toEqual({ items: [], nextCursor: null });
    const apps = await admin.get(`/devices/${ipad.id}/apps`);
    expect(apps.status).toBe(200);
    expect(apps.body).toEqual({ items: [], nextCursor: null });
  });
});

describe('devices', () => {
  it('keeps serial numbers unique per tenant and normalised', async () => {
    const { admin } = await t.newTenant();
    const device = await admin.post('/devices', {
      serialNumber: ' f2lxk0aaaaaa ',
      platform: 'ios',
      name: 'iPad 1',
    });
    expect(device.status).toBe(201);
    expect(device.body).toMatchObject({
      serialNumber: 'F2LXK0AAAAAA',
      platform: 'ios',
      shared: false,
      state: 'active',
    });
    const again = await admin.post('/devices', {
      serialNumber: 'F2LXK0AAAAAA',
      platform: 'ipados',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'SERIAL_NUMBER_TAKEN',
      details: { field: 'serialNumber' },
    });
  });

  it('accepts the four platforms and refuses others', async () => {
    const { admin } = await t.newTenant();
    for (const [i, platform] of ['ios', 'ipados', 'macos', 'windows'].entries()) {
      expect((await admin.post('/devices', { serialNumber: `SN${i}`, platform })).status).toBe(201);
    }
    expect((await admin.post('/devices', { serialNumber: 'SN9', platform: 'tvos' })).status).toBe(
      400,
    );
  });

  it('searches by serial number or name and updates the primary user', async () => {
    const { admin } = await t.newTenant();
    const kim = (await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).body;
    const ipad = (
      await admin.post('/devices', {
        serialNumber: 'DMPAAA111',
        platform: 'ipados',
        name: 'Library cart 3',
        shared: true,
      })
    ).body;
    await admin.post('/devices', {
      serialNumber: 'C02BBB222',
      platform: 'macos',
      name: 'Office Mac',
    });
    expect((await admin.get('/devices?q=cart')).body.items.map((d: any) => d.id)).toEqual([
      ipad.id,
    ]);
    expect((await admin.get('/devices?q=c02b')).body.items).toHaveLength(1);
    const updated = await admin.patch(`/devices/${ipad.id}`, {
      primaryUserId: kim.id,
      shared: false,
    });
    expect(updated.body).toMatchObject({ primaryUserId: kim.id, shared: false });
    expect(
      (await admin.patch(`/devices/${ipad.id}`, { primaryUserId: null })).body.primaryUserId,
    ).toBeNull();
    expect(
      (
        await admin.patch(`/devices/${ipad.id}`, {
          primaryUserId: '0190aaaa-0000-7000-8000-000000000000',
        })
      ).status,
    ).toBe(404);
  });

  it('refuses a primary user from another space', async () => {
    const { admin } = await t.newTenant();
    const sales = (await admin.post('/spaces', { name: 'Sales' })).body;
    const rep = (
      await admin.post('/users', {
        email: 'rep@example.org',
        displayName: 'Rep',
        spaceId: sales.id,
      })
    ).body;
    const response = await admin.post('/devices', {
      serialNumber: 'X1',
      platform: 'ios',
      primaryUserId: rep.id,
    });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: 'SPACE_MISMATCH',
      details: { field: 'primaryUserId' },
    });
  });
});

describe('groups', () => {
  it('holds users, devices or both according to its kind', async () => {
    const { admin } = await t.newTenant();
    const kim = (await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).body;
    const ipad = (await admin.post('/devices', { serialNumber: 'IPAD1', platform: 'ipados' })).body;
    const users = (await admin.post('/groups', { name: 'Teachers', kind: 'user' })).body;
    const devices = (await admin.post('/groups', { name: 'Carts', kind: 'device' })).body;
    const mixed = (await admin.post('/groups', { name: 'Pilot', kind: 'mixed' })).body;

    expect((await admin.post(`/groups/${users.id}/members`, { userIds: [kim.id] })).body).toEqual({
      added: 1,
    });
    expect((await admin.post(`/groups/${users.id}/members`, { userIds: [kim.id] })).body).toEqual({
      added: 0,
    });
    const wrong = await admin.post(`/groups/${users.id}/members`, { deviceIds: [ipad.id] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.field).toBe('deviceIds');
    expect((await admin.post(`/groups/${devices.id}/members`, { userIds: [kim.id] })).status).toBe(
      400,
    );
    expect(
      (await admin.post(`/groups/${mixed.id}/members`, { userIds: [kim.id], deviceIds: [ipad.id] }))
        .body,
    ).toEqual({ added: 2 });
    expect((await admin.post(`/groups/${mixed.id}/members`, {})).status).toBe(400);
    expect(
      (
        await admin.post(`/groups/${mixed.id}/members`, {
          userIds: ['0190aaaa-0000-7000-8000-000000000000'],
        })
      ).status,
    ).toBe(404);

    const group = (await admin.get(`/groups/${mixed.id}`)).body;
    expect(group.memberCount).toBe(2);
    const members = (await admin.get(`/groups/${mixed.id}/members`)).body.items;
    expect(members.map((m: any) => [m.type, m.name]).sort()).toEqual([
      ['device', 'IPAD1'],
      ['user', 'Kim'],
    ]);
    expect((await admin.delete(`/groups/${mixed.id}/members/${kim.id}`)).status).toBe(204);
    expect((await admin.delete(`/groups/${mixed.id}/members/${kim.id}`)).status).toBe(404);
    expect((await admin.get(`/groups/${mixed.id}`)).body.memberCount).toBe(1);
    expect((await admin.get('/groups?kind=device')).body.items.map((g: any) => g.name)).toEqual([
      'Carts',
    ]);
  });

  it('refuses members from another space and duplicate names in one space', async () => {
    const { admin } = await t.newTenant();
    const sales = (await admin.post('/spaces', { name: 'Sales' })).body;
    const rep = (
      await admin.post('/users', {
        email: 'rep@example.org',
        displayName: 'Rep',
        spaceId: sales.id,
      })
    ).body;
    const group = (await admin.post('/groups', { name: 'Staff', kind: 'user' })).body;
    const response = await admin.post(`/groups/${group.id}/members`, { userIds: [rep.id] });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('SPACE_MISMATCH');
    expect((await admin.post('/groups', { name: 'Staff', kind: 'device' })).status).toBe(409);
    expect(
      (await admin.post('/groups', { name: 'Staff', kind: 'user', spaceId: sales.id })).status,
    ).toBe(201);
  });
});

describe('spaces', () => {
  it('creates, renames and deletes spaces; the default and non-empty ones stay', async () => {
    const { admin } = await t.newTenant();
    const defaultSpace = (await admin.get('/spaces')).body.items[0];
    const sales = (await admin.post('/spaces', { name: 'Sales' })).body;
    expect(sales).toMatchObject({ name: 'Sales', isDefault: false });
    expect((await admin.post('/spaces', { name: 'Sales' })).status).toBe(409);
    expect((await admin.patch(`/spaces/${sales.id}`, { name: 'Field sales' })).body.name).toBe(
      'Field sales',
    );
    expect((await admin.delete(`/spaces/${defaultSpace.id}`)).body.error.code).toBe(
      'DEFAULT_SPACE',
    );
    const rep = (
      await admin.post('/users', {
        email: 'rep@example.org',
        displayName: 'Rep',
        spaceId: sales.id,
      })
    ).body;
    const busy = await admin.delete(`/spaces/${sales.id}`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('SPACE_NOT_EMPTY');
    await admin.delete(`/users/${rep.id}`);
    expect((await admin.delete(`/spaces/${sales.id}`)).status).toBe(204);
    expect((await admin.get('/spaces')).body.items).toHaveLength(1);
  });
});
