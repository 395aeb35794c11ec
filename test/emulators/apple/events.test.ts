import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleEmulator, type AppleEmulator } from '../../../src/emulators/apple/index.js';
import { eventually, wire } from './helpers.js';

let emulator: AppleEmulator;

beforeAll(async () => {
  emulator = await startAppleEmulator({
    eventDelayMs: 5,
    maxRequestsPerSecond: 0,
    limits: { maxAssets: 2, maxSerialNumbers: 3, maxUsers: 2, maxRevokeSerialNumbers: 2 },
  });
});

afterAll(async () => {
  await emulator.close();
});

function newLocation() {
  const { locationId, sToken } = emulator.createLocation({
    organizationName: 'Example Corp',
    locationName: `Site ${Math.random()}`,
    assets: [
      { adamId: '2001', totalCount: 2 },
      { adamId: '2002', productType: 'Book', totalCount: 2 },
      { adamId: '2003', totalCount: 5, deviceAssignable: false },
    ],
  });
  return { locationId, api: wire(emulator, sToken) };
}

type Status = {
  eventStatus: string;
  eventType: string;
  numCompleted: number;
  numRequested: number;
  failures?: Array<{ errorNumber: number; errorInfo: Record<string, unknown> }>;
};

async function finished(api: ReturnType<typeof wire>, eventId: unknown): Promise<Status> {
  return eventually(async () => {
    const { body } = await api.get(`/status?eventId=${String(eventId)}`);
    if (body.eventStatus === 'PENDING') throw new Error('pending');
    return body as unknown as Status;
  });
}

const asset = (adamId: string) => ({ adamId, pricingParam: 'STDQ' });

