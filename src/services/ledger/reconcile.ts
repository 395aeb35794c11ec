/**
 * R-V7 (and R-A2, R-A5, R-V5): after assignments, distributions or group memberships change, a
 * licence whose holder no assignment targets any more — or who is no longer on the account's
 * distribution list for the app (domain/distribution.ts: the list set for the app, else the
 * account's default) — is revoked, with the platform's install effect.
 */
import type { Kysely } from 'kysely';
import type { Database, LicenseTable } from '../../db/schema.js';
import { staleLicenses } from '../../domain/revocation.js';
import type { Platform, Subject } from '../../domain/types.js';
import type { Actor } from '../access/actor.js';
import {
  groupIdsOf,
  loadActiveLicenses,
  loadAssignments,
  loadPools,
  toDomainAccount,
  toDomainLicense,
  toUserSubject,
} from './ruleInputs.js';
import { revokeLicenses } from './revoke.js';

/** Re-checks the licences of one catalog app. Returns how many were revoked. */
export async function reconcileCatalogApp(
  db: Kysely<Database>,
  actor: Actor,
  input: { catalogAppId: string },
  at: Date,
): Promise<number> {
  const licenses = await db
    .selectFrom('licenses')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('catalogAppId', '=', input.catalogAppId)
    .where('state', '=', 'active')
    .execute();
  return reconcileLicenses(db, actor, licenses, at);
}

/** Re-checks the licences held by these users and devices (and by the users' devices). */
export async function reconcileSubjects(
  db: Kysely<Database>,
  actor: Actor,
  subjectIds: readonly string[],
  at: Date,
): Promise<number> {
  if (subjectIds.length === 0) return 0;
  // Holders first, then their licences by holder: one OR across both would fit no index and
  // read every active licence of the tenant. IDs are unique across tenants; the tenant check
  // stays, in code.
  const devices = await db
    .selectFrom('devices')
    .select('id')
    .where('tenantId', '=', actor.tenantId)
    .where('primaryUserId', 'in', [...subjectIds])
    .execute();
  const holders = [...subjectIds, ...devices.map((d) => d.id)];
  const licenses = (await loadActiveLicenses(db, holders)).filter(
    (l) => l.tenantId === actor.tenantId,
  );
  return reconcileLicenses(db, actor, licenses, at);
}

async function reconcileLicenses(
  db: Kysely<Database>,
  actor: Actor,
  licenses: LicenseTable[],
  at: Date,
): Promise<number> {
  const relevant = licenses.filter((l) => l.catalogAppId !== null);
  if (relevant.length === 0) return 0;
  const tenantId = actor.tenantId;
  const subjects = await loadHolders(db, tenantId, relevant);
  const accountSpaces = await spacesOfAccounts(db, tenantId, relevant);
  const stale: LicenseTable[] = [];
  const bySpace = groupBy(relevant, (l) => l.spaceId);
  for (const [spaceId, spaceLicenses] of bySpace) {
    const assignments = await loadAssignments(db, tenantId, spaceId);
    const appIds = [...new Set(spaceLicenses.map((l) => l.catalogAppId!))];
    // A licence of an app delegated to this space may come from an account of the app's own
    // space (R-A2): that account's list decides too.
    const { accounts, distributions } = await loadPools(
      db,
      tenantId,
      [
        ...new Set([
          spaceId,
          ...spaceLicenses.flatMap((l) => accountSpaces.get(l.accountId) ?? []),
        ]),
      ],
      [...new Set(spaceLicenses.map((l) => l.productId))],
      appIds,
    );
    const domainAccounts = accounts.map(toDomainAccount);
    for (const catalogAppId of appIds) {
      const held = spaceLicenses.filter((l) => l.catalogAppId === catalogAppId);
      const rows = new Map(held.map((l) => [l.id, l]));
      // R-V7, R-A5: no longer targeted, now prohibited, or taken off the list (R-V5 row 1).
      const revoked = staleLicenses({
        catalogAppId,
        subjects: [...subjects.values()],
        assignments,
        accounts: domainAccounts,
        distributions,
        licenses: held.map(toDomainLicense),
      });
      for (const license of revoked) stale.push(rows.get(license.id)!);
    }
  }
  const { revoked } = await revokeLicenses(db, actor, stale, 'noLongerTargeted', at);
  return revoked;
}

/** The space of each account these licences were drawn from. */
async function spacesOfAccounts(
  db: Kysely<Database>,
  tenantId: string,
  licenses: readonly LicenseTable[],
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'spaceId'])
    .where('tenantId', '=', tenantId)
    .where('id', 'in', [...new Set(licenses.map((l) => l.accountId))])
    .execute();
  return new Map(rows.map((r) => [r.id, r.spaceId]));
}

/** The holders of these licences as the rules see them (devices with their primary users). */
async function loadHolders(
  db: Kysely<Database>,
  tenantId: string,
  licenses: LicenseTable[],
): Promise<Map<string, Subject>> {
  const ids = [...new Set(licenses.map((l) => l.subjectId))];
  const devices = await db
    .selectFrom('devices')
    .selectAll()
    .where('tenantId', '=', tenantId)
    // A user licence stays while one of the user's devices is targeted: load those devices too.
    .where((eb) => eb.or([eb('id', 'in', ids), eb('primaryUserId', 'in', ids)]))
    .execute();
  const userIds = [
    ...new Set([
      ...licenses.filter((l) => l.subjectType === 'user').map((l) => l.subjectId),
      ...devices.map((d) => d.primaryUserId).filter((id): id is string => id !== null),
    ]),
  ];
  const users =
    userIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .selectAll()
          .where('tenantId', '=', tenantId)
          .where('id', 'in', userIds)
          .execute();
  const groups = await groupIdsOf(db, tenantId, [...devices.map((d) => d.id), ...userIds]);
  const userSubjects = new Map(users.map((u) => [u.id, toUserSubject(u, groups.get(u.id) ?? [])]));
  const subjects = new Map<string, Subject>(userSubjects);
  for (const device of devices) {
    const subject: Subject = {
      type: 'device',
      id: device.id,
      groupIds: groups.get(device.id) ?? [],
      shared: device.shared === 1,
      platform: device.platform as Platform,
    };
    const user = device.primaryUserId === null ? undefined : userSubjects.get(device.primaryUserId);
    if (user !== undefined) subject.primaryUser = user;
    subjects.set(device.id, subject);
  }
  return subjects;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}
