/**
 * R-X6: checks the changes of a what-if against the tenant, with the same checks saving them
 * runs (distributionSettings.ts, assignments.ts, reclaimPolicy.ts), and turns them into the
 * domain's `WhatIfChange` (a reclaim policy into a `ReclaimChange`). A reference that does not exist is a 400 naming the field, e.g.
 * `changes[0].catalogAppId`: the preview's body is the input at fault.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  AllotError,
  ConflictError,
  ForbiddenError,
  InsufficientLicensesError,
  NotFoundError,
  ValidationError,
} from '../../domain/errors.js';
import { roleAllows, type Permission } from '../../domain/roles.js';
import { enforceForecast } from '../../domain/forecast.js';
import type { Assignment, AssignmentTarget } from '../../domain/targeting.js';
import type { Intent, LicenseType, Store } from '../../domain/types.js';
import type { ReclaimPolicy } from '../../domain/reclaim.js';
import type { WhatIfChange } from '../../domain/whatIf.js';
import type { Actor } from '../access/actor.js';
import { getCatalogAppAccess, type CatalogAppAccess } from '../catalog/catalogApps.js';
import { forecastForAssignment } from '../catalog/assignmentForecast.js';
import { prepare, refuseSecondOnTarget } from '../catalog/assignments.js';
import {
  accountHoldingProduct,
  checkListedSubjects,
  type DistributionLists,
} from '../catalog/distributionSettings.js';
import { toAssignment } from '../ledger/ruleInputs.js';
import { resolveSpaceId } from '../directory/spaces.js';
import { proposedPolicy } from './reclaimPolicy.js';

/** One proposed change as the API takes it (http/routes/whatIf.ts documents each field). */
export interface ChangeInput {
  type: 'priority' | 'distribution' | 'assignment' | 'reclaimPolicy';
  accountIds?: string[];
  productId?: string;
  catalogAppId?: string;
  accountId?: string;
  fcfsGroupIds?: string[];
  reservedUserIds?: string[];
  reservedDeviceIds?: string[];
  prohibitedUserIds?: string[];
  action?: 'add' | 'remove' | 'update';
  assignmentId?: string;
  target?: AssignmentTarget;
  intent?: Intent;
  licenseType?: LicenseType;
  deviceContext?: boolean;
  excludeGroupIds?: string[];
  spaceId?: string;
  enabled?: boolean;
  deviceInactiveDays?: number | null;
  notInstalledDays?: number | null;
  userDeactivated?: boolean;
  intervalHours?: number;
}

/** R-X3: a space's reclaim policy as proposed; what it would reclaim is found now (whatIf.ts). */
export interface ReclaimChange {
  spaceId: string;
  policy: ReclaimPolicy;
}

/** The changes in the domain's terms, and the catalog apps whose licences they may move. */
export interface CheckedChanges {
  changes: WhatIfChange[];
  catalogAppIds: string[];
  /** Reclaim policies proposed, one per space (a later one replaces an earlier, as PUT does). */
  reclaims: ReclaimChange[];
}

const PERMISSIONS: Record<ChangeInput['type'], Permission> = {
  priority: 'accounts:write',
  distribution: 'distribution:write',
  assignment: 'assignments:write',
  reclaimPolicy: 'licenses:write',
};

const LIST_NAMES = [
  'fcfsGroupIds',
  'reservedUserIds',
  'reservedDeviceIds',
  'prohibitedUserIds',
] as const;

export async function checkChanges(
  db: Kysely<Database>,
  actor: Actor,
  inputs: readonly ChangeInput[],
  at: Date,
): Promise<CheckedChanges> {
  const changes: WhatIfChange[] = [];
  const appIds = new Set<string>();
  const reclaims = new Map<string, ReclaimChange>();
  for (const [i, input] of inputs.entries()) {
    const path = `changes[${i}]`;
    const permission = PERMISSIONS[input.type];
    if (!roleAllows(actor.role, permission)) {
      throw new ForbiddenError(
        `Role ${actor.role} may not preview this change (needs ${permission})`,
        {
          field: `${path}.type`,
          permission,
        },
      );
    }
    if (input.type === 'reclaimPolicy') {
      const reclaim = await inChange(path, input, () => reclaimChange(db, actor, input));
      reclaims.delete(reclaim.spaceId);
      reclaims.set(reclaim.spaceId, reclaim);
      continue;
    }
    const checked = await inChange(path, input, () => checkOne(db, actor, input, at));
    changes.push(checked.change);
    for (const id of checked.catalogAppIds) appIds.add(id);
  }
  return { changes, catalogAppIds: [...appIds].sort(), reclaims: [...reclaims.values()] };
}

/** R-X3: the space visible to the actor, the policy checked as `PUT /spaces/{id}/reclaim-policy` checks it. */
async function reclaimChange(
  db: Kysely<Database>,
  actor: Actor,
  input: ChangeInput,
): Promise<ReclaimChange> {
  const spaceId = required(input.spaceId, 'spaceId');
  await resolveSpaceId(db, actor, spaceId);
  const policy = proposedPolicy({
    enabled: input.enabled,
    deviceInactiveDays: input.deviceInactiveDays,
    notInstalledDays: input.notInstalledDays,
    userDeactivated: input.userDeactivated,
    intervalHours: input.intervalHours,
  });
  return { spaceId, policy };
}

