/**
 * R-I4: the install and remove decisions of a device an MDM connector manages reach NanoMDM as
 * real MDM commands (reference mdm-bridge.md §3–6), against the NanoMDM emulator and the Apple
 * emulator on loopback: the licence is associated at Apple before the command is enqueued, each
 * command reaches NanoMDM once whatever NanoMDM answers, results become the device's app states.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parsePlist } from 'plist';
import { startAppleEmulator, type AppleEmulator } from '../../src/emulators/apple/index.js';
import { startNanoMdmEmulator, type NanoMdmEmulator } from '../../src/emulators/nanomdm/index.js';
import { deliverMdmCommands } from '../../src/services/mdm/commandDelivery.js';
import {
  installApplication,
  managedApplicationList,
  removeApplication,
} from '../../src/services/mdm/commandPlist.js';
import { addAppleAccount, catalogApp, settle } from '../helpers/appleFlow.js';
import type { AppleWorld } from '../helpers/emulator.js';
import { createTestApp, ManualClock, type Client, type TestApp } from '../helpers/testApp.js';

const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
let apple: AppleEmulator;
let t: TestApp;
let w: AppleWorld;
let allotUrl: string;
const emulators: NanoMdmEmulator[] = [];

beforeAll(async () => {
  apple = await startAppleEmulator({ port: 0, maxRequestsPerSecond: 0, eventDelayMs: 2 });
  t = await createTestApp({
    clock,
    env: { ALLOT_APPLE_API_URL: apple.url, ALLOT_ALLOW_PRIVATE_TARGETS: 'true' },
  });
  // NanoMDM posts its events to Allot over HTTP.
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  allotUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  w = { apple, t, close: async () => {} };
});
afterAll(async () => {
  for (const nano of emulators) await nano.close();
  await t.close();
  await apple.close();
});

let apps = 0;

interface World {
  admin: Client;
  nano: NanoMdmEmulator;
  connectorId: string;
  catalogAppId: string;
  adamId: string;
  bundleId: string;
  locationId: string;
  accountId: string;
}

/** A tenant with an Apple account, an app required on every device, and a NanoMDM connector. */
async function world(
  options: { backend?: 'kv' | 'sql'; intent?: string; userLicences?: boolean } = {},
): Promise<World> {
  apps += 1;
  const adamId = String(1_234_560_000 + apps);
  const bundleId = `com.example.mdm${apps}`;
  const { admin } = await t.newTenant();
  const { locationId, account } = await addAppleAccount(w, admin, {
    assets: [{ adamId, name: `App ${apps}`, bundleId, totalCount: 5 }],
  });
  const app = await catalogApp(admin, adamId, {
    target: { type: options.userLicences === true ? 'allUsers' : 'allDevices' },
    intent: options.intent ?? 'required',
    licenseType: options.userLicences === true ? 'user' : 'device',
  });
  const apiKey = `nano-${randomBytes(8).toString('hex')}`;
  const nano = await startNanoMdmEmulator({
    apiKey,
    backend: options.backend ?? 'kv',
    bundleIds: { [adamId]: bundleId },
  });
  emulators.push(nano);
  const connector = await admin.post('/mdm-connectors', {
    kind: 'nanomdm',
    name: 'NanoMDM',
    apiUrl: nano.url,
    apiKey,
  });
  expect(connector.status, connector.text).toBe(201);
  nano.setWebhook(`${allotUrl}${connector.body.webhookUrl}`, connector.body.webhookSecret);
  return {
    admin,
    nano,
    connectorId: connector.body.id,
    catalogAppId: app.id,
    adamId,
    bundleId,
    locationId,
    accountId: account.id as string,
  };
}

const serial = () => `F9${randomBytes(5).toString('hex').toUpperCase()}`;

async function commandsOf(c: World, deviceId: string) {
  return t.ctx.db.kysely
    .selectFrom('mdmCommands')
    .selectAll()
    .where('connectorId', '=', c.connectorId)
    .where('deviceId', '=', deviceId)
    .orderBy('id')
    .execute();
}

async function deviceBySerial(c: World, serialNumber: string) {
  const devices = (await c.admin.get('/devices')).body.items as any[];
  const found = devices.find((d) => d.serialNumber === serialNumber);
  expect(found, `device ${serialNumber}`).toBeDefined();
  return found;
}

