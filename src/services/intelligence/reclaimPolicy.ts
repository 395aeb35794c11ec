/** R-X3: a space's idle licence reclaim policy, read and saved (`GET|PUT /spaces/{id}/reclaim-policy`). */
import type { Kysely } from 'kysely';
import type { Database, ReclaimPolicyTable } from '../../db/schema.js';
import { checkPolicy, DEFAULT_INTERVAL_HOURS, type ReclaimPolicy } from '../../domain/reclaim.js';
import { newId } from '../../ids.js';
import type { Actor } from '../access/actor.js';
import { resolveSpaceId } from '../directory/spaces.js';
import { recordActivity } from '../monitoring/activity.js';
import type { ServiceContext } from '../serviceContext.js';

export interface ReclaimPolicyView extends ReclaimPolicy {
  spaceId: string;
  lastRunAt: string | null;
  nextRunAt: string | null;
  updatedAt: string | null;
}

export type ReclaimPolicyInput = Partial<ReclaimPolicy>;

const DISABLED: ReclaimPolicy = {
  enabled: false,
  deviceInactiveDays: null,
  notInstalledDays: null,
  userDeactivated: false,
  intervalHours: DEFAULT_INTERVAL_HOURS,
};

export function policyOf(row: ReclaimPolicyTable): ReclaimPolicy {
  return {
    enabled: row.enabled === 1,
    deviceInactiveDays: row.deviceInactiveDays,
    notInstalledDays: row.notInstalledDays,
    userDeactivated: row.userDeactivated === 1,
    intervalHours: row.intervalHours,
  };
}

/** The saved policy, or the disabled one with no condition a space without one has. */
export function policyOrDefault(row: ReclaimPolicyTable | undefined): ReclaimPolicy {
  return row === undefined ? DISABLED : policyOf(row);
}

/**
 * The policy a PUT body (or a what-if's proposed policy, R-X6) describes: a field left out
 * takes its default. Refused as `checkPolicy` refuses it (400 naming the field).
 */
export function proposedPolicy(input: ReclaimPolicyInput): ReclaimPolicy {
  const policy: ReclaimPolicy = { ...DISABLED, ...definedOf(input) };
  checkPolicy(policy);
  return policy;
}

function present(spaceId: string, row: ReclaimPolicyTable | undefined): ReclaimPolicyView {
  return {
    spaceId,
    ...policyOrDefault(row),
    lastRunAt: row?.lastRunAt ?? null,
    nextRunAt: row?.nextRunAt ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** The space's policy row, once the actor may see the space (R-S2). */
export async function policyRow(
  db: Kysely<Database>,
  actor: Actor,
  spaceId: string,
): Promise<ReclaimPolicyTable | undefined> {
  await resolveSpaceId(db, actor, spaceId);
  return db
    .selectFrom('reclaimPolicies')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('spaceId', '=', spaceId)
    .executeTakeFirst();
}

/** The space's policy; a space without one has a disabled policy with no condition. */
export async function getReclaimPolicy(
  ctx: ServiceContext,
  actor: Actor,
  spaceId: string,
): Promise<ReclaimPolicyView> {
  return present(spaceId, await policyRow(ctx.db.kysely, actor, spaceId));
}

/**
 * Replaces the policy (a field left out takes its default: no condition, disabled, daily). A
 * policy enabled now runs at the next minute's tasks, then every `intervalHours`.
 */
export async function putReclaimPolicy(
  ctx: ServiceContext,
  actor: Actor,
  spaceId: string,
  input: ReclaimPolicyInput,
): Promise<ReclaimPolicyView> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction(async (trx) => {
    const existing = await policyRow(trx, actor, spaceId);
    const before = policyOrDefault(existing);
    const policy = proposedPolicy(input);
    const nextRunAt = !policy.enabled
      ? null
      : before.enabled && existing?.nextRunAt != null
        ? existing.nextRunAt
        : at;
    const columns = {
      enabled: policy.enabled ? 1 : 0,
      deviceInactiveDays: policy.deviceInactiveDays,
      notInstalledDays: policy.notInstalledDays,
      userDeactivated: policy.userDeactivated ? 1 : 0,
      intervalHours: policy.intervalHours,
      nextRunAt,
      updatedAt: at,
    };
    if (existing === undefined) {
      await trx
        .insertInto('reclaimPolicies')
        .values({
          id: newId(now.getTime()),
          tenantId: actor.tenantId,
          spaceId,
          lastRunAt: null,
          createdAt: at,
          ...columns,
        })
        .execute();
    } else {
      await trx.updateTable('reclaimPolicies').set(columns).where('id', '=', existing.id).execute();
    }
    await recordActivity(trx, actor, now, {
      action: 'reclaimPolicy.update',
      subject: { type: 'space', id: spaceId },
      spaceId,
      before,
      after: policy,
    });
    return present(spaceId, await policyRow(trx, actor, spaceId));
  });
}

function definedOf(input: ReclaimPolicyInput): Partial<ReclaimPolicy> {
  const defined: Partial<ReclaimPolicy> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) Object.assign(defined, { [key]: value });
  }
  return defined;
}
