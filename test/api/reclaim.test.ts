import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/services/access/actor.js';
import { setUserActive } from '../../src/services/directory/users.js';
import { runReclaimTasks } from '../../src/services/intelligence/reclaimTasks.js';
import { grant } from '../helpers/appleAccounts.js';
import {
  addAppleAccount,
  catalogApp,
  device,
  productOf,
  settle,
  appleAsset,
  requiredOnDevices,
} from '../helpers/appleFlow.js';
import { startAppleWorld, type AppleWorld } from '../helpers/emulator.js';
import { ManualClock, type Client, type TestApp } from '../helpers/testApp.js';

const DAY = 86_400_000;
const clock = new ManualClock(new Date());
let w: AppleWorld;
let t: TestApp;
beforeAll(async () => {
  w = await startAppleWorld({ clock });
  t = w.t;
});
afterAll(async () => w.close());

const asset = appleAsset;

async function setup(adamId: string, seats: number) {
  const { admin } = await t.newTenant();
  const { account, locationId } = await addAppleAccount(w, admin, {
    assets: [asset(adamId, seats)],
  });
  const app = await catalogApp(admin, adamId, requiredOnDevices);
  const spaceId = app.spaceId as string;
  const checkIn = async (d: any, installed: boolean) =>
    admin.post('/check-in', {
      serialNumber: d.serialNumber,
      ...(installed ? { installed: [{ bundleId: `com.example.app${adamId}` }] } : {}),
    });
  const licenceOf = async (d: any) =>
    (await admin.get(`/licenses?subjectId=${d.id}`)).body.items[0];
  const inUse = async () =>
    ((await productOf(admin, adamId)).pools as any[]).reduce((n, p) => n + p.inUse, 0);
  return { admin, account, locationId, app, spaceId, checkIn, licenceOf, inUse };
}

async function dryRun(admin: Client, spaceId: string) {
  const response = await admin.post(`/spaces/${spaceId}/reclaim-policy/dry-run`);
  expect(response.status).toBe(200);
  return response.body;
}

