/**
 * What the console's monitoring pages read (R-M5, R-M6, R-M7): notifications acknowledged and
 * ordered by severity, the activity log newest first with names, and the actions to filter by.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseNotification, type Severity } from '../../src/services/monitoring/notifications.js';
import { createGroup, createUser } from '../factories/directory.js';
import { defaultSpaceId } from '../factories/ledger.js';
import { createTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function raise(
  tenantId: string,
  subjectId: string,
  severity: Severity,
  spaceId: string | null,
): Promise<string> {
  const raised = await t.ctx.db.transaction((trx) =>
    raiseNotification(
      trx,
      tenantId,
      {
        kind: 'syncFailed',
        severity,
        subject: { type: 'account', id: subjectId, name: `Account ${subjectId}` },
        spaceId,
        message: `sync failed on ${subjectId}`,
      },
      t.ctx.clock.now(),
    ),
  );
  return raised!.id;
}

describe('acknowledging a notification', () => {
  it('R-M6: keeps who and when, logs it, drops it from the unacknowledged count, keeps it listed', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const id = await raise(tenantId, 'acct-1', 'alert', spaceId);
    await raise(tenantId, 'acct-2', 'warning', spaceId);

    const acked = await admin.post(`/notifications/${id}/acknowledge`);
    expect(acked.status, acked.text).toBe(200);
    expect(acked.body).toMatchObject({
      id,
      state: 'active',
      acknowledged: { at: expect.any(String), by: { name: expect.any(String) } },
    });
    // Again: unchanged.
    const again = await admin.post(`/notifications/${id}/acknowledge`);
    expect(again.body.acknowledged).toEqual(acked.body.acknowledged);

    const active = await admin.get('/notifications?state=active');
    expect(active.body.items).toHaveLength(2);
    const open = await admin.get('/notifications?state=active&acknowledged=false');
    expect(open.body.items.map((n: any) => n.subject.id)).toEqual(['acct-2']);

    const log = await admin.get('/activity?action=notification.acknowledge');
    expect(log.body.items).toEqual([
      expect.objectContaining({
        action: 'notification.acknowledge',
        subject: { type: 'notification', id, name: 'Account acct-1' },
        spaceId,
      }),
    ]);
  });

  it('R-M6: refused to read-only tokens (403), unknown ids (404), cleared ones (409) and, for a space administrator, tenant-wide ones', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const id = await raise(tenantId, 'acct-1', 'alert', spaceId);
    const wide = await raise(tenantId, 'acct-2', 'alert', null);
    const reader = (await admin.post('/api-tokens', { name: 'reader', role: 'readOnly' })).body;
    const refused = await t.client(reader.token).post(`/notifications/${id}/acknowledge`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');

    expect((await admin.post('/notifications/nope/acknowledge')).status).toBe(404);

    const spaceAdmin = (
      await admin.post('/api-tokens', { name: 'space', role: 'licenseAdmin', spaceId })
    ).body;
    const scoped = t.client(spaceAdmin.token);
    expect((await scoped.post(`/notifications/${wide}/acknowledge`)).status).toBe(403);
    expect((await scoped.post(`/notifications/${id}/acknowledge`)).status).toBe(200);

    await t.ctx.db.kysely
      .updateTable('notifications')
      .set({ state: 'cleared', clearedAt: new Date().toISOString() })
      .where('id', '=', wide)
      .execute();
    const cleared = await admin.post(`/notifications/${wide}/acknowledge`);
    expect(cleared.status).toBe(409);
    expect(cleared.body.error.code).toBe('NOTIFICATION_CLEARED');
  });
});

describe('notifications by severity', () => {
  it('R-M6: sort=severity lists alerts, then warnings, then information, newest first within each, across pages', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    await raise(tenantId, 'a', 'info', spaceId);
    await raise(tenantId, 'b', 'alert', spaceId);
    await raise(tenantId, 'c', 'warning', spaceId);
    await raise(tenantId, 'd', 'alert', spaceId);
    await raise(tenantId, 'e', 'info', spaceId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page: any = await admin.get(`/notifications?sort=severity&limit=2${query}`);
      expect(page.status, page.text).toBe(200);
      seen.push(...page.body.items.map((n: any) => n.subject.id));
      cursor = page.body.nextCursor ?? null;
    } while (cursor !== null);
    expect(seen).toEqual(['d', 'b', 'c', 'e', 'a']);
  });
});

describe('the activity log for the console', () => {
  it('R-M7: newest first on request, subjects and what they refer to named, the actions to filter by', async () => {
    const { admin } = await t.newTenant();
    const uma = await createUser(admin, { displayName: 'Uma Thurman' });
    const group = await createGroup(admin, { name: 'Class 4B', kind: 'user', userIds: [uma.id] });
    await admin.patch(`/users/${uma.id}`, { displayName: 'Uma T.' });

    const newest = await admin.get('/activity?sort=-at');
    expect(newest.status, newest.text).toBe(200);
    const times = newest.body.items.map((e: any) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    const oldest = await admin.get('/activity');
    expect(oldest.body.items.map((e: any) => e.id)).toEqual(
      [...newest.body.items.map((e: any) => e.id)].reverse(),
    );

    // The user's entries name it as it is called now; its id is kept.
    const created = newest.body.items.find((e: any) => e.action === 'user.create');
    expect(created.subject).toEqual({ type: 'user', id: uma.id, name: 'Uma T.' });
    const members = newest.body.items.find(
      (e: any) => e.subject.id === group.id && JSON.stringify(e.after).includes(uma.id),
    );
    expect(members.references).toContainEqual({ type: 'user', id: uma.id, name: 'Uma T.' });

    const actions = await admin.get('/activity/actions');
    expect(actions.status).toBe(200);
    expect(actions.body.items).toEqual(expect.arrayContaining(['group.create', 'user.create']));
    expect(actions.body.items).toEqual([...actions.body.items].sort());
    expect((await admin.get('/activity?sort=name')).status).toBe(400);
  });
});