describe('Apple emulator: licence events', () => {
  it('associates asynchronously (PENDING → FAILED) and reports 9709 per subject', async () => {
    const { locationId, api } = newLocation();
    const { body } = await api.post('/assets/associate', {
      assets: [asset('2001')],
      serialNumbers: ['A', 'B', 'C'],
    });
    expect(body.eventId).toEqual(expect.any(String));
    const status = await finished(api, body.eventId);
    expect(status).toMatchObject({ eventStatus: 'FAILED', numCompleted: 2, numRequested: 3 });
    expect(status.failures).toEqual([
      expect.objectContaining({
        errorNumber: 9709,
        errorInfo: { assets: [asset('2001')], serialNumbers: ['C'] },
      }),
    ]);
    expect(emulator.listAssignments(locationId)).toHaveLength(2);
    const counts = emulator.listAssets(locationId).find((a) => a.adamId === '2001');
    expect(counts).toMatchObject({ assignedCount: 2, totalCount: 2 });
  });

  it('keeps an event PENDING for eventDelayMs; close() drops the pending work', async () => {
    const slow = await startAppleEmulator({ eventDelayMs: 60_000 });
    const { sToken } = slow.createLocation({
      organizationName: 'O',
      locationName: 'L',
      assets: [{ adamId: '1', totalCount: 1 }],
    });
    const api = wire(slow, sToken);
    const { body } = await api.post('/assets/associate', {
      assets: [asset('1')],
      serialNumbers: ['A'],
    });
    const pending = await api.get(`/status?eventId=${String(body.eventId)}`);
    expect(pending.body).toMatchObject({
      eventStatus: 'PENDING',
      eventType: 'ASSOCIATE',
      numRequested: 1,
      numCompleted: 0,
    });
    await slow.close();
  });

  it('R-A7: associating what a subject already holds uses no second licence', async () => {
    const { locationId, api } = newLocation();
    const first = await api.post('/assets/associate', {
      assets: [asset('2001')],
      serialNumbers: ['A'],
    });
    await finished(api, first.body.eventId);
    const again = await api.post('/assets/associate', {
      assets: [asset('2001')],
      serialNumbers: ['A'],
    });
    expect(await finished(api, again.body.eventId)).toMatchObject({ eventStatus: 'COMPLETE' });
    const counts = emulator.listAssets(locationId).find((a) => a.adamId === '2001');
    expect(counts).toMatchObject({ assignedCount: 1 });
  });

  it('refuses a user it never registered at once, in the associate answer (9609), then gives one', async () => {
    const { locationId, api } = newLocation();
    const early = await api.post('/assets/associate', {
      assets: [asset('2003')],
      clientUserIds: ['u-1'],
    });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({
      errorNumber: 9609,
      errorInfo: { clientUserIds: ['u-1'] },
    });
    expect(early.body).not.toHaveProperty('eventId');

    const created = await api.post('/users/create', {
      users: [{ clientUserId: 'u-1', email: 'kim@example.org' }],
    });
    expect(await finished(api, created.body.eventId)).toMatchObject({ eventStatus: 'COMPLETE' });
    const user = emulator.listUsers(locationId)[0];
    expect(user).toMatchObject({ clientUserId: 'u-1', status: 'Registered' });
    expect(user?.inviteCode).toEqual(expect.any(String));

    const later = await api.post('/assets/associate', {
      assets: [asset('2003')],
      clientUserIds: ['u-1'],
    });
    expect(await finished(api, later.body.eventId)).toMatchObject({ eventStatus: 'COMPLETE' });
    expect(emulator.listAssignments(locationId)).toEqual([
      { adamId: '2003', pricingParam: 'STDQ', clientUserId: 'u-1' },
    ]);
  });

  it('disassociates and revokes revocable licences only; books stay', async () => {
    const { locationId, api } = newLocation();
    emulator.seed(locationId, {
      users: [{ clientUserId: 'u-9' }],
      assignments: [
        { adamId: '2001', serialNumber: 'A' },
        { adamId: '2001', clientUserId: 'u-9' },
        { adamId: '2002', clientUserId: 'u-9' },
      ],
    });
    const book = await api.post('/assets/disassociate', {
      assets: [asset('2002')],
      clientUserIds: ['u-9'],
    });
    expect([book.status, book.body.errorNumber]).toEqual([400, 9706]);

    const dis = await api.post('/assets/disassociate', {
      assets: [asset('2001')],
      serialNumbers: ['A'],
    });
    expect(await finished(api, dis.body.eventId)).toMatchObject({ eventStatus: 'COMPLETE' });
    const revoke = await api.post('/assets/revoke', { clientUserIds: ['u-9'] });
    expect(await finished(api, revoke.body.eventId)).toMatchObject({ eventType: 'REVOKE' });
    expect(emulator.listAssignments(locationId)).toEqual([
      { adamId: '2002', pricingParam: 'STDQ', clientUserId: 'u-9' },
    ]);
    const app = emulator.listAssets(locationId).find((a) => a.adamId === '2001');
    expect(app).toMatchObject({ assignedCount: 0, totalCount: 2 });
  });

  it('retires a user: revocable licences return, books count as retired', async () => {
    const { locationId, api } = newLocation();
    emulator.seed(locationId, {
      users: [{ clientUserId: 'u-r' }],
      assignments: [
        { adamId: '2003', clientUserId: 'u-r' },
        { adamId: '2002', clientUserId: 'u-r' },
      ],
    });
    const retire = await api.post('/users/retire', { users: [{ clientUserId: 'u-r' }] });
    expect(await finished(api, retire.body.eventId)).toMatchObject({ eventStatus: 'COMPLETE' });
    const assets = emulator.listAssets(locationId);
    expect(assets.find((a) => a.adamId === '2003')).toMatchObject({
      assignedCount: 0,
      retiredCount: 0,
    });
    expect(assets.find((a) => a.adamId === '2002')).toMatchObject({
      assignedCount: 0,
      retiredCount: 1,
    });
    const [book] = ((await api.get('/assets?adamId=2002')).body.assets ?? []) as Array<
      Record<string, number>
    >;
    expect(book).toMatchObject({ availableCount: 1, retiredCount: 1, totalCount: 2 });
    expect(emulator.listUsers(locationId)).toEqual([
      expect.objectContaining({ clientUserId: 'u-r', status: 'Retired' }),
    ]);

    // A retired clientUserId can be created again; a live one cannot (9716).
    const again = await api.post('/users/create', { users: [{ clientUserId: 'u-r' }] });
    expect(await finished(api, again.body.eventId)).toMatchObject({ eventStatus: 'COMPLETE' });
    const twice = await api.post('/users/create', { users: [{ clientUserId: 'u-r' }] });
    const status = await finished(api, twice.body.eventId);
    expect(status.failures?.[0]).toMatchObject({
      errorNumber: 9716,
      errorInfo: { clientUserIds: ['u-r'] },
    });
  });

  it('links a user given a managedAppleId at once, and refuses that account twice (9641)', async () => {
    const { locationId, api } = newLocation();
    const created = await api.post('/users/create', {
      users: [
        { clientUserId: 'm-1', managedAppleId: 'kim@appleid.example.org' },
        { clientUserId: 'm-2', managedAppleId: 'kim@appleid.example.org' },
      ],
    });
    const status = await finished(api, created.body.eventId);
    expect(status).toMatchObject({ numCompleted: 1, numRequested: 2 });
    expect(status.failures?.[0]).toMatchObject({ errorNumber: 9641 });
    expect(emulator.listUsers(locationId)).toEqual([
      expect.objectContaining({
        clientUserId: 'm-1',
        status: 'Associated',
        idHash: expect.any(String),
      }),
    ]);
  });

  it.each([
    [
      '9700 too many assets',
      '/assets/associate',
      { assets: [asset('2001'), asset('2002'), asset('2003')], clientUserIds: ['u'] },
      9700,
    ],
    [
      '9702 too many serials',
      '/assets/associate',
      { assets: [asset('2001')], serialNumbers: ['1', '2', '3', '4'] },
      9702,
    ],
    [
      '9703 duplicate assets',
      '/assets/associate',
      { assets: [asset('2001'), asset('2001')], serialNumbers: ['1'] },
      9703,
    ],
    [
      '9705 duplicate serials',
      '/assets/associate',
      { assets: [asset('2001')], serialNumbers: ['1', '1'] },
      9705,
    ],
    [
      '9707 book to a device',
      '/assets/associate',
      { assets: [asset('2002')], serialNumbers: ['1'] },
      9707,
    ],
    ['9718 no assets', '/assets/associate', { serialNumbers: ['1'] }, 9718],
    ['9719 no subjects', '/assets/associate', { assets: [asset('2001')] }, 9719],
    ['9702 revoke limit', '/assets/revoke', { serialNumbers: ['1', '2', '3'] }, 9702],
    [
      '9714 too many users',
      '/users/create',
      { users: [{ clientUserId: 'a' }, { clientUserId: 'b' }, { clientUserId: 'c' }] },
      9714,
    ],
    [
      '9715 duplicate users',
      '/users/create',
      { users: [{ clientUserId: 'a' }, { clientUserId: 'a' }] },
      9715,
    ],
    ['9717 bad email', '/users/create', { users: [{ clientUserId: 'a', email: 'nope' }] }, 9717],
    ['9720 no users', '/users/retire', { users: [] }, 9720],
    ['9602 bad JSON shape', '/assets/associate', [1, 2], 9602],
  ])('refuses synchronously: %s', async (_label, path, body, errorNumber) => {
    const { api } = newLocation();
    const response = await api.post(path, body);
    expect([response.status, response.body.errorNumber]).toEqual([400, errorNumber]);
  });

  it('answers 9708 for an unknown eventId or one of another location', async () => {
    const a = newLocation();
    const b = newLocation();
    const { body } = await a.api.post('/assets/revoke', { serialNumbers: ['X'] });
    expect((await b.api.get(`/status?eventId=${String(body.eventId)}`)).body.errorNumber).toBe(
      9708,
    );
    expect((await a.api.get('/status?eventId=unknown')).body.errorNumber).toBe(9708);
  });
});
