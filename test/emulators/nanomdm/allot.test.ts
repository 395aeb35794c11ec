/**
 * R-I4: the emulator's events reach a real Allot (SQLite, or PostgreSQL with DATABASE_URL)
 * through an MDM connector's webhook, signed with the connector's key: enrolment creates the
 * device, CheckOut unenrols it, a result of a command Allot did not issue is accepted and
 * ignored, and a wrong key is refused (logged by the emulator, never retried).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNanoMdmEmulator,
  type NanoMdmEmulator,
} from '../../../src/emulators/nanomdm/index.js';
import { createTestApp, type Client, type TestApp } from '../../helpers/testApp.js';
import { api, forwardToApp, installCommand } from './helpers.js';

let t: TestApp;
let nano: NanoMdmEmulator;
let relay: { origin: string; close(): Promise<void> };

beforeAll(async () => {
  t = await createTestApp({ env: { ALLOT_ALLOW_PRIVATE_TARGETS: 'true' } });
  relay = await forwardToApp(t.app);
  nano = await startNanoMdmEmulator({ apiKey: 'nano-key' });
});
afterAll(async () => {
  await nano.close();
  await relay.close();
  await t.close();
});

async function connect(): Promise<{ admin: Client; id: string; webhookUrl: string }> {
  const { admin } = await t.newTenant();
  const created = await admin.post('/mdm-connectors', {
    kind: 'nanomdm',
    name: 'NanoMDM emulator',
    apiUrl: nano.url,
    apiKey: nano.apiKey,
  });
  expect(created.status, created.text).toBe(201);
  const path = new URL(created.body.webhookUrl, 'http://allot.invalid').pathname;
  const webhookUrl = `${relay.origin}${path}`;
  nano.setWebhook(webhookUrl, created.body.webhookSecret);
  return { admin, id: created.body.id, webhookUrl };
}

describe('the NanoMDM emulator against Allot', () => {
  it('R-I4: an enrolment through the emulator creates the device; CheckOut unenrols it', async () => {
    const { admin, id } = await connect();
    const { enrollmentId, deliveries } = await nano.enroll({
      serialNumber: 'EMUL00000001',
      productName: 'iPad13,1',
    });
    expect(deliveries.map((d) => [d.topic, d.httpStatus])).toEqual([
      ['mdm.Authenticate', 200],
      ['mdm.TokenUpdate', 200],
    ]);
    const devices = (await admin.get('/devices')).body.items as Array<Record<string, unknown>>;
    expect(devices).toMatchObject([
      { serialNumber: 'EMUL00000001', platform: 'ipados', state: 'active' },
    ]);
    const connector = (await admin.get(`/mdm-connectors/${id}`)).body;
    expect(connector).toMatchObject({ status: 'receiving', signatureRequired: true });

    // A result of a command Allot did not issue: 200, nothing changes.
    await api(nano).enqueue(enrollmentId, installCommand('not-allots'));
    const answered = await nano.answer(enrollmentId);
    expect(answered.delivery).toMatchObject({ httpStatus: 200, ok: true });
    expect(JSON.parse(answered.delivery!.body).topic).toBe('mdm.Connect');

    const checkOut = await nano.checkOut(enrollmentId);
    expect(checkOut).toMatchObject({ httpStatus: 200, ok: true });
    const after = (await admin.get('/devices')).body.items as Array<Record<string, unknown>>;
    expect(after[0]!.state).not.toBe('active');
  });

  it('R-I4: a device that leaves and enrols again at once is active again (no event taken for a repeat)', async () => {
    const { admin } = await connect();
    const udid = 'EMUL-REENROL-0001';
    await nano.enroll({ udid, serialNumber: 'EMUL00000003', productName: 'Mac14,2' });
    await nano.checkOut(udid);
    const again = await nano.enroll({ udid, serialNumber: 'EMUL00000003', productName: 'Mac14,2' });
    expect(again.deliveries.map((d) => d.httpStatus)).toEqual([200, 200]);
    const outcomes = again.deliveries.map((d) => JSON.parse(d.body).created_at as string);
    expect(outcomes[0]! < outcomes[1]!).toBe(true);
    const devices = (await admin.get('/devices')).body.items as Array<Record<string, unknown>>;
    expect(devices).toMatchObject([{ serialNumber: 'EMUL00000003', state: 'active' }]);
  });

  it('R-I4: events signed with another key are refused with 401, and not sent again', async () => {
    const { admin, webhookUrl } = await connect();
    const current = nano.deliveries.length;
    nano.setWebhook(webhookUrl, 'not-the-key');
    const { deliveries } = await nano.enroll({ serialNumber: 'EMUL00000002' });
    expect(deliveries.map((d) => d.httpStatus)).toEqual([401, 401]);
    await nano.idle();
    expect(nano.deliveries.length - current).toBe(2);
    expect((await admin.get('/devices')).body.items).toEqual([]);
  });
});
