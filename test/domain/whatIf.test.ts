import { describe, expect, it } from 'vitest';
import {
  applyChange,
  previewReclaim,
  previewScene,
  settle,
  type AppScene,
} from '../../src/domain/whatIf.js';
import { staleLicenses } from '../../src/domain/revocation.js';
import type { Subject } from '../../src/domain/types.js';
import {
  account,
  assignment,
  device,
  distribution,
  license,
  pool,
  product,
  user,
} from '../factories/domain.js';

/** Two accounts of `prod-1` in `s1` (a1 first), app-1 required for All Users. */
function scene(over: Partial<AppScene> = {}): AppScene {
  return {
    catalogAppId: 'app-1',
    product: product(),
    spaceId: 's1',
    homeSpaceId: 's1',
    subjects: [],
    assignments: [assignment({ id: 'as-all' })],
    accounts: [account('a1'), account('a2', { priority: 2 })],
    pools: [pool('a1', 10), pool('a2', 10)],
    distributions: [],
    licenses: [],
    installedOn: new Set(),
    ...over,
  };
}

/** A device with its own primary user (so All Users reaches it). */
function owned(id: string, groupIds: string[] = []): Subject[] {
  const u = user(`u-${id}`, { groupIds });
  return [u, device(id, { primaryUser: u })];
}

const kinds = (holders: ReturnType<typeof previewScene>['holders']) =>
  Object.fromEntries(holders.map((h) => [h.subject.id, [h.kind, h.fromAccountId, h.toAccountId]]));

