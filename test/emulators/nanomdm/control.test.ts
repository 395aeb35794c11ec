/**
 * The NanoMDM emulator's control API over HTTP (docs/emulators.md "NanoMDM"): what a test in
 * another language, or a person with curl, drives devices and faults with.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startNanoMdmEmulator,
  type NanoMdmEmulator,
} from '../../../src/emulators/nanomdm/index.js';
import { parseMdmEvent } from '../../../src/services/mdm/eventFormat.js';
import { api, installCommand, startReceiver, type Receiver } from './helpers.js';

let nano: NanoMdmEmulator;
let hook: Receiver;

beforeAll(async () => {
  hook = await startReceiver();
  nano = await startNanoMdmEmulator({ apiKey: 'nano-key' });
});
afterAll(async () => {
  await nano.close();
  await hook.close();
});
afterEach(async () => {
  await control('POST', '/reset');
  await control('PUT', '/auto-answer', { enabled: false });
  hook.received.length = 0;
});

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${nano.controlUrl}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  return { status: response.status, body: await response.json() };
}

describe('control API', () => {
  it('sets the webhook, enrols a device, lists its commands and answers them', async () => {
    expect((await control('PUT', '/webhook', { url: hook.url, secret: 'k' })).body).toEqual({
      url: hook.url,
      signed: true,
    });
    const enrolled = await control('POST', '/devices', {
      serialNumber: 'F9QX1234ABCD',
      productName: 'iPad13,1',
    });
    expect(enrolled.status).toBe(201);
    const id = enrolled.body.enrollmentId as string;
    expect(enrolled.body.deliveries).toHaveLength(2);
    expect((await control('GET', '/enrollments')).body.enrollments).toMatchObject([
      { enrollmentId: id, serialNumber: 'F9QX1234ABCD', state: 'enrolled', tokenUpdateTally: 1 },
    ]);

    await api(nano).enqueue(id, installCommand('ctl-1'));
    await api(nano).enqueue(id, installCommand('ctl-2', 42));
    const listed = await control('GET', `/commands?enrollmentId=${id}`);
    expect(listed.body.commands.map((c: any) => [c.commandUuid, c.status])).toEqual([
      ['ctl-1', 'queued'],
      ['ctl-2', 'queued'],
    ]);
    const one = await control('POST', `/enrollments/${id}/answer`, {
      status: 'Error',
      errorChain: [
        {
          ErrorCode: 506,
          ErrorDomain: 'ASDErrorDomain',
          LocalizedDescription: 'Duplicate request',
        },
      ],
      payload: { State: 'Failed', RejectionReason: 'Other' },
    });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ commandUuid: 'ctl-1', status: 'Error' });
    const rest = await control('POST', `/enrollments/${id}/session`);
    expect(rest.body.results.map((r: any) => r.commandUuid)).toEqual(['ctl-2']);
    const ack = parseMdmEvent(hook.received.find((r) => r.body.includes('"ctl-1"'))!.body);
    expect(ack.payload).toMatchObject({ State: 'Failed', RejectionReason: 'Other' });
    expect((await control('GET', '/webhooks')).body.deliveries.length).toBe(hook.received.length);

    const out = await control('POST', `/enrollments/${id}/check-out`);
    expect(out.body.delivery.topic).toBe('mdm.CheckOut');
  });

  it('auto-answer with scripted answers, and /idle waits for the devices', async () => {
    await control('PUT', '/webhook', { url: hook.url });
    await control('PUT', '/auto-answer', { enabled: true, delayMs: 0 });
    await control('POST', '/answers', { requestType: 'InstallApplication', status: 'NotNow' });
    const id = (await control('POST', '/devices', {})).body.enrollmentId as string;
    // The device connects once after enrolling; let that session end first.
    await control('POST', '/idle');
    await api(nano).enqueue(id, installCommand('ctl-3'));
    await control('POST', '/idle');
    expect(nano.commands(id)[0]!.status).toBe('NotNow');
    // The next push starts a new session, which fetches the NotNow command again.
    await api(nano).push(id);
    await control('POST', '/idle');
    expect(nano.commands(id)[0]!.status).toBe('Acknowledged');
  });

  it('faults, the API down and the bundle ids', async () => {
    const id = (await control('POST', '/devices', {})).body.enrollmentId as string;
    expect((await control('POST', '/faults', { kind: 'unavailable', count: 1 })).body).toEqual({
      pending: 1,
    });
    expect((await api(nano).push(id)).status).toBe(503);
    await control('POST', '/faults', { kind: 'pushFailed' });
    await control('DELETE', '/faults');
    expect((await api(nano).push(id)).status).toBe(200);
    await control('PUT', '/api', { down: true });
    await expect(api(nano).push(id)).rejects.toThrow();
    await control('PUT', '/api', { down: false });
    await control('PUT', '/bundle-ids', { '42': 'com.example.fortytwo' });
    await api(nano).enqueue(id, installCommand('ctl-4', 42));
    const answered = await control('POST', `/enrollments/${id}/answer`, {});
    expect(answered.body.payload.Identifier).toBe('com.example.fortytwo');
    expect((await control('GET', '/stats')).body).toMatchObject({ answered: 1 });
  });

  it('refuses bad input with Allot’s error body', async () => {
    expect(await control('POST', '/faults', { kind: 'meteor' })).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect((await control('POST', '/devices', { udid: 12 })).status).toBe(400);
    expect((await control('POST', '/enrollments/nobody/answer', {})).status).toBe(404);
    const id = (await control('POST', '/devices', {})).body.enrollmentId as string;
    expect((await control('POST', `/enrollments/${id}/answer`, {})).body.error.code).toBe(
      'QUEUE_EMPTY',
    );
    expect((await control('POST', `/enrollments/${id}/answer`, { status: 'Maybe' })).status).toBe(
      400,
    );
    expect((await control('PUT', '/webhook', { url: 'ftp://x' })).status).toBe(400);
    expect((await control('GET', '/nothing')).status).toBe(404);
  });
});
