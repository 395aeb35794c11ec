import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LicenseTable } from '../../src/db/schema.js';
import { raiseNotification } from '../../src/services/monitoring/notifications.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';
import {
  defaultSpaceId,
  grant,
  insertAccount,
  insertPool,
  insertProduct,
  release,
} from '../factories/ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('usage notifications', () => {
  it('R-M5: info above 50 %, warning at 70 and 80 %, alert at 90 and 100 %, each raised once and superseded by the next, cleared below 50 %', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const productId = await insertProduct(t, tenantId, { name: 'Logic Pro' });
    const accountId = await insertAccount(t, tenantId, { spaceId });
    const poolId = await insertPool(t, tenantId, { accountId, productId, total: 10 });
    const held: LicenseTable[] = [];
    const take = async () => {
      held.push(
        await grant(t, {
          tenantId,
          spaceId,
          poolId,
          catalogAppId: null,
          subject: { type: 'device', id: `device-${held.length}`, name: `D${held.length}` },
        }),
      );
    };
    const active = async () =>
      (await admin.get('/notifications?kind=usage&state=active')).body.items
        .map((n: any) => [n.threshold, n.severity])
        .reverse();

    for (let i = 0; i < 5; i += 1) await take();
    expect(await active()).toEqual([]); // exactly 50 % is not above 50 %
    await take();
    expect(await active()).toEqual([[50, 'info']]);
    await take();
    expect(await active()).toEqual([[70, 'warning']]);
    await take();
    await take();
    await take();
    // Only the highest threshold crossed is active; the lower ones were superseded.
    expect(await active()).toEqual([[100, 'alert']]);
    const all = await admin.get('/notifications?kind=usage');
    expect(all.body.items.map((n: any) => [n.threshold, n.state]).reverse()).toEqual([
      [50, 'cleared'],
      [70, 'cleared'],
      [80, 'cleared'],
      [90, 'cleared'],
      [100, 'active'],
    ]);
    expect(all.body.items[0]).toMatchObject({
      kind: 'usage',
      severity: 'alert',
      threshold: 100,
      subject: { type: 'product', name: 'Logic Pro' },
      spaceId,
      state: 'active',
      clearedAt: null,
      remedy: expect.any(String),
      message: 'Logic Pro: 100 % of licences in use (threshold 100 %)',
    });

    // Down to 60 %, then 50 %: nothing is raised again, nothing cleared.
    for (let i = 0; i < 5; i += 1) await release(t, held.pop()!);
    expect(await active()).toEqual([[100, 'alert']]);
    // Below 50 %: cleared.
    await release(t, held.pop()!);
    expect(await active()).toEqual([]);
    const cleared = await admin.get('/notifications?kind=usage&state=cleared');
    expect(cleared.body.items).toHaveLength(5);
    expect(cleared.body.items.every((n: any) => n.clearedAt !== null)).toBe(true);
    // A new crossing raises again, once.
    await take();
    await take();
    expect(await active()).toEqual([[50, 'info']]);
  });
});

describe('notifications page', () => {
  it('R-M6: every notification on one page, filtered by state, kind and subject, within the caller’s space', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const annex = (await admin.post('/spaces', { name: 'Annex' })).body;
    const at = t.ctx.clock.now();
    const raise = (kind: 'authError' | 'syncFailed', subjectId: string, space: string | null) =>
      t.ctx.db.transaction((trx) =>
        raiseNotification(
          trx,
          tenantId,
          {
            kind,
            severity: 'alert',
            subject: { type: 'account', id: subjectId, name: subjectId },
            spaceId: space,
            message: `${kind} on ${subjectId}`,
            remedy: 'Upload a valid token',
          },
          at,
        ),
      );
    await raise('authError', 'acct-main', spaceId);
    await raise('syncFailed', 'acct-main', spaceId);
    await raise('authError', 'acct-annex', annex.id);
    // The same condition twice is one notification.
    expect(await raise('authError', 'acct-main', spaceId)).toBeNull();

    expect((await admin.get('/notifications')).body.items).toHaveLength(3);
    expect((await admin.get('/notifications?kind=authError')).body.items).toHaveLength(2);
    const one = await admin.get('/notifications?subjectId=acct-main&kind=syncFailed');
    expect(one.body.items).toEqual([
      expect.objectContaining({
        kind: 'syncFailed',
        severity: 'alert',
        subject: { type: 'account', id: 'acct-main', name: 'acct-main' },
        message: 'syncFailed on acct-main',
        remedy: 'Upload a valid token',
        threshold: null,
        state: 'active',
      }),
    ]);
    expect((await admin.get('/notifications?state=cleared')).body.items).toHaveLength(0);
    expect((await admin.get('/notifications?kind=nonsense')).status).toBe(400);

    const annexToken = (
      await admin.post('/api-tokens', { name: 'annex', role: 'readOnly', spaceId: annex.id })
    ).body.token;
    const annexView = await t.client(annexToken).get('/notifications');
    expect(annexView.body.items.map((n: any) => n.subject.id)).toEqual(['acct-annex']);
    const stranger = await t.newTenant();
    expect((await stranger.admin.get('/notifications')).body.items).toHaveLength(0);
  });
});
