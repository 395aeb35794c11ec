/**
 * R-A11, R-A12: assignments of a catalog app to a group, All Users or All Devices, with
 * exclusion groups and an intent. Saving one forecasts the licences it needs; stores that block
 * over-assignment (Microsoft, ISV) refuse a shortfall, Apple saves and reports it. No licence
 * is taken here (R-A1): check-in allocates. Changing or deleting an assignment re-evaluates the
 * app's licences (R-V1, R-V7).
 */
import type { Kysely } from 'kysely';
import type { AssignmentTable, Database } from '../../db/schema.js';
import { blocksOverAssignment, enforceForecast } from '../../domain/forecast.js';
import { ConflictError, NotFoundError, RuleViolationError } from '../../domain/errors.js';
import type { Assignment as DomainAssignment, AssignmentTarget } from '../../domain/targeting.js';
import type { Intent, LicenseForecast, LicenseType, Store } from '../../domain/types.js';
import { newId } from '../../ids.js';
import type { StoreContext } from '../serviceContext.js';
import type { Actor } from '../access/actor.js';
import { recordActivity } from '../monitoring/activity.js';
import { getCatalogAppAccess, type CatalogAppAccess } from './catalogApps.js';
import { forecastForAssignment } from './assignmentForecast.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';
import { reconcileCatalogApp } from '../ledger/reconcile.js';
import { resolveSpaceId } from '../directory/spaces.js';
import { wakeSpaceDevices } from '../mdm/wake.js';

export const INTENTS = ['required', 'available', 'uninstall'] as const;

export interface AssignmentInput {
  target: AssignmentTarget;
  intent: Intent;
  licenseType?: LicenseType;
  deviceContext?: boolean;
  excludeGroupIds?: string[];
  /** The space whose subjects it targets: the app's space or one it is delegated to. */
  spaceId?: string;
}