describe('what-if (domain)', () => {
  it('R-X6: a priority change moves no licence held; waiting devices take theirs from the new first account', () => {
    const s = scene({
      subjects: [...owned('d1'), ...owned('d2')],
      licenses: [license({ id: 'l1', subject: { type: 'device', id: 'd1' }, accountId: 'a1' })],
      pools: [pool('a1', 10, { inUse: 1 }), pool('a2', 10)],
    });
    const preview = previewScene(s, [
      {
        type: 'priority',
        priorities: new Map([
          ['a2', 1],
          ['a1', 2],
        ]),
      },
    ]);
    expect(kinds(preview.holders)).toEqual({ d1: ['keep', 'a1', 'a1'], d2: ['gain', null, 'a2'] });
    // Without the change d2 would take a1's licence: the gain from a2 is the change's doing.
    expect(preview.holders.find((h) => h.subject.id === 'd2')?.dueToChange).toBe(true);
    expect(preview.holders.find((h) => h.subject.id === 'd1')?.dueToChange).toBe(false);
    expect(preview.revoked).toEqual([]);
    expect(preview.granted.map((l) => [l.subject.id, l.accountId])).toEqual([['d2', 'a2']]);
  });

  it('R-X6: a device waiting for a licence gains it without any change: dueToChange is false', () => {
    const preview = previewScene(scene({ subjects: owned('d1') }), [
      {
        type: 'priority',
        priorities: new Map([
          ['a1', 1],
          ['a2', 2],
        ]),
      },
    ]);
    expect(preview.holders).toEqual([
      expect.objectContaining({ kind: 'gain', toAccountId: 'a1', dueToChange: false }),
    ]);
  });

  it('R-X6: narrowing a distribution revokes those no longer listed, and the freed seat goes to a listed waiting device', () => {
    const s = scene({
      subjects: [...owned('d1'), ...owned('d2', ['teachers'])],
      accounts: [account('a1')],
      pools: [pool('a1', 1, { inUse: 1 })],
      licenses: [license({ id: 'l1', subject: { type: 'device', id: 'd1' } })],
    });
    const preview = previewScene(s, [
      { type: 'distribution', distribution: distribution('a1', { fcfsGroupIds: ['teachers'] }) },
    ]);
    expect(kinds(preview.holders)).toEqual({ d1: ['lose', 'a1', null], d2: ['gain', null, 'a1'] });
    expect(preview.revoked.map((l) => l.id)).toEqual(['l1']);
  });

  it('R-X6: a new reservation holds a seat, so an FCFS device does not get the last one (R-A4)', () => {
    const s = scene({
      subjects: [...owned('d1'), user('ann')],
      accounts: [account('a1')],
      pools: [pool('a1', 1)],
    });
    const changed = applyChange(s, {
      type: 'distribution',
      distribution: distribution('a1', { fcfsGroupIds: ['allUsers'], reservedUserIds: ['ann'] }),
    });
    expect(changed.pools[0]).toMatchObject({ reserved: 1 });
    expect(settle(changed, true).granted).toEqual([]);
    expect(settle(s, true).granted).toHaveLength(1);
  });

  it('R-X6: removing an assignment revokes the licences it alone gave (R-V7); adding one grants up to the seats', () => {
    const s = scene({
      subjects: [...owned('d1'), ...owned('d2'), ...owned('d3')],
      accounts: [account('a1')],
      pools: [pool('a1', 2, { inUse: 1 })],
      licenses: [license({ id: 'l1', subject: { type: 'device', id: 'd1' } })],
    });
    const removed = previewScene(s, [{ type: 'assignmentRemove', assignmentId: 'as-all' }]);
    expect(kinds(removed.holders)).toEqual({ d1: ['lose', 'a1', null] });

    const none = scene({ ...s, assignments: [] });
    const added = previewScene(none, [
      {
        type: 'assignmentAdd',
        spaceId: 's1',
        assignment: assignment({ id: 'as-new', target: { type: 'allDevices' } }),
      },
    ]);
    // d1 keeps its licence; one seat is left, and d2 checks in before d3.
    expect(kinds(added.holders)).toEqual({ d1: ['keep', 'a1', 'a1'], d2: ['gain', null, 'a1'] });
  });

  it('R-X6: an assignment added in another space changes nothing here', () => {
    const s = scene({ subjects: owned('d1'), assignments: [] });
    const preview = previewScene(s, [
      { type: 'assignmentAdd', spaceId: 's2', assignment: assignment({ id: 'as-new' }) },
    ]);
    expect(preview.holders).toEqual([]);
  });

  it('R-X6: an available app is taken only where it is installed or asked for', () => {
    const s = scene({
      subjects: [...owned('d1'), ...owned('d2')],
      assignments: [assignment({ id: 'as-av', intent: 'available' })],
      installedOn: new Set(['d2']),
    });
    // An available app takes a user licence (R-A8).
    expect(settle(s, false).granted.map((l) => l.subject.id)).toEqual(['u-d2']);
  });

  it('R-X6: reconciliation keeps a licence whose holder is still targeted and listed', () => {
    const s = scene({
      subjects: owned('d1'),
      licenses: [license({ id: 'l1', subject: { type: 'device', id: 'd1' } })],
    });
    expect(staleLicenses(s)).toEqual([]);
  });

  it('R-X6: devices alike are decided alike only while the seats last: a pool running dry sends the next to the next account', () => {
    const subjects: Subject[] = [];
    for (let i = 0; i < 10; i += 1) subjects.push(...owned(`d${i}`));
    const s = scene({ subjects, pools: [pool('a1', 3), pool('a2', 100)] });
    const granted = settle(s, false).granted.map((l) => [l.subject.id, l.accountId]);
    expect(granted).toEqual([
      ['d0', 'a1'],
      ['d1', 'a1'],
      ['d2', 'a1'],
      ...['d3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9'].map((id) => [id, 'a2']),
    ]);
  });

  it('R-X6: a reserved subject is decided on its own, not as the devices like it (R-A4)', () => {
    const s = scene({
      subjects: [...owned('d1'), ...owned('d2'), ...owned('d3')],
      accounts: [account('a1'), account('a2', { priority: 2 })],
      pools: [pool('a1', 1, { reserved: 1 }), pool('a2', 10)],
      distributions: [
        distribution('a1', { fcfsGroupIds: ['allUsers'], reservedDeviceIds: ['d3'] }),
      ],
    });
    const granted = settle(s, false).granted.map((l) => [
      l.subject.id,
      l.accountId,
      l.distribution,
    ]);
    expect(granted).toEqual([
      ['d1', 'a2', 'fcfs'],
      ['d2', 'a2', 'fcfs'],
      ['d3', 'a1', 'reserved'],
    ]);
  });

  it("R-X6, R-A2: a device of a space the app is delegated to draws on the accounts of the app's own space", () => {
    const s = scene({
      spaceId: 's2',
      homeSpaceId: 's1',
      subjects: owned('d1'),
      accounts: [account('a1', { spaceId: 's1' })],
      pools: [pool('a1', 1)],
    });
    expect(settle(s, false).granted.map((l) => [l.subject.id, l.accountId, l.spaceId])).toEqual([
      ['d1', 'a1', 's2'],
    ]);
  });

  it("R-X6, R-X4: a reclaim frees its seats to the waitlist in the queue's order, not by device ID", () => {
    const s = scene({
      subjects: [...owned('d1'), ...owned('d2'), ...owned('d3')],
      accounts: [account('a1')],
      pools: [pool('a1', 1, { inUse: 1 })],
      licenses: [license({ id: 'l1', subject: { type: 'device', id: 'd1' } })],
    });
    const queue = [
      { id: 'w2', deviceId: 'd2', queuedAt: '2026-01-02T00:00:00.000Z' },
      { id: 'w3', deviceId: 'd3', queuedAt: '2026-01-01T00:00:00.000Z' },
    ];
    const preview = previewReclaim(s, new Set(['l1']), queue);
    expect(kinds(preview.holders)).toEqual({ d1: ['lose', 'a1', null], d3: ['gain', null, 'a1'] });
    expect(preview.holders.every((h) => h.dueToChange)).toBe(true);
    expect(preview.revoked.map((l) => l.id)).toEqual(['l1']);

    // A seat free already serves the first queued without the reclaim: that gain is not its doing.
    const spare = previewReclaim(
      { ...s, pools: [pool('a1', 2, { inUse: 1 })] },
      new Set(['l1']),
      queue,
    );
    const due = Object.fromEntries(
      spare.holders.map((h) => [h.subject.id, [h.kind, h.dueToChange]]),
    );
    expect(due).toEqual({ d1: ['lose', true], d3: ['gain', false], d2: ['gain', true] });
  });
});
