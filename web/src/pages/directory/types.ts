/** The directory's API shapes this area reads beyond web/src/api/types.ts. */
import type { Device, Group, User } from '../../api/types.js';

export type Enrolment = User['enrolment'];

export interface DirectoryUser extends User {
  /** R-I2: false while the identity provider has deactivated the user. */
  active: boolean;
  deactivatedAt: string | null;
  createdAt: string;
}

export type DirectoryDevice = Device & { createdAt: string };

export type GroupKind = Group['kind'];

export interface DirectoryGroup extends Group {
  createdAt: string;
  updatedAt: string;
}

export interface GroupMember {
  id: string;
  type: 'user' | 'device';
  name: string;
  addedAt: string;
}

export const ENROLMENTS: readonly Enrolment[] = ['none', 'invited', 'joined'];
export const PLATFORMS = ['ios', 'ipados', 'macos', 'windows'] as const;
export const DEVICE_STATES = ['active', 'retired', 'wiped', 'unenrolled'] as const;
export const GROUP_KINDS: readonly GroupKind[] = ['user', 'device', 'mixed'];

/** An assignment that targets a group, or leaves it out (`excluded`). */
export interface GroupAssignment {
  id: string;
  catalogAppId: string;
  appName: string;
  intent: string;
  licenseType: string | null;
  excluded: boolean;
}
