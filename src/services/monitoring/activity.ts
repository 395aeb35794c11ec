/** R-M7: the append-only activity log, written in the same transaction as the change. */
import type { Kysely } from 'kysely';
import type { ActivityTable, Database } from '../../db/schema.js';
import { insertRows } from '../../db/batches.js';
import { newId } from '../../ids.js';
import type { Actor } from '../access/actor.js';
import { toPage, type Page, type PageRequest } from '../pagination.js';
import { storesOfSubjects, subjectStoreKey } from './subjectStores.js';
import {
  namesOf,
  referenceKey,
  referencesIn,
  type NamedType,
  type Reference,
} from './activityNames.js';

export interface ActivitySubject {
  type: string;
  id: string;
  name?: string | null;
}

export interface ActivityInput {
  action: string;
  subject: ActivitySubject;
  spaceId: string | null;
  before?: unknown;
  after?: unknown;
}

export async function recordActivity(
  db: Kysely<Database>,
  actor: Actor,
  at: Date,
  input: ActivityInput,
): Promise<void> {
  await recordActivities(db, actor, at, [input]);
}

/** Several entries of one change, in one statement. */
export async function recordActivities(
  db: Kysely<Database>,
  actor: Actor,
  at: Date,
  inputs: readonly ActivityInput[],
): Promise<void> {
  await insertRows(db, 'activity', activityRows(actor, at, inputs));
}

/** The rows of activity entries, for a caller that writes them with other rows. */
export function activityRows(
  actor: Actor,
  at: Date,
  inputs: readonly ActivityInput[],
): ActivityTable[] {
  return inputs.map((input) => ({
    id: newId(at.getTime()),
    tenantId: actor.tenantId,
    spaceId: input.spaceId,
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    action: input.action,
    subjectType: input.subject.type,
    subjectId: input.subject.id,
    subjectName: input.subject.name ?? null,
    before: input.before === undefined ? null : JSON.stringify(input.before),
    after: input.after === undefined ? null : JSON.stringify(input.after),
    createdAt: at.toISOString(),
  }));
}

export interface ActivityEntry {
  id: string;
  at: string;
  actor: { type: string; id: string | null; name: string };
  action: string;
  subject: { type: string; id: string; name: string | null };
  spaceId: string | null;
  before: unknown;
  after: unknown;
  /** apple, microsoft or isv when the subject belongs to a store (one view across stores). */
  store: string | null;
  /** What before/after refer to by id, with their current names. */
  references: Reference[];
}

export const ACTIVITY_SORTS = ['at', '-at'] as const;
export type ActivitySort = (typeof ACTIVITY_SORTS)[number];

export interface ActivityFilter {
  subjectId?: string;
  /** An exact action (`user.create`) or a prefix ending in a dot (`user.`). */
  action?: string;
  since?: Date;
  until?: Date;
  /** `at` oldest first (the default), `-at` newest first. */
  sort?: ActivitySort;
}

export async function listActivity(
  db: Kysely<Database>,
  actor: Actor,
  filter: ActivityFilter,
  page: PageRequest,
): Promise<Page<ActivityEntry>> {
  const { action, subjectId, since, until } = filter;
  const newestFirst = filter.sort === '-at';
  const rows = await db
    .selectFrom('activity')
    .selectAll()
    .where('tenantId', '=', actor.tenantId)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .$if(subjectId !== undefined, (q) => q.where('subjectId', '=', subjectId!))
    .$if(action !== undefined && !action.endsWith('.'), (q) => q.where('action', '=', action!))
    .$if(action?.endsWith('.') === true, (q) => q.where('action', 'like', `${action!}%`))
    .$if(since !== undefined, (q) => q.where('createdAt', '>=', since!.toISOString()))
    .$if(until !== undefined, (q) => q.where('createdAt', '<', until!.toISOString()))
    .$if(page.after !== undefined, (q) => q.where('id', newestFirst ? '<' : '>', page.after!))
    .orderBy('id', newestFirst ? 'desc' : 'asc')
    .limit(page.limit + 1)
    .execute();
  return toPage(await presentActivity(db, actor.tenantId, rows), page.limit);
}

/**
 * Activity rows as entries, each with the store of its subject and the current names of its
 * subject and of what its before/after refer to (one query for the whole page).
 */
export async function presentActivity(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly ActivityTable[],
): Promise<ActivityEntry[]> {
  const subjects = rows.map((r) => ({ type: r.subjectType, id: r.subjectId }));
  const parsed = rows.map((row) => {
    const before = row.before === null ? null : (JSON.parse(row.before) as unknown);
    const after = row.after === null ? null : (JSON.parse(row.after) as unknown);
    const refs = new Map<string, { type: NamedType; id: string }>();
    referencesIn(before, refs);
    referencesIn(after, refs);
    return { row, before, after, refs: [...refs.values()] };
  });
  const [stores, names] = await Promise.all([
    storesOfSubjects(db, tenantId, subjects),
    namesOf(db, tenantId, [...subjects, ...parsed.flatMap((p) => p.refs)]),
  ]);
  return parsed.map(({ row, before, after, refs }) => {
    const key = subjectStoreKey({ type: row.subjectType, id: row.subjectId });
    const subjectName = names.get(referenceKey(row.subjectType, row.subjectId));
    return {
      id: row.id,
      at: row.createdAt,
      actor: { type: row.actorType, id: row.actorId, name: row.actorName },
      action: row.action,
      // The name it has now; a subject deleted since keeps the one it had when logged.
      subject: { type: row.subjectType, id: row.subjectId, name: subjectName ?? row.subjectName },
      spaceId: row.spaceId,
      before,
      after,
      // A subject gone since (a deleted catalog app) still names its store in what was logged.
      store: stores.get(key) ?? storeIn(after) ?? storeIn(before),
      references: refs.flatMap((ref) => {
        const name = names.get(referenceKey(ref.type, ref.id));
        return name === undefined ? [] : [{ ...ref, name }];
      }),
    };
  });
}

/** The actions the tenant's log holds (within the actor's space), for the console's filter. */
export async function listActivityActions(db: Kysely<Database>, actor: Actor): Promise<string[]> {
  const rows = await db
    .selectFrom('activity')
    .select('action')
    .distinct()
    .where('tenantId', '=', actor.tenantId)
    .$if(actor.spaceId !== null, (q) => q.where('spaceId', '=', actor.spaceId))
    .orderBy('action')
    .execute();
  return rows.map((r) => r.action);
}

function storeIn(value: unknown): string | null {
  const store = (value as { store?: unknown } | null)?.store;
  return typeof store === 'string' ? store : null;
}
