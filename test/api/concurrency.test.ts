import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAppleAccount, catalogApp, settle } from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';

let w: AppleWorld;
beforeAll(async () => {
  w = await startAppleWorld();
});
afterAll(async () => w.close());

describe('R-A13: no licence is allocated twice or beyond the pool', () => {
  it('R-A13, R-V8, R-M5: 200 concurrent check-ins against 50 licences give exactly 50, in Allot and in the store, and usage is raised once per crossing', async () => {
    const { admin } = await w.t.newTenant();
    const { account, locationId } = await addAppleAccount(w, admin, {
      assets: [
        { adamId: '200001', name: 'Scarce', bundleId: 'com.example.scarce', totalCount: 50 },
      ],
    });
    const catalog = await catalogApp(admin, '200001', {
      target: { type: 'allDevices' },
      intent: 'required',
    });
    const serials: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      const serialNumber = `RACE${String(i).padStart(4, '0')}`;
      const created = await admin.post('/devices', { serialNumber, platform: 'ipados' });
      expect(created.status).toBe(201);
      serials.push(serialNumber);
    }

    const results = await Promise.all(
      serials.map((serialNumber) => admin.post('/check-in', { serialNumber })),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const states = results.map(
      (r) => r.body.apps.find((a: any) => a.catalogAppId === catalog.id)?.state,
    );
    expect(states.filter((s) => s === 'pending')).toHaveLength(50);
    expect(states.filter((s) => s === 'noLicense')).toHaveLength(150);

    const licenses = await w.t.ctx.db.kysely
      .selectFrom('licenses')
      .select(['subjectId'])
      .where('accountId', '=', account.id)
      .where('state', '=', 'active')
      .execute();
    expect(licenses).toHaveLength(50);
    expect(new Set(licenses.map((l) => l.subjectId)).size).toBe(50);
    const pool = await w.t.ctx.db.kysely
      .selectFrom('pools')
      .selectAll()
      .where('accountId', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(pool).toMatchObject({ total: 50, inUse: 50 });

    // R-M5: usage is evaluated once per transaction, from the counts it commits: never above
    // 100 %, each threshold raised once, and only the highest one active.
    const usage = (await admin.get('/notifications?kind=usage&limit=100')).body.items;
    const thresholds = usage.map((n: any) => n.threshold);
    expect(new Set(thresholds).size).toBe(thresholds.length);
    for (const n of usage) {
      expect(Number(/(\d+) % of licences/.exec(n.message)![1])).toBeLessThanOrEqual(100);
    }
    const active = usage.filter((n: any) => n.state === 'active');
    expect(active.map((n: any) => n.threshold)).toEqual([100]);

    await settle(w.t);
    const held = w.apple.listAssignments(locationId).filter((a) => a.adamId === '200001');
    expect(held).toHaveLength(50);
    expect(new Set(held.map((a) => a.serialNumber)).size).toBe(50);
  });
});
