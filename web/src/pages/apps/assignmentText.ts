import type { TFunction } from 'i18next';
import type { AssignmentTarget, Group, Intent } from '../../api/types.js';

export const INTENTS: readonly Intent[] = ['required', 'available', 'uninstall'];

export function targetName(
  target: AssignmentTarget,
  groups: readonly Group[],
  t: TFunction<'apps'>,
): string {
  if (target.type === 'allUsers') return t('target.allUsers');
  if (target.type === 'allDevices') return t('target.allDevices');
  return groups.find((g) => g.id === target.groupId)?.name ?? t('target.aGroup');
}
