/**
 * R-A2, R-A3, R-A5, R-T2: who is on an account's distribution list for an app. The list combines
 * first-come-first-served groups, reserved users and devices, and prohibited users.
 *
 * This module alone decides the list: allocation, forecast, reconciliation and the distribution
 * view all read it through `listFor` / `effectiveDistribution`, so that what the view shows is
 * exactly who can get a licence.
 *
 * - An app whose distribution was never set on an account has the account's default: All Users
 *   first-come-first-served with `autoDistributeToAllUsers` (R-T2), nobody without.
 * - Once an administrator sets the app's distribution on the account (a stored distribution,
 *   even one with empty lists), it replaces the default for that app entirely: an FCFS list
 *   without All Users narrows it, and a distribution of reservations alone serves only the
 *   reserved subjects.
 */
import type {
  Account,
  DeviceSubject,
  Distribution,
  DistributionSource,
  UserSubject,
} from './types.js';

/** The pseudo-group every user and every device of the space belongs to ("All Users"). */
export const ALL_USERS_GROUP_ID = 'allUsers';

/** The subject that would hold the licence: the user (user licence) or the device (device licence). */
export type LicenseHolder = UserSubject | DeviceSubject;

/** Where a holder stands on one account's list for one app. */
export type Standing = 'reserved' | 'fcfs' | 'prohibited' | 'notListed';

/** The list that decides who can get a licence, and whether it was set or is the account's default. */
export interface EffectiveDistribution extends Distribution {
  source: DistributionSource;
}

/**
 * The stored distribution of an app on an account; when none was set, an empty one marked
 * `accountDefault` (effectiveDistribution() turns it into the account's default).
 */
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
      source: 'accountDefault',
    }
  );
}

/**
 * R-A2, R-T2: the distribution that decides who can get a licence from `account`: the one set
 * by an administrator as it is, else the account's default — All Users FCFS when the account
 * auto-distributes, nobody otherwise.
 */
export function effectiveDistribution(
  account: Account,
  distribution: Distribution,
): EffectiveDistribution {
  if (distribution.source !== 'accountDefault') return { ...distribution, source: 'explicit' };
  const groups = distribution.fcfsGroupIds;
  const fcfsGroupIds =
    account.autoDistributeToAllUsers && !groups.includes(ALL_USERS_GROUP_ID)
      ? [ALL_USERS_GROUP_ID, ...groups]
      : groups;
  return { ...distribution, fcfsGroupIds, source: 'accountDefault' };
}

/** R-A2: the list of `account` for one catalog app, among the stored `distributions`. */
export function listFor(
  account: Account,
  catalogAppId: string,
  distributions: readonly Distribution[],
): EffectiveDistribution {
  return effectiveDistribution(account, distributionFor(catalogAppId, account.id, distributions));
}

function inAnyGroup(groupIds: readonly string[], listed: readonly string[]): boolean {
  return groupIds.some((id) => listed.includes(id));
}

/**
 * R-A2: a user is listed when in an FCFS group; a device when it, or its primary user, is. The
 * All Users group (chosen, or the account's default, R-T2) lists everyone of the space.
 */
export function isListedFcfs(
  account: Account,
  distribution: Distribution,
  holder: LicenseHolder,
): boolean {
  const groups = effectiveDistribution(account, distribution).fcfsGroupIds;
  if (groups.includes(ALL_USERS_GROUP_ID)) return true;
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
  const list = effectiveDistribution(account, distribution);
  if (holder.type === 'user') {
    if (list.prohibitedUserIds.includes(holder.id)) return 'prohibited';
    if (list.reservedUserIds.includes(holder.id)) return 'reserved';
  } else {
    if (list.reservedDeviceIds.includes(holder.id)) return 'reserved';
    const user = holder.primaryUser;
    if (user && list.prohibitedUserIds.includes(user.id)) return 'prohibited';
  }
  return isListedFcfs(account, list, holder) ? 'fcfs' : 'notListed';
}

/**
 * R-A5, R-A6: whether every one of `accounts` (those of the space holding the app) prohibits
 * the holder. No licence can then come whatever the holder does (joining the store's
 * programme included): only buying the app helps. False when there is no account at all.
 */
export function isProhibitedEverywhere(
  accounts: readonly Account[],
  catalogAppId: string,
  distributions: readonly Distribution[],
  holder: LicenseHolder,
): boolean {
  return (
    accounts.length > 0 &&
    accounts.every(
      (account) =>
        standingOf(account, distributionFor(catalogAppId, account.id, distributions), holder) ===
        'prohibited',
    )
  );
}