async function appState(c: World, deviceId: string) {
  const items = (await c.admin.get(`/devices/${deviceId}/apps`)).body.items as any[];
  return items.find((a) => a.catalogAppId === c.catalogAppId);
}

/** Enrols a device at the emulator; its check-in decides the install, its licence goes out. */
async function enrolled(c: World) {
  const serialNumber = serial();
  const { enrollmentId } = await c.nano.enroll({ serialNumber, productName: 'iPhone14,5' });
  const device = await deviceBySerial(c, serialNumber);
  await settle(t);
  return { enrollmentId, device, serialNumber };
}

const deliver = () => deliverMdmCommands(t.ctx, { timeoutMs: 2_000 });

describe('MDM commands: their format', () => {
  it('R-I4: InstallApplication and RemoveApplication are the plists the reference composes, and round-trip through a plist parser', () => {
    const install = installApplication('allot-1', {
      adamId: '1234567890',
      platform: 'ios',
      userEnrollment: false,
    });
    expect(install.startsWith('<?xml')).toBe(true);
    expect(install).toContain('<integer>1234567890</integer>');
    expect(parsePlist(install)).toEqual({
      CommandUUID: 'allot-1',
      Command: {
        RequestType: 'InstallApplication',
        iTunesStoreID: 1234567890,
        Options: { PurchaseMethod: 1 },
        ManagementFlags: 1,
        ChangeManagementState: 'Managed',
      },
    });
    const mac = parsePlist(
      installApplication('allot-2', { adamId: '42', platform: 'macos', userEnrollment: true }),
    ) as any;
    expect(mac.Command).toEqual({
      RequestType: 'InstallApplication',
      iTunesStoreID: 42,
      Options: { PurchaseMethod: 1 },
      ManagementFlags: 0,
      InstallAsManaged: true,
    });
    expect(parsePlist(removeApplication('allot-3', 'com.example.app'))).toEqual({
      CommandUUID: 'allot-3',
      Command: { RequestType: 'RemoveApplication', Identifier: 'com.example.app' },
    });
    expect(parsePlist(managedApplicationList('allot-4', ['com.example.app']))).toEqual({
      CommandUUID: 'allot-4',
      Command: { RequestType: 'ManagedApplicationList', Identifiers: ['com.example.app'] },
    });
    expect(() =>
      installApplication('allot-5', {
        adamId: 'not-a-number',
        platform: 'ios',
        userEnrollment: false,
      }),
    ).toThrow();
  });
});