function checkOne(
  db: Kysely<Database>,
  actor: Actor,
  input: ChangeInput,
  at: Date,
): Promise<Checked> {
  switch (input.type) {
    case 'priority':
      return priorityChange(db, actor, input);
    case 'distribution':
      return distributionChange(db, actor, input);
    case 'assignment':
      return assignmentChange(db, actor, input, at);
    default:
      throw new ValidationError(`${input.type} is not a change of apps`, { field: 'type' });
  }
}

interface Checked {
  change: WhatIfChange;
  catalogAppIds: string[];
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined)
    throw new ValidationError(`${field} is required for this change`, { field });
  return value;
}

/** Errors of the checks name the field inside the change: `changes[i].field`. */
async function inChange<T>(path: string, input: ChangeInput, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof AllotError)) throw error;
    const details = error.details ?? {};
    if (error instanceof NotFoundError) {
      const field = fieldOfMissing(input, String(details.kind), String(details.id));
      throw new ValidationError(
        `${path}.${field}: ${error.message}`,
        {
          ...details,
          field: `${path}.${field}`,
        },
        'NOT_FOUND',
      );
    }
    const field = typeof details.field === 'string' ? `${path}.${details.field}` : path;
    if (error instanceof ValidationError) {
      throw new ValidationError(`${field}: ${error.message}`, { ...details, field }, error.code);
    }
    if (error instanceof InsufficientLicensesError) throw error;
    if (error instanceof ConflictError) {
      throw new ValidationError(`${field}: ${error.message}`, { ...details, field }, error.code);
    }
    throw error;
  }
}

/** Which field of the change named the missing `kind` `id`. */
function fieldOfMissing(input: ChangeInput, kind: string, id: string): string {
  switch (kind) {
    case 'catalogApp':
      return 'catalogAppId';
    case 'product':
      return 'productId';
    case 'assignment':
      return 'assignmentId';
    case 'space':
      return 'spaceId';
    case 'account': {
      const at = input.accountIds?.indexOf(id) ?? -1;
      return at >= 0 ? `accountIds[${at}]` : 'accountId';
    }
    case 'group':
      if (input.target?.type === 'group' && input.target.groupId === id) return 'target.groupId';
      if (input.excludeGroupIds?.includes(id)) return 'excludeGroupIds';
      return 'fcfsGroupIds';
    default:
      for (const name of LIST_NAMES) if (input[name]?.includes(id)) return name;
      return kind;
  }
}

/**
 * R-T9: `accountIds` come first, in that order; the other accounts of their space and store keep
 * their relative order after them. The apps affected: `catalogAppId`, else those of `productId`,
 * else every app whose product the accounts hold.
 */
async function priorityChange(
  db: Kysely<Database>,
  actor: Actor,
  input: ChangeInput,
): Promise<Checked> {
  const accountIds = required(input.accountIds, 'accountIds');
  if (accountIds.length === 0 || new Set(accountIds).size !== accountIds.length) {
    throw new ValidationError('accountIds lists each account once, at least one', {
      field: 'accountIds',
    });
  }
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'spaceId', 'store'])
    .where('tenantId', '=', actor.tenantId)
    .where('id', 'in', accountIds)
    .where('status', '!=', 'deleted')
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .execute();
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = accountIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new NotFoundError('account', missing);
  const first = found.get(accountIds[0]!)!;
  const other = accountIds.findIndex((id) => {
    const row = found.get(id)!;
    return row.spaceId !== first.spaceId || row.store !== first.store;
  });
  if (other >= 0) {
    throw new ValidationError('The accounts of one order share a space and a store', {
      field: `accountIds[${other}]`,
    });
  }
  const all = await db
    .selectFrom('accounts')
    .select(['id'])
    .where('tenantId', '=', actor.tenantId)
    .where('spaceId', '=', first.spaceId)
    .where('store', '=', first.store)
    .where('status', '!=', 'deleted')
    .orderBy('priority')
    .orderBy('id')
    .execute();
  const order = [...accountIds, ...all.map((a) => a.id).filter((id) => !found.has(id))];
  const priorities = new Map(order.map((id, index) => [id, index + 1]));
  return {
    change: { type: 'priority', priorities },
    catalogAppIds: await appsOfAccounts(db, actor, input, first.spaceId, order),
  };
}

