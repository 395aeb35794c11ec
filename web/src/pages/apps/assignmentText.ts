import type { AssignmentTarget, Group } from '../../api/types.js';

export function targetName(target: AssignmentTarget, groups: readonly Group[]): string {
  if (target.type === 'allUsers') return 'All Users';
  if (target.type === 'allDevices') return 'All Devices';
  return groups.find((g) => g.id === target.groupId)?.name ?? 'A group';
}

export const INTENT_LABELS = {
  required: 'Required',
  available: 'Available (user requests it)',
  uninstall: 'Uninstall',
} as const;
