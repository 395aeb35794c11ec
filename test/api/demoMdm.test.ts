/**
 * R-I4: `allot demo` wires a NanoMDM emulator in: an MDM connector for it exists, its webhook
 * receives the emulator's signed events, and every Apple demo device enrolled through it (its
 * enrolment linked to the device by serial number). The demo runs on SQLite in its own data
 * directory whatever DATABASE_URL says.
 */
import { describe, expect, it } from 'vitest';
import { describeDemo } from '../../src/cli/demo.js';
import { makeClient } from '../helpers/testApp.js';
import { useDemo } from '../helpers/demo.js';

const demo = useDemo();

describe('allot demo with NanoMDM', () => {
  it('R-I4: creates a connector for the emulator whose signed events enrolled the Apple devices', async () => {
    const admin = makeClient(demo().server.app!, demo().token);
    const connectors = (await admin.get('/mdm-connectors')).body.items as any[];
    expect(connectors).toMatchObject([
      {
        id: demo().mdmConnectorId,
        kind: 'nanomdm',
        apiUrl: demo().nanomdm.url,
        status: 'receiving',
        signatureRequired: true,
      },
    ]);

    const devices = (await admin.get('/devices?limit=100')).body.items as any[];
    const apple = devices.filter((d) => ['macos', 'ipados', 'ios'].includes(d.platform));
    expect(apple.length).toBeGreaterThan(0);
    const enrolled = demo().nanomdm.enrollments();
    expect(enrolled.map((e) => e.serialNumber).sort()).toEqual(
      apple.map((d) => d.serialNumber).sort(),
    );
    expect(enrolled.every((e) => e.state === 'enrolled')).toBe(true);

    // Every event reached Allot and was accepted (at most once: nothing to retry).
    await demo().nanomdm.idle();
    const posted = demo().nanomdm.deliveries.filter((d) => d.topic !== 'mdm.Connect');
    expect(posted.length).toBe(apple.length * 2);
    expect(posted.every((d) => d.httpStatus === 200)).toBe(true);

    // Allot linked each enrolment to its device through the events.
    const rows = await demo()
      .server.ctx.db.kysely.selectFrom('mdmEnrollments')
      .select(['serialNumber', 'deviceId', 'state'])
      .where('connectorId', '=', demo().mdmConnectorId)
      .execute();
    expect(rows).toHaveLength(apple.length);
    const idOf = new Map(apple.map((d) => [d.serialNumber as string, d.id as string]));
    for (const row of rows) {
      expect(row.state).toBe('enrolled');
      expect(row.deviceId).toBe(idOf.get(row.serialNumber!));
    }
  });

  it('R-I4: prints where the NanoMDM emulator and its control API are', () => {
    const text = describeDemo(demo());
    expect(text).toContain(demo().nanomdm.url);
    expect(text).toContain(demo().nanomdm.controlUrl);
  });
});
