/**
 * R-M7: the activity log names what it is about. An entry's subject and the apps, users,
 * devices, groups, accounts, products and spaces its before/after refer to by id are named in
 * one query per page of entries (a UNION ALL over the tables that have ids to look up).
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ofTenant } from './byIds.js';

/** What the log can name, and the field suffix that refers to it (`userId`, `groupIds`). */
export const NAMED_TYPES = [
  'user',
  'device',
  'group',
  'account',
  'catalogApp',
  'product',
  'space',
] as const;
export type NamedType = (typeof NAMED_TYPES)[number];

export interface Reference {
  type: NamedType;
  id: string;
  name: string;
}

const isNamedType = (type: unknown): type is NamedType =>
  typeof type === 'string' && (NAMED_TYPES as readonly string[]).includes(type);

export const referenceKey = (type: string, id: string) => `${type}:${id}`;

/** `{type, id}` of each id a logged value refers to, by its field name or a `{type, id}` pair. */
export function referencesIn(value: unknown, found: Map<string, { type: NamedType; id: string }>) {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
    return;
  }
  const record = value as Record<string, unknown>;
  const pairType = record.type ?? record.subjectType;
  const pairId = record.type === undefined ? record.subjectId : record.id;
  if (isNamedType(pairType) && typeof pairId === 'string') {
    found.set(referenceKey(pairType, pairId), { type: pairType, id: pairId });
  }
  for (const [key, field] of Object.entries(record)) {
    const type = key.replace(/Ids?$/, '');
    if (type !== key && isNamedType(type)) {
      for (const id of typeof field === 'string' ? [field] : Array.isArray(field) ? field : []) {
        if (typeof id === 'string') found.set(referenceKey(type, id), { type, id });
      }
    } else {
      referencesIn(field, found);
    }
  }
}

/** The current names of these subjects, `type:id` → name, in one query. */
export async function namesOf(
  db: Kysely<Database>,
  tenantId: string,
  refs: ReadonlyArray<{ type: string; id: string }>,
): Promise<Map<string, string>> {
  const ids = (type: NamedType) => [
    ...new Set(refs.filter((r) => r.type === type).map((r) => r.id)),
  ];
  const branches = NAMED_TYPES.flatMap((type) => {
    const wanted = ids(type);
    return wanted.length === 0 ? [] : [nameQuery(db, tenantId, type, wanted)];
  });
  const [first, ...rest] = branches;
  if (first === undefined) return new Map();
  const query = rest.reduce((union, branch) => union.unionAll(branch), first);
  const rows = await query.execute();
  return new Map(rows.map((row) => [referenceKey(row.type, row.id), row.name]));
}

interface NameRow {
  id: string;
  name: string;
  type: string;
}
/** Any table's `{id, name, type}` query, so that the branches union. */
type NameQuery = SelectQueryBuilder<Database, keyof Database, NameRow>;

/** `{type, id, name}` rows of one table for these ids. */
function nameQuery(
  db: Kysely<Database>,
  tenantId: string,
  type: NamedType,
  ids: string[],
): NameQuery {
  return tableNameQuery(db, tenantId, type, ids) as unknown as NameQuery;
}

function tableNameQuery(db: Kysely<Database>, tenantId: string, type: NamedType, ids: string[]) {
  const typed = sql<string>`${sql.lit(type)}`.as('type');
  switch (type) {
    case 'user':
      return db
        .selectFrom('users')
        .select(['id', 'displayName as name', typed])
        .where(ofTenant('tenantId', tenantId))
        .where('id', 'in', ids);
    case 'device':
      return db
        .selectFrom('devices')
        .select(['id', sql<string>`coalesce(name, serial_number)`.as('name'), typed])
        .where(ofTenant('tenantId', tenantId))
        .where('id', 'in', ids);
    case 'catalogApp':
      return db
        .selectFrom('catalogApps as c')
        .innerJoin('products as p', 'p.id', 'c.productId')
        .select(['c.id', 'p.name', typed])
        .where(ofTenant('c.tenantId', tenantId))
        .where('c.id', 'in', ids);
    case 'product':
      return db
        .selectFrom('products')
        .select(['id', 'name', typed])
        .where(ofTenant('tenantId', tenantId))
        .where('id', 'in', ids);
    case 'group':
    case 'account':
    case 'space':
      return db
        .selectFrom(`${type}s` as 'groups')
        .select(['id', 'name', typed])
        .where(ofTenant('tenantId', tenantId))
        .where('id', 'in', ids);
  }
}
