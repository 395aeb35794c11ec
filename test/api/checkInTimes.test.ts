import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import { CheckInTimes } from '../../src/db/checkInTimes.js';
import type { Database } from '../../src/db/schema.js';
import { device } from '../helpers/appleFlow.js';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
const clock = new ManualClock();
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

async function storedCheckIn(deviceId: string): Promise<string | null> {
  const row = await t.ctx.db.kysely
    .selectFrom('devices')
    .select('lastCheckInAt')
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow();
  return row.lastCheckInAt;
}

describe('last check-in times, written behind', () => {
  it('shows a check-in at once and stores it at the next flush', async () => {
    const { admin } = await t.newTenant();
    const { device: ipad } = await device(admin);
    const at = clock.now().toISOString();
    expect((await admin.post('/check-in', { serialNumber: ipad.serialNumber })).status).toBe(200);

    expect((await admin.get(`/devices/${ipad.id}`)).body.lastCheckInAt).toBe(at);
    const listed = await admin.get('/devices');
    expect(listed.body.items.find((d: any) => d.id === ipad.id).lastCheckInAt).toBe(at);
    expect(await storedCheckIn(ipad.id)).toBeNull();

    await t.ctx.db.checkInTimes.flush();
    expect(await storedCheckIn(ipad.id)).toBe(at);
    expect(t.ctx.db.checkInTimes.noted(ipad.id)).toBeUndefined();
  });

  it('never moves a time backwards, whichever process writes last', async () => {
    const { admin } = await t.newTenant();
    const { device: ipad } = await device(admin);
    const later = new Date('2026-06-02T10:00:00.000Z');
    const earlier = new Date('2026-06-02T09:59:59.000Z');
    // Another process noted the later check-in and wrote it first.
    const other = new CheckInTimes(t.ctx.db.kysely, t.ctx.db.dialect);
    other.note(ipad.id, later);
    await other.flush();
    t.ctx.db.checkInTimes.note(ipad.id, earlier);
    await t.ctx.db.checkInTimes.flush();
    expect(await storedCheckIn(ipad.id)).toBe(later.toISOString());
    // Within one process, the later of two notes is the one kept.
    t.ctx.db.checkInTimes.note(ipad.id, new Date('2026-06-02T10:00:05.000Z'));
    t.ctx.db.checkInTimes.note(ipad.id, new Date('2026-06-02T10:00:03.000Z'));
    await t.ctx.db.checkInTimes.flush();
    expect(await storedCheckIn(ipad.id)).toBe('2026-06-02T10:00:05.000Z');
  });

  it('writes a large batch in one flush', async () => {
    const { admin } = await t.newTenant();
    const { device: ipad } = await device(admin);
    const at = new Date('2026-06-03T08:00:00.000Z');
    // More times than one statement takes, most of them for devices that no longer exist.
    for (let i = 0; i < 12_000; i += 1) t.ctx.db.checkInTimes.note(`gone-${i}`, at);
    t.ctx.db.checkInTimes.note(ipad.id, at);
    await t.ctx.db.checkInTimes.flush();
    expect(await storedCheckIn(ipad.id)).toBe(at.toISOString());
  });

  it('keeps the times of a flush the database refused, for the next one', async () => {
    // A database without the devices table refuses every flush.
    const broken = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
    });
    const times = new CheckInTimes(broken, 'sqlite');
    const at = new Date('2026-06-04T08:00:00.000Z');
    times.note('device-1', at);
    await expect(times.flush()).rejects.toThrow(/devices/);
    expect(times.noted('device-1')).toBe(at.toISOString());
    times.note('device-1', new Date('2026-06-04T07:00:00.000Z'));
    expect(times.noted('device-1')).toBe(at.toISOString());
    await broken.destroy();
  });

  it('leaves a device that is not active as it was', async () => {
    const { admin } = await t.newTenant();
    const { device: ipad } = await device(admin);
    expect((await admin.post(`/devices/${ipad.id}/retire`)).status).toBe(200);
    const refused = await admin.post('/check-in', { serialNumber: ipad.serialNumber });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('DEVICE_NOT_ACTIVE');
    expect(t.ctx.db.checkInTimes.noted(ipad.id)).toBeUndefined();
    expect((await admin.get(`/devices/${ipad.id}`)).body.lastCheckInAt).toBeNull();
  });
});
