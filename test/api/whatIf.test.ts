import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../helpers/testApp.js';
import { defaultSpaceId, insertAccount, insertPool, insertProduct } from '../factories/ledger.js';
import { createDevice, createGroup, createUser } from '../factories/directory.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

let serial = 0;

/**
 * A tenant with one Apple app held by two accounts that distribute to All Users by default —
 * `first` (priority 1, `firstSeats` seats) and `second` (priority 2, 10 seats) — and `devices`
 * iPads, sorted by ID (the order the preview assumes they check in).
 */
async function world(options: { firstSeats: number; devices: number }) {
  const tenant = await t.newTenant();
  const { admin, id: tenantId } = tenant;
  const spaceId = await defaultSpaceId(t, tenantId);
  const productId = await insertProduct(t, tenantId, { name: 'Keynote' });
  const first = await insertAccount(t, tenantId, {
    spaceId,
    name: 'First',
    priority: 1,
    autoDistributeToAllUsers: true,
  });
  const second = await insertAccount(t, tenantId, {
    spaceId,
    name: 'Second',
    priority: 2,
    autoDistributeToAllUsers: true,
  });
  await insertPool(t, tenantId, { accountId: first, productId, total: options.firstSeats });
  await insertPool(t, tenantId, { accountId: second, productId, total: 10 });
  const app = (await admin.post('/catalog-apps', { productId })).body;
  const devices: any[] = [];
  for (let i = 0; i < options.devices; i += 1) {
    serial += 1;
    devices.push(
      await createDevice(admin, { serialNumber: `DMPWHATIF${String(serial).padStart(4, '0')}` }),
    );
  }
  devices.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { ...tenant, tenantId, spaceId, productId, first, second, app, devices };
}

type World = Awaited<ReturnType<typeof world>>;

async function assign(w: World, body: Record<string, unknown>): Promise<any> {
  const created = await w.admin.post(`/catalog-apps/${w.app.id}/assignments`, body);
  expect(created.status, created.text).toBe(201);
  return created.body;
}

/** Every device checks in, in ID order, as the preview assumes. */
async function checkInAll(w: World): Promise<void> {
  for (const d of w.devices) {
    const response = await w.admin.post('/check-in', { serialNumber: d.serialNumber });
    expect(response.status, response.text).toBe(200);
  }
}

/** Active licences of the product: holder → account. */
async function ledger(w: World): Promise<Map<string, string>> {
  const rows = await t.ctx.db.kysely
    .selectFrom('licenses')
    .select(['subjectId', 'accountId'])
    .where('tenantId', '=', w.tenantId)
    .where('productId', '=', w.productId)
    .where('state', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [r.subjectId, r.accountId]));
}

async function outboxRows(w: World) {
  return t.ctx.db.kysely
    .selectFrom('outbox')
    .select(['id', 'accountId', 'operation', 'payload'])
    .where('tenantId', '=', w.tenantId)
    .execute();
}

/** What the ledger did, holder by holder, as the preview reports it (keeps left out). */
function moves(before: Map<string, string>, after: Map<string, string>) {
  const result: Record<string, [string, string | null, string | null]> = {};
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const from = before.get(id) ?? null;
    const to = after.get(id) ?? null;
    if (from === to) continue;
    result[id] = [from === null ? 'gain' : to === null ? 'lose' : 'move', from, to];
  }
  return result;
}

function previewMoves(body: any) {
  const result: Record<string, [string, string | null, string | null]> = {};
  for (const s of body.subjects.items) {
    if (s.kind !== 'keep') result[s.subjectId] = [s.kind, s.fromAccountId, s.toAccountId];
  }
  return result;
}

/** Store calls per account and operation, each call as the outbox records it. */
function callsOf(rows: Array<{ accountId: string; operation: string; payload: string }>) {
  const groups: Record<string, unknown[]> = {};
  for (const r of rows) {
    const call = JSON.parse(r.payload);
    // A new licence's ID is the ledger's, made when it is taken: the preview cannot know it.
    if (r.operation === 'associate') delete call.licenseId;
    (groups[`${r.accountId}|${r.operation}`] ??= []).push(call);
  }
  for (const calls of Object.values(groups)) calls.sort(byJson);
  return groups;
}

function previewCalls(body: any) {
  const groups: Record<string, unknown[]> = {};
  for (const g of body.storeCalls) {
    expect(g.count).toBe(g.calls.length);
    groups[`${g.accountId}|${g.operation}`] = [...g.calls].sort(byJson);
  }
  return groups;
}

