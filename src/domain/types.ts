/**
 * The plain data the licensing rules work on. Services load these from the database and pass
 * them in; the rules never fetch anything themselves. Names follow DESIGN.md's vocabulary.
 */

export type Store = 'apple' | 'microsoft' | 'isv';

export type Platform = 'ios' | 'ipados' | 'macos' | 'windows';

import type { AccountStatus } from './accountStatus.js';

export type { AccountStatus };

/** One connection to a store (an Apple location, the Microsoft Store account, an ISV subscription). */
export interface Account {
  id: string;
  store: Store;
  spaceId: string;
  /** 1 = tried first (R-T9). */
  priority: number;
  /** R-T2: the All Users group is the default FCFS list of every app of this account. */
  autoDistributeToAllUsers: boolean;
  status: AccountStatus;
}

/** Something bought in a store, as far as the rules care. */
export interface Product {
  id: string;
  store: Store;
  /** False when the store says the app can only be licensed to users (R-A8). */
  deviceAssignable: boolean;
  /** Microsoft Store offline-licensed app (R-T11): the only kind that may install in device context (R-A11). */
  offline?: boolean;
}

/** The licences one account holds for one product. */
export interface Pool {
  accountId: string;
  productId: string;
  total: number;
  inUse: number;
  /** Reservations not yet fulfilled: seats held for reserved subjects (R-A4). */
  reserved: number;
  /** Free products: the store sets no limit. */
  unlimited: boolean;
}

/**
 * R-A2: `explicit` once an administrator has set the app's distribution on the account (even
 * with empty lists); `accountDefault` while the account's default applies (R-T2).
 */
export type DistributionSource = 'explicit' | 'accountDefault';

/**
 * Who may take a licence from one account for one catalog app (R-A3). `fcfsGroupIds` may hold
 * `ALL_USERS_GROUP_ID` (see domain/distribution.ts).
 */
export interface Distribution {
  catalogAppId: string;
  accountId: string;
  fcfsGroupIds: readonly string[];
  reservedUserIds: readonly string[];
  reservedDeviceIds: readonly string[];
  prohibitedUserIds: readonly string[];
  /**
   * Absent or `explicit` for a distribution that was set (stored); `accountDefault` only for the
   * placeholder of an app with none, whose list is the account's default (domain/distribution.ts).
   */
  source?: DistributionSource;
}

export type Enrolment = 'none' | 'invited' | 'joined';

export interface UserSubject {
  type: 'user';
  id: string;
  /** Every group the user is a member of (nested groups already expanded). */
  groupIds: readonly string[];
  /** Whether the user has joined the store's programme (R-A10). */
  enrolment: Enrolment;
  /** R-I2: false while the identity provider has deactivated the user: no assignment targets them. */
  active?: boolean;
}

export interface DeviceSubject {
  type: 'device';
  id: string;
  groupIds: readonly string[];
  /** A shared device (shared iPad) takes device licences only (R-A8). */
  shared: boolean;
  platform: Platform;
  primaryUser?: UserSubject;
}

/** A user or a device: what assignments target and licences are held by. */
export type Subject = UserSubject | DeviceSubject;

/** A subject by reference, as a licence records it. */
export interface SubjectRef {
  type: 'user' | 'device';
  id: string;
}

export type LicenseType = 'user' | 'device';

export type LicenseDistribution = 'fcfs' | 'reserved';

export type LicenseState = 'active' | 'revoked';

/** One seat of a pool held by one subject. */
export interface License {
  id: string;
  accountId: string;
  productId: string;
  catalogAppId: string;
  /** The space of the subject when the licence was allocated. */
  spaceId: string;
  licenseType: LicenseType;
  /** A user for a user licence, a device for a device licence. */
  subject: SubjectRef;
  distribution: LicenseDistribution;
  state: LicenseState;
}

export type Intent = 'required' | 'available' | 'uninstall';

/** An intent that asks for the app to be present. */
export type InstallIntent = Exclude<Intent, 'uninstall'>;

export type InstallState =
  | 'pending'
  | 'installed'
  | 'awaitingEnrolment'
  | 'noLicense'
  | 'failed'
  | 'uninstallPending'
  | 'removed';

/** What an assignment says about how the app is installed. */
export interface InstallSettings {
  intent: InstallIntent;
  /** The assignment forces this licence type (R-A8) where the store and the device allow it. */
  licenseType?: LicenseType;
  /** Microsoft offline app installed for every user of the device (R-A11). */
  deviceContext?: boolean;
}

/** The licences needed, and available, for an assignment (R-A12). */
export interface LicenseForecast {
  needed: number;
  /** null when a pool is unlimited (free app). */
  available: number | null;
  shortfall: number;
}

/** True when both references designate the same user or device. */
export function isSameSubject(a: SubjectRef, b: SubjectRef): boolean {
  return a.type === b.type && a.id === b.id;
}

/** A string key for sets and maps of subjects: `user:<id>` or `device:<id>`. */
export function subjectKey(ref: SubjectRef): string {
  return `${ref.type}:${ref.id}`;
}
