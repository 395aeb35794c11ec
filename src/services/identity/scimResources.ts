/** What the SCIM use cases share: the provider as actor, paging, projections, list answers. */
import type { Actor } from '../access/actor.js';
import { LIST_RESPONSE, keyOf, type ScimObject } from './scimAttributes.js';

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

/** The attributes listed in `excludedAttributes`, lower-cased. */
export function excludedOf(query: ListQuery): Set<string> {
  return new Set(
    (query.excludedAttributes ?? '')
      .split(',')
      .map((a) => a.trim().toLowerCase())
      .filter((a) => a !== '' && a !== 'id' && a !== 'schemas'),
  );
}

/** The resource without the excluded top-level attributes. */
export function project(resource: ScimObject, excluded: ReadonlySet<string>): ScimObject {
  if (excluded.size === 0) return resource;
  const out = { ...resource };
  for (const name of excluded) {
    const key = keyOf(out, name);
    if (key !== undefined) delete out[key];
  }
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
