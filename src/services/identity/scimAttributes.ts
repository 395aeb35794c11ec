/**
 * Reading SCIM attributes the way RFC 7643 §2.1 says: names are case-insensitive, a path may
 * be dotted (`name.givenName`) or qualified by its schema URN
 * (`urn:…:enterprise:2.0:User:employeeNumber`), and booleans may arrive as "True"/"False"
 * strings (Entra ID).
 */

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimObject = Record<string, unknown>;

export function isObject(value: unknown): value is ScimObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as a boolean, accepting the strings "true"/"false" in any case; else undefined. */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/** The key of `object` that names `name` whatever its case, or undefined. */
export function keyOf(object: ScimObject, name: string): string | undefined {
  if (name in object) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((k) => k.toLowerCase() === lower);
}

/** Splits an attribute path into its schema URN (when qualified) and its dotted parts. */
export function splitPath(path: string): { urn: string | null; parts: string[] } {
  if (path.toLowerCase().startsWith('urn:')) {
    const cut = path.lastIndexOf(':');
    const urn = path.slice(0, cut);
    return { urn, parts: path.slice(cut + 1).split('.') };
  }
  return { urn: null, parts: path.split('.') };
}

/** Every value at `path` in `resource`, multi-valued attributes flattened. */
export function valuesAt(resource: ScimObject, path: string): unknown[] {
  const { urn, parts } = splitPath(path);
  let current: unknown[] = [resource];
  if (urn !== null) {
    const key = keyOf(resource, urn);
    // The core schema's URN qualifies top-level attributes.
    current =
      key !== undefined ? [resource[key]] : urn.toLowerCase().includes(':core:') ? [resource] : [];
  }
  for (const part of parts) {
    const next: unknown[] = [];
    for (const item of current) {
      if (!isObject(item)) continue;
      const key = keyOf(item, part);
      if (key === undefined) continue;
      const value = item[key];
      if (Array.isArray(value)) next.push(...(value as unknown[]));
      else next.push(value);
    }
    current = next;
  }
  return current.filter((v) => v !== undefined && v !== null);
}
