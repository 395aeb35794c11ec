/**
 * NanoMDM's enqueue and push API as the emulator answers it (shared/reference/mdm-bridge.md §3,
 * §6): Basic auth, the per-id JSON result and its HTTP codes, duplicate CommandUUIDs, decoding
 * errors, and the injected faults a sender must survive.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startNanoMdmEmulator,
  type NanoMdmEmulator,
} from '../../../src/emulators/nanomdm/index.js';
import { Throttle } from '../../../src/emulators/nanomdm/traffic.js';
import { api, commandPlist, installCommand } from './helpers.js';

let nano: NanoMdmEmulator;
let udid: string;

beforeAll(async () => {
  nano = await startNanoMdmEmulator({ apiKey: 'nano-key' });
});
afterAll(async () => nano.close());
afterEach(() => {
  nano.clearFaults();
  nano.setApiDown(false);
  nano.reset();
});

async function enrolled(): Promise<string> {
  udid = (await nano.enroll({ serialNumber: 'F9QX1234ABCD' })).enrollmentId;
  return udid;
}

describe('authentication', () => {
  it('refuses a wrong key or user with 401 and Basic realm="nanomdm", storing nothing', async () => {
    const id = await enrolled();
    for (const client of [api(nano, 'wrong'), api(nano, 'nano-key', 'nanohub')]) {
      const answer = await client.enqueue(id, installCommand('c-auth'));
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Basic realm="nanomdm"');
      expect(answer.text).toBe('Unauthorized\n');
    }
    const none = await fetch(`${nano.url}/v1/push/${id}`);
    expect(none.status).toBe(401);
    expect(nano.commands()).toEqual([]);
  });

  it('answers Go’s 404 for a path it does not serve', async () => {
    const answer = await api(nano).call('GET', '/v1/devices');
    expect(answer.status).toBe(404);
    expect(answer.text).toBe('404 page not found\n');
  });
});

describe('enqueue', () => {
  it('stores the command once, queues it and pushes: 200 with command_uuid and request_type', async () => {
    const id = await enrolled();
    const answer = await api(nano).enqueue(id, installCommand('c-1'));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(Object.keys(answer.body)).toEqual(['status', 'command_uuid', 'request_type']);
    expect(answer.body.command_uuid).toBe('c-1');
    expect(answer.body.request_type).toBe('InstallApplication');
    expect(answer.body.status[id].push_result).toMatch(/^[0-9A-F-]{36}$/);
    expect(answer.text).toContain('\n\t"status"');
    expect(nano.commands(id)).toMatchObject([
      {
        commandUuid: 'c-1',
        requestType: 'InstallApplication',
        status: 'queued',
        command: { iTunesStoreID: 1234567890, Options: { PurchaseMethod: 1 } },
      },
    ]);
  });

  it('accepts any method and several ids joined by commas', async () => {
    const first = await enrolled();
    const second = (await nano.enroll()).enrollmentId;
    const answer = await api(nano).call(
      'POST',
      `/v1/enqueue/${first},${second}`,
      installCommand('c-2'),
    );
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.status).sort()).toEqual([first, second].sort());
    expect(
      nano
        .commands()
        .map((c) => c.enrollmentId)
        .sort(),
    ).toEqual([first, second].sort());
  });

  it('refuses a second enqueue of the same CommandUUID with 500 and command_error, pushing nothing', async () => {
    const id = await enrolled();
    expect((await api(nano).enqueue(id, installCommand('dup'))).status).toBe(200);
    const again = await api(nano).enqueue(id, installCommand('dup'));
    expect(again.status).toBe(500);
    expect(again.body).toEqual({
      command_error: 'command already exists: dup',
      command_uuid: 'dup',
      request_type: 'InstallApplication',
    });
    expect(nano.commands(id)).toHaveLength(1);
  });

  it('answers 500 "decoding command" for a body that is not a command plist', async () => {
    const id = await enrolled();
    const bad = await api(nano).enqueue(id, 'not a plist');
    expect(bad.status).toBe(500);
    expect(bad.body.command_error).toMatch(/^decoding command: /);
    const noType = await api(nano).enqueue(id, commandPlist('c-3', ''));
    expect(noType.status).toBe(500);
    expect(noType.body).toEqual({ command_error: 'decoding command: invalid command' });
    expect(nano.commands()).toEqual([]);
  });

  it('?nopush=1 only enqueues; an empty body only pushes; both is an error', async () => {
    const id = await enrolled();
    const quiet = await api(nano).enqueue(id, installCommand('c-4'), '?nopush=1');
    expect(quiet.status).toBe(200);
    expect(quiet.body).toEqual({
      no_push: true,
      command_uuid: 'c-4',
      request_type: 'InstallApplication',
    });
    const pushOnly = await api(nano).enqueue(id, '');
    expect(pushOnly.status).toBe(200);
    expect(Object.keys(pushOnly.body)).toEqual(['status']);
    const neither = await api(nano).enqueue(id, '', '?nopush=1');
    expect(neither.status).toBe(500);
    expect(neither.body).toEqual({ no_push: true, command_error: 'must enqueue or push' });
  });

  it('207 when some ids cannot be pushed; the KV backend queues the command for them anyway', async () => {
    const id = await enrolled();
    const answer = await api(nano).enqueue(`${id},unknown-id`, installCommand('c-5'));
    expect(answer.status).toBe(207);
    expect(answer.body.status['unknown-id']).toEqual({ push_error: 'push data missing for id' });
    expect(nano.commands('unknown-id')).toHaveLength(1);
  });

  it('the SQL backend refuses an unknown enrollment id: 500, the whole enqueue rolled back', async () => {
    const sql = await startNanoMdmEmulator({ apiKey: 'k', backend: 'sql' });
    try {
      const id = (await sql.enroll()).enrollmentId;
      const answer = await api(sql).enqueue(`${id},unknown-id`, installCommand('c-6'));
      expect(answer.status).toBe(500);
      expect(answer.body.command_error).toMatch(/foreign key/);
      expect(sql.commands()).toEqual([]);
      expect((await api(sql).enqueue(id, installCommand('c-6'))).status).toBe(200);
      const dup = await api(sql).enqueue(id, installCommand('c-6'));
      expect(dup.body.command_error).toMatch(/duplicate key value/);
    } finally {
      await sql.close();
    }
  });

  it('mounts under NanoHUB’s prefix with its Basic user when asked', async () => {
    const hub = await startNanoMdmEmulator({
      apiKey: 'k',
      apiUser: 'nanohub',
      apiPrefix: '/api/v1/nanomdm',
    });
    try {
      const id = (await hub.enroll()).enrollmentId;
      const answer = await api(hub, 'k', 'nanohub').call(
        'PUT',
        `/api/v1/nanomdm/enqueue/${id}`,
        installCommand('c-hub'),
      );
      expect(answer.status).toBe(200);
    } finally {
      await hub.close();
    }
  });
});

describe('push', () => {
  it('answers an apns-id per known id and "push data missing for id" for others (500 when all fail)', async () => {
    const id = await enrolled();
    const ok = await api(nano).push(id);
    expect(ok.status).toBe(200);
    expect(ok.body.status[id].push_result).toBeTypeOf('string');
    const none = await api(nano).push('nobody');
    expect(none.status).toBe(500);
    expect(none.body).toEqual({ status: { nobody: { push_error: 'push data missing for id' } } });
  });
});

describe('faults', () => {
  it('pushFailed: the command is queued although the answer is 500 with push_error only', async () => {
    const id = await enrolled();
    nano.setFaults({ kind: 'pushFailed' });
    const answer = await api(nano).enqueue(id, installCommand('c-7'));
    expect(answer.status).toBe(500);
    expect(answer.body.command_error).toBeUndefined();
    expect(answer.body.status[id].push_error).toBeTypeOf('string');
    expect(nano.commands(id)).toMatchObject([{ commandUuid: 'c-7', status: 'queued' }]);
    // The next call is healthy again: retrying the push succeeds.
    expect((await api(nano).push(id)).status).toBe(200);
  });

  it('storageError: 500 with command_error, nothing stored; unavailable: the HTTP status, nothing stored', async () => {
    const id = await enrolled();
    nano.setFaults({ kind: 'storageError' }, { kind: 'unavailable', status: 502 });
    const storage = await api(nano).enqueue(id, installCommand('c-8'));
    expect(storage.status).toBe(500);
    expect(storage.body.command_error).toMatch(/storage/);
    const unavailable = await api(nano).enqueue(id, installCommand('c-8'));
    expect(unavailable.status).toBe(502);
    expect(unavailable.body).toBeNull();
    expect(nano.commands()).toEqual([]);
    expect((await api(nano).enqueue(id, installCommand('c-8'))).status).toBe(200);
  });

  it('faults count down and can target one endpoint', async () => {
    const id = await enrolled();
    nano.setFaults({ kind: 'unavailable', count: 2, endpoint: 'push' });
    expect((await api(nano).enqueue(id, installCommand('c-9'))).status).toBe(200);
    expect((await api(nano).push(id)).status).toBe(503);
    expect((await api(nano).push(id)).status).toBe(503);
    expect((await api(nano).push(id)).status).toBe(200);
  });

  it('timeout: the connection drops without an answer, the command stored (or not)', async () => {
    const id = await enrolled();
    nano.setFaults(
      { kind: 'timeout', delayMs: 10 },
      { kind: 'timeout', delayMs: 10, stored: false },
    );
    await expect(api(nano).enqueue(id, installCommand('c-10'))).rejects.toThrow();
    await expect(api(nano).enqueue(id, installCommand('c-11'))).rejects.toThrow();
    expect(nano.commands(id).map((c) => c.commandUuid)).toEqual(['c-10']);
  });

  it('closing the emulator ends a hanging call at once, not after its 30 s', async () => {
    const other = await startNanoMdmEmulator({ apiKey: 'k' });
    const id = (await other.enroll()).enrollmentId;
    other.setFaults({ kind: 'timeout' });
    const pending = api(other).enqueue(id, installCommand('c-hang'));
    // Wait until the call is in the emulator (it counts it before hanging).
    while (other.stats.apiRequests === 0) await new Promise((resolve) => setImmediate(resolve));
    await other.close();
    await expect(pending).rejects.toThrow();
  });

  it('the whole API down resets every connection; the control API still answers', async () => {
    const id = await enrolled();
    nano.setApiDown(true);
    await expect(api(nano).enqueue(id, installCommand('c-12'))).rejects.toThrow();
    expect((await fetch(`${nano.controlUrl}/stats`)).status).toBe(200);
    nano.setApiDown(false);
    expect((await api(nano).enqueue(id, installCommand('c-12'))).status).toBe(200);
  });

  it('the throughput limit spaces calls 1/rate apart (the emulated NanoMDM refuses none)', () => {
    const throttle = new Throttle(10);
    expect([0, 0, 0].map(() => throttle.wait(1000))).toEqual([0, 100, 200]);
    expect(throttle.wait(1500)).toBe(0);
    expect(new Throttle(Infinity).wait(0)).toBe(0);
  });
});
