import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ManualClock, type TestApp } from '../helpers/testApp.js';
import { activityCsv } from '../../src/http/routes/activity.js';
import { recordActivities, type ActivityInput } from '../../src/services/monitoring/activity.js';
import type { Actor } from '../../src/services/access/actor.js';

let t: TestApp;
const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

const ENTRIES = 2500;

/** A tenant whose log holds ENTRIES entries (written straight, a second apart) after its own. */
async function tenantWithLog() {
  const tenant = await t.newTenant();
  const actor: Actor = {
    tenantId: tenant.id,
    spaceId: null,
    role: 'globalAdmin',
    type: 'system',
    id: null,
    name: 'system',
    isBootstrap: false,
  };
  const inputs = (n: number): ActivityInput[] =>
    Array.from({ length: n }, (_, i) => ({
      action: 'device.update',
      subject: { type: 'device', id: `dev-${i}`, name: `iPad ${i}` },
      spaceId: null,
      after: { name: `iPad, "${i}"` },
    }));
  // The tenant's own entries (its creation), before the log is filled.
  const own = (await tenant.admin.get('/activity?limit=200')).body.items.length as number;
  const start = clock.now().getTime();
  for (let i = 0; i < ENTRIES; i += 500) {
    await recordActivities(t.ctx.db.kysely, actor, new Date(start + i * 1000), inputs(500));
  }
  return { tenant, actor, total: own + ENTRIES };
}

describe('R-M7: the CSV export of the activity log streams', () => {
  it('R-M7: the export reads the log batch by batch, one chunk per batch, never all of it at once', async () => {
    const { actor, total } = await tenantWithLog();
    const batches = activityCsv(t.ctx, actor, {}, 1000);
    const header = await batches.next();
    expect(header.value).toBe(
      'id,at,actor,action,subjectType,subjectId,subjectName,spaceId,before,after\r\n',
    );
    const first = await batches.next();
    expect(first.value.split('\r\n')).toHaveLength(1000 + 1);
    // An entry logged once the first batch is read is in the export: the rest was not read yet.
    await recordActivities(t.ctx.db.kysely, actor, new Date(clock.now().getTime() + 86_400_000), [
      { action: 'user.create', subject: { type: 'user', id: 'late' }, spaceId: null },
    ]);
    const rest: string[] = [];
    for await (const chunk of batches) rest.push(chunk);
    const rows = [first.value, ...rest].join('').trim().split('\r\n');
    expect(rows).toHaveLength(total + 1);
    expect(rest).toHaveLength(Math.ceil((total + 1) / 1000) - 1);
    expect(rows.at(-1)).toContain('user.create');
  });

  it('R-M7: GET /activity with Accept: text/csv sends the whole log as a stream of chunks', async () => {
    const { tenant, total } = await tenantWithLog();
    const response = await t.app.inject({
      url: '/api/v1/activity',
      headers: { authorization: `Bearer ${tenant.token}`, accept: 'text/csv' },
      payloadAsStream: true,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const chunks: Buffer[] = [];
    for await (const chunk of response.stream() as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(1 + total);
    // Each of the 5 writes logged an iPad 7, its JSON quoted as CSV quotes it.
    expect(lines.filter((l) => l.includes('"{""name"":""iPad, \\""7\\""""}"'))).toHaveLength(5);
  });
});
