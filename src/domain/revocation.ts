/**
 * R-V1, R-V2, R-V3, R-V7: which licences an event revokes. Each function takes the licences
 * the caller loaded and returns the active ones to revoke; effects on installed apps and on
 * pools are in releasePlan.ts.
 */
import { listFor, standingOf } from './distribution.js';
import { matchAssignment, type Assignment } from './targeting.js';
import { isSameSubject, subjectKey } from './types.js';
import type {
  Account,
  DeviceSubject,
  Distribution,
  Intent,
  License,
  Subject,
  SubjectRef,
} from './types.js';

const isActive = (license: License): boolean => license.state === 'active';

const heldBy =
  (ref: SubjectRef) =>
  (license: License): boolean =>
    isActive(license) && isSameSubject(license.subject, ref);

/** R-V2: a device retired, wiped or unenrolled (profile removed) loses its device licences. */
export function licensesRevokedWithDevice(
  deviceId: string,
  licenses: readonly License[],
): License[] {
  return licenses.filter(heldBy({ type: 'device', id: deviceId }));
}

/**
 * R-V2: a user deleted (or who left) loses their user licences, and the devices the
 * administrator deletes with them lose their device licences.
 */
export function licensesRevokedWithUser(
  userId: string,
  deletedDeviceIds: readonly string[],
  licenses: readonly License[],
): License[] {
  const holders = new Set([
    subjectKey({ type: 'user', id: userId }),
    ...deletedDeviceIds.map((id) => subjectKey({ type: 'device', id })),
  ]);
  return licenses.filter((l) => isActive(l) && holders.has(subjectKey(l.subject)));
}

/**
 * R-V2 (app deleted from the catalog) and R-V3 (revoke every licence of an app): every active
 * licence given for the catalog app, across every account.
 */
export function licensesOfCatalogApp(
  catalogAppId: string,
  licenses: readonly License[],
): License[] {
  return licenses.filter((l) => isActive(l) && l.catalogAppId === catalogAppId);
}

/** R-V2, R-T8: deleting an account revokes every licence drawn from it. */
export function licensesOfAccount(accountId: string, licenses: readonly License[]): License[] {
  return licenses.filter((l) => isActive(l) && l.accountId === accountId);
}

/** R-V5: withdrawing an app's delegation to a space revokes the licences held in that space. */
export function licensesRevokedWithDelegation(
  catalogAppId: string,
  spaceId: string,
  licenses: readonly License[],
): License[] {
  return licensesOfCatalogApp(catalogAppId, licenses).filter((l) => l.spaceId === spaceId);
}

/**
 * R-V7: licences of a catalog app whose holder no assignment targets any more. `targeted` are
 * the subjects some assignment of the app still targets, whatever its intent (an uninstall
 * intent frees the licence through R-V1 once the app is gone). A device targeted keeps its
 * primary user's user licence too, since the install on it uses that licence (R-A7).
 */
export function licensesNoLongerTargeted(
  catalogAppId: string,
  targeted: readonly Subject[],
  licenses: readonly License[],
): License[] {
  const keep = new Set<string>();
  for (const subject of targeted) {
    keep.add(subjectKey(subject));
    if (subject.type === 'device' && subject.primaryUser) keep.add(subjectKey(subject.primaryUser));
  }
  return licensesOfCatalogApp(catalogAppId, licenses).filter(
    (l) => !keep.has(subjectKey(l.subject)),
  );
}

export interface UninstallReport {
  /** The device that reported the app uninstalled. */
  device: DeviceSubject;
  productId: string;
  /** The intent that applies to this device for the app (targeting.ts). */
  intent: Intent | null;
  /** Licences held by the device and its primary user. */
  licenses: readonly License[];
  /** Other devices of the primary user that still have the app installed. */
  otherDevicesWithApp: readonly string[];
}

/**
 * R-V1: under an uninstall intent, the licence is freed once the app is reported uninstalled:
 * the device's device licence at once, the user's user licence when no other device of theirs
 * still has the app. A user removing the app by hand under another intent frees nothing.
 */
export function licensesFreedByUninstall(report: UninstallReport): License[] {
  if (report.intent !== 'uninstall') return [];
  const forApp = report.licenses.filter((l) => l.productId === report.productId);
  const freed = forApp.filter(heldBy({ type: 'device', id: report.device.id }));
  const user = report.device.primaryUser;
  if (user && report.otherDevicesWithApp.length === 0) {
    freed.push(...forApp.filter(heldBy({ type: 'user', id: user.id })));
  }
  return freed;
}

/** What reconciliation reads for one catalog app: its assignments, lists and licences. */
export interface StaleLicensesInput {
  catalogAppId: string;
  /** The holders, with the devices of the users among them. */
  subjects: readonly Subject[];
  /** Assignments (of this app or others: only this app's count). */
  assignments: readonly Assignment[];
  accounts: readonly Account[];
  distributions: readonly Distribution[];
  /** Active licences (of this app or others: only this app's are looked at). */
  licenses: readonly License[];
}

/**
 * R-V7, R-A2, R-A5: the licences of the app that reconciliation revokes — holders no assignment
 * of the app targets, or no longer on the list of the account the licence came from. `subjects`
 * are the holders, with the devices of the users among them; a holder not among them is revoked.
 */
export function staleLicenses(scene: StaleLicensesInput): License[] {
  const targeted = scene.subjects.filter((s) =>
    scene.assignments.some(
      (a) => a.catalogAppId === scene.catalogAppId && matchAssignment(a, s) !== null,
    ),
  );
  const held = scene.licenses.filter((l) => l.catalogAppId === scene.catalogAppId);
  const untargeted = new Set(
    licensesNoLongerTargeted(scene.catalogAppId, targeted, held).map((l) => l.id),
  );
  const holders = new Map(scene.subjects.map((s) => [subjectKey(s), s]));
  return held.filter((license) => {
    if (untargeted.has(license.id)) return true;
    const holder = holders.get(subjectKey(license.subject));
    const account = scene.accounts.find((a) => a.id === license.accountId);
    if (holder === undefined || account === undefined) return true;
    const standing = standingOf(
      account,
      listFor(account, scene.catalogAppId, scene.distributions),
      holder,
    );
    return standing === 'prohibited' || standing === 'notListed';
  });
}
