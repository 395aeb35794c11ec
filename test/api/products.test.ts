import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import { appleAccountBody, newLocation, runJobs } from '../helpers/appleAccounts.js';

let world: AppleWorld;
beforeAll(async () => {
  world = await startAppleWorld();
});
afterAll(async () => world.close());

const ASSETS = [
  { adamId: '8001', name: 'Chemistry Lab', totalCount: 20, price: 1.99, bundleId: 'org.lab.chem' },
  { adamId: '8002', name: 'Physics Lab', totalCount: 4 },
];

describe('products and licence pools', () => {
  it('R-M1: lists products with cost, platforms and one pool per account, searchable', async () => {
    const { admin } = await world.t.newTenant();
    const main = newLocation(world.apple, ASSETS);
    const annexSpace = (await admin.post('/spaces', { name: 'Annex' })).body;
    // The store's catalog is shared: the same app bought by another location.
    const annex = newLocation(world.apple, [{ ...ASSETS[0]!, totalCount: 5 }]);
    const a = (await admin.post('/accounts', appleAccountBody(main.sToken, { name: 'Main' }))).body;
    const b = (
      await admin.post(
        '/accounts',
        appleAccountBody(annex.sToken, { name: 'Annex', spaceId: annexSpace.id }),
      )
    ).body;
    await runJobs(world.t);

    const all = await admin.get('/products?store=apple');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(2);
    const chem = all.body.items.find((p: any) => p.storeProductId === '8001');
    expect(chem).toMatchObject({
      name: 'Chemistry Lab',
      bundleId: 'org.lab.chem',
      pricingParam: 'STDQ',
      costPerLicense: { amount: 199, currency: 'USD' },
      platforms: ['ios', 'ipados', 'macos'],
    });
    expect(chem.pools.map((p: any) => [p.accountId, p.total, p.available])).toEqual(
      expect.arrayContaining([
        [a.id, 20, 20],
        [b.id, 5, 5],
      ]),
    );

    expect((await admin.get('/products?q=physics')).body.items.map((p: any) => p.name)).toEqual([
      'Physics Lab',
    ]);
    expect((await admin.get('/products?q=org.lab')).body.items).toHaveLength(1);
    expect((await admin.get('/products?store=microsoft')).body.items).toEqual([]);
    const one = await admin.get(`/products/${chem.id}`);
    expect(one.body).toEqual(chem);
    const page = await admin.get('/products?limit=1');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));

    // R-S2: a space-scoped actor sees its space's products and pools only.
    const annexToken = (
      await admin.post('/api-tokens', { name: 'annex', role: 'readOnly', spaceId: annexSpace.id })
    ).body.token;
    const annexReader = world.t.client(annexToken);
    const seen = (await annexReader.get('/products')).body.items;
    expect(seen.map((p: any) => p.storeProductId)).toEqual(['8001']);
    expect(seen[0].pools.map((p: any) => p.accountId)).toEqual([b.id]);
    const physics = all.body.items.find((p: any) => p.storeProductId === '8002');
    expect((await annexReader.get(`/products/${physics.id}`)).status).toBe(404);

    const stranger = await world.t.newTenant();
    expect((await stranger.admin.get(`/products/${chem.id}`)).status).toBe(404);
    expect((await stranger.admin.get('/products')).body.items).toEqual([]);
    expect((await admin.get('/products?unknown=1')).status).toBe(400);
  });
});
