/** What the SCIM use cases share: the provider as actor, paging, projections, list answers. */
import type { Actor } from '../access/actor.js';
import {
  CORE_GROUP,
  CORE_USER,
  ENTERPRISE_USER,
  LIST_RESPONSE,
  isObject,
  keyOf,
  splitPath,
  type ScimObject,
} from './scimAttributes.js';

/** The most resources one page answers (advertised as the filter's maxResults). */
export const MAX_RESULTS = 200;

/** R-M7: what the identity provider changes is logged under its name ("scim:<token name>"). */
export function providerActor(actor: Actor): Actor {
  return { ...actor, name: `scim:${actor.name}` };
}

export interface ListQuery {
  filter?: string;
  startIndex?: string;
  count?: string;
  attributes?: string;
  excludedAttributes?: string;
}

export interface Paging {
  /** 1-based, as SCIM counts. */
  startIndex: number;
  count: number;
}

/** RFC 7644 §3.4.2.4: startIndex below 1 means 1, count below 0 means 0, capped here. */
export function pagingOf(query: ListQuery): Paging {
  const start = Number.parseInt(query.startIndex ?? '1', 10);
  const count = Number.parseInt(query.count ?? String(MAX_RESULTS), 10);
  return {
    startIndex: Number.isFinite(start) && start > 1 ? start : 1,
    count: Number.isFinite(count) ? Math.min(Math.max(count, 0), MAX_RESULTS) : MAX_RESULTS,
  };
}

/**
 * RFC 7644 §3.4.2.5: the attributes a resource is answered with. `attributes` lists the only
 * ones to return, `excludedAttributes` those to leave out; each name may be dotted
 * (`name.givenName`) or qualified by its schema URN. `id` and `schemas` are always returned
 * (`returned: "always"`); nothing else is.
 */
export interface Projection {
  /** The attribute paths to return, or null for every attribute returned by default. */
  include: string[][] | null;
  exclude: string[][];
}

/** The attributes always returned, whatever the query asks. */
const ALWAYS = new Set(['id', 'schemas']);

function pathList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/**
 * An attribute path as the keys to follow in a resource: a core URN prefix is dropped, an
 * extension URN is the key of its object (`urn:…:enterprise:2.0:User:department` →
 * [urn:…:enterprise:2.0:User, department]).
 */
export function pathKeys(path: string): string[] {
  const lower = path.toLowerCase();
  if (lower.startsWith('urn:')) {
    for (const urn of [CORE_USER, CORE_GROUP]) {
      if (lower === urn.toLowerCase()) return [];
      if (lower.startsWith(`${urn.toLowerCase()}:`)) return path.slice(urn.length + 1).split('.');
    }
    if (lower === ENTERPRISE_USER.toLowerCase()) return [ENTERPRISE_USER];
    if (lower.startsWith(`${ENTERPRISE_USER.toLowerCase()}:`)) {
      return [ENTERPRISE_USER, ...path.slice(ENTERPRISE_USER.length + 1).split('.')];
    }
    // Another schema's URN: its last `:` separates the attribute.
    const { urn, parts } = splitPath(path);
    return urn === null ? parts : [urn, ...parts];
  }
  return path.split('.');
}

export function projectionOf(query: ListQuery): Projection {
  const include = query.attributes === undefined ? null : pathList(query.attributes);
  return {
    include: include === null || include.length === 0 ? null : include.map(pathKeys),
    exclude: pathList(query.excludedAttributes)
      .map(pathKeys)
      .filter((keys) => keys.length > 0 && !ALWAYS.has(keys.join('.').toLowerCase())),
  };
}

/** Whether the top-level attribute `name` is answered (so worth reading from the database). */
export function returns(projection: Projection, name: string): boolean {
  const lower = name.toLowerCase();
  const top = (keys: string[]) => (keys[0] ?? '').toLowerCase() === lower;
  if (projection.exclude.some((keys) => keys.length === 1 && top(keys))) return false;
  return projection.include === null || projection.include.some(top);
}

function copyPath(from: ScimObject, to: ScimObject, keys: readonly string[]): void {
  const [first, ...rest] = keys;
  if (first === undefined) return;
  const key = keyOf(from, first);
  if (key === undefined) return;
  const value = from[key];
  if (rest.length === 0) {
    to[key] = value;
  } else if (Array.isArray(value)) {
    // A sub-attribute of a multi-valued attribute: kept in each value, merged with the
    // sub-attributes already copied (`emails.value,emails.type`).
    const existing = Array.isArray(to[key]) ? (to[key] as unknown[]) : [];
    to[key] = value.map((item: unknown, i) => {
      if (!isObject(item)) return item;
      const target = isObject(existing[i]) ? existing[i] : {};
      copyPath(item, target, rest);
      return target;
    });
  } else if (isObject(value)) {
    const target = isObject(to[key]) ? to[key] : {};
    copyPath(value, target, rest);
    if (Object.keys(target).length > 0) to[key] = target;
  }
}

function removePath(from: ScimObject, keys: readonly string[]): void {
  const [first, ...rest] = keys;
  if (first === undefined) return;
  const key = keyOf(from, first);
  if (key === undefined) return;
  if (rest.length === 0) {
    delete from[key];
    return;
  }
  const value = from[key];
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  for (const item of items) if (isObject(item)) removePath(item, rest);
}

/** The resource as `projection` asks for it; `resource` is left as it was. */
export function project(resource: ScimObject, projection: Projection): ScimObject {
  if (projection.include === null && projection.exclude.length === 0) return resource;
  let out: ScimObject;
  if (projection.include === null) {
    out = structuredClone(resource);
  } else {
    out = {};
    for (const name of ALWAYS) if (name in resource) out[name] = resource[name];
    for (const keys of projection.include) copyPath(resource, out, keys);
    out = structuredClone(out);
  }
  for (const keys of projection.exclude) removePath(out, keys);
  return out;
}

export interface ListResponse {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: ScimObject[];
}

export function listResponse(total: number, paging: Paging, resources: ScimObject[]): ListResponse {
  return {
    schemas: [LIST_RESPONSE],
    totalResults: total,
    startIndex: paging.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
