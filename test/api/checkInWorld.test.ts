import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadInOneStatement,
  loadStatementByStatement,
  type DeviceWorld,
} from '../../src/services/checkIn/world.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  grant,
  insertAccount,
  insertInstall,
  insertPool,
  insertProduct,
} from '../factories/ledger.js';
import { createDevice, createGroup, createUser } from '../factories/directory.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** A world with something of each kind a check-in reads, and of each kind it must leave out. */
async function fixture() {
  const { admin, id: tenantId } = await t.newTenant();
  const spaceId = await defaultSpaceId(t, tenantId);
  const annex = (await admin.post('/spaces', { name: 'Annex' })).body;
  const products = {
    pages: await insertProduct(t, tenantId, { name: 'Pages', bundleId: 'com.apple.pages' }),
    keynote: await insertProduct(t, tenantId, { name: 'Keynote', bundleId: 'com.apple.keynote' }),
    numbers: await insertProduct(t, tenantId, { name: 'Numbers', bundleId: 'com.apple.numbers' }),
    unrelated: await insertProduct(t, tenantId, { name: 'Unrelated' }),
  };
  const main = await insertAccount(t, tenantId, { spaceId, name: 'Main', priority: 1 });
  const spare = await insertAccount(t, tenantId, { spaceId, name: 'Spare', priority: 2 });
  const annexAccount = await insertAccount(t, tenantId, { spaceId: annex.id, name: 'Annex' });
  const pool = async (accountId: string, productId: string) =>
    insertPool(t, tenantId, { accountId, productId, total: 10 });
  const pagesPool = await pool(main, products.pages);
  await pool(spare, products.pages);
  const keynotePool = await pool(main, products.keynote);
  await pool(main, products.numbers);
  await pool(main, products.unrelated);
  await pool(annexAccount, products.pages);
  const app = async (productId: string) =>
    (await admin.post('/catalog-apps', { productId })).body.id as string;
  const apps = {
    pages: await app(products.pages),
    keynote: await app(products.keynote),
    numbers: await app(products.numbers),
    unrelated: await app(products.unrelated),
  };
  const group = async (name: string, kind: 'user' | 'device') =>
    (await createGroup(admin, { name, kind })).id as string;
  const teachers = await group('Teachers', 'user');
  const carts = await group('Carts', 'device');
  const others = await group('Others', 'user');
  const ann = await createUser(admin, { displayName: 'Ann', email: 'ann@example.org' });
  const bob = await createUser(admin, { displayName: 'Bob', email: 'bob@example.org' });
  const ipad = await createDevice(admin, { serialNumber: 'DMPWORLD0001', primaryUserId: ann.id });
  await admin.post(`/groups/${teachers}/members`, { userIds: [ann.id] });
  await admin.post(`/groups/${carts}/members`, { deviceIds: [ipad.id] });
  await admin.post(`/groups/${others}/members`, { userIds: [bob.id] });
  const assign = async (appId: string, target: object, intent: string) =>
    expect(
      (await admin.post(`/catalog-apps/${appId}/assignments`, { target, intent })).status,
    ).toBe(201);
  await assign(apps.pages, { type: 'group', groupId: teachers }, 'required');
  await assign(apps.pages, { type: 'group', groupId: others }, 'available');
  await assign(apps.keynote, { type: 'group', groupId: carts }, 'required');
  await assign(apps.numbers, { type: 'group', groupId: others }, 'required');
  await assign(apps.unrelated, { type: 'group', groupId: others }, 'required');
  await admin.put(`/catalog-apps/${apps.pages}/distribution/${main}`, {
    reservedUserIds: [ann.id],
    prohibitedUserIds: [bob.id],
  });
  const held = await grant(t, {
    tenantId,
    spaceId,
    poolId: pagesPool,
    catalogAppId: apps.pages,
    subject: { type: 'user', id: ann.id, name: 'Ann' },
  });
  await grant(t, {
    tenantId,
    spaceId,
    poolId: keynotePool,
    catalogAppId: apps.keynote,
    subject: { type: 'device', id: ipad.id, name: ipad.serialNumber },
    serialNumber: ipad.serialNumber,
  });
  await insertInstall(t, {
    tenantId,
    deviceId: ipad.id,
    catalogAppId: apps.pages,
    licenseId: held.id,
  });
  // Numbers targets only a group the device is not in, but it is installed: the check-in reads it.
  await insertInstall(t, {
    tenantId,
    deviceId: ipad.id,
    catalogAppId: apps.numbers,
    licenseId: null,
  });
  return { tenantId, spaceId, annex: annex.id as string, ipad, ann, apps, teachers, carts };
}