async function appsOfAccounts(
  db: Kysely<Database>,
  actor: Actor,
  input: ChangeInput,
  spaceId: string,
  accountIds: readonly string[],
): Promise<string[]> {
  if (input.catalogAppId !== undefined) {
    await getCatalogAppAccess(db, actor, input.catalogAppId);
    return [input.catalogAppId];
  }
  if (input.productId !== undefined) {
    const product = await db
      .selectFrom('products')
      .select('id')
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', input.productId)
      .executeTakeFirst();
    if (product === undefined) throw new NotFoundError('product', input.productId);
  }
  // The apps of the space, its own and those delegated to it, whose product the accounts hold.
  const rows = await db
    .selectFrom('catalogApps as c')
    .select('c.id')
    .distinct()
    .where('c.tenantId', '=', actor.tenantId)
    .where((eb) =>
      eb.or([
        eb('c.spaceId', '=', spaceId),
        eb(
          'c.id',
          'in',
          eb
            .selectFrom('catalogAppDelegations')
            .select('catalogAppId')
            .where('tenantId', '=', actor.tenantId)
            .where('spaceId', '=', spaceId),
        ),
      ]),
    )
    .where(
      'c.productId',
      'in',
      db
        .selectFrom('pools')
        .select('productId')
        .where('tenantId', '=', actor.tenantId)
        .where('accountId', 'in', [...accountIds]),
    )
    .$if(input.productId !== undefined, (q) => q.where('c.productId', '=', input.productId!))
    .execute();
  return rows.map((r) => r.id);
}

/** R-A3: the app's lists on one account replaced, as PUT /catalog-apps/{id}/distribution/{accountId}. */
async function distributionChange(
  db: Kysely<Database>,
  actor: Actor,
  input: ChangeInput,
): Promise<Checked> {
  const catalogAppId = required(input.catalogAppId, 'catalogAppId');
  const accountId = required(input.accountId, 'accountId');
  const access = await getCatalogAppAccess(db, actor, catalogAppId);
  const { account } = await accountHoldingProduct(db, actor, access, accountId);
  const lists: DistributionLists = {
    fcfsGroupIds: [],
    reservedUserIds: [],
    reservedDeviceIds: [],
    prohibitedUserIds: [],
  };
  for (const name of LIST_NAMES) lists[name] = [...new Set(input[name] ?? [])];
  await checkListedSubjects(db, actor, account.spaceId, lists);
  return {
    change: {
      type: 'distribution',
      distribution: { catalogAppId, accountId, ...lists, source: 'explicit' },
    },
    catalogAppIds: [catalogAppId],
  };
}

/** R-A11: an assignment added, removed, or its intent changed, as the assignment routes do. */
async function assignmentChange(
  db: Kysely<Database>,
  actor: Actor,
  input: ChangeInput,
  at: Date,
): Promise<Checked> {
  const action = required(input.action, 'action');
  if (action === 'add') {
    const catalogAppId = required(input.catalogAppId, 'catalogAppId');
    const access = await getCatalogAppAccess(db, actor, catalogAppId);
    const row = await prepare(
      db,
      actor,
      access,
      {
        target: required(input.target, 'target'),
        intent: required(input.intent, 'intent'),
        ...(input.licenseType !== undefined && { licenseType: input.licenseType }),
        ...(input.deviceContext !== undefined && { deviceContext: input.deviceContext }),
        ...(input.excludeGroupIds !== undefined && { excludeGroupIds: input.excludeGroupIds }),
        ...(input.spaceId !== undefined && { spaceId: input.spaceId }),
      },
      at,
    );
    await refuseSecondOnTarget(db, actor, row);
    const assignment = toAssignment(row);
    // R-A12: saving it would be refused where the store blocks a shortfall; so is the preview.
    await enforceAssignmentForecast(db, actor, access, row.spaceId, assignment);
    return {
      change: { type: 'assignmentAdd', assignment, spaceId: row.spaceId },
      catalogAppIds: [catalogAppId],
    };
  }
  const assignmentId = required(input.assignmentId, 'assignmentId');
  const row = await db
    .selectFrom('assignments')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', assignmentId)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('assignment', assignmentId);
  if (input.catalogAppId !== undefined && input.catalogAppId !== row.catalogAppId) {
    throw new ValidationError('The assignment is not one of this app', { field: 'catalogAppId' });
  }
  if (action === 'remove') {
    return {
      change: { type: 'assignmentRemove', assignmentId },
      catalogAppIds: [row.catalogAppId],
    };
  }
  const intent = required(input.intent, 'intent');
  if (row.intent === 'uninstall' && intent !== 'uninstall') {
    // Back to an install intent: forecast and refused as a new assignment (updateAssignment).
    const access = await getCatalogAppAccess(db, actor, row.catalogAppId);
    await enforceAssignmentForecast(db, actor, access, row.spaceId, {
      ...toAssignment(row),
      intent,
    });
  }
  return {
    change: { type: 'assignmentIntent', assignmentId, intent },
    catalogAppIds: [row.catalogAppId],
  };
}

/** R-A12: throws InsufficientLicensesError as saving the assignment would. */
async function enforceAssignmentForecast(
  db: Kysely<Database>,
  actor: Actor,
  access: CatalogAppAccess,
  spaceId: string,
  assignment: Assignment,
): Promise<void> {
  const forecast = await forecastForAssignment(db, actor.tenantId, {
    catalogAppId: access.row.id,
    product: access.product,
    spaceId,
    assignment,
  });
  enforceForecast(access.product.store as Store, forecast);
}