export interface Assignment {
  id: string;
  catalogAppId: string;
  spaceId: string;
  target: AssignmentTarget;
  intent: Intent;
  licenseType: LicenseType | null;
  deviceContext: boolean;
  excludeGroupIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** R-A12: the forecast, and whether the store would refuse to save the assignment. */
export interface ForecastResult {
  forecast: LicenseForecast;
  store: Store;
  blocked: boolean;
}

function targetOf(row: Pick<AssignmentTable, 'targetType' | 'groupId'>): AssignmentTarget {
  if (row.targetType === 'group') return { type: 'group', groupId: row.groupId ?? '' };
  return { type: row.targetType as 'allUsers' | 'allDevices' };
}

export function presentAssignment(row: AssignmentTable): Assignment {
  return {
    id: row.id,
    catalogAppId: row.catalogAppId,
    spaceId: row.spaceId,
    target: targetOf(row),
    intent: row.intent as Intent,
    licenseType: row.licenseType as LicenseType | null,
    deviceContext: row.deviceContext === 1,
    excludeGroupIds: JSON.parse(row.excludeGroupIds) as string[],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toDomain(row: AssignmentTable): DomainAssignment {
  const view = presentAssignment(row);
  const assignment: DomainAssignment = {
    id: row.id,
    catalogAppId: row.catalogAppId,
    target: view.target,
    intent: view.intent,
    excludeGroupIds: view.excludeGroupIds,
  };
  if (view.licenseType !== null) assignment.licenseType = view.licenseType;
  if (view.deviceContext) assignment.deviceContext = true;
  return assignment;
}

/** Checks the input against the app and its space, and builds the row it would store. */
export async function prepare(
  db: Kysely<Database>,
  actor: Actor,
  access: CatalogAppAccess,
  input: AssignmentInput,
  at: Date,
): Promise<AssignmentTable> {
  const spaceId =
    input.spaceId !== undefined
      ? await resolveSpaceId(db, actor, input.spaceId)
      : (actor.spaceId ?? access.row.spaceId);
  if (!access.spaceIds.includes(spaceId)) {
    throw new ConflictError('SPACE_MISMATCH', "The app is not in this space's catalog", {
      field: 'spaceId',
    });
  }
  const groupId = input.target.type === 'group' ? input.target.groupId : null;
  const excludeGroupIds = [...new Set(input.excludeGroupIds ?? [])];
  await checkGroups(db, actor, spaceId, groupId === null ? [] : [groupId], 'target.groupId');
  await checkGroups(db, actor, spaceId, excludeGroupIds, 'excludeGroupIds');
  if (input.deviceContext === true) {
    const { store, licenseModel } = access.product;
    if (store !== 'microsoft' || licenseModel !== 'offline') {
      throw new RuleViolationError(
        'DEVICE_CONTEXT_UNSUPPORTED',
        'Only offline-licensed Microsoft Store apps can install in device context',
        { field: 'deviceContext' },
      );
    }
  }
  return {
    id: newId(at.getTime()),
    tenantId: actor.tenantId,
    spaceId,
    catalogAppId: access.row.id,
    targetType: input.target.type,
    groupId,
    intent: input.intent,
    licenseType: input.licenseType ?? null,
    deviceContext: input.deviceContext === true ? 1 : 0,
    excludeGroupIds: JSON.stringify(excludeGroupIds),
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
}

async function checkGroups(
  db: Kysely<Database>,
  actor: Actor,
  spaceId: string,
  ids: string[],
  field: string,
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('groups')
    .select(['id', 'spaceId'])
    .where('tenantId', '=', actor.tenantId)
    .where('id', 'in', ids)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .execute();
  const found = new Map(rows.map((r) => [r.id, r.spaceId]));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new NotFoundError('group', missing);
  const elsewhere = ids.find((id) => found.get(id) !== spaceId);
  if (elsewhere !== undefined) {
    throw new ConflictError(
      'SPACE_MISMATCH',
      `Group ${elsewhere} belongs to another space than the assignment`,
      { field, groupId: elsewhere },
    );
  }
}

async function forecastOf(
  db: Kysely<Database>,
  actor: Actor,
  access: CatalogAppAccess,
  row: AssignmentTable,
  now: Date,
): Promise<ForecastResult> {
  const forecast = await forecastForAssignment(db, actor.tenantId, {
    catalogAppId: access.row.id,
    product: access.product,
    spaceId: row.spaceId,
    assignment: toDomain(row),
    now,
  });
  const store = access.product.store as Store;
  return { forecast, store, blocked: forecast.shortfall > 0 && blocksOverAssignment(store) };
}

/** R-A12: the forecast of an assignment without saving it (the console shows it first). */
export async function forecastNewAssignment(
  ctx: StoreContext,
  actor: Actor,
  catalogAppId: string,
  input: AssignmentInput,
): Promise<ForecastResult> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const access = await getCatalogAppAccess(trx, actor, catalogAppId);
    const row = await prepare(trx, actor, access, input, now);
    return forecastOf(trx, actor, access, row, now);
  });
}

/** R-A11, R-A12: saves an assignment with its forecast; refused where the store blocks a shortfall. */
/** An app is assigned once per target (and space): a second one is a change of the first. */
export async function refuseSecondOnTarget(
  db: Kysely<Database>,
  actor: Actor,
  row: AssignmentTable,
): Promise<void> {
  const same = await db
    .selectFrom('assignments')
    .select('id')
    .where('tenantId', '=', actor.tenantId)
    .where('catalogAppId', '=', row.catalogAppId)
    .where('spaceId', '=', row.spaceId)
    .where('targetType', '=', row.targetType)
    .where((eb) =>
      row.groupId === null ? eb('groupId', 'is', null) : eb('groupId', '=', row.groupId),
    )
    .executeTakeFirst();
  if (same !== undefined) {
    throw new ConflictError(
      'ASSIGNMENT_EXISTS',
      'The app is already assigned to this target; change that assignment instead',
      { field: 'target', assignmentId: same.id },
    );
  }
}

export async function createAssignment(
  ctx: StoreContext,
  actor: Actor,
  catalogAppId: string,
  input: AssignmentInput,
): Promise<Assignment & { forecast: LicenseForecast }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const access = await getCatalogAppAccess(trx, actor, catalogAppId);
    const row = await prepare(trx, actor, access, input, now);
    await refuseSecondOnTarget(trx, actor, row);
    const { forecast, store } = await forecastOf(trx, actor, access, row, now);
    enforceForecast(store, forecast);
    await trx.insertInto('assignments').values(row).execute();
    const assignment = presentAssignment(row);
    await recordActivity(trx, actor, now, {
      action: 'assignment.create',
      subject: { type: 'catalogApp', id: catalogAppId, name: access.product.name },
      spaceId: row.spaceId,
      after: { ...assignment, forecast },
    });
    await wakeSpaceDevices(trx, actor.tenantId, row.spaceId, now);
    return { ...assignment, forecast };
  });
}

