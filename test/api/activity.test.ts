import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

describe('R-M7: activity log', () => {
  it('R-M7: every write records who, what, when, the subject and before/after', async () => {
    const { admin } = await t.newTenant();
    const kim = (await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).body;
    await admin.patch(`/users/${kim.id}`, { displayName: 'Kim Lee' });
    const entries = (await admin.get(`/activity?subjectId=${kim.id}`)).body.items;
    expect(entries.map((e: any) => e.action)).toEqual(['user.create', 'user.update']);
    expect(entries[1]).toMatchObject({
      actor: { type: 'token', name: 'admin' },
      subject: { type: 'user', id: kim.id, name: 'Kim Lee' },
      before: { displayName: 'Kim' },
      after: { displayName: 'Kim Lee' },
      at: '2026-03-01T08:00:00.000Z',
    });
  });

  it('R-M7: a refused write leaves no entry (the log shares the transaction)', async () => {
    const { admin } = await t.newTenant();
    await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' });
    expect(
      (await admin.post('/users', { email: 'kim@example.org', displayName: 'Kim' })).status,
    ).toBe(409);
    expect((await admin.get('/activity?action=user.create')).body.items).toHaveLength(1);
  });

  it('R-M7: filters by action (exact or prefix) and by time', async () => {
    const { admin } = await t.newTenant();
    clock.set(new Date('2026-04-01T10:00:00.000Z'));
    await admin.post('/users', { email: 'a@example.org', displayName: 'A' });
    clock.set(new Date('2026-04-02T10:00:00.000Z'));
    const group = (await admin.post('/groups', { name: 'G', kind: 'user' })).body;
    clock.set(new Date('2026-04-03T10:00:00.000Z'));
    await admin.patch(`/groups/${group.id}`, { name: 'G2' });

    expect(
      (await admin.get('/activity?action=group.')).body.items.map((e: any) => e.action),
    ).toEqual(['group.create', 'group.update']);
    expect((await admin.get('/activity?action=group.update')).body.items).toHaveLength(1);
    const window = await admin.get(
      '/activity?since=2026-04-02T00:00:00.000Z&until=2026-04-03T00:00:00.000Z',
    );
    expect(window.body.items.map((e: any) => e.action)).toEqual(['group.create']);
    expect((await admin.get('/activity?since=yesterday')).status).toBe(400);
  });

  it('R-M7: exports the log as CSV', async () => {
    const { admin } = await t.newTenant();
    await admin.post('/users', { email: 'csv@example.org', displayName: 'Comma, "Quoted"' });
    const csv = await admin.get('/activity', { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,at,actor,action,subjectType,subjectId,subjectName,spaceId,before,after',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"Comma, ""Quoted"""');
    expect(lines[1]).toContain('user.create');
  });

  it('R-M7: the log is append-only: the API offers no way to change or delete entries', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json();
    const methods = Object.keys(doc.paths['/api/v1/activity']);
    expect(methods).toEqual(['get']);
    // Under /activity/ only the list of actions to filter by, read-only too.
    const under = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/activity/'));
    expect(under).toEqual(['/api/v1/activity/actions']);
    expect(Object.keys(doc.paths['/api/v1/activity/actions'])).toEqual(['get']);
  });
});
