import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '../../src/services/accounts/connections.js';
import { verifyLedger } from '../../src/services/ledger/verifyLedger.js';
import { addAppleAccount, catalogApp, device, settle } from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';

let w: AppleWorld;
beforeAll(async () => {
  w = await startAppleWorld();
});
afterAll(async () => w.close());

describe('the consistency checker', () => {
  it('R-A13, R-V8: finds no drift after allocations and revocations reached the store, and names each drift it finds', async () => {
    const { admin, id: tenantId } = await w.t.newTenant();
    const { account, locationId } = await addAppleAccount(w, admin, {
      assets: [{ adamId: '500001', name: 'Ledger', bundleId: 'com.example.ledger', totalCount: 5 }],
    });
    await catalogApp(admin, '500001', { target: { type: 'allDevices' }, intent: 'required' });
    const devices = [];
    for (let i = 0; i < 3; i += 1) devices.push((await device(admin)).device);
    for (const d of devices) await admin.post('/check-in', { serialNumber: d.serialNumber });
    await admin.post(`/devices/${devices[0].id}/retire`);
    await settle(w.t);
    const mine = (drifts: Awaited<ReturnType<typeof verifyLedger>>) =>
      drifts.filter((d) => d.tenantId === tenantId);
    expect(mine(await verifyLedger(w.t.ctx))).toEqual([]);

    // Someone takes a licence back in the store behind Allot's back, and a counter goes wrong.
    const row = await w.t.ctx.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    await connectorFor(w.t.ctx, row).disassociate({
      products: [{ storeProductId: '500001', pricingParam: 'STDQ' }],
      subjects: [{ serialNumber: devices[1].serialNumber }],
    });
    await w.t.ctx.db.kysely
      .updateTable('pools')
      .set({ inUse: 7 })
      .where('accountId', '=', account.id)
      .execute();
    const drifts = mine(await verifyLedger(w.t.ctx));
    expect(drifts.map((d) => d.kind).sort()).toEqual(['poolInUse', 'storeMissing']);
    expect(drifts.find((d) => d.kind === 'poolInUse')?.message).toContain(
      'inUse 7, active licences 2',
    );
    expect(drifts.find((d) => d.kind === 'storeMissing')?.message).toContain(
      devices[1].serialNumber,
    );

    // A store that no longer answers for the account is reported, not skipped silently.
    w.apple.setTokenState(locationId, { action: 'revoke' });
    expect(mine(await verifyLedger(w.t.ctx)).map((d) => d.kind)).toContain('storeUnreachable');
  });
});
