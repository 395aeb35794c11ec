/**
 * R-V8 (updated): a store that does not know the user of a licence. Apple (9609): Allot
 * registers the user again with the same clientUserId and retries once; if the store still
 * refuses, that licence is released and reported, and the rest of the batch goes through.
 * The Microsoft Store (UserNotFound): the licence is released at once, never left active.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAppleAccount,
  appState,
  catalogApp,
  device,
  productOf,
  settle,
} from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import {
  addMicrosoftAccount,
  checkIn as msCheckIn,
  directoryUsers,
  msCatalogApp,
  NOTES,
  startMicrosoftWorld,
  storeSeats,
  userGroup,
  windowsDevice,
  type MicrosoftWorld,
} from '../helpers/microsoftFlow.js';
import type { Client } from '../helpers/testApp.js';

let w: AppleWorld;
let ms: MicrosoftWorld;
/** Called at the start of every Apple wire request (tests set it to interleave). */
let onAppleRequest: (request: { path: string; body?: unknown }) => void = () => undefined;

beforeAll(async () => {
  w = await startAppleWorld({ emulator: { onRequest: (r) => onAppleRequest(r) } });
  ms = await startMicrosoftWorld();
});
afterAll(async () => {
  onAppleRequest = () => undefined;
  await w.close();
  await ms.close();
});

async function checkIn(admin: Client, serialNumber: string) {
  const response = await admin.post('/check-in', { serialNumber });
  expect(response.status, response.text).toBe(200);
  return response.body;
}

/** Two users who joined the location, each with an iPad, and a required user-licensed app. */
async function appleWorld(adamId: string) {
  const { admin } = await w.t.newTenant();
  const { account, locationId } = await addAppleAccount(w, admin, {
    assets: [{ adamId, name: `App ${adamId}`, bundleId: `com.example.${adamId}`, totalCount: 5 }],
  });
  const app = await catalogApp(admin, adamId, {
    target: { type: 'allUsers' },
    intent: 'required',
    licenseType: 'user',
  });
  const { device: lostIpad, user: lost } = await device(admin);
  const { device: keptIpad, user: kept } = await device(admin);
  for (const user of [lost, kept]) {
    await admin.post(`/users/${user.id}/invite`);
  }
  await settle(w.t);
  for (const user of [lost, kept]) w.apple.acceptInvitation(locationId, user.id);
  await admin.post(`/accounts/${account.id}/sync`, {});
  await settle(w.t);
  // Someone retires `lost` at Apple behind Allot's back: Apple no longer knows them.
  w.apple.retireUser(locationId, lost.id);
  const mark = w.apple.requestLog.length;
  return { admin, account, locationId, app, lost, lostIpad, kept, keptIpad, mark };
}

