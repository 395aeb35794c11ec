import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMicrosoftAccount,
  checkIn,
  directoryUsers,
  msCatalogApp,
  NOTES,
  settle,
  startMicrosoftWorld,
  storeSeats,
  windowsDevice,
  type MicrosoftWorld,
} from '../helpers/microsoftFlow.js';

let w: MicrosoftWorld;
beforeAll(async () => {
  w = await startMicrosoftWorld();
});
afterAll(async () => w.close());

describe('waitlist on the Microsoft Store', () => {
  it('R-X4: seats bought in the Store serve the queue at the sync that sees them, by UPN', async () => {
    const upns = ['ana', 'ben', 'cy'].map((n) => `${n}@contoso.example.com`);
    const { admin } = await w.t.newTenant();
    const { account, tenantDirectoryId } = await addMicrosoftAccount(w, admin, {
      users: upns,
      products: [{ productId: NOTES, name: 'Notes', seats: 1, packageIdentityName: 'Contoso.N' }],
    });
    // R-A12 refuses an assignment the Store cannot cover: the others join after it.
    const first = await directoryUsers(admin, upns.slice(0, 1));
    const online = await msCatalogApp(admin, NOTES);
    const assigned = await admin.post(`/catalog-apps/${online.id}/assignments`, {
      target: { type: 'allUsers' },
      intent: 'required',
    });
    expect(assigned.status, assigned.text).toBe(201);
    const users = [...first, ...(await directoryUsers(admin, upns.slice(1)))];
    const devices = [];
    for (const user of users) devices.push(await windowsDevice(admin, user));
    for (const d of devices) await checkIn(admin, d.serialNumber);
    const queue = async () =>
      (await admin.get(`/waitlist?catalogAppId=${online.id}`)).body.items.map(
        (e: any) => e.user.id,
      );
    expect(await queue()).toEqual([users[1].id, users[2].id]);

    w.microsoft.buy(tenantDirectoryId, { productId: NOTES, seats: 1 });
    expect((await admin.post(`/accounts/${account.id}/sync`, {})).status).toBe(202);
    await settle(w.t);
    expect(await queue()).toEqual([users[2].id]);
    expect(storeSeats(w, tenantDirectoryId)).toEqual(
      [users[0].email, users[1].email].map((e) => `${NOTES}/0016 ${e}`).sort(),
    );
  });
});
