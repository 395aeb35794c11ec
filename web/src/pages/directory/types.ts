/** The directory's API shapes (api/types.ts) by the names this area uses, and its pick lists. */
import type { Device, Group, User } from '../../api/types.js';

export type { GroupAssignment, GroupMember } from '../../api/types.js';
export type Enrolment = User['enrolment'];
export type DirectoryUser = User;
export type DirectoryDevice = Device;
export type GroupKind = Group['kind'];
export type DirectoryGroup = Group;

export const ENROLMENTS: readonly Enrolment[] = ['none', 'invited', 'joined'];
export const PLATFORMS = ['ios', 'ipados', 'macos', 'windows'] as const;
export const DEVICE_STATES = ['active', 'retired', 'wiped', 'unenrolled'] as const;
export const GROUP_KINDS: readonly GroupKind[] = ['user', 'device', 'mixed'];