/** A world as plain data, in one order, with members without groups left out. */
function comparable(world: DeviceWorld | undefined) {
  if (world === undefined) return undefined;
  const byId = <T extends { id: string }>(rows: readonly T[]) =>
    [...rows].sort((a, b) => a.id.localeCompare(b.id));
  const { poolSet } = world;
  return {
    device: world.device,
    user: world.user,
    groupIds: [...world.groupIds]
      .filter(([, ids]) => ids.length > 0)
      .map(([member, ids]) => [member, [...ids].sort()])
      .sort(),
    assignments: byId(world.assignments),
    installs: byId(world.installs),
    licenses: byId(world.licenses),
    apps: [...world.apps].sort(([a], [b]) => a.localeCompare(b)),
    accounts: byId(poolSet.accounts),
    pools: byId(poolSet.pools),
    distributions: [...poolSet.distributions]
      .map((d) => ({ ...d, reservedUserIds: [...d.reservedUserIds].sort() }))
      .sort((a, b) =>
        `${a.catalogAppId}/${a.accountId}`.localeCompare(`${b.catalogAppId}/${b.accountId}`),
      ),
  };
}

describe("a check-in's world", () => {
  it('is the same read in one statement (PostgreSQL) as statement by statement (SQLite)', async () => {
    const w = await fixture();
    const { kysely, dialect } = t.ctx.db;
    const keys = [{ serialNumber: w.ipad.serialNumber }, { deviceId: w.ipad.id }];
    for (const spaceId of [null, w.spaceId]) {
      for (const key of keys) {
        const scope = { tenantId: w.tenantId, spaceId };
        const one = comparable(await loadInOneStatement(kysely, dialect, scope, key));
        const parts = comparable(await loadStatementByStatement(kysely, scope, key));
        expect(parts).toEqual(one);
        expect(one).toMatchObject({
          device: { id: w.ipad.id },
          user: { id: w.ann.id },
          groupIds: [
            [w.ann.id, [w.teachers]],
            [w.ipad.id, [w.carts]],
          ],
        });
        // Pages (Teachers), Keynote (Carts), and Numbers only because it is installed.
        expect(one!.apps.map(([id]) => id).sort()).toEqual(
          [w.apps.pages, w.apps.keynote, w.apps.numbers].sort(),
        );
        expect(one!.assignments).toHaveLength(2);
        expect(one!.installs).toHaveLength(2);
        expect(one!.licenses).toHaveLength(2);
        // The pools of the three products in the device's space; not Unrelated's, not the Annex's.
        expect(one!.pools).toHaveLength(4);
        expect(one!.accounts.map((a) => a.id).sort()).toHaveLength(2);
        expect(one!.distributions).toEqual([
          expect.objectContaining({ catalogAppId: w.apps.pages, reservedUserIds: [w.ann.id] }),
        ]);
      }
    }
  });

  it('is not found for an unknown device, or one outside the space asked for', async () => {
    const w = await fixture();
    const { kysely, dialect } = t.ctx.db;
    for (const [scope, key] of [
      [{ tenantId: w.tenantId, spaceId: null }, { serialNumber: 'NOSUCHSERIAL' }],
      [{ tenantId: w.tenantId, spaceId: w.annex }, { deviceId: w.ipad.id }],
    ] as const) {
      expect(await loadInOneStatement(kysely, dialect, scope, key)).toBeUndefined();
      expect(await loadStatementByStatement(kysely, scope, key)).toBeUndefined();
    }
  });
});