async function licenseOf(admin: Client, userId: string) {
  const items = (await admin.get(`/licenses?subjectId=${userId}`)).body.items as Array<
    Record<string, unknown>
  >;
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe('R-V8: a user the store does not know', () => {
  it('R-V8: Apple 9609 — the user is registered again with the same clientUserId and the licence goes through', async () => {
    const a = await appleWorld('170001');
    expect(appState(await checkIn(a.admin, a.lostIpad.serialNumber), a.app.id).state).toBe(
      'pending',
    );
    expect(appState(await checkIn(a.admin, a.keptIpad.serialNumber), a.app.id).state).toBe(
      'pending',
    );
    await settle(w.t);

    expect(await licenseOf(a.admin, a.lost.id)).toMatchObject({
      state: 'active',
      storeState: 'confirmed',
    });
    expect(await licenseOf(a.admin, a.kept.id)).toMatchObject({ storeState: 'confirmed' });
    expect(
      w.apple
        .listAssignments(a.locationId)
        .map((x) => x.clientUserId)
        .sort(),
    ).toEqual([a.lost.id, a.kept.id].sort());
    // Registered again: a new active row with the same clientUserId, next to the retired one.
    expect(
      w.apple
        .listUsers(a.locationId)
        .filter((u) => u.clientUserId === a.lost.id)
        .map((u) => u.status),
    ).toEqual(['Retired', 'Registered']);
    const creates = w.apple.requestLog
      .slice(a.mark)
      .filter((r) => r.path === '/users/create' && JSON.stringify(r.body).includes(a.lost.id));
    expect(creates).toHaveLength(1);
    // Allot knows the store has them registered, not associated: they must join again.
    expect((await a.admin.get(`/users/${a.lost.id}`)).body.enrolment).toBe('invited');
    expect((await a.admin.get(`/users/${a.kept.id}`)).body.enrolment).toBe('joined');
    const activity = await a.admin.get('/activity?action=store.userRegisteredAgain');
    expect(activity.body.items).toEqual([
      expect.objectContaining({ subject: expect.objectContaining({ id: a.lost.id }) }),
    ]);
  });

  it('R-V8: Apple 9609 again after registering — that licence is released and reported; the rest of the batch goes through', async () => {
    const a = await appleWorld('170002');
    // The store loses the user once more between the registration and the retried association.
    let registeredAgain = false;
    onAppleRequest = (request) => {
      if (request.path === '/users/create') registeredAgain = true;
      const users = (request.body as { clientUserIds?: string[] } | undefined)?.clientUserIds;
      if (request.path === '/assets/associate' && registeredAgain && users?.includes(a.lost.id)) {
        w.apple.retireUser(a.locationId, a.lost.id);
      }
    };
    try {
      await checkIn(a.admin, a.lostIpad.serialNumber);
      await checkIn(a.admin, a.keptIpad.serialNumber);
      await settle(w.t);
    } finally {
      onAppleRequest = () => undefined;
    }

    expect(await licenseOf(a.admin, a.lost.id)).toMatchObject({
      state: 'revoked',
      storeState: 'refused',
    });
    expect(await licenseOf(a.admin, a.kept.id)).toMatchObject({
      state: 'active',
      storeState: 'confirmed',
    });
    expect(w.apple.listAssignments(a.locationId).map((x) => x.clientUserId)).toEqual([a.kept.id]);
    // The device no longer waits for ever: no licence, because the store refused it.
    const apps = (await a.admin.get(`/devices/${a.lostIpad.id}/apps`)).body.items;
    expect(apps[0]).toMatchObject({ state: 'noLicense', reason: 'storeRefused' });
    const refused = (await a.admin.get('/notifications?kind=storeRefused')).body.items;
    expect(refused).toEqual([
      expect.objectContaining({
        severity: 'alert',
        message: expect.stringContaining('does not know 1 user(s)'),
      }),
    ]);
    // The seat went back to the pool: one licence in use, the kept user's.
    expect((await productOf(a.admin, '170002')).pools[0]).toMatchObject({ inUse: 1 });
  });

  it('R-V8: Microsoft Store UserNotFound — the licence is released, not left active; the others get their seat', async () => {
    const { admin } = await ms.t.newTenant();
    const known = ['ana', 'ben'].map((n) => `${n}@contoso.example.com`);
    const { tenantDirectoryId } = await addMicrosoftAccount(ms, admin, {
      users: known,
      products: [
        { productId: NOTES, name: 'Notes', seats: 5, packageIdentityName: 'Contoso.Notes' },
      ],
    });
    const users = await directoryUsers(admin, [...known, 'ghost@contoso.example.com']);
    const online = await msCatalogApp(admin, NOTES);
    const staff = await userGroup(admin, 'Staff', users);
    const created = await admin.post(`/catalog-apps/${online.id}/assignments`, {
      target: { type: 'group', groupId: staff.id },
      intent: 'required',
    });
    expect(created.status, created.text).toBe(201);
    const laptops = [];
    for (const user of users) laptops.push(await windowsDevice(admin, user));
    for (const laptop of laptops) await msCheckIn(admin, laptop.serialNumber);
    await settle(ms.t);

    const ghost = users[2];
    const licenses = (await admin.get(`/licenses?subjectId=${ghost.id}`)).body.items;
    expect(licenses).toEqual([
      expect.objectContaining({ state: 'revoked', storeState: 'refused', store: 'microsoft' }),
    ]);
    for (const user of users.slice(0, 2)) {
      const held = (await admin.get(`/licenses?subjectId=${user.id}`)).body.items;
      expect(held).toEqual([expect.objectContaining({ state: 'active', storeState: 'confirmed' })]);
    }
    const apps = (await admin.get(`/devices/${laptops[2].id}/apps`)).body.items;
    expect(apps[0]).toMatchObject({ state: 'noLicense', reason: 'storeRefused' });
    expect(storeSeats(ms, tenantDirectoryId)).toEqual(known.map((u) => `${NOTES}/0016 ${u}`));
    const refused = (await admin.get('/notifications?kind=storeRefused')).body.items;
    expect(refused).toEqual([
      expect.objectContaining({
        store: 'microsoft',
        message: expect.stringContaining('does not know'),
      }),
    ]);
  });
});
