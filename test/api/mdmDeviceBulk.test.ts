/** Issue 15 item 5: MDMs that export inventories upsert devices by serial number (R-I4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('POST /devices/bulk', () => {
  it('R-I4: an inventory creates new serials and updates known ones; a dry run answers the same and writes nothing', async () => {
    const { admin } = await t.newTenant();
    const user = (await admin.post('/users', { email: 'ada@example.org', displayName: 'Ada' }))
      .body;
    const known = (
      await admin.post('/devices', { serialNumber: 'BULKKNOWN001', platform: 'ipados' })
    ).body;
    const same = (
      await admin.post('/devices', { serialNumber: 'BULKSAME0001', platform: 'ios', name: 'x' })
    ).body;
    const devices = [
      { serialNumber: 'bulknew00001', platform: 'ios', name: 'New phone', primaryUserId: user.id },
      { serialNumber: 'BULKKNOWN001', platform: 'ipados', name: 'Cart iPad 1', shared: true },
      { serialNumber: 'BULKSAME0001', platform: 'ios', name: 'x' },
      { serialNumber: 'BULKBADUSER1', platform: 'macos', primaryUserId: 'nosuchuser' },
    ];
    const dry = await admin.post('/devices/bulk', { devices, dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      created: 1,
      updated: 1,
      unchanged: 1,
      errors: 1,
    });
    expect(dry.body.items).toEqual([
      { serialNumber: 'BULKNEW00001', action: 'create', deviceId: null, error: null },
      { serialNumber: 'BULKKNOWN001', action: 'update', deviceId: known.id, error: null },
      { serialNumber: 'BULKSAME0001', action: 'unchanged', deviceId: same.id, error: null },
      {
        serialNumber: 'BULKBADUSER1',
        action: 'error',
        deviceId: null,
        error: expect.objectContaining({ code: 'NOT_FOUND', field: 'primaryUserId' }),
      },
    ]);
    expect((await admin.get('/devices')).body.items).toHaveLength(2);
    expect((await admin.get(`/devices/${known.id}`)).body.name).toBeNull();

    const real = await admin.post('/devices/bulk', { devices });
    expect(real.status, real.text).toBe(200);
    expect(real.body).toMatchObject({
      dryRun: false,
      created: 1,
      updated: 1,
      unchanged: 1,
      errors: 1,
    });
    const createdId = real.body.items[0].deviceId;
    expect(await admin.get(`/devices/${createdId}`)).toMatchObject({
      status: 200,
      body: { serialNumber: 'BULKNEW00001', platform: 'ios', primaryUserId: user.id },
    });
    expect((await admin.get(`/devices/${known.id}`)).body).toMatchObject({
      name: 'Cart iPad 1',
      shared: true,
    });
    expect((await admin.get('/devices')).body.items).toHaveLength(3);
    // Sent again, nothing changes (the import is idempotent by serial).
    const again = await admin.post('/devices/bulk', { devices });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, errors: 1 });
    expect((await admin.get('/devices')).body.items).toHaveLength(3);
    const actions = (await admin.get('/activity')).body.items.map((a: any) => a.action);
    expect(actions.filter((a: string) => a === 'device.create')).toHaveLength(3);
    expect(actions.filter((a: string) => a === 'device.update')).toHaveLength(1);
  });

  it('R-I4, R-S2: a serial of another space is an error of its item; a serial listed twice is refused whole', async () => {
    const { admin } = await t.newTenant();
    const annex = (await admin.post('/spaces', { name: 'Annex' })).body;
    await admin.post('/devices', {
      serialNumber: 'BULKANNEX001',
      platform: 'ios',
      spaceId: annex.id,
    });
    const result = await admin.post('/devices/bulk', {
      devices: [
        { serialNumber: 'BULKANNEX001', platform: 'ios' },
        { serialNumber: 'BULKMAIN0001', platform: 'ios' },
      ],
    });
    expect(result.body.items.map((i: any) => [i.action, i.error?.code ?? null])).toEqual([
      ['error', 'SERIAL_NUMBER_TAKEN'],
      ['create', null],
    ]);
    const twice = await admin.post('/devices/bulk', {
      devices: [
        { serialNumber: 'BULKTWICE001', platform: 'ios' },
        { serialNumber: 'bulktwice001 ', platform: 'ios' },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error).toMatchObject({
      code: 'DUPLICATE_SERIAL_NUMBER',
      details: { field: 'devices/1/serialNumber' },
    });
    const serials = (await admin.get('/devices?limit=100')).body.items.map(
      (d: any) => d.serialNumber,
    );
    expect(serials).not.toContain('BULKTWICE001');

    const token = (await admin.post('/api-tokens', { name: 'ro', role: 'readOnly' })).body.token;
    const readOnly = await t
      .client(token)
      .post('/devices/bulk', { devices: [{ serialNumber: 'BULKRO000001', platform: 'ios' }] });
    expect(readOnly.status).toBe(403);
  });
});
