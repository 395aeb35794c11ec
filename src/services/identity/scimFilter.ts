/**
 * SCIM filters (RFC 7644 §3.4.2.2), parsed by scim2-parse-filter and evaluated here, because
 * the library compares names and values case-sensitively: attribute names are
 * case-insensitive, and string values too except the case-exact attributes (`id`,
 * `externalId`). The parser flattens `emails[type eq "work"].value eq "x"` into the
 * sub-filter and the value test; both must hold, which is what Entra ID means by it.
 */
import { parse, type Filter } from 'scim2-parse-filter';
import { scimInvalid } from './scimErrors.js';
import { asBoolean, isObject, splitPath, valuesAt, type ScimObject } from './scimAttributes.js';

export type { Filter };

const CASE_EXACT = new Set(['id', 'externalid']);

/** The filter of a query, or 400 `invalidFilter`. */
export function parseFilter(text: string): Filter {
  try {
    return parse(text);
  } catch (error) {
    throw scimInvalid(
      'invalidFilter',
      `The filter ${JSON.stringify(text)} cannot be parsed: ${(error as Error).message}`,
    );
  }
}

function caseExact(attrPath: string): boolean {
  const { parts } = splitPath(attrPath);
  return CASE_EXACT.has((parts[parts.length - 1] ?? '').toLowerCase());
}

function compare(op: string, actual: unknown, expected: unknown, exact: boolean): boolean {
  if (typeof expected === 'boolean') {
    const bool = asBoolean(actual);
    if (op === 'eq') return bool === expected;
    if (op === 'ne') return bool !== expected;
    return false;
  }
  if (expected === null) return op === 'ne' ? actual !== null : actual === null;
  if (typeof expected === 'number' && typeof actual === 'number') {
    return numberOp(op, actual, expected);
  }
  if (typeof expected !== 'string' || typeof actual !== 'string') return false;
  const a = exact ? actual : actual.toLowerCase();
  const e = exact ? expected : expected.toLowerCase();
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    default:
      return numberOp(op, a < e ? -1 : a > e ? 1 : 0, 0);
  }
}

function numberOp(op: string, a: number, e: number): boolean {
  switch (op) {
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    default:
      return false;
  }
}

/** Whether `resource` satisfies `filter`. */
export function matches(filter: Filter, resource: ScimObject): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matches(f, resource));
    case 'or':
      return filter.filters.some((f) => matches(f, resource));
    case 'not':
      return !matches(filter.filter, resource);
    case 'pr':
      return valuesAt(resource, filter.attrPath).some((v) => v !== '');
    case '[]':
      return valuesAt(resource, filter.attrPath).some(
        (item) => isObject(item) && matches(filter.valFilter, item),
      );
    case 'eq':
    case 'ne':
    case 'co':
    case 'sw':
    case 'ew':
    case 'gt':
    case 'lt':
    case 'ge':
    case 'le': {
      const values = valuesAt(resource, filter.attrPath);
      const exact = caseExact(filter.attrPath);
      if (filter.op === 'ne') {
        return values.every((v) => compare('ne', v, filter.compValue, exact));
      }
      return values.some((v) => compare(filter.op, v, filter.compValue, exact));
    }
    default:
      throw scimInvalid(
        'invalidFilter',
        `Unknown filter operator ${(filter as { op: string }).op}`,
      );
  }
}

/**
 * The `attr eq "value"` tests that every match must pass (the filter's top level, or inside
 * its `and`s), so a query can narrow its rows in SQL before evaluating the whole filter.
 */
export function requiredEquals(filter: Filter): Array<{ attr: string; value: string }> {
  if (filter.op === 'and') return filter.filters.flatMap(requiredEquals);
  if (filter.op === 'eq' && typeof filter.compValue === 'string') {
    return [{ attr: filter.attrPath.toLowerCase(), value: filter.compValue }];
  }
  return [];
}