const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

/**
 * Previews `changes`, saves them with `save`, lets every device check in, and compares: the
 * holders that gained, lost or moved a licence, and the store calls (outbox rows).
 */
async function previewThenSave(w: World, changes: unknown[], save: () => Promise<void>) {
  const preview = await w.admin.post('/what-if', { changes });
  expect(preview.status, preview.text).toBe(200);
  const before = await ledger(w);
  const outboxBefore = new Set((await outboxRows(w)).map((r) => r.id));
  await save();
  await checkInAll(w);
  const after = await ledger(w);
  const caused = (await outboxRows(w)).filter((r) => !outboxBefore.has(r.id));
  expect(previewMoves(preview.body)).toEqual(moves(before, after));
  expect(previewCalls(preview.body)).toEqual(callsOf(caused));
  return { preview: preview.body, before, after };
}

describe('what-if', () => {
  it('R-X6: a priority change previewed equals the priority change saved and the check-ins after it', async () => {
    const w = await world({ firstSeats: 2, devices: 4 });
    await assign(w, { target: { type: 'allDevices' }, intent: 'required' });
    // The first device has checked in already: it holds First's licence, which stays (R-T9).
    await w.admin.post('/check-in', { serialNumber: w.devices[0].serialNumber });

    const { preview } = await previewThenSave(
      w,
      [{ type: 'priority', productId: w.productId, accountIds: [w.second, w.first] }],
      async () => {
        const moved = await w.admin.patch(`/accounts/${w.second}`, { priority: 1 });
        expect(moved.status, moved.text).toBe(200);
      },
    );
    expect(preview.totals).toEqual({ gain: 3, lose: 0, keep: 1, move: 0 });
    expect(preview.subjects.items.at(-1)).toMatchObject({
      subjectId: w.devices[0].id,
      kind: 'keep',
      fromAccountId: w.first,
      toAccountId: w.first,
      dueToChange: false,
    });
    // Without the change the second device would have taken First's last seat.
    expect(preview.subjects.items.find((s: any) => s.subjectId === w.devices[1].id)).toMatchObject({
      kind: 'gain',
      toAccountId: w.second,
      dueToChange: true,
    });
    expect(preview.accounts).toEqual(
      expect.arrayContaining([
        { accountId: w.first, gain: 0, lose: 0, keep: 1, moveIn: 0, moveOut: 0 },
        { accountId: w.second, gain: 3, lose: 0, keep: 0, moveIn: 0, moveOut: 0 },
      ]),
    );
  });

  it('R-X6: a distribution change previewed equals the distribution saved: who is taken off loses, then moves to the next account', async () => {
    const w = await world({ firstSeats: 5, devices: 3 });
    await assign(w, { target: { type: 'allDevices' }, intent: 'required' });
    await checkInAll(w);
    const kept = await createGroup(w.admin, {
      name: 'Kept',
      kind: 'device',
      deviceIds: [w.devices[0].id],
    });
    const lists = { fcfsGroupIds: [kept.id] };

    const { preview } = await previewThenSave(
      w,
      [{ type: 'distribution', catalogAppId: w.app.id, accountId: w.first, ...lists }],
      async () => {
        const put = await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${w.first}`, lists);
        expect(put.status, put.text).toBe(200);
      },
    );
    expect(preview.totals).toEqual({ gain: 0, lose: 0, keep: 1, move: 2 });
    expect(preview.accounts).toEqual(
      expect.arrayContaining([
        { accountId: w.first, gain: 0, lose: 0, keep: 1, moveIn: 0, moveOut: 2 },
        { accountId: w.second, gain: 0, lose: 0, keep: 0, moveIn: 2, moveOut: 0 },
      ]),
    );
    expect(preview.storeCalls.map((g: any) => [g.accountId, g.operation, g.count])).toEqual(
      expect.arrayContaining([
        [w.first, 'disassociate', 2],
        [w.second, 'associate', 2],
      ]),
    );
  });

  it('R-X6, R-A4: a reservation previewed holds its seat as the saved one does', async () => {
    const w = await world({ firstSeats: 2, devices: 3 });
    await assign(w, { target: { type: 'allDevices' }, intent: 'required' });
    const lists = { fcfsGroupIds: ['allUsers'], reservedDeviceIds: [w.devices[2].id] };

    const { preview } = await previewThenSave(
      w,
      [{ type: 'distribution', catalogAppId: w.app.id, accountId: w.first, ...lists }],
      async () => {
        const put = await w.admin.put(`/catalog-apps/${w.app.id}/distribution/${w.first}`, lists);
        expect(put.status, put.text).toBe(200);
      },
    );
    // One FCFS seat on First: the first device takes it, the second goes to Second, and the
    // reserved third device takes the seat held for it.
    expect(previewMoves(preview)).toEqual({
      [w.devices[0].id]: ['gain', null, w.first],
      [w.devices[1].id]: ['gain', null, w.second],
      [w.devices[2].id]: ['gain', null, w.first],
    });
  });

  it('R-X6: an assignment added previewed equals the assignment saved: its group gains, up to the seats', async () => {
    const w = await world({ firstSeats: 1, devices: 3 });
    const group = await createGroup(w.admin, {
      name: 'Class',
      kind: 'device',
      deviceIds: [w.devices[0].id, w.devices[2].id],
    });
    const body = { target: { type: 'group', groupId: group.id }, intent: 'required' };

    const { preview } = await previewThenSave(
      w,
      [{ type: 'assignment', action: 'add', catalogAppId: w.app.id, ...body }],
      async () => {
        await assign(w, body);
      },
    );
    expect(preview.totals).toEqual({ gain: 2, lose: 0, keep: 0, move: 0 });
    expect(previewMoves(preview)).toEqual({
      [w.devices[0].id]: ['gain', null, w.first],
      [w.devices[2].id]: ['gain', null, w.second],
    });
  });

  it('R-X6: an assignment removed previewed equals the assignment deleted: its licences are lost (R-V7)', async () => {
    const w = await world({ firstSeats: 5, devices: 2 });
    const assignment = await assign(w, { target: { type: 'allDevices' }, intent: 'required' });
    await checkInAll(w);

    const { preview } = await previewThenSave(
      w,
      [{ type: 'assignment', action: 'remove', assignmentId: assignment.id }],
      async () => {
        expect((await w.admin.delete(`/assignments/${assignment.id}`)).status).toBe(204);
      },
    );
    expect(preview.totals).toEqual({ gain: 0, lose: 2, keep: 0, move: 0 });
    expect(preview.storeCalls).toEqual([
      expect.objectContaining({ accountId: w.first, operation: 'disassociate', count: 2 }),
    ]);
  });

  it('R-X6: several changes apply in order, and a preview writes nothing', async () => {
    const w = await world({ firstSeats: 1, devices: 3 });
    const assignment = await assign(w, { target: { type: 'allDevices' }, intent: 'required' });
    await w.admin.post('/check-in', { serialNumber: w.devices[0].serialNumber });
    const count = async (table: 'licenses' | 'outbox' | 'assignments' | 'distributionEntries') =>
      (
        await t.ctx.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenantId', '=', w.tenantId)
          .executeTakeFirstOrThrow()
      ).n;
    const snapshot = async () => ({
      licenses: await count('licenses'),
      outbox: await count('outbox'),
      assignments: await count('assignments'),
      entries: await count('distributionEntries'),
      accounts: (await w.admin.get('/accounts')).body,
      pools: (await w.admin.get(`/catalog-apps/${w.app.id}/distribution`)).body,
    });
    const before = await snapshot();

    const preview = await w.admin.post('/what-if', {
      changes: [
        { type: 'priority', catalogAppId: w.app.id, accountIds: [w.second] },
        { type: 'distribution', catalogAppId: w.app.id, accountId: w.second },
        { type: 'assignment', action: 'update', assignmentId: assignment.id, intent: 'uninstall' },
      ],
    });
    expect(preview.status, preview.text).toBe(200);
    // Second first, but its list emptied: the waiting devices get nothing; the first device keeps
    // First's licence (an uninstall intent frees it only once the app is gone, R-V1).
    expect(preview.body.totals).toEqual({ gain: 0, lose: 0, keep: 1, move: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('R-X6, R-A12: an assignment the store would refuse for a shortfall is refused in the preview too', async () => {
    const { admin, id: tenantId } = await t.newTenant();
    const spaceId = await defaultSpaceId(t, tenantId);
    const productId = await insertProduct(t, tenantId, {
      name: 'Visio',
      store: 'isv',
    });
    const accountId = await insertAccount(t, tenantId, {
      spaceId,
      store: 'isv',
      autoDistributeToAllUsers: true,
    });
    await insertPool(t, tenantId, { accountId, productId, total: 1 });
    const created = await admin.post('/catalog-apps', { productId });
    expect(created.status, created.text).toBe(201);
    const app = created.body;
    await createUser(admin, { displayName: 'Uma Visio' });
    await createUser(admin, { displayName: 'Ugo Visio' });
    const body = { target: { type: 'allUsers' }, intent: 'required' };

    const preview = await admin.post('/what-if', {
      changes: [{ type: 'assignment', action: 'add', catalogAppId: app.id, ...body }],
    });
    const saved = await admin.post(`/catalog-apps/${app.id}/assignments`, body);
    expect(saved.status, saved.text).toBe(409);
    expect(preview.status).toBe(409);
    expect(preview.body.error.code).toBe('INSUFFICIENT_LICENSES');
    expect(preview.body.error.details.forecast).toEqual(saved.body.error.details.forecast);
  });

  it('R-X6: an unknown ID is a 400 naming the field of the change', async () => {
    const w = await world({ firstSeats: 1, devices: 1 });
    const cases: Array<[unknown, string]> = [
      [{ type: 'priority', accountIds: [w.first, 'nope'] }, 'changes[0].accountIds[1]'],
      [
        { type: 'priority', accountIds: [w.first], catalogAppId: 'nope' },
        'changes[0].catalogAppId',
      ],
      [{ type: 'priority', accountIds: [w.first], productId: 'nope' }, 'changes[0].productId'],
      [
        { type: 'distribution', catalogAppId: 'nope', accountId: w.first },
        'changes[0].catalogAppId',
      ],
      [{ type: 'distribution', catalogAppId: w.app.id, accountId: 'nope' }, 'changes[0].accountId'],
      [
        {
          type: 'distribution',
          catalogAppId: w.app.id,
          accountId: w.first,
          reservedUserIds: ['nope'],
        },
        'changes[0].reservedUserIds',
      ],
      [
        {
          type: 'assignment',
          action: 'add',
          catalogAppId: w.app.id,
          target: { type: 'group', groupId: 'nope' },
          intent: 'required',
        },
        'changes[0].target.groupId',
      ],
      [{ type: 'assignment', action: 'remove', assignmentId: 'nope' }, 'changes[0].assignmentId'],
      [
        { type: 'assignment', action: 'add', target: { type: 'allUsers' } },
        'changes[0].catalogAppId',
      ],
    ];
    for (const [change, field] of cases) {
      const response = await w.admin.post('/what-if', { changes: [change] });
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect(response.body.error.details.field, JSON.stringify(change)).toBe(field);
    }
    // Another tenant's account is unknown here too.
    const other = await world({ firstSeats: 1, devices: 0 });
    const foreign = await w.admin.post('/what-if', {
      changes: [{ type: 'priority', accountIds: [other.first] }],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details.field).toBe('changes[0].accountIds[0]');
  });

  it('R-X6: a reclaim policy change names its space: 400 naming changes[i].spaceId', async () => {
    const w = await world({ firstSeats: 1, devices: 0 });
    const response = await w.admin.post('/what-if', { changes: [{ type: 'reclaimPolicy' }] });
    expect(response.status).toBe(400);
    expect(response.body.error.details.field).toBe('changes[0].spaceId');
    const ok = await w.admin.post('/what-if', {
      changes: [{ type: 'reclaimPolicy', spaceId: w.spaceId, deviceInactiveDays: 30 }],
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.totals).toEqual({ gain: 0, lose: 0, keep: 0, move: 0 });
  });

  it('R-X6: a change needs the permission saving it needs', async () => {
    const w = await world({ firstSeats: 1, devices: 0 });
    const token = await w.admin.post('/api-tokens', { name: 'apps', role: 'appManager' });
    expect(token.status, token.text).toBe(201);
    const manager: Client = t.client(token.body.token);
    const priority = await manager.post('/what-if', {
      changes: [{ type: 'priority', accountIds: [w.second] }],
    });
    expect(priority.status).toBe(403);
    const distribution = await manager.post('/what-if', {
      changes: [{ type: 'distribution', catalogAppId: w.app.id, accountId: w.first }],
    });
    expect(distribution.status, distribution.text).toBe(200);
  });
});
