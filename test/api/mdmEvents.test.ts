/**
 * R-I4: NanoMDM's webhook events (MicroMDM's format), built exactly as
 * shared/reference/mdm-bridge.md §1 shows them: a JSON envelope whose raw_payload is the base64
 * of the device's XML plist, optionally signed with X-Hmac-Signature.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type PlistValue } from 'plist';
import { newId } from '../../src/ids.js';
import { createTestApp, ManualClock, type Client, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  getPool,
  grant,
  insertAccount,
  insertPool,
  insertProduct,
} from '../factories/ledger.js';

const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, env: { ALLOT_ALLOW_PRIVATE_TARGETS: 'true' } });
});
afterAll(async () => t.close());

interface Connector {
  id: string;
  path: string;
  secret: string;
  tenantId: string;
  spaceId: string;
  admin: Client;
}

async function newConnector(): Promise<Connector> {
  const { admin, id: tenantId } = await t.newTenant();
  const created = await admin.post('/mdm-connectors', {
    kind: 'nanomdm',
    name: 'NanoMDM',
    apiUrl: 'http://127.0.0.1:9000',
    apiKey: 'nanomdm-key',
  });
  expect(created.status, created.text).toBe(201);
  return {
    id: created.body.id,
    path: created.body.webhookUrl,
    secret: created.body.webhookSecret,
    tenantId,
    spaceId: created.body.spaceId,
    admin,
  };
}

const TOPIC = 'com.apple.mgmt.External.5d2c9a1e-7a44-4a5b-9f6b-0e1d2c3b4a59';
const b64 = (dict: PlistValue) => Buffer.from(build(dict)).toString('base64');
let seconds = 0;
/** Each event built later than the one before (created_at, second resolution as NanoMDM's). */
const nextTime = () => new Date(Date.UTC(2026, 5, 1, 9, 15, seconds++)).toISOString();
const eventId = () => randomBytes(8).toString('hex');

function checkinEvent(topic: string, udid: string, plist: Record<string, PlistValue>, extra = {}) {
  return {
    topic,
    event_id: eventId(),
    created_at: nextTime(),
    checkin_event: {
      udid,
      ids: { id: udid, type: 'Device' },
      url_params: null,
      raw_payload: b64({ ...plist, UDID: udid, Topic: TOPIC }),
      ...extra,
    },
  };
}

const authenticate = (
  udid: string,
  serial: string | null,
  productName = 'iPhone14,5',
  more: Record<string, PlistValue> = {},
) =>
  checkinEvent('mdm.Authenticate', udid, {
    MessageType: 'Authenticate',
    ...(serial === null ? {} : { SerialNumber: serial }),
    ProductName: productName,
    OSVersion: '17.5',
    BuildVersion: '21F79',
    ...more,
  });

const tokenUpdate = (udid: string, tally = 1) =>
  checkinEvent(
    'mdm.TokenUpdate',
    udid,
    {
      MessageType: 'TokenUpdate',
      Token: Buffer.from('apns-device-token'),
      PushMagic: '8F2C3D4E-5A6B-4C7D-8E9F-0A1B2C3D4E5F',
      AwaitingConfiguration: false,
    },
    { token_update_tally: tally },
  );

const checkOut = (udid: string) => checkinEvent('mdm.CheckOut', udid, { MessageType: 'CheckOut' });

function ack(udid: string, status: string, commandUuid: string, plist: Record<string, PlistValue>) {
  return {
    topic: 'mdm.Connect',
    event_id: eventId(),
    created_at: nextTime(),
    acknowledge_event: {
      udid,
      ids: { id: udid, type: 'Device' },
      url_params: null,
      status,
      command_uuid: commandUuid,
      raw_payload: b64({ ...plist, Status: status, CommandUUID: commandUuid, UDID: udid }),
    },
  };
}

/** Posts an event as NanoMDM does: raw JSON bytes, signed when a key is given. */
async function send(c: Connector, event: unknown, options: { sign?: string; raw?: string } = {}) {
  const body = options.raw ?? JSON.stringify(event);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (options.sign !== undefined) {
    headers['x-hmac-signature'] = createHmac('sha256', options.sign).update(body).digest('base64');
  }
  const response = await t.app.inject({ method: 'POST', url: c.path, headers, payload: body });
  return { status: response.statusCode, body: response.json<any>() };
}

async function devicesOf(c: Connector) {
  return (await c.admin.get('/devices')).body.items as any[];
}