async function getAssignmentRow(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<AssignmentTable> {
  const row = await db
    .selectFrom('assignments')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('id', '=', id)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('assignment', id);
  return row;
}

export async function getAssignment(
  ctx: StoreContext,
  actor: Actor,
  id: string,
): Promise<Assignment> {
  return presentAssignment(await getAssignmentRow(ctx.db.kysely, actor, id));
}

/** The assignments of an app, in every space the actor sees. */
export async function listAssignments(
  ctx: StoreContext,
  actor: Actor,
  catalogAppId: string,
  page: PageRequest,
): Promise<Page<Assignment>> {
  const db = ctx.db.kysely;
  await getCatalogAppAccess(db, actor, catalogAppId);
  const rows = await db
    .selectFrom('assignments')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .where('catalogAppId', '=', catalogAppId)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .$if(page.after !== undefined, (q) => q.where('id', '>', page.after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows.map(presentAssignment), page.limit);
}

/**
 * Changes the intent. Going from uninstall back to an install intent needs licences again, so
 * it is forecast and refused like a new assignment where the store blocks a shortfall.
 */
export async function updateAssignment(
  ctx: StoreContext,
  actor: Actor,
  id: string,
  input: { intent: Intent },
): Promise<Assignment & { forecast: LicenseForecast }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (trx) => {
    const row = await getAssignmentRow(trx, actor, id);
    const access = await getCatalogAppAccess(trx, actor, row.catalogAppId);
    const changed: AssignmentTable = { ...row, intent: input.intent, updatedAt: now.toISOString() };
    const { forecast, store } = await forecastOf(trx, actor, access, changed, now);
    if (row.intent === input.intent) return { ...presentAssignment(row), forecast };
    if (row.intent === 'uninstall') enforceForecast(store, forecast);
    await trx
      .updateTable('assignments')
      .set({ intent: changed.intent, updatedAt: changed.updatedAt })
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await recordActivity(trx, actor, now, {
      action: 'assignment.update',
      subject: { type: 'catalogApp', id: row.catalogAppId, name: access.product.name },
      spaceId: row.spaceId,
      before: presentAssignment(row),
      after: presentAssignment(changed),
    });
    await reconcileCatalogApp(trx, actor, { catalogAppId: row.catalogAppId }, now);
    await wakeSpaceDevices(trx, actor.tenantId, row.spaceId, now);
    return { ...presentAssignment(changed), forecast };
  });
}

/** R-V7: the subjects no other assignment targets lose their licence of the app. */
export async function deleteAssignment(ctx: StoreContext, actor: Actor, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (trx) => {
    const row = await getAssignmentRow(trx, actor, id);
    const access = await getCatalogAppAccess(trx, actor, row.catalogAppId);
    await trx
      .deleteFrom('assignments')
      .where('tenantId', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await recordActivity(trx, actor, now, {
      action: 'assignment.delete',
      subject: { type: 'catalogApp', id: row.catalogAppId, name: access.product.name },
      spaceId: row.spaceId,
      before: presentAssignment(row),
    });
    await reconcileCatalogApp(trx, actor, { catalogAppId: row.catalogAppId }, now);
    await wakeSpaceDevices(trx, actor.tenantId, row.spaceId, now);
  });
}
