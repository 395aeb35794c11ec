import { describe, expect, it } from 'vitest';
import {
  installSettingsOf,
  matchAssignment,
  resolveTarget,
  resolveTargets,
  subjectsTargetedBy,
} from '../../src/domain/targeting.js';
import { assignment, device, user } from '../factories/domain.js';

const group = (groupId: string) => ({ type: 'group' as const, groupId });

describe('targeting: who an assignment reaches (R-A11)', () => {
  it('R-A11: a user group targets its users, and a device through its primary user', () => {
    const a = assignment({ target: group('sales') });
    const seller = user('u1', { groupIds: ['sales'] });
    expect(matchAssignment(a, seller)).toEqual({ viaDevice: false, viaUser: true });
    expect(matchAssignment(a, device('d1', { primaryUser: seller }))).toEqual({
      viaDevice: false,
      viaUser: true,
    });
    expect(matchAssignment(a, user('u2', { groupIds: ['ops'] }))).toBeNull();
  });

  it('R-A11: a device group targets its devices, not their users', () => {
    const a = assignment({ target: group('lab') });
    expect(matchAssignment(a, device('d1', { groupIds: ['lab'] }))).toEqual({
      viaDevice: true,
      viaUser: false,
    });
    expect(matchAssignment(a, user('u1'))).toBeNull();
  });

  it('R-A11: a mixed group targets users and devices alike', () => {
    const a = assignment({ target: group('mixed') });
    expect(matchAssignment(a, user('u1', { groupIds: ['mixed'] }))).not.toBeNull();
    expect(matchAssignment(a, device('d1', { groupIds: ['mixed'] }))).not.toBeNull();
    const u2 = user('u2', { groupIds: ['mixed'] });
    expect(matchAssignment(a, device('d2', { groupIds: ['mixed'], primaryUser: u2 }))).toEqual({
      viaDevice: true,
      viaUser: true,
    });
  });

  it('R-A11: All Users reaches every user and every device with a primary user', () => {
    const a = assignment({ target: { type: 'allUsers' } });
    expect(matchAssignment(a, user('u1'))).not.toBeNull();
    expect(matchAssignment(a, device('d1', { primaryUser: user('u1') }))).not.toBeNull();
    expect(matchAssignment(a, device('kiosk'))).toBeNull();
  });

  it('R-A11: All Devices reaches every device and no user', () => {
    const a = assignment({ target: { type: 'allDevices' } });
    expect(matchAssignment(a, device('kiosk'))).toEqual({ viaDevice: true, viaUser: false });
    expect(matchAssignment(a, user('u1'))).toBeNull();
  });

  it('R-A11: an exclusion wins, whether it names the device or its primary user', () => {
    const a = assignment({ target: { type: 'allDevices' }, excludeGroupIds: ['vip'] });
    expect(matchAssignment(a, device('d1', { groupIds: ['vip'] }))).toBeNull();
    const vip = user('u1', { groupIds: ['vip'] });
    expect(matchAssignment(a, device('d2', { primaryUser: vip }))).toBeNull();
    expect(matchAssignment(a, device('d3', { primaryUser: user('u2') }))).not.toBeNull();
    const byUserGroup = assignment({ target: group('sales'), excludeGroupIds: ['vip'] });
    expect(matchAssignment(byUserGroup, user('u1', { groupIds: ['sales', 'vip'] }))).toBeNull();
  });

  it('R-A11: subjectsTargetedBy keeps the subjects an assignment reaches', () => {
    const a = assignment({ target: group('sales'), excludeGroupIds: ['vip'] });
    const subjects = [
      user('u1', { groupIds: ['sales'] }),
      user('u2', { groupIds: ['sales', 'vip'] }),
      user('u3'),
    ];
    expect(subjectsTargetedBy(a, subjects).map((s) => s.id)).toEqual(['u1']);
  });
});

describe('targeting: conflicting intents (R-A11)', () => {
  const u = user('u1', { groupIds: ['g1', 'g2'] });
  const d = device('d1', { groupIds: ['dg'], primaryUser: u });

  it('R-A11: required beats available', () => {
    const resolved = resolveTarget(
      'app-1',
      [
        assignment({ target: group('g1'), intent: 'available' }),
        assignment({ target: group('g2'), intent: 'required' }),
      ],
      u,
    );
    expect(resolved?.intent).toBe('required');
    expect(resolved?.assignmentIds).toHaveLength(2);
  });

  it('R-A11: required beats uninstall', () => {
    const resolved = resolveTarget(
      'app-1',
      [
        assignment({ target: group('g1'), intent: 'uninstall' }),
        assignment({ target: group('g2'), intent: 'required' }),
      ],
      u,
    );
    expect(resolved?.intent).toBe('required');
  });

  it('R-A11: available and uninstall through the same kind → uninstall', () => {
    const resolved = resolveTarget(
      'app-1',
      [
        assignment({ target: group('g1'), intent: 'available' }),
        assignment({ target: group('g2'), intent: 'uninstall' }),
      ],
      u,
    );
    expect(resolved?.intent).toBe('uninstall');
  });

  it("R-A11: a user's available against a device-only uninstall → available", () => {
    const resolved = resolveTarget(
      'app-1',
      [
        assignment({ target: group('g1'), intent: 'available' }),
        assignment({ target: group('dg'), intent: 'uninstall' }),
      ],
      d,
    );
    expect(resolved?.intent).toBe('available');
  });

  it('R-A11: an excluded assignment takes no part in the conflict', () => {
    const resolved = resolveTarget(
      'app-1',
      [
        assignment({ target: group('g1'), intent: 'required', excludeGroupIds: ['dg'] }),
        assignment({ target: group('g2'), intent: 'available' }),
      ],
      d,
    );
    expect(resolved?.intent).toBe('available');
  });

  it('R-A11: the settings of the oldest winning assignment apply, whatever the input order', () => {
    const older = assignment({ id: 'as-a', target: group('g1'), licenseType: 'user' });
    const newer = assignment({ id: 'as-b', target: group('g2'), licenseType: 'device' });
    for (const list of [
      [older, newer],
      [newer, older],
    ]) {
      const resolved = resolveTarget('app-1', list, u);
      expect(resolved).toMatchObject({ assignmentId: 'as-a', licenseType: 'user' });
    }
  });

  it('R-A11: intents resolve per app; untargeted apps are absent', () => {
    const resolved = resolveTargets(
      [
        assignment({ catalogAppId: 'app-1', target: group('g1'), intent: 'required' }),
        assignment({ catalogAppId: 'app-2', target: group('g1'), intent: 'uninstall' }),
        assignment({ catalogAppId: 'app-3', target: group('other'), intent: 'required' }),
      ],
      u,
    );
    expect([...resolved.keys()].sort()).toEqual(['app-1', 'app-2']);
    expect(resolved.get('app-2')?.intent).toBe('uninstall');
    expect(resolveTarget('app-3', [], u)).toBeNull();
  });

  it('R-A11: install settings carry the forced licence type and device context to allocate()', () => {
    const resolved = resolveTarget(
      'app-1',
      [
        assignment({
          target: group('g1'),
          intent: 'required',
          deviceContext: true,
          licenseType: 'device',
        }),
      ],
      u,
    );
    expect(resolved && installSettingsOf(resolved)).toEqual({
      intent: 'required',
      licenseType: 'device',
      deviceContext: true,
    });
    const uninstall = resolveTarget(
      'app-1',
      [assignment({ target: group('g1'), intent: 'uninstall' })],
      u,
    );
    expect(uninstall && installSettingsOf(uninstall)).toBeNull();
  });
});