async function enrollment(c: Connector, enrollmentId: string) {
  return t.ctx.db.kysely
    .selectFrom('mdmEnrollments')
    .selectAll()
    .where('connectorId', '=', c.id)
    .where('enrollmentId', '=', enrollmentId)
    .executeTakeFirst();
}

const udidOf = () => `00008110-${randomBytes(8).toString('hex').toUpperCase()}`;

describe('MDM events: enrolment', () => {
  it('R-I4: Authenticate creates the device by serial number, with its UDID and platform; a repeated event changes nothing', async () => {
    const c = await newConnector();
    const udid = udidOf();
    const event = authenticate(udid, 'F9QX1234ABCD', 'iPhone14,5');
    const first = await send(c, event);
    expect(first).toEqual({
      status: 200,
      body: {
        received: true,
        duplicate: false,
        topic: 'mdm.Authenticate',
        outcome: 'deviceCreated',
      },
    });
    const [device, ...others] = await devicesOf(c);
    expect(others).toHaveLength(0);
    expect(device).toMatchObject({
      serialNumber: 'F9QX1234ABCD',
      platform: 'ios',
      state: 'active',
      spaceId: c.spaceId,
    });
    expect(await enrollment(c, udid)).toMatchObject({
      udid,
      serialNumber: 'F9QX1234ABCD',
      deviceId: device.id,
      state: 'authenticated',
      enrollmentType: 'Device',
    });

    const again = await send(c, event);
    expect(again.body).toMatchObject({ duplicate: true, outcome: 'duplicate' });
    expect(await devicesOf(c)).toHaveLength(1);

    const token = await send(c, tokenUpdate(udid));
    expect(token.body.outcome).toBe('enrolled');
    expect((await enrollment(c, udid))?.state).toBe('enrolled');

    // R-M7: the connector is the actor of the device's creation.
    const activity = (await c.admin.get('/activity?action=device.create')).body.items;
    expect(activity).toHaveLength(1);
    expect(JSON.stringify(activity[0])).toContain('mdm connector NanoMDM');
    const connector = (await c.admin.get(`/mdm-connectors/${c.id}`)).body;
    expect(connector.status).toBe('receiving');
  });

  it('R-I4: events arrive unordered: a TokenUpdate delivered before its Authenticate still ends with the device enrolled', async () => {
    const c = await newConnector();
    const udid = udidOf();
    const auth = authenticate(udid, 'F9QXUNORDER1');
    const token = tokenUpdate(udid);
    expect((await send(c, token)).body.outcome).toBe('enrolled');
    expect((await send(c, auth)).body.outcome).toBe('deviceCreated');
    expect(await enrollment(c, udid)).toMatchObject({
      state: 'enrolled',
      serialNumber: 'F9QXUNORDER1',
    });
    expect((await devicesOf(c)).map((d) => d.serialNumber)).toEqual(['F9QXUNORDER1']);
    // A CheckOut older than the TokenUpdate belongs to an earlier enrolment: stale.
    const old = checkOut(udid);
    old.created_at = '2026-06-01T09:00:00.000Z';
    expect((await send(c, old)).body.outcome).toBe('stale');
    expect((await devicesOf(c))[0].state).toBe('active');
  });

  it('R-I4: platforms come from the ProductName; a Mac, an iPad; no serial or an Apple TV creates nothing', async () => {
    const c = await newConnector();
    await send(c, authenticate(udidOf(), 'C02MAC000001', 'Mac14,2', { DeviceName: "Ada's Mac" }));
    await send(c, authenticate(udidOf(), 'DMPIPAD00001', 'iPad13,1'));
    const noSerial = await send(c, authenticate(udidOf(), null));
    expect(noSerial.body.outcome).toBe('noSerialNumber');
    const tv = await send(c, authenticate(udidOf(), 'TV0000000001', 'AppleTV11,1'));
    expect(tv.body.outcome).toBe('unsupportedPlatform');
    const devices = await devicesOf(c);
    expect(devices.map((d) => [d.serialNumber, d.platform, d.name]).sort()).toEqual([
      ['C02MAC000001', 'macos', "Ada's Mac"],
      ['DMPIPAD00001', 'ipados', null],
    ]);
  });

  it('R-I4: enrolment re-activates an existing device of the serial (never a duplicate)', async () => {
    const c = await newConnector();
    const existing = await c.admin.post('/devices', {
      serialNumber: 'DMPKNOWN0001',
      platform: 'ipados',
    });
    expect((await c.admin.post(`/devices/${existing.body.id}/unenroll`)).status).toBe(200);
    const udid = udidOf();
    const result = await send(c, authenticate(udid, ' dmpknown0001 ', 'iPad13,1'));
    expect(result.body.outcome).toBe('deviceReactivated');
    const devices = await devicesOf(c);
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ id: existing.body.id, state: 'active' });
    expect((await enrollment(c, udid))?.deviceId).toBe(existing.body.id);
    // Already active: enrolling again through another channel changes nothing.
    const second = await send(c, authenticate(udidOf(), 'DMPKNOWN0001', 'iPad13,1'));
    expect(second.body.outcome).toBe('deviceActive');
    expect(await devicesOf(c)).toHaveLength(1);
  });

  it('R-I4, R-V2: CheckOut unenrols the device and revokes its device licences; a later enrolment brings it back', async () => {
    const c = await newConnector();
    const udid = udidOf();
    await send(c, authenticate(udid, 'F9QXCHECKOUT', 'iPhone14,5'));
    await send(c, tokenUpdate(udid));
    const [device] = await devicesOf(c);
    const accountId = await insertAccount(t, c.tenantId, { spaceId: c.spaceId });
    const productId = await insertProduct(t, c.tenantId, { name: 'Keynote' });
    const poolId = await insertPool(t, c.tenantId, { accountId, productId, total: 5 });
    const license = await grant(t, {
      tenantId: c.tenantId,
      spaceId: c.spaceId,
      poolId,
      catalogAppId: null,
      subject: { type: 'device', id: device.id, name: device.serialNumber },
      serialNumber: device.serialNumber,
    });
    expect((await getPool(t, poolId)).inUse).toBe(1);

    const event = checkOut(udid);
    const out = await send(c, event);
    expect(out.body.outcome).toBe('deviceUnenrolled');
    expect((await c.admin.get(`/devices/${device.id}`)).body.state).toBe('unenrolled');
    const revoked = await c.admin.get(`/licenses/${license.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe('revoked');
    expect((await getPool(t, poolId)).inUse).toBe(0);
    expect((await enrollment(c, udid))?.state).toBe('checkedOut');

    // The same CheckOut again, and an older Authenticate arriving late, change nothing.
    expect((await send(c, event)).body.duplicate).toBe(true);
    const late = authenticate(udid, 'F9QXCHECKOUT');
    late.created_at = '2026-06-01T09:00:00.000Z';
    expect((await send(c, late)).body.outcome).toBe('stale');
    expect((await c.admin.get(`/devices/${device.id}`)).body.state).toBe('unenrolled');
    const unenrols = (await c.admin.get('/activity?action=device.unenroll')).body.items;
    expect(unenrols).toHaveLength(1);

    const back = await send(c, authenticate(udid, 'F9QXCHECKOUT'));
    expect(back.body.outcome).toBe('deviceReactivated');
    expect((await c.admin.get(`/devices/${device.id}`)).body.state).toBe('active');
    expect(await devicesOf(c)).toHaveLength(1);
  });
});

describe('MDM events: authentication and malformed bodies', () => {
  it('R-I4, R-S5: a wrong URL token or a wrong X-Hmac-Signature gets 401 and changes nothing; once signed, unsigned events are refused', async () => {
    const c = await newConnector();
    const wrongUrl = {
      ...c,
      path: c.path.replace(/[^/]+$/, randomBytes(32).toString('base64url')),
    };
    const refused = await send(wrongUrl, authenticate(udidOf(), 'SIGNED000001'));
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    const badSignature = await send(c, authenticate(udidOf(), 'SIGNED000001'), {
      sign: 'not-the-key',
    });
    expect(badSignature.status).toBe(401);
    expect(await devicesOf(c)).toHaveLength(0);

    const signed = await send(c, authenticate(udidOf(), 'SIGNED000001'), { sign: c.secret });
    expect(signed.status).toBe(200);
    expect(signed.body.outcome).toBe('deviceCreated');
    expect((await c.admin.get(`/mdm-connectors/${c.id}`)).body.signatureRequired).toBe(true);
    const unsigned = await send(c, authenticate(udidOf(), 'UNSIGNED0001'));
    expect(unsigned.status).toBe(401);
    expect((await devicesOf(c)).map((d) => d.serialNumber)).toEqual(['SIGNED000001']);
  });

  it('R-I4: bad JSON, bad base64, a payload that is not a plist or an unknown topic gets 400 and changes nothing', async () => {
    const c = await newConnector();
    const udid = udidOf();
    const good = authenticate(udid, 'MALFORMED001');
    const notPlist = Buffer.from('<html>not a plist</html>').toString('base64');
    const cases: { raw?: string; event?: unknown }[] = [
      { raw: '{"topic": "mdm.Authenticate", ' },
      { raw: '' },
      { event: [good] },
      { event: { ...good, topic: 'mdm.Unknown' } },
      { event: { ...good, created_at: 'yesterday' } },
      { event: { ...good, checkin_event: undefined } },
      {
        event: { ...good, checkin_event: { ...good.checkin_event, raw_payload: '%%%not-base64' } },
      },
      { event: { ...good, checkin_event: { ...good.checkin_event, raw_payload: notPlist } } },
      {
        event: {
          ...good,
          checkin_event: { ...good.checkin_event, raw_payload: b64(['an', 'array']) },
        },
      },
    ];
    for (const [i, sent] of cases.entries()) {
      const response = await send(c, sent.event, sent.raw === undefined ? {} : { raw: sent.raw });
      expect(response.status, `case ${i}`).toBe(400);
      expect(response.body.error.code, `case ${i}`).toBe('MALFORMED_MDM_EVENT');
    }
    expect(await devicesOf(c)).toHaveLength(0);
    const rows = await t.ctx.db.kysely
      .selectFrom('mdmEvents')
      .select('id')
      .where('connectorId', '=', c.id)
      .execute();
    expect(rows).toHaveLength(0);
    expect(await enrollment(c, udid)).toBeUndefined();
  });
});

describe('MDM events: command results', () => {
  async function world() {
    const c = await newConnector();
    const udid = udidOf();
    await send(c, authenticate(udid, `CMD${randomBytes(4).toString('hex').toUpperCase()}`));
    const [device] = await devicesOf(c);
    const spaceId = await defaultSpaceId(t, c.tenantId);
    const now = new Date().toISOString();
    const app = async (name: string, state: string) => {
      const productId = await insertProduct(t, c.tenantId, { name });
      const catalogAppId = newId();
      await t.ctx.db.kysely
        .insertInto('catalogApps')
        .values({
          id: catalogAppId,
          tenantId: c.tenantId,
          spaceId,
          productId,
          description: null,
          installOnDevice: 1,
          updateMode: 'automatic',
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await t.ctx.db.kysely
        .insertInto('installs')
        .values({
          id: newId(),
          tenantId: c.tenantId,
          deviceId: device.id,
          catalogAppId,
          productId,
          state,
          reason: null,
          licenseId: null,
          version: null,
          installedAt: null,
          updatedAt: now,
        })
        .execute();
      return { catalogAppId, bundleId: `com.example.${name.toLowerCase()}` };
    };
    /** A command Allot sent (item 3 of issue 15 writes these when it enqueues). */
    const command = async (catalogAppId: string, requestType: string) => {
      const commandUuid = `allot-${randomBytes(8).toString('hex')}`;
      await t.ctx.db.kysely
        .insertInto('mdmCommands')
        .values({
          id: newId(),
          tenantId: c.tenantId,
          connectorId: c.id,
          commandUuid,
          enrollmentId: udid,
          deviceId: device.id,
          catalogAppId,
          requestType,
          state: 'sent',
          resultStatus: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      return commandUuid;
    };
    const appState = async (catalogAppId: string) => {
      const row = await t.ctx.db.kysely
        .selectFrom('installs')
        .select(['state', 'reason'])
        .where('deviceId', '=', device.id)
        .where('catalogAppId', '=', catalogAppId)
        .executeTakeFirstOrThrow();
      return row;
    };
    return { c, udid, device, app, command, appState };
  }

  it('R-I4: an acknowledged install is installed only when its State is Managed; Installing and NotNow stay pending', async () => {
    const { c, udid, app, command, appState } = await world();
    const pages = await app('Pages', 'pending');
    const uuid = await command(pages.catalogAppId, 'InstallApplication');
    const notNow = await send(c, ack(udid, 'NotNow', uuid, {}));
    expect(notNow.body.outcome).toBe('notNow');
    const installing = await send(
      c,
      ack(udid, 'Acknowledged', uuid, { Identifier: pages.bundleId, State: 'Installing' }),
    );
    expect(installing.body.outcome).toBe('inProgress');
    expect((await appState(pages.catalogAppId)).state).toBe('pending');

    const numbers = await app('Numbers', 'pending');
    const managedUuid = await command(numbers.catalogAppId, 'InstallApplication');
    const managed = ack(udid, 'Acknowledged', managedUuid, {
      Identifier: numbers.bundleId,
      State: 'Managed',
    });
    expect((await send(c, managed)).body.outcome).toBe('installed');
    expect((await appState(numbers.catalogAppId)).state).toBe('installed');
    // The device resends the result: nothing more happens.
    expect((await send(c, { ...managed, created_at: nextTime() })).body.duplicate).toBe(true);
    const events = (await c.admin.get('/activity?action=install.installed')).body.items;
    expect(events).toHaveLength(1);
  });

  it('R-I4: ManagedApplicationList says what is really installed', async () => {
    const { c, udid, app, command, appState } = await world();
    const pages = await app('Pages', 'pending');
    const rejected = await app('Garageband', 'pending');
    const untouched = await app('Imovie', 'pending');
    await command(pages.catalogAppId, 'InstallApplication');
    const listUuid = `allot-list-${randomBytes(4).toString('hex')}`;
    const result = await send(
      c,
      ack(udid, 'Acknowledged', listUuid, {
        ManagedApplicationList: {
          [pages.bundleId]: { Status: 'Managed', ManagementFlags: 1 },
          [rejected.bundleId]: { Status: 'UserRejected', ManagementFlags: 1 },
          [untouched.bundleId]: { Status: 'Installing', ManagementFlags: 1 },
          'com.example.notallots': { Status: 'Managed', ManagementFlags: 0 },
        },
      }),
    );
    expect(result.body.outcome).toBe('appsUpdated:2');
    expect((await appState(pages.catalogAppId)).state).toBe('installed');
    expect(await appState(rejected.catalogAppId)).toEqual({
      state: 'failed',
      reason: 'UserRejected',
    });
    expect((await appState(untouched.catalogAppId)).state).toBe('pending');
  });

  it("R-I4: an install Error fails the install with Apple's error chain; a refused State too; an acknowledged remove is uninstalled", async () => {
    const { c, udid, app, command, appState } = await world();
    const keynote = await app('Keynote', 'pending');
    const uuid = await command(keynote.catalogAppId, 'InstallApplication');
    const failed = await send(
      c,
      ack(udid, 'Error', uuid, {
        ErrorChain: [
          {
            ErrorCode: 9610,
            ErrorDomain: 'ASDErrorDomain',
            LocalizedDescription: 'License not found',
            USEnglishDescription: 'License not found',
          },
        ],
      }),
    );
    expect(failed.body.outcome).toBe('installFailed');
    expect(await appState(keynote.catalogAppId)).toEqual({
      state: 'failed',
      reason: 'ASDErrorDomain 9610: License not found',
    });

    const xcode = await app('Xcode', 'pending');
    const duplicate = await command(xcode.catalogAppId, 'InstallApplication');
    await send(
      c,
      ack(udid, 'Acknowledged', duplicate, {
        Identifier: xcode.bundleId,
        State: 'Failed',
        RejectionReason: 'Other',
      }),
    );
    expect(await appState(xcode.catalogAppId)).toEqual({
      state: 'failed',
      reason: 'Failed: Other',
    });

    const old = await app('Oldapp', 'uninstallPending');
    const remove = await command(old.catalogAppId, 'RemoveApplication');
    const removed = await send(c, ack(udid, 'Acknowledged', remove, {}));
    expect(removed.body.outcome).toBe('uninstalled');
    expect((await appState(old.catalogAppId)).state).toBe('removed');
  });

  it('R-I4: Idle acks and results of commands Allot did not send are answered 200 and ignored', async () => {
    const { c, udid, app, appState } = await world();
    const pages = await app('Pages', 'pending');
    const idle = await send(c, {
      topic: 'mdm.Connect',
      created_at: nextTime(),
      acknowledge_event: {
        udid,
        ids: { id: udid, type: 'Device' },
        status: 'Idle',
        raw_payload: b64({ Status: 'Idle', UDID: udid }),
      },
    });
    expect(idle.body).toMatchObject({ received: true, outcome: 'idle' });
    const foreign = await send(
      c,
      ack(udid, 'Acknowledged', 'not-allots', { Identifier: pages.bundleId, State: 'Managed' }),
    );
    expect(foreign.status).toBe(200);
    expect(foreign.body.outcome).toBe('unknownCommand');
    expect((await appState(pages.catalogAppId)).state).toBe('pending');
  });
});
