/**
 * R-A12: loads what the forecast rule (domain/forecast.ts) needs for an assignment about to be
 * saved: the subjects of the space it would target (users, active devices, their groups), the
 * licences they hold, and the pools and distributions of the space's accounts.
 */
import type { Kysely } from 'kysely';
import type { Database, ProductTable } from '../../db/schema.js';
import { addedDemand, forecastAssignment, type AssignmentForecast } from '../../domain/forecast.js';
import { subjectsTargetedBy, type Assignment } from '../../domain/targeting.js';
import type {
  DeviceSubject,
  Enrolment,
  Platform,
  Subject,
  UserSubject,
} from '../../domain/types.js';
import {
  loadPools,
  toDomainAccount,
  toDomainLicense,
  toDomainPool,
  toDomainProduct,
} from '../ledger/ruleInputs.js';
import { devicesWaiting, forecastSpaceProduct } from '../intelligence/forecasts.js';
import { systemClock } from '../serviceContext.js';

/** Every user and active device of a space, with their groups, as the targeting rules see them. */
export async function loadSpaceSubjects(
  db: Kysely<Database>,
  tenantId: string,
  spaceId: string,
): Promise<Subject[]> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'enrolment', 'deactivatedAt'])
    .where('tenantId', '=', tenantId)
    .where('spaceId', '=', spaceId)
    .execute();
  const devices = await db
    .selectFrom('devices')
    .select(['id', 'platform', 'shared', 'primaryUserId'])
    .where('tenantId', '=', tenantId)
    .where('spaceId', '=', spaceId)
    .where('state', '=', 'active')
    .execute();
  const memberships = await db
    .selectFrom('groupMembers as m')
    .innerJoin('groups as g', 'g.id', 'm.groupId')
    .select(['m.memberId', 'm.groupId'])
    .where('m.tenantId', '=', tenantId)
    .where('g.spaceId', '=', spaceId)
    .execute();
  const groupsOf = new Map<string, string[]>();
  for (const m of memberships)
    groupsOf.set(m.memberId, [...(groupsOf.get(m.memberId) ?? []), m.groupId]);

  const userSubjects = new Map<string, UserSubject>(
    users.map((u) => [
      u.id,
      {
        type: 'user',
        id: u.id,
        groupIds: groupsOf.get(u.id) ?? [],
        enrolment: u.enrolment as Enrolment,
        // R-I2: a deactivated user is no target.
        ...(u.deactivatedAt != null && { active: false }),
      },
    ]),
  );
  const deviceSubjects = devices.map((d): DeviceSubject => {
    const subject: DeviceSubject = {
      type: 'device',
      id: d.id,
      groupIds: groupsOf.get(d.id) ?? [],
      shared: d.shared === 1,
      platform: d.platform as Platform,
    };
    const user = d.primaryUserId === null ? undefined : userSubjects.get(d.primaryUserId);
    if (user !== undefined) subject.primaryUser = user;
    return subject;
  });
  return [...userSubjects.values(), ...deviceSubjects];
}

/**
 * R-A12: what saving `assignment` of the app in `spaceId` would need, and what there is; with
 * R-X2, when the space's licences of the product would run out.
 */
export async function forecastForAssignment(
  db: Kysely<Database>,
  tenantId: string,
  input: {
    catalogAppId: string;
    product: ProductTable;
    spaceId: string;
    assignment: Assignment;
    /** Today for the exhaustion date; the system clock when the caller gives none. */
    now?: Date;
  },
): Promise<AssignmentForecast> {
  const { assignment, product, spaceId, catalogAppId } = input;
  const subjects = subjectsTargetedBy(assignment, await loadSpaceSubjects(db, tenantId, spaceId));
  const holderIds = new Set<string>();
  for (const s of subjects) {
    holderIds.add(s.id);
    if (s.type === 'device' && s.primaryUser) holderIds.add(s.primaryUser.id);
  }
  const licenses = (
    await db
      .selectFrom('licenses')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('productId', '=', product.id)
      .where('state', '=', 'active')
      .execute()
  ).filter((l) => holderIds.has(l.subjectId));
  const pools = await loadPools(db, tenantId, [spaceId], [product.id], [catalogAppId]);
  const settings: Parameters<typeof forecastAssignment>[0]['settings'] = {
    intent: assignment.intent,
  };
  if (assignment.licenseType) settings.licenseType = assignment.licenseType;
  if (assignment.deviceContext !== undefined) settings.deviceContext = assignment.deviceContext;
  const forecast = forecastAssignment({
    catalogAppId,
    product: toDomainProduct(product),
    spaceId,
    settings,
    subjects,
    licenses: licenses.map(toDomainLicense),
    accounts: pools.accounts.map(toDomainAccount),
    pools: pools.pools.map(toDomainPool),
    distributions: pools.distributions,
  });
  // Targeted devices already waiting for a licence are in the pending demand already.
  const alreadyWaiting = await devicesWaiting(db, tenantId, product.id);
  const waiting = subjects.filter((s) => s.type === 'device' && alreadyWaiting.has(s.id)).length;
  const exhaustion = await forecastSpaceProduct(db, {
    tenantId,
    spaceId,
    productId: product.id,
    extraDemand: addedDemand(forecast, waiting),
    now: input.now ?? systemClock.now(),
  });
  return { ...forecast, exhaustion };
}