describe('idle licence reclaim', () => {
  it('R-X3: the dry run lists each idle licence with why, and changes nothing', async () => {
    const s = await setup('710001', 6);
    const [a, b, d] = [await device(s.admin), await device(s.admin), await device(s.admin)];
    await s.checkIn(a.device, false);
    await s.checkIn(a.device, true);
    await s.checkIn(b.device, false);
    await s.checkIn(d.device, true);
    clock.advance(40 * DAY);
    await s.checkIn(d.device, true);
    const put = await s.admin.put(`/spaces/${s.spaceId}/reclaim-policy`, {
      deviceInactiveDays: 30,
      notInstalledDays: 10,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      enabled: false,
      deviceInactiveDays: 30,
      notInstalledDays: 10,
    });

    const result = await dryRun(s.admin, s.spaceId);
    expect(result.total).toBe(2);
    const byDevice = new Map(result.items.map((i: any) => [i.license.subject.id, i.reasons]));
    expect(byDevice.get(a.device.id)).toEqual(['deviceNotCheckedIn']);
    expect(byDevice.get(b.device.id)).toEqual(['deviceNotCheckedIn', 'notInstalled']);
    expect(byDevice.has(d.device.id)).toBe(false);
    expect((await s.licenceOf(a.device)).state).toBe('active');
    expect(await s.inUse()).toBe(3);
    // A space-scoped reader of another space does not see this space's policy.
    const other = (await s.admin.post('/spaces', { name: 'Elsewhere' })).body;
    const token = (
      await s.admin.post('/api-tokens', { name: 'ro', role: 'readOnly', spaceId: other.id })
    ).body.token;
    expect((await t.client(token).get(`/spaces/${s.spaceId}/reclaim-policy`)).status).toBe(404);
  });

  it('R-X3: an enabled policy reclaims on its schedule through the revocation path, and a reclaim is restored within its grace', async () => {
    const s = await setup('710002', 2);
    const a = await device(s.admin);
    await s.checkIn(a.device, false);
    await s.checkIn(a.device, true);
    await settle(t);
    expect(w.apple.listAssignments(s.locationId)).toHaveLength(1);
    clock.advance(31 * DAY);
    const put = await s.admin.put(`/spaces/${s.spaceId}/reclaim-policy`, {
      enabled: true,
      deviceInactiveDays: 30,
    });
    expect(put.body.nextRunAt).toBe(clock.now().toISOString());

    await runReclaimTasks(t.ctx, clock.now());
    const reclaimed = await s.licenceOf(a.device);
    expect(reclaimed).toMatchObject({ state: 'revoked', lastAction: 'reclaim.deviceNotCheckedIn' });
    // R-V4: iPadOS keeps the app for 30 days; the seat is back at once; the store is told.
    expect(Date.parse(reclaimed.graceUntil) - Date.parse(reclaimed.revokedAt)).toBe(30 * DAY);
    expect(await s.inUse()).toBe(0);
    await settle(t);
    expect(w.apple.listAssignments(s.locationId)).toHaveLength(0);
    const revokes = (await s.admin.get(`/activity?action=license.revoke`)).body.items;
    // The ledger says why: the revocation's cause is the reclaim (R-V3's effects).
    expect(revokes[0]).toMatchObject({
      actor: { type: 'policy', id: expect.any(String) },
      subject: { id: reclaimed.id },
      after: { cause: 'reclaimed' },
    });
    const entry = (await s.admin.get(`/activity?action=license.reclaim`)).body.items[0];
    expect(entry).toMatchObject({
      actor: { type: 'policy' },
      after: { reasons: ['deviceNotCheckedIn'] },
    });
    // Listed as restorable, with its deadline, until it is restored or its grace ends.
    const restorable = async () =>
      (await s.admin.get(`/licenses?spaceId=${s.spaceId}&restorable=true`)).body.items.map(
        (l: any) => [l.id, l.restorableUntil],
      );
    expect(reclaimed.restorableUntil).toBe(reclaimed.graceUntil);
    expect(await restorable()).toEqual([[reclaimed.id, reclaimed.graceUntil]]);
    const policy = (await s.admin.get(`/spaces/${s.spaceId}/reclaim-policy`)).body;
    expect(policy.lastRunAt).toBe(clock.now().toISOString());
    expect(Date.parse(policy.nextRunAt) - Date.parse(policy.lastRunAt)).toBe(DAY);

    // Restored while its grace runs: active again, the seat taken, the store told again.
    clock.advance(2 * DAY);
    const restored = await s.admin.post(`/licenses/${reclaimed.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: reclaimed.id, state: 'active', graceUntil: null });
    expect(await s.inUse()).toBe(1);
    await settle(t);
    expect(w.apple.listAssignments(s.locationId)).toHaveLength(1);
    const again = await s.admin.post(`/licenses/${reclaimed.id}/restore`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LICENSE_NOT_RESTORABLE');
    expect(await restorable()).toEqual([]);

    // A restore starts the periods afresh: the next run keeps it; once idle again it goes again,
    // and past its grace it can no longer be restored.
    await runReclaimTasks(t.ctx, clock.now());
    expect((await s.licenceOf(a.device)).state).toBe('active');
    clock.advance(31 * DAY);
    await runReclaimTasks(t.ctx, clock.now());
    expect((await s.licenceOf(a.device)).state).toBe('revoked');
    expect(await restorable()).toHaveLength(1);
    clock.advance(31 * DAY);
    expect(await restorable()).toEqual([]);
    const late = await s.admin.post(`/licenses/${reclaimed.id}/restore`);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('GRACE_ENDED');
    // An administrator's own revocation is not a reclaim to restore.
    const b = await device(s.admin);
    await s.checkIn(b.device, true);
    const licence = await s.licenceOf(b.device);
    await s.admin.post(`/licenses/${licence.id}/revoke`);
    expect((await s.admin.post(`/licenses/${licence.id}/restore`)).body.error.code).toBe(
      'LICENSE_NOT_RESTORABLE',
    );
    expect((await s.licenceOf(b.device)).restorableUntil).toBeNull();
    expect(await restorable()).toEqual([]);
  });

  it('R-X3: a reclaim never takes a reserved licence nor one of a device checked in since the dry run', async () => {
    const s = await setup('710003', 5);
    const [a, b, c] = [await device(s.admin), await device(s.admin), await device(s.admin)];
    const distribution = await s.admin.put(
      `/catalog-apps/${s.app.id}/distribution/${s.account.id}`,
      { fcfsGroupIds: ['allUsers'], reservedDeviceIds: [c.device.id] },
    );
    expect(distribution.status).toBe(200);
    for (const d of [a, b, c]) await s.checkIn(d.device, true);
    expect((await s.licenceOf(c.device)).distribution).toBe('reserved');
    clock.advance(31 * DAY);
    await s.admin.put(`/spaces/${s.spaceId}/reclaim-policy`, {
      enabled: true,
      deviceInactiveDays: 30,
    });
    const listed = (await dryRun(s.admin, s.spaceId)).items.map((i: any) => i.license.subject.id);
    expect(listed.sort()).toEqual([a.device.id, b.device.id].sort());

    await s.checkIn(b.device, true);
    await runReclaimTasks(t.ctx, clock.now());
    expect((await s.licenceOf(a.device)).state).toBe('revoked');
    expect((await s.licenceOf(b.device)).state).toBe('active');
    expect((await s.licenceOf(c.device)).state).toBe('active');
    expect((await dryRun(s.admin, s.spaceId)).items).toEqual([]);
  });

  it('R-X3: a policy with a negative or absurd period is refused, naming the field', async () => {
    const { admin } = await t.newTenant();
    const spaceId = (await admin.get('/spaces')).body.items[0].id as string;
    const url = `/spaces/${spaceId}/reclaim-policy`;
    for (const [body, field] of [
      [{ deviceInactiveDays: -5 }, 'deviceInactiveDays'],
      [{ notInstalledDays: 1_000_000 }, 'notInstalledDays'],
      [{ intervalHours: 0 }, 'intervalHours'],
      [{ enabled: true }, 'enabled'],
    ] as const) {
      const response = await admin.put(url, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.field).toBe(field);
    }
    expect((await admin.get(url)).body).toMatchObject({ enabled: false, deviceInactiveDays: null });
    expect((await admin.put(`/spaces/nope/reclaim-policy`, {})).status).toBe(404);
  });

  it('R-X3: a user licence is idle when none of its user\u2019s devices checked in, when unused, or when its user is deactivated', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const { account } = await addAppleAccount(w, admin, { assets: [asset('710005', 10)] });
    const [u, v, x] = [await device(admin), await device(admin), await device(admin)];
    const w0 = (await admin.post('/users', { email: 'nodevice@example.org', displayName: 'W' }))
      .body;
    for (const d of [u, v, x]) {
      await admin.post('/check-in', { serialNumber: d.device.serialNumber });
    }
    const held = new Map<string, string>();
    for (const user of [u.user, v.user, x.user, w0]) {
      const licence = await grant(t, account.id, '710005', {
        type: 'user',
        id: user.id,
        name: user.displayName,
      });
      held.set(licence.id, user.id);
    }
    await t.ctx.db.transaction((trx) =>
      setUserActive(trx, systemActor(tenantId), x.user.id, false, clock.now()),
    );
    clock.advance(40 * DAY);
    await admin.post('/check-in', { serialNumber: v.device.serialNumber });
    const spaceId = (await admin.get('/spaces')).body.items[0].id as string;
    await admin.put(`/spaces/${spaceId}/reclaim-policy`, {
      deviceInactiveDays: 30,
      notInstalledDays: 10,
      userDeactivated: true,
    });
    const result = await dryRun(admin, spaceId);
    const byUser = new Map(
      result.items.map((i: any) => [held.get(i.license.id), i.reasons as string[]]),
    );
    expect(byUser.get(u.user.id)).toEqual(['deviceNotCheckedIn', 'notInstalled']);
    expect(byUser.get(v.user.id)).toEqual(['notInstalled']);
    expect(byUser.get(w0.id)).toEqual(['notInstalled']);
    expect(byUser.get(x.user.id)).toEqual([
      'deviceNotCheckedIn',
      'notInstalled',
      'userDeactivated',
    ]);
  });
});

describe('what-if of a reclaim policy', () => {
  const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
  const outboxOf = async (tenantId: string) =>
    t.ctx.db.kysely
      .selectFrom('outbox')
      .select(['id', 'accountId', 'operation', 'payload'])
      .where('tenantId', '=', tenantId)
      .execute();
  const activeLicences = async (tenantId: string) =>
    (
      await t.ctx.db.kysely
        .selectFrom('licenses')
        .select(['id', 'subjectId', 'accountId'])
        .where('tenantId', '=', tenantId)
        .where('state', '=', 'active')
        .execute()
    ).sort(byJson);

  it('R-X6, R-X3: a reclaim policy previewed equals the policy saved and run: the same losses and store calls, and the preview writes nothing', async () => {
    const s = await setup('710006', 6);
    const tenantId = (
      await t.ctx.db.kysely
        .selectFrom('spaces')
        .select('tenantId')
        .where('id', '=', s.spaceId)
        .executeTakeFirstOrThrow()
    ).tenantId;
    const [a, b, c] = [await device(s.admin), await device(s.admin), await device(s.admin)];
    await s.checkIn(a.device, false);
    await s.checkIn(a.device, true);
    await s.checkIn(b.device, false);
    await s.checkIn(c.device, true);
    clock.advance(40 * DAY);
    await s.checkIn(c.device, true);
    await settle(t);
    const policy = { deviceInactiveDays: 30, notInstalledDays: 10 };
    const ledgerBefore = await activeLicences(tenantId);
    const outboxBefore = await outboxOf(tenantId);

    const preview = await s.admin.post('/what-if', {
      changes: [{ type: 'reclaimPolicy', spaceId: s.spaceId, ...policy }],
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.totals).toEqual({ gain: 0, lose: 2, keep: 0, move: 0 });
    expect(preview.body.accounts).toEqual([
      { accountId: s.account.id, gain: 0, lose: 2, keep: 0, moveIn: 0, moveOut: 0 },
    ]);
    // Nothing written: the ledger, the outbox and the saved policy are as they were.
    expect(await activeLicences(tenantId)).toEqual(ledgerBefore);
    expect(await outboxOf(tenantId)).toEqual(outboxBefore);
    expect((await s.admin.get(`/spaces/${s.spaceId}/reclaim-policy`)).body).toMatchObject({
      enabled: false,
      deviceInactiveDays: null,
      updatedAt: null,
    });

    const put = await s.admin.put(`/spaces/${s.spaceId}/reclaim-policy`, {
      enabled: true,
      ...policy,
    });
    expect(put.status, put.text).toBe(200);
    await runReclaimTasks(t.ctx, clock.now());
    const kept = new Set((await activeLicences(tenantId)).map((l) => l.id));
    const lost = ledgerBefore.filter((l) => !kept.has(l.id));
    expect(lost.map((l) => l.subjectId).sort()).toEqual([a.device.id, b.device.id].sort());
    expect(
      preview.body.subjects.items.map((i: any) => [
        i.kind,
        i.subjectId,
        i.fromAccountId,
        i.toAccountId,
        i.dueToChange,
        i.catalogAppId,
      ]),
    ).toEqual(
      lost
        .map((l) => ['lose', l.subjectId, l.accountId, null, true, s.app.id])
        .sort((x, y) => (x[1]! < y[1]! ? -1 : 1)),
    );
    const seen = new Set(outboxBefore.map((r) => r.id));
    const caused = (await outboxOf(tenantId)).filter((r) => !seen.has(r.id));
    expect(caused.length).toBe(2);
    expect(
      preview.body.storeCalls.map((g: any) => ({
        accountId: g.accountId,
        operation: g.operation,
        count: g.count,
        calls: [...g.calls].sort(byJson),
      })),
    ).toEqual([
      {
        accountId: s.account.id,
        operation: 'disassociate',
        count: 2,
        calls: caused.map((r) => JSON.parse(r.payload)).sort(byJson),
      },
    ]);
    expect(
      caused.every((r) => r.accountId === s.account.id && r.operation === 'disassociate'),
    ).toBe(true);
  });

  it('R-X6, R-X3: a proposed policy is checked as saving it is: a bad field is a 400 naming it inside the change', async () => {
    const { admin } = await t.newTenant();
    const spaceId = (await admin.get('/spaces')).body.items[0].id as string;
    for (const [change, field] of [
      [{ deviceInactiveDays: -5 }, 'changes[0].deviceInactiveDays'],
      [{ notInstalledDays: 1_000_000 }, 'changes[0].notInstalledDays'],
      [{ intervalHours: 0 }, 'changes[0].intervalHours'],
      [{ enabled: true }, 'changes[0].enabled'],
      [{ spaceId: 'nope', deviceInactiveDays: 30 }, 'changes[0].spaceId'],
      [{ spaceId: undefined, deviceInactiveDays: 30 }, 'changes[0].spaceId'],
    ] as const) {
      const response = await admin.post('/what-if', {
        changes: [{ type: 'reclaimPolicy', spaceId, ...change }],
      });
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect(response.body.error.details.field, JSON.stringify(change)).toBe(field);
    }
    // Previewing a policy needs what saving it needs (licenses:write).
    const token = (await admin.post('/api-tokens', { name: 'apps', role: 'appManager' })).body
      .token;
    const denied = await t.client(token).post('/what-if', {
      changes: [{ type: 'reclaimPolicy', spaceId, deviceInactiveDays: 30 }],
    });
    expect(denied.status).toBe(403);
  });
});

describe('what-if of a reclaim policy and the waitlist', () => {
  const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

  it('R-X6, R-X4: the seats a previewed reclaim frees serve the waitlist in its order, as the saved policy run does', async () => {
    const s = await setup('710007', 2);
    const tenantId = (
      await t.ctx.db.kysely
        .selectFrom('spaces')
        .select('tenantId')
        .where('id', '=', s.spaceId)
        .executeTakeFirstOrThrow()
    ).tenantId;
    const [a, b] = [await device(s.admin), await device(s.admin)];
    await s.checkIn(a.device, true);
    await s.checkIn(b.device, true);
    clock.advance(40 * DAY);
    // Three devices wait, queued against their ID order: two seats will be freed, so the first
    // two queued are served (not the two first by ID, as check-ins in a preview would be).
    const created = [await device(s.admin), await device(s.admin), await device(s.admin)];
    created.sort((x, y) => (x.device.id < y.device.id ? -1 : 1));
    const queued = created.reverse();
    for (const q of queued) {
      const refused = await s.checkIn(q.device, false);
      expect(refused.status, refused.text).toBe(200);
      clock.advance(1000);
    }
    const waiting = (await s.admin.get(`/waitlist?catalogAppId=${s.app.id}`)).body.items;
    expect(waiting.map((i: any) => i.device.id)).toEqual(queued.map((q) => q.device.id));
    await settle(t);
    const outboxIds = new Set(
      (
        await t.ctx.db.kysely
          .selectFrom('outbox')
          .select('id')
          .where('tenantId', '=', tenantId)
          .execute()
      ).map((r) => r.id),
    );
    const policy = { deviceInactiveDays: 30 };

    const preview = await s.admin.post('/what-if', {
      changes: [{ type: 'reclaimPolicy', spaceId: s.spaceId, ...policy }],
    });
    expect(preview.status, preview.text).toBe(200);
    const kinds = Object.fromEntries(
      preview.body.subjects.items.map((i: any) => [i.subjectId, [i.kind, i.dueToChange]]),
    );
    expect(kinds).toEqual({
      [a.device.id]: ['lose', true],
      [b.device.id]: ['lose', true],
      [queued[0]!.device.id]: ['gain', true],
      [queued[1]!.device.id]: ['gain', true],
    });

    await s.admin.put(`/spaces/${s.spaceId}/reclaim-policy`, { enabled: true, ...policy });
    await runReclaimTasks(t.ctx, clock.now());
    for (const q of queued.slice(0, 2)) expect((await s.licenceOf(q.device))?.state).toBe('active');
    expect(await s.licenceOf(queued[2]!.device)).toBeUndefined();
    const caused = (
      await t.ctx.db.kysely
        .selectFrom('outbox')
        .select(['id', 'accountId', 'operation', 'payload'])
        .where('tenantId', '=', tenantId)
        .execute()
    ).filter((r) => !outboxIds.has(r.id));
    const saved: Record<string, unknown[]> = {};
    for (const r of caused) {
      const call = JSON.parse(r.payload);
      // A new licence's ID is made when it is taken: the preview cannot know it.
      if (r.operation === 'associate') delete call.licenseId;
      (saved[`${r.accountId}|${r.operation}`] ??= []).push(call);
    }
    const previewed: Record<string, unknown[]> = {};
    for (const g of preview.body.storeCalls) {
      previewed[`${g.accountId}|${g.operation}`] = [...g.calls].sort(byJson);
    }
    for (const calls of Object.values(saved)) calls.sort(byJson);
    expect(previewed).toEqual(saved);
    expect(Object.keys(saved).sort()).toEqual(
      [`${s.account.id}|associate`, `${s.account.id}|disassociate`].sort(),
    );
  });
});
