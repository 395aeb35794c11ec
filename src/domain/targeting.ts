/**
 * R-A11: which assignments target a subject, and the one intent that results.
 *
 * - A group target reaches its members: a user through the user's groups, a device through
 *   its own groups or its primary user's (a device is targeted by a user group through its
 *   primary user). All Users reaches every user and every device that has a primary user; All
 *   Devices reaches every device and no user.
 * - Exclusion wins: a subject in any of the assignment's exclusion groups — for a device, the
 *   device or its primary user — is not targeted by that assignment. (Intune only applies an
 *   exclusion against a target of the same kind; we apply it always, which is what an
 *   administrator who excludes a group expects.)
 * - Conflicting intents for one app resolve as Intune does: required beats available and
 *   uninstall; available and uninstall → uninstall, except an available reaching the device
 *   through its user against an uninstall reaching it only as a device → available (the user's
 *   request wins).
 * - When several assignments give the winning intent, the install settings (licence type,
 *   device context) come from the one with the smallest id (the oldest, as ids sort by creation).
 */
import type { InstallSettings, Intent, LicenseType, Subject, UserSubject } from './types.js';

export type AssignmentTarget =
  { type: 'group'; groupId: string } | { type: 'allUsers' } | { type: 'allDevices' };

export interface Assignment {
  id: string;
  catalogAppId: string;
  target: AssignmentTarget;
  intent: Intent;
  licenseType?: LicenseType;
  deviceContext?: boolean;
  excludeGroupIds: readonly string[];
}

/** How an assignment reaches a subject: as the device itself, through its user, or both. */
export interface TargetMatch {
  viaDevice: boolean;
  viaUser: boolean;
}

/** The intent that applies to one subject for one catalog app. */
export interface ResolvedTarget {
  catalogAppId: string;
  intent: Intent;
  /** The assignment whose settings apply. */
  assignmentId: string;
  /** Every assignment that targets the subject for this app. */
  assignmentIds: string[];
  licenseType?: LicenseType;
  deviceContext?: boolean;
}

/** The subject's user, unless the identity provider deactivated them (R-I2: no target). */
function activeUser(subject: Subject): UserSubject | undefined {
  const user = subject.type === 'user' ? subject : subject.primaryUser;
  return user?.active === false ? undefined : user;
}

function userGroupIds(subject: Subject): readonly string[] {
  return activeUser(subject)?.groupIds ?? [];
}

function hasUser(subject: Subject): boolean {
  return activeUser(subject) !== undefined;
}

/** Whether `assignment` targets `subject`, and how; null when it does not or it is excluded. */
export function matchAssignment(assignment: Assignment, subject: Subject): TargetMatch | null {
  const ownGroups = subject.type === 'device' ? subject.groupIds : [];
  const viaUserGroups = userGroupIds(subject);
  const excluded = assignment.excludeGroupIds.some(
    (id) => ownGroups.includes(id) || viaUserGroups.includes(id),
  );
  if (excluded) return null;

  const target = assignment.target;
  let match: TargetMatch;
  switch (target.type) {
    case 'allUsers':
      match = { viaDevice: false, viaUser: hasUser(subject) };
      break;
    case 'allDevices':
      match = { viaDevice: subject.type === 'device', viaUser: false };
      break;
    case 'group':
      match = {
        viaDevice: ownGroups.includes(target.groupId),
        viaUser: viaUserGroups.includes(target.groupId),
      };
      break;
  }
  return match.viaDevice || match.viaUser ? match : null;
}

const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function resolveOne(
  catalogAppId: string,
  matches: Array<{ assignment: Assignment; match: TargetMatch }>,
): ResolvedTarget {
  const withIntent = (intent: Intent) => matches.filter((m) => m.assignment.intent === intent);
  const required = withIntent('required');
  const available = withIntent('available');
  const uninstall = withIntent('uninstall');

  let winners = required;
  if (winners.length === 0) {
    const userAvailable = available.some((m) => m.match.viaUser);
    const deviceOnlyUninstall = uninstall.every((m) => !m.match.viaUser);
    winners =
      uninstall.length > 0 && !(userAvailable && deviceOnlyUninstall) ? uninstall : available;
  }
  const [source] = winners.map((m) => m.assignment).sort(byId);
  if (!source) throw new Error('resolveOne needs at least one matching assignment');
  const resolved: ResolvedTarget = {
    catalogAppId,
    intent: source.intent,
    assignmentId: source.id,
    assignmentIds: matches.map((m) => m.assignment.id).sort(),
  };
  if (source.licenseType) resolved.licenseType = source.licenseType;
  if (source.deviceContext !== undefined) resolved.deviceContext = source.deviceContext;
  return resolved;
}

/** The resolved intent per catalog app for a subject; apps that do not target it are absent. */
export function resolveTargets(
  assignments: readonly Assignment[],
  subject: Subject,
): Map<string, ResolvedTarget> {
  const perApp = new Map<string, Array<{ assignment: Assignment; match: TargetMatch }>>();
  for (const assignment of assignments) {
    const match = matchAssignment(assignment, subject);
    if (!match) continue;
    const list = perApp.get(assignment.catalogAppId) ?? [];
    list.push({ assignment, match });
    perApp.set(assignment.catalogAppId, list);
  }
  const resolved = new Map<string, ResolvedTarget>();
  for (const [catalogAppId, matches] of perApp) {
    resolved.set(catalogAppId, resolveOne(catalogAppId, matches));
  }
  return resolved;
}

/** The intent for one app, or null when no assignment of it targets the subject. */
export function resolveTarget(
  catalogAppId: string,
  assignments: readonly Assignment[],
  subject: Subject,
): ResolvedTarget | null {
  const forApp = assignments.filter((a) => a.catalogAppId === catalogAppId);
  return resolveTargets(forApp, subject).get(catalogAppId) ?? null;
}

/** The install settings `allocate()` needs, when the resolved intent installs the app. */
export function installSettingsOf(target: ResolvedTarget): InstallSettings | null {
  if (target.intent === 'uninstall') return null;
  const settings: InstallSettings = { intent: target.intent };
  if (target.licenseType) settings.licenseType = target.licenseType;
  if (target.deviceContext !== undefined) settings.deviceContext = target.deviceContext;
  return settings;
}

/** The subjects among `subjects` that `assignment` targets (for forecasts, R-A12). */
export function subjectsTargetedBy<S extends Subject>(
  assignment: Assignment,
  subjects: readonly S[],
): S[] {
  return subjects.filter((s) => matchAssignment(assignment, s) !== null);
}