describe('MDM commands: delivery through NanoMDM', () => {
  it('R-I4: an enrolled device with a required app: the licence is associated at Apple before InstallApplication is enqueued; the result installs it', async () => {
    const c = await world();
    const serialNumber = serial();
    const { enrollmentId } = await c.nano.enroll({ serialNumber, productName: 'iPhone14,5' });
    const device = await deviceBySerial(c, serialNumber);
    // The TokenUpdate evaluated the device: a licence, and a command waiting for its association.
    expect(await commandsOf(c, device.id)).toEqual([
      expect.objectContaining({ requestType: 'InstallApplication', state: 'waitingLicense' }),
    ]);
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(c.nano.commands(enrollmentId)).toEqual([]);
    expect(apple.listAssignments(c.locationId)).toEqual([]);

    await settle(t);
    expect(apple.listAssignments(c.locationId)).toEqual([
      expect.objectContaining({ adamId: c.adamId, serialNumber }),
    ]);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const [stored] = c.nano.commands(enrollmentId);
    expect(c.nano.commands(enrollmentId)).toHaveLength(1);
    expect(stored).toMatchObject({
      requestType: 'InstallApplication',
      status: 'queued',
      command: {
        RequestType: 'InstallApplication',
        iTunesStoreID: Number(c.adamId),
        Options: { PurchaseMethod: 1 },
        ManagementFlags: 1,
      },
    });
    const [row] = await commandsOf(c, device.id);
    expect(row).toMatchObject({ state: 'sent', commandUuid: stored!.commandUuid, attempts: 1 });
    // The device's session starts with an Idle poll, which evaluates it again (the install is
    // still pending there): no second command; then it answers the one it fetched.
    await c.nano.session(enrollmentId);
    expect((await appState(c, device.id)).state).toBe('installed');
    expect((await commandsOf(c, device.id))[0]).toMatchObject({
      state: 'done',
      resultStatus: 'Acknowledged',
    });
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(c.nano.commands(enrollmentId)).toHaveLength(1);
  });

  it('R-I4: NotNow is not a failure: the command stays pending until the device acknowledges it', async () => {
    const c = await world();
    const { enrollmentId, device } = await enrolled(c);
    await deliver();
    const first = await c.nano.answer(enrollmentId, { status: 'NotNow' });
    expect(first.delivery?.httpStatus).toBe(200);
    expect((await commandsOf(c, device.id))[0]).toMatchObject({ state: 'notNow' });
    expect((await appState(c, device.id)).state).toBe('pending');
    // An Idle poll re-evaluates the device: still one command.
    await deliver();
    expect(c.nano.commands(enrollmentId)).toHaveLength(1);
    const [row] = await commandsOf(c, device.id);
    await c.nano.answer(enrollmentId, { commandUuid: row!.commandUuid, status: 'Acknowledged' });
    expect((await appState(c, device.id)).state).toBe('installed');
    expect((await commandsOf(c, device.id))[0]).toMatchObject({ state: 'done' });
  });

  it("R-I4: an install the device fails (9610) shows failed with Apple's error chain", async () => {
    const c = await world();
    const { enrollmentId, device } = await enrolled(c);
    await deliver();
    await c.nano.answer(enrollmentId, { status: 'Error' });
    const state = await appState(c, device.id);
    expect(state.state).toBe('failed');
    expect(state.reason).toMatch(/9610/);
    expect((await commandsOf(c, device.id))[0]).toMatchObject({ state: 'failed' });
  });

  it('R-I4: NanoMDM down (503), then back: the command arrives once, after the backoff', async () => {
    const c = await world();
    const { enrollmentId, device } = await enrolled(c);
    c.nano.setFaults({ kind: 'unavailable', status: 503, count: 3 });
    expect(await deliver()).toMatchObject({ sent: 0, retried: 1 });
    let [row] = await commandsOf(c, device.id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1 });
    // Not due yet: nothing is sent before the backoff ends.
    expect(await deliver()).toMatchObject({ sent: 0, retried: 0 });
    for (let round = 0; round < 2; round += 1) {
      clock.advance(60 * 60 * 1000);
      expect(await deliver()).toMatchObject({ sent: 0, retried: 1 });
    }
    clock.advance(60 * 60 * 1000);
    expect(await deliver()).toMatchObject({ sent: 1 });
    [row] = await commandsOf(c, device.id);
    expect(row).toMatchObject({ state: 'sent', attempts: 4 });
    expect(c.nano.commands(enrollmentId)).toEqual([
      expect.objectContaining({ commandUuid: row!.commandUuid, status: 'queued' }),
    ]);
  });

  it('R-I4: a 500 that stored the command (push failed) is pushed again, never enqueued again; a lost answer is sent again and counted once', async () => {
    const c = await world();
    const { enrollmentId, device } = await enrolled(c);
    c.nano.setFaults({ kind: 'pushFailed', count: 1 });
    expect(await deliver()).toMatchObject({ retried: 1 });
    let [row] = await commandsOf(c, device.id);
    expect(row).toMatchObject({ state: 'queued' });
    expect(row!.enqueuedAt).not.toBeNull();
    clock.advance(60 * 60 * 1000);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(c.nano.commands(enrollmentId)).toHaveLength(1);

    // The answer lost on the way back (a timeout after NanoMDM stored it): the same bytes go
    // again, NanoMDM says "already exists", and that is the success it is.
    const other = await enrolled(c);
    c.nano.setFaults({ kind: 'timeout', delayMs: 1_000, stored: true, count: 1 });
    expect(await deliverMdmCommands(t.ctx, { timeoutMs: 200 })).toMatchObject({ retried: 1 });
    clock.advance(60 * 60 * 1000);
    expect(await deliver()).toMatchObject({ sent: 1 });
    [row] = await commandsOf(c, other.device.id);
    expect(row).toMatchObject({ state: 'sent', attempts: 2 });
    expect(c.nano.commands(other.enrollmentId)).toEqual([
      expect.objectContaining({ commandUuid: row!.commandUuid }),
    ]);
  });

  it('R-I4: a command NanoMDM refuses (an enrolment it does not know) is closed, shown and notified, never retried', async () => {
    const c = await world({ backend: 'sql' });
    const serialNumber = serial();
    // Enrolled at the connector's NanoMDM, which then loses the enrolment (a restore, another
    // NanoMDM behind the same URL): NanoMDM's SQL storage refuses the unknown id.
    const { enrollmentId } = await c.nano.enroll({ serialNumber, productName: 'iPhone14,5' });
    const device = await deviceBySerial(c, serialNumber);
    await settle(t);
    c.nano.reset();
    expect(await deliver()).toMatchObject({ sent: 0, failed: 1 });
    const [row] = await commandsOf(c, device.id);
    expect(row).toMatchObject({ state: 'refused', openKey: null });
    expect(row!.lastError).toMatch(/500|foreign key|push data missing/i);
    const state = await appState(c, device.id);
    expect(state).toMatchObject({ state: 'failed' });
    expect(state.reason).toMatch(/mdmCommandRefused/);
    const notes = (await c.admin.get('/notifications?kind=mdmCommandRefused')).body.items as any[];
    expect(notes).toEqual([
      expect.objectContaining({
        kind: 'mdmCommandRefused',
        subject: expect.objectContaining({ id: device.id }),
      }),
    ]);
    clock.advance(24 * 60 * 60 * 1000);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(c.nano.commands(enrollmentId)).toEqual([]);
  });

  it("R-I4: a re-enrolment (Authenticate) empties NanoMDM's queue: the command goes again under a new CommandUUID, once", async () => {
    const c = await world();
    const { enrollmentId, device, serialNumber } = await enrolled(c);
    await deliver();
    const [before] = await commandsOf(c, device.id);
    expect(before).toMatchObject({ state: 'sent' });
    await c.nano.enroll({ udid: enrollmentId, serialNumber, productName: 'iPhone14,5' });
    const rows = await commandsOf(c, device.id);
    expect(rows).toEqual([
      expect.objectContaining({ id: before!.id, state: 'voided', openKey: null }),
      expect.objectContaining({ state: 'queued', enqueuedAt: null }),
    ]);
    expect(rows[1]!.commandUuid).not.toBe(before!.commandUuid);
    expect(await deliver()).toMatchObject({ sent: 1 });
    const live = c.nano.commands(enrollmentId).filter((x) => x.status !== 'cleared');
    expect(live).toEqual([expect.objectContaining({ commandUuid: rows[1]!.commandUuid })]);
    expect(c.nano.commands(enrollmentId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ commandUuid: before!.commandUuid, status: 'cleared' }),
      ]),
    );
    await c.nano.answer(enrollmentId, { status: 'Acknowledged' });
    expect((await appState(c, device.id)).state).toBe('installed');
  });

  it("R-I4: an uninstall decision becomes RemoveApplication, after the install, in order; the device shows each command's progress", async () => {
    const c = await world();
    const { enrollmentId, device } = await enrolled(c);
    await deliver();
    await c.nano.answer(enrollmentId);
    expect((await appState(c, device.id)).state).toBe('installed');
    const assignments = (await c.admin.get(`/catalog-apps/${c.catalogAppId}/assignments`)).body;
    const assignmentId = (assignments.items ?? assignments)[0].id as string;
    const changed = await c.admin.patch(`/assignments/${assignmentId}`, { intent: 'uninstall' });
    expect(changed.status, changed.text).toBe(200);
    // The device polls (Idle): it is evaluated, and the removal is queued and sent.
    await c.nano.session(enrollmentId);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(c.nano.commands(enrollmentId).map((x) => x.command)).toEqual([
      expect.objectContaining({ RequestType: 'InstallApplication' }),
      { RequestType: 'RemoveApplication', Identifier: c.bundleId },
    ]);
    let progress = (await c.admin.get(`/devices/${device.id}/mdm-commands`)).body.items as any[];
    expect(progress).toEqual([
      expect.objectContaining({ requestType: 'InstallApplication', progress: 'installed' }),
      expect.objectContaining({ requestType: 'RemoveApplication', progress: 'sent', attempts: 1 }),
    ]);
    await c.nano.answer(enrollmentId);
    expect((await appState(c, device.id)).state).toBe('removed');
    progress = (await c.admin.get(`/devices/${device.id}/mdm-commands`)).body.items as any[];
    expect(progress[1]).toMatchObject({ progress: 'removed', resultStatus: 'Acknowledged' });
    // Another tenant sees nothing of it.
    const { admin: stranger } = await t.newTenant();
    expect((await stranger.get(`/devices/${device.id}/mdm-commands`)).status).toBe(404);
  });

  it('R-I4: a command waiting for its licence, then for a retry, shows why', async () => {
    const c = await world();
    const serialNumber = serial();
    await c.nano.enroll({ serialNumber, productName: 'iPad13,1' });
    const device = await deviceBySerial(c, serialNumber);
    let [row] = (await c.admin.get(`/devices/${device.id}/mdm-commands`)).body.items as any[];
    expect(row).toMatchObject({ progress: 'waitingLicense', attempts: 0, resultStatus: null });
    await settle(t);
    c.nano.setFaults({ kind: 'unavailable', status: 503, count: 1 });
    await deliver();
    [row] = (await c.admin.get(`/devices/${device.id}/mdm-commands`)).body.items as any[];
    expect(row).toMatchObject({ progress: 'queued', attempts: 1 });
    expect(row.lastError).toMatch(/503/);
    expect(row.nextAttemptAt).not.toBeNull();
  });

  it('R-I4: acknowledged is not installed: an accepted install is confirmed by a ManagedApplicationList, asked at the next poll', async () => {
    const c = await world();
    const { enrollmentId, device } = await enrolled(c);
    await deliver();
    await c.nano.answer(enrollmentId, { payload: { State: 'Installing' } });
    expect((await appState(c, device.id)).state).toBe('pending');
    expect((await commandsOf(c, device.id))[0]).toMatchObject({ state: 'acknowledged' });
    // The next poll asks the device what it has; no second InstallApplication.
    await c.nano.session(enrollmentId);
    expect(await deliver()).toMatchObject({ sent: 1 });
    const asked = c.nano.commands(enrollmentId).map((x) => x.command);
    expect(asked).toEqual([
      expect.objectContaining({ RequestType: 'InstallApplication' }),
      { RequestType: 'ManagedApplicationList', Identifiers: [c.bundleId] },
    ]);
    // The device's next session answers it (its Idle poll asks nothing more: once per interval).
    await c.nano.session(enrollmentId);
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect((await appState(c, device.id)).state).toBe('installed');
    expect((await commandsOf(c, device.id)).map((r) => [r.requestType, r.state])).toEqual([
      ['InstallApplication', 'done'],
      ['ManagedApplicationList', 'done'],
    ]);
  });

  it("R-I4, R-V1: an assignment change wakes the connector's devices: each polls, is evaluated, and its RemoveApplication arrives and is answered", async () => {
    const c = await world();
    const { enrollmentId, device } = await enrolled(c);
    await deliver();
    await c.nano.answer(enrollmentId);
    expect((await appState(c, device.id)).state).toBe('installed');
    // From now on the device answers by itself whenever it is pushed.
    c.nano.setAutoAnswer({ delayMs: 1 });
    const assignments = (await c.admin.get(`/catalog-apps/${c.catalogAppId}/assignments`)).body;
    const assignmentId = (assignments.items ?? assignments)[0].id as string;
    expect(
      (await c.admin.patch(`/assignments/${assignmentId}`, { intent: 'uninstall' })).status,
    ).toBe(200);
    const enrollment = () =>
      t.ctx.db.kysely
        .selectFrom('mdmEnrollments')
        .selectAll()
        .where('connectorId', '=', c.connectorId)
        .where('enrollmentId', '=', enrollmentId)
        .executeTakeFirstOrThrow();
    expect((await enrollment()).pushRequestedAt).not.toBeNull();
    const pushes = c.nano.stats.pushes;
    // The drain pushes it; the woken device polls (Idle) and Allot queues the removal.
    await deliver();
    await c.nano.idle();
    expect(c.nano.stats.pushes).toBe(pushes + 1);
    expect((await enrollment()).pushRequestedAt).toBeNull();
    expect((await commandsOf(c, device.id)).map((r) => [r.requestType, r.state])).toEqual([
      ['InstallApplication', 'done'],
      ['RemoveApplication', 'queued'],
    ]);
    await deliver();
    await c.nano.idle();
    expect((await appState(c, device.id)).state).toBe('removed');
    expect(c.nano.commands(enrollmentId).map((x) => x.status)).toEqual([
      'Acknowledged',
      'Acknowledged',
    ]);
  });

  it('R-I4, R-V2: a check-out cancels what was not sent yet; nothing reaches the device afterwards', async () => {
    const c = await world();
    const serialNumber = serial();
    const { enrollmentId } = await c.nano.enroll({ serialNumber, productName: 'iPhone14,5' });
    const device = await deviceBySerial(c, serialNumber);
    expect((await commandsOf(c, device.id))[0]).toMatchObject({ state: 'waitingLicense' });
    await c.nano.checkOut(enrollmentId);
    expect((await c.admin.get(`/devices/${device.id}`)).body.state).toBe('unenrolled');
    expect((await commandsOf(c, device.id))[0]).toMatchObject({
      state: 'cancelled',
      openKey: null,
    });
    await settle(t);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(c.nano.commands(enrollmentId)).toEqual([]);
  });

  it('R-I4: on macOS a user licence goes to the user channel (UDID:UserID), once that channel has enrolled', async () => {
    const c = await world({ userLicences: true });
    const user = (
      await c.admin.post('/users', { email: `mac-${apps}@example.org`, displayName: 'Mac User' })
    ).body;
    const serialNumber = serial();
    const { enrollmentId: udid } = await c.nano.enroll({
      serialNumber,
      productName: 'Mac14,2',
      model: 'Mac14,2',
      deviceName: 'Studio Mac',
    });
    const device = await deviceBySerial(c, serialNumber);
    expect(device.platform).toBe('macos');
    expect((await c.admin.patch(`/devices/${device.id}`, { primaryUserId: user.id })).status).toBe(
      200,
    );
    // The user joins the store (R-A10), then the device polls: a user licence is granted.
    await c.nano.session(udid);
    await settle(t);
    apple.acceptInvitation(c.locationId, user.id);
    await c.admin.post(`/accounts/${c.accountId}/sync`, {});
    await settle(t);
    await c.nano.session(udid);
    expect((await appState(c, device.id)).state).toBe('pending');
    // No user channel yet: nothing is queued (the device channel would fail a user licence).
    expect(await commandsOf(c, device.id)).toEqual([]);

    const { enrollmentId: userChannel } = await c.nano.enrollUser(udid, { userId: 'C0FFEE-USER' });
    expect(userChannel).toBe(`${udid}:C0FFEE-USER`);
    await settle(t);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(c.nano.commands(udid)).toEqual([]);
    expect(c.nano.commands(userChannel)).toEqual([
      expect.objectContaining({
        command: {
          RequestType: 'InstallApplication',
          iTunesStoreID: Number(c.adamId),
          Options: { PurchaseMethod: 1 },
          ManagementFlags: 0,
          InstallAsManaged: true,
          ChangeManagementState: 'Managed',
        },
      }),
    ]);
    await c.nano.answer(userChannel);
    expect((await appState(c, device.id)).state).toBe('installed');
  });

  it('R-I4: an enrolment without a serial number is asked for it (DeviceInformation); the answer creates the device and evaluates it', async () => {
    const c = await world();
    // No Device Information right in the profile: Authenticate carries no serial number.
    const { enrollmentId } = await c.nano.enroll({ productName: 'iPhone14,5' });
    expect((await c.admin.get('/devices')).body.items).toEqual([]);
    expect(await deliver()).toMatchObject({ sent: 1 });
    const [asked] = c.nano.commands(enrollmentId);
    expect(asked!.command).toEqual({
      RequestType: 'DeviceInformation',
      Queries: ['SerialNumber', 'ProductName', 'Model', 'DeviceName'],
    });
    // A token refresh evaluates it again: nothing more is asked.
    await c.nano.tokenUpdate(enrollmentId);
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(c.nano.commands(enrollmentId)).toHaveLength(1);
    const serialNumber = serial();
    const answered = await c.nano.answer(enrollmentId, {
      payload: { QueryResponses: { SerialNumber: serialNumber, ProductName: 'iPhone14,5' } },
    });
    expect(answered.delivery?.httpStatus).toBe(200);
    const device = await deviceBySerial(c, serialNumber);
    expect(device.platform).toBe('ios');
    // Evaluated at once: its required app waits for its licence, then goes.
    expect(await commandsOf(c, device.id)).toEqual([
      expect.objectContaining({ requestType: 'InstallApplication', state: 'waitingLicense' }),
    ]);
    await settle(t);
    expect(await deliver()).toMatchObject({ sent: 1 });
  });
});
