/**
 * The emulator's webhook sender (shared/reference/mdm-bridge.md §1, §5, §7): the events it posts
 * parse with Allot's own parser (src/services/mdm/eventFormat.ts) into what a real NanoMDM's
 * would; signatures verify with Allot's check; delivery is at most once; and the device side
 * (Authenticate empties the queue, NotNow waits for the next session, user channels).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  LICENSE_NOT_FOUND,
  startNanoMdmEmulator,
  type NanoMdmEmulator,
} from '../../../src/emulators/nanomdm/index.js';
import { describeErrorChain } from '../../../src/services/mdm/commandResults.js';
import { parseMdmEvent, type MdmEvent } from '../../../src/services/mdm/eventFormat.js';
import { signatureMatches } from '../../../src/services/mdm/webhookAuth.js';
import { api, commandPlist, installCommand, startReceiver, type Receiver } from './helpers.js';

let nano: NanoMdmEmulator;
let hook: Receiver;

beforeAll(async () => {
  hook = await startReceiver();
  nano = await startNanoMdmEmulator({
    apiKey: 'nano-key',
    webhookUrl: hook.url,
    bundleIds: { '1234567890': 'com.example.notes' },
  });
});
afterAll(async () => {
  await nano.close();
  await hook.close();
});
afterEach(() => {
  nano.reset();
  nano.setWebhook(hook.url);
  nano.setAutoAnswer(false);
  nano.setInstallDelay(0);
  hook.received.length = 0;
  hook.status = 200;
});

const events = (): MdmEvent[] => hook.received.map((r) => parseMdmEvent(r.body));

describe('check-in events', () => {
  it('enroll posts Authenticate (with the serial) then TokenUpdate (no serial, tally 1)', async () => {
    const { enrollmentId, deliveries } = await nano.enroll({
      udid: '00008110-000A1B2C3D4E5F60',
      serialNumber: 'F9QX1234ABCD',
      productName: 'iPhone14,5',
    });
    expect(enrollmentId).toBe('00008110-000A1B2C3D4E5F60');
    expect(deliveries.map((d) => [d.topic, d.httpStatus, d.ok])).toEqual([
      ['mdm.Authenticate', 200, true],
      ['mdm.TokenUpdate', 200, true],
    ]);
    const [auth, token] = events();
    expect(hook.received[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(hook.received[0]!.headers['x-hmac-signature']).toBeUndefined();
    expect(auth).toMatchObject({
      topic: 'mdm.Authenticate',
      enrollmentId,
      enrollmentType: 'Device',
      udid: enrollmentId,
      payload: {
        MessageType: 'Authenticate',
        UDID: enrollmentId,
        SerialNumber: 'F9QX1234ABCD',
        ProductName: 'iPhone14,5',
        Topic: nano.topic,
      },
    });
    expect(auth!.eventId).toMatch(/^[0-9a-f]{16}$/);
    expect(token).toMatchObject({
      topic: 'mdm.TokenUpdate',
      enrollmentId,
      tokenUpdateTally: 1,
      payload: { MessageType: 'TokenUpdate', UDID: enrollmentId, AwaitingConfiguration: false },
    });
    expect(token!.payload.SerialNumber).toBeUndefined();
    expect(token!.payload.Token).toBeInstanceOf(Uint8Array);
    expect(typeof token!.payload.PushMagic).toBe('string');
  });

  it('a token refresh counts up; CheckOut says the device left', async () => {
    const { enrollmentId } = await nano.enroll();
    await nano.tokenUpdate(enrollmentId);
    await nano.checkOut(enrollmentId);
    const [, , refresh, checkOut] = events();
    expect(refresh).toMatchObject({ topic: 'mdm.TokenUpdate', tokenUpdateTally: 2 });
    expect(checkOut).toMatchObject({
      topic: 'mdm.CheckOut',
      enrollmentId,
      payload: { MessageType: 'CheckOut', UDID: enrollmentId },
    });
    expect(nano.enrollments()[0]).toMatchObject({ enrollmentId, state: 'checkedOut' });
  });

  it('a macOS user channel is `UDID:UserID` of type User with its device as parent', async () => {
    const { enrollmentId } = await nano.enroll({ productName: 'Mac14,2', deviceName: 'MacBook' });
    const user = await nano.enrollUser(enrollmentId, {
      userId: '8A3B1C2D-0000-4000-8000-000000000001',
      shortName: 'ada',
    });
    expect(user.enrollmentId).toBe(`${enrollmentId}:8A3B1C2D-0000-4000-8000-000000000001`);
    const event = events().at(-1)!;
    expect(event).toMatchObject({
      topic: 'mdm.TokenUpdate',
      enrollmentId: user.enrollmentId,
      enrollmentType: 'User',
      udid: enrollmentId,
      payload: { UserID: '8A3B1C2D-0000-4000-8000-000000000001', UserShortName: 'ada' },
    });
    const raw = JSON.parse(hook.received.at(-1)!.body.toString());
    expect(raw.checkin_event.ids).toEqual({
      id: user.enrollmentId,
      type: 'User',
      parent_id: enrollmentId,
    });
  });

  it('a User Enrollment sends its EnrollmentID and no UDID or serial', async () => {
    const { enrollmentId, udid } = await nano.enroll({ userEnrollmentId: 'UE-1234' });
    expect(udid).toBeNull();
    const [auth] = events();
    expect(auth).toMatchObject({
      enrollmentId: 'UE-1234',
      enrollmentType: 'User Enrollment (Device)',
      udid: null,
      payload: { EnrollmentID: 'UE-1234' },
    });
    expect(auth!.payload.SerialNumber).toBeUndefined();
    expect(enrollmentId).toBe('UE-1234');
  });
});

describe('command results', () => {
  it('an acknowledged install is mdm.Connect with State Managed and the bundle id', async () => {
    const { enrollmentId } = await nano.enroll();
    await api(nano).enqueue(enrollmentId, installCommand('cmd-1'));
    const result = await nano.answer(enrollmentId);
    expect(result).toMatchObject({ commandUuid: 'cmd-1', status: 'Acknowledged' });
    expect(result.delivery).toMatchObject({ httpStatus: 200, ok: true, commandUuid: 'cmd-1' });
    const ack = events().at(-1)!;
    expect(ack).toMatchObject({
      topic: 'mdm.Connect',
      enrollmentId,
      status: 'Acknowledged',
      commandUuid: 'cmd-1',
      payload: {
        Status: 'Acknowledged',
        CommandUUID: 'cmd-1',
        UDID: enrollmentId,
        Identifier: 'com.example.notes',
        State: 'Managed',
      },
    });
    expect(nano.commands(enrollmentId)).toMatchObject([{ status: 'Acknowledged' }]);
    expect(nano.enrollments()[0]!.apps).toEqual([
      {
        identifier: 'com.example.notes',
        adamId: '1234567890',
        status: 'Managed',
        managementFlags: 1,
      },
    ]);
  });

  it('an Error carries Apple’s ErrorChain, which Allot reads as one line', async () => {
    const { enrollmentId } = await nano.enroll();
    await api(nano).enqueue(enrollmentId, installCommand('cmd-2'));
    await nano.answer(enrollmentId, { status: 'Error' });
    const ack = events().at(-1)!;
    expect(ack.status).toBe('Error');
    expect(ack.payload.ErrorChain).toEqual([LICENSE_NOT_FOUND]);
    expect(describeErrorChain(ack.payload)).toBe('ASDErrorDomain 9610: License not found');
    expect(nano.commands(enrollmentId)[0]!.status).toBe('Error');
  });

  it('NotNow keeps the command queued; the next session offers it again', async () => {
    const { enrollmentId } = await nano.enroll();
    await api(nano).enqueue(enrollmentId, installCommand('cmd-3'));
    await api(nano).enqueue(enrollmentId, commandPlist('cmd-4', 'ManagedApplicationList'));
    const first = await nano.session(enrollmentId, (c) =>
      c.commandUuid === 'cmd-3' ? { status: 'NotNow' } : {},
    );
    expect(first.map((r) => [r.commandUuid, r.status])).toEqual([
      ['cmd-3', 'NotNow'],
      ['cmd-4', 'Acknowledged'],
    ]);
    expect(nano.nextCommand(enrollmentId)?.commandUuid).toBe('cmd-3');
    const second = await nano.session(enrollmentId);
    expect(second.map((r) => [r.commandUuid, r.status])).toEqual([['cmd-3', 'Acknowledged']]);
    // Each session starts with an Idle: no command_uuid, parsed as Idle.
    const idle = events().find((e) => e.status === 'Idle')!;
    expect(idle).toMatchObject({ topic: 'mdm.Connect', commandUuid: null });
  });

  it('a slow install acknowledges Installing; ManagedApplicationList and DeviceInformation answer from the device', async () => {
    nano.setInstallDelay(60_000);
    const { enrollmentId } = await nano.enroll({ serialNumber: 'F9QX1234ABCD' });
    await api(nano).enqueue(enrollmentId, installCommand('cmd-5'), '?nopush=1');
    await api(nano).enqueue(
      enrollmentId,
      commandPlist('cmd-6', 'ManagedApplicationList', { Identifiers: ['com.example.notes'] }),
      '?nopush=1',
    );
    await api(nano).enqueue(
      enrollmentId,
      commandPlist('cmd-7', 'DeviceInformation', { Queries: ['SerialNumber', 'ProductName'] }),
      '?nopush=1',
    );
    const results = await nano.session(enrollmentId);
    expect(results[0]!.payload.State).toBe('Installing');
    expect(results[1]!.payload.ManagedApplicationList).toEqual({
      'com.example.notes': {
        Status: 'Installing',
        ManagementFlags: 1,
        HasConfiguration: false,
        HasFeedback: false,
        IsValidated: true,
        ExternalVersionIdentifier: 0,
      },
    });
    expect(results[2]!.payload.QueryResponses).toEqual({
      SerialNumber: 'F9QX1234ABCD',
      ProductName: 'iPhone14,5',
    });
  });

  it('autoAnswer: a push wakes the device, which acknowledges; scripted answers take precedence', async () => {
    nano.setAutoAnswer({ delayMs: 0 });
    const { enrollmentId } = await nano.enroll();
    nano.scriptAnswers({ requestType: 'InstallApplication', status: 'Error', count: 1 });
    await api(nano).enqueue(enrollmentId, installCommand('cmd-8'));
    await nano.idle();
    await api(nano).enqueue(enrollmentId, installCommand('cmd-9'));
    await nano.idle();
    expect(nano.commands(enrollmentId).map((c) => [c.commandUuid, c.status])).toEqual([
      ['cmd-8', 'Error'],
      ['cmd-9', 'Acknowledged'],
    ]);
    const acks = events().filter((e) => e.commandUuid !== null);
    expect(acks.map((e) => e.status)).toEqual(['Error', 'Acknowledged']);
  });
});

describe('delivery', () => {
  it('signs with X-Hmac-Signature = base64(HMAC-SHA256(key, raw body)) when a key is set', async () => {
    nano.setWebhook(hook.url, 'hmac-key');
    await nano.enroll();
    for (const request of hook.received) {
      const signature = request.headers['x-hmac-signature'];
      expect(typeof signature).toBe('string');
      expect(signatureMatches('hmac-key', request.body, signature as string)).toBe(true);
      expect(signatureMatches('other-key', request.body, signature as string)).toBe(false);
    }
  });

  it('posts at most once: a refused event is logged as failed and never retried', async () => {
    hook.status = 500;
    const { deliveries } = await nano.enroll();
    expect(deliveries.map((d) => [d.httpStatus, d.ok])).toEqual([
      [500, false],
      [500, false],
    ]);
    await nano.idle();
    expect(hook.received).toHaveLength(2);
    // 201 is not 200: NanoMDM counts it as a failure too.
    hook.status = 201;
    expect((await nano.tokenUpdate(deliveries[0]!.enrollmentId))?.ok).toBe(false);
  });

  it('an unreachable webhook is an error in the log, not a crash', async () => {
    nano.setWebhook('http://127.0.0.1:9/unreachable');
    const { deliveries } = await nano.enroll();
    expect(deliveries[0]).toMatchObject({ httpStatus: null, ok: false });
    expect(deliveries[0]!.error).toBeTypeOf('string');
  });
});

describe('enrolment empties the queue (reference §6)', () => {
  it('a re-enrolment (Authenticate) drops the commands the device had not fetched', async () => {
    const { enrollmentId } = await nano.enroll({ udid: 'UDID-REENROL' });
    await api(nano).enqueue(enrollmentId, installCommand('cmd-10'));
    await api(nano).enqueue(enrollmentId, installCommand('cmd-11'));
    await nano.answer(enrollmentId);
    await nano.enroll({ udid: 'UDID-REENROL' });
    expect(nano.commands(enrollmentId).map((c) => [c.commandUuid, c.status])).toEqual([
      ['cmd-10', 'Acknowledged'],
      ['cmd-11', 'cleared'],
    ]);
    expect(nano.nextCommand(enrollmentId)).toBeUndefined();
    await expect(nano.answer(enrollmentId)).rejects.toThrow(/no command/);
    // The UUID stays taken: the store keeps the command.
    expect((await api(nano).enqueue(enrollmentId, installCommand('cmd-11'))).status).toBe(500);
  });

  it('a checked-out device does not answer', async () => {
    const { enrollmentId } = await nano.enroll();
    await api(nano).enqueue(enrollmentId, installCommand('cmd-12'));
    await nano.checkOut(enrollmentId);
    await expect(nano.answer(enrollmentId)).rejects.toThrow(/checkedOut/);
    expect(await nano.session(enrollmentId)).toEqual([]);
  });
});
