/**
 * R-I3: which Allot role (R-S1) a person signed in through the provider holds, from the groups
 * the provider lists for them. Each tenant maps provider groups to a role on the tenant or on
 * one space; `PUT /api/v1/sso/role-mappings` replaces a tenant's list as a whole.
 */
import type { Kysely } from 'kysely';
import type { Database, SsoRoleMappingTable } from '../../../db/schema.js';
import { ForbiddenError, ValidationError } from '../../../domain/errors.js';
import { isRole, ROLES, type Role } from '../../../domain/roles.js';
import { newId } from '../../../ids.js';
import type { Actor } from '../../access/actor.js';
import { resolveSpaceId } from '../../directory/spaces.js';
import { recordActivity } from '../../monitoring/activity.js';
import type { ServiceContext } from '../../serviceContext.js';

export interface RoleMapping {
  group: string;
  role: Role;
  /** The space the role is granted on; null for the whole tenant. */
  spaceId: string | null;
}

export interface Grant {
  tenantId: string;
  role: Role;
  spaceId: string | null;
}

function present(row: SsoRoleMappingTable): RoleMapping {
  return { group: row.groupName, role: row.role as Role, spaceId: row.spaceId };
}

/** Only a tenant-wide globalAdmin decides who may administer the tenant (R-S1). */
function assertTenantAdmin(actor: Actor): void {
  if (actor.role !== 'globalAdmin' || actor.spaceId !== null) {
    throw new ForbiddenError('Only a tenant-wide globalAdmin may see or change role mappings');
  }
}

export async function listRoleMappings(ctx: ServiceContext, actor: Actor): Promise<RoleMapping[]> {
  assertTenantAdmin(actor);
  const rows = await ctx.db.kysely
    .selectFrom('ssoRoleMappings')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .orderBy('id')
    .execute();
  return rows.map(present);
}

export async function replaceRoleMappings(
  ctx: ServiceContext,
  actor: Actor,
  mappings: { group: string; role: Role; spaceId?: string | null }[],
): Promise<RoleMapping[]> {
  assertTenantAdmin(actor);
  const seen = new Set<string>();
  for (const [index, m] of mappings.entries()) {
    const key = `${m.group}\u0000${m.spaceId ?? ''}`;
    if (seen.has(key)) {
      throw new ValidationError(
        `Group "${m.group}" is mapped twice on the same scope`,
        { field: `mappings[${index}]` },
        'DUPLICATE_ROLE_MAPPING',
      );
    }
    seen.add(key);
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const before = await trx
      .selectFrom('ssoRoleMappings')
      .selectAll()
      .where('tenantId', '=', actor.tenantId)
      .orderBy('id')
      .execute();
    const rows: SsoRoleMappingTable[] = [];
    for (const m of mappings) {
      const spaceId =
        m.spaceId === undefined || m.spaceId === null
          ? null
          : await resolveSpaceId(trx, actor, m.spaceId);
      rows.push({
        id: newId(now.getTime()),
        tenantId: actor.tenantId,
        groupName: m.group,
        role: m.role,
        spaceId,
        createdAt: now.toISOString(),
      });
    }
    await trx.deleteFrom('ssoRoleMappings').where('tenantId', '=', actor.tenantId).execute();
    if (rows.length > 0) await trx.insertInto('ssoRoleMappings').values(rows).execute();
    await regrantSessions(trx, actor.tenantId, rows);
    const after = rows.map(present);
    await recordActivity(trx, actor, now, {
      action: 'sso.roleMappings.replace',
      subject: { type: 'tenant', id: actor.tenantId, name: 'SSO role mappings' },
      spaceId: null,
      before: before.map(present),
      after,
    });
    return after;
  });
}

/**
 * The one grant a person holds, from the mappings that name one of their groups. A session
 * carries one role on one scope (as a token does), so the broadest wins: a tenant-wide grant
 * before a space's, then the stronger role in R-S1's order; the earlier mapping breaks a tie.
 * Returns null when no mapping matches, and 'ambiguous' when the groups reach two tenants
 * (one sign-in cannot decide which tenant's console to open).
 */
export function chooseGrant(
  rows: readonly Pick<SsoRoleMappingTable, 'tenantId' | 'role' | 'spaceId'>[],
): Grant | null | 'ambiguous' {
  const usable = rows.filter((r) => isRole(r.role));
  if (usable.length === 0) return null;
  if (new Set(usable.map((r) => r.tenantId)).size > 1) return 'ambiguous';
  const rank = (r: (typeof usable)[number]) =>
    (r.spaceId === null ? 0 : 100) + ROLES.indexOf(r.role as Role);
  const best = usable.reduce((a, b) => (rank(b) < rank(a) ? b : a));
  return { tenantId: best.tenantId, role: best.role as Role, spaceId: best.spaceId };
}

/**
 * A change of the mappings applies at once to the people signed in to the tenant: each session
 * takes the grant its groups now map to, and ends when they map to none (or to another tenant).
 */
async function regrantSessions(
  trx: Kysely<Database>,
  tenantId: string,
  mappings: readonly SsoRoleMappingTable[],
): Promise<void> {
  const sessions = await trx
    .selectFrom('ssoSessions')
    .select(['id', 'groups', 'role', 'spaceId'])
    .where('tenantId', '=', tenantId)
    .execute();
  for (const session of sessions) {
    const groups = new Set(JSON.parse(session.groups) as string[]);
    const grant = chooseGrant(mappings.filter((m) => groups.has(m.groupName)));
    if (grant === null || grant === 'ambiguous') {
      await trx.deleteFrom('ssoSessions').where('id', '=', session.id).execute();
    } else if (grant.role !== session.role || grant.spaceId !== session.spaceId) {
      await trx
        .updateTable('ssoSessions')
        .set({ role: grant.role, spaceId: grant.spaceId })
        .where('id', '=', session.id)
        .execute();
    }
  }
}

/** The mappings of every tenant that name one of the person's groups. */
export async function mappingsForGroups(
  db: Kysely<Database>,
  groups: readonly string[],
): Promise<SsoRoleMappingTable[]> {
  if (groups.length === 0) return [];
  return db
    .selectFrom('ssoRoleMappings')
    .selectAll()
    .where('groupName', 'in', [...groups])
    .orderBy('id')
    .execute();
}
