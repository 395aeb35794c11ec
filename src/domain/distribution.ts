/**
 * R-A2, R-A3, R-A5: who is on an account's distribution list for an app. The list combines
 * first-come-first-served groups, reserved users and devices, and prohibited users.
 */
import type { Account, DeviceSubject, Distribution, UserSubject } from './types.js';

/** The pseudo-group every user and every device of the space belongs to ("All Users"). */
export const ALL_USERS_GROUP_ID = 'allUsers';

/** The subject that would hold the licence: the user (user licence) or the device (device licence). */
export type LicenseHolder = UserSubject | DeviceSubject;

/** Where a holder stands on one account's list for one app. */
export type Standing = 'reserved' | 'fcfs' | 'prohibited' | 'notListed';

/** The stored distribution of an app on an account, or an empty one when none was set. */
export function distributionFor(
  catalogAppId: string,
  accountId: string,
  distributions: readonly Distribution[],
): Distribution {
  return (
    distributions.find((d) => d.catalogAppId === catalogAppId && d.accountId === accountId) ?? {
      catalogAppId,
      accountId,
      fcfsGroupIds: [],
      reservedUserIds: [],
      reservedDeviceIds: [],
      prohibitedUserIds: [],
    }
  );
}

function inAnyGroup(groupIds: readonly string[], listed: readonly string[]): boolean {
  return groupIds.some((id) => listed.includes(id));
}

/**
 * R-A2: a user is listed when in an FCFS group; a device when it, or its primary user, is. With
 * `autoDistributeToAllUsers` (R-T2), or the All Users group chosen, everyone of the space is.
 */
export function isListedFcfs(
  account: Account,
  distribution: Distribution,
  holder: LicenseHolder,
): boolean {
  const groups = distribution.fcfsGroupIds;
  if (account.autoDistributeToAllUsers || groups.includes(ALL_USERS_GROUP_ID)) return true;
  if (inAnyGroup(holder.groupIds, groups)) return true;
  return (
    holder.type === 'device' &&
    !!holder.primaryUser &&
    inAnyGroup(holder.primaryUser.groupIds, groups)
  );
}

/**
 * Where the holder stands on the list. A reservation names the licence's own subject, so a
 * device licence uses a device reservation and a user licence a user reservation (R-A4). A
 * prohibited user (R-A5) gets nothing from this account, nor do the devices they are the
 * primary user of — except a device reserved by name, the most specific entry for that subject.
 * A user both reserved and prohibited is prohibited: between equally specific entries the
 * refusal wins.
 */
export function standingOf(
  account: Account,
  distribution: Distribution,
  holder: LicenseHolder,
): Standing {
  if (holder.type === 'user') {
    if (distribution.prohibitedUserIds.includes(holder.id)) return 'prohibited';
    if (distribution.reservedUserIds.includes(holder.id)) return 'reserved';
  } else {
    if (distribution.reservedDeviceIds.includes(holder.id)) return 'reserved';
    const user = holder.primaryUser;
    if (user && distribution.prohibitedUserIds.includes(user.id)) return 'prohibited';
  }
  return isListedFcfs(account, distribution, holder) ? 'fcfs' : 'notListed';
}
